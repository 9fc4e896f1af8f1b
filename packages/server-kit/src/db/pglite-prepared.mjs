// Prepared statements on the embedded database (P7, ADR 0094), for both places a PGlite cluster runs: the server's
// thread (pglite.ts) and the worker thread (pglite-worker.mjs). PGlite's `query` sends every statement unnamed, so
// PostgreSQL parses, analyses and plans it again each time, in six calls into WebAssembly. A statement sent with
// `{ prepare: true }` is parsed once under a name of its own (with its parameter and column types, one call), then
// each run is one call: Bind, Execute and Sync to the named statement. PostgreSQL's plan cache keeps its
// analysis, and from the sixth run its generic plan when that costs no more than the custom ones.
// Plain JavaScript: the worker thread loads it without a TypeScript loader (ADR 0065).
import { protocol, types } from '@electric-sql/pglite';

/** Statements kept per cluster; beyond it a statement runs unnamed (a text built from unbounded input never piles up). */
export const MAX_PREPARED = 200;

/**
 * @typedef {{ name: string, paramTypes: number[], fields: Array<{ name: string, dataTypeID: number }> }} Prepared
 * @type {WeakMap<import('@electric-sql/pglite').PGlite, Map<string, Prepared>>}
 */
const byCluster = new WeakMap();
let nextName = 1;

/** @param {Uint8Array[]} parts */
function concat(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The statement prepared on `pg` (parsed and described on first use), or undefined when the cluster keeps
 * `MAX_PREPARED` already. A statement that fails to parse is not kept: the error reaches the caller.
 * @param {import('@electric-sql/pglite').PGlite} pg
 * @param {string} sql
 * @returns {Promise<Prepared | undefined>}
 */
async function prepared(pg, sql) {
  let statements = byCluster.get(pg);
  if (!statements) byCluster.set(pg, (statements = new Map()));
  const known = statements.get(sql);
  if (known) return known;
  if (statements.size >= MAX_PREPARED) return undefined;
  const name = `wb_prepared_${nextName++}`;
  const { messages } = await pg.execProtocol(
    concat([protocol.serialize.parse({ name, text: sql }), protocol.serialize.describe({ type: 'S', name }), protocol.serialize.sync()]),
    { syncToFs: false },
  );
  /** @type {Prepared} */
  const statement = { name, paramTypes: [], fields: [] };
  for (const message of messages) {
    if (message.name === 'parameterDescription') statement.paramTypes = /** @type {any} */ (message).dataTypeIDs;
    else if (message.name === 'rowDescription') statement.fields = /** @type {any} */ (message).fields.map((/** @type {any} */ f) => ({ name: f.name, dataTypeID: f.dataTypeID }));
  }
  statements.set(sql, statement);
  return statement;
}

/**
 * Runs `sql` as a prepared statement of `pg` inside the caller's open transaction (PGlite's `transaction`
 * callback): parameters serialised and rows parsed exactly as PGlite's `query` does, by the cluster's own
 * serializers and parsers. Falls back to `unnamed` when the cluster keeps `MAX_PREPARED` statements already.
 * @template T
 * @param {import('@electric-sql/pglite').PGlite} pg
 * @param {string} sql
 * @param {unknown[] | undefined} params
 * @param {() => Promise<T[]>} unnamed
 * @returns {Promise<T[]>}
 */
export function queryPrepared(pg, sql, params, unnamed) {
  // PGlite's query lock, as its own `tx.query` takes it: statements of one transaction never interleave.
  return pg._runExclusiveQuery(async () => {
    const statement = await prepared(pg, sql);
    if (!statement) return undefined;
    const values = (params ?? []).map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = pg.serializers[/** @type {number} */ (statement.paramTypes[i])];
      return serialize ? serialize(value) : String(value);
    });
    /** @type {Array<{ name: string }>} */
    let messages;
    try {
      ({ messages } = await pg.execProtocol(
        concat([protocol.serialize.bind({ statement: statement.name, values }), protocol.serialize.execute({}), protocol.serialize.sync()]),
        { syncToFs: false },
      ));
    } catch (error) {
      // 26000: the session no longer knows the name; the next transaction prepares it again.
      if (/** @type {{ code?: unknown }} */ (error)?.code === '26000') byCluster.get(pg)?.delete(sql);
      throw error;
    }
    const { fields } = statement;
    /** @type {T[]} */
    const rows = [];
    for (const message of messages) {
      if (message.name !== 'dataRow') continue;
      const cells = /** @type {any} */ (message).fields;
      /** @type {Record<string, unknown>} */
      const row = {};
      for (let i = 0; i < fields.length; i++) {
        const field = /** @type {{ name: string, dataTypeID: number }} */ (fields[i]);
        row[field.name] = types.parseType(cells[i], field.dataTypeID, pg.parsers);
      }
      rows.push(/** @type {T} */ (row));
    }
    return rows;
  }).then((rows) => rows ?? unnamed());
}
