/**
 * Hand-built SQL in one way (ADR 0026): numbered parameters, WHERE conditions joined by AND, LIKE patterns
 * with their wildcards escaped, and the data-scope filter on an org-path column. No query builder library:
 * the queries stay plain SQL that reads the same on PGlite and PostgreSQL.
 */
import { orgPathBase, type OrgPathScope } from './scope.ts';

/** `\`, `%` and `_` escaped with `\` (PostgreSQL's default LIKE escape), so user text matches literally. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}

/** LIKE pattern: rows containing `text`. */
export function containsPattern(text: string): string {
  return `%${escapeLike(text)}%`;
}

/** LIKE pattern: rows starting with `text`. */
export function prefixPattern(text: string): string {
  return `${escapeLike(text)}%`;
}

/** SQL that matches no row, for conditions that cannot hold (deny by default). */
export const NOTHING = 'false';

/**
 * Collects WHERE conditions and their parameters: `param(value)` returns `$n` in the order of the calls,
 * `add(sql)` appends one condition, `where()` renders `WHERE a AND b` (or '' when there is none).
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  add(sql: string): this {
    this.parts.push(sql);
    return this;
  }

  /** Adds `sql` with each `?` replaced by a parameter for the next of `values`, e.g. `addWith('at >= ?', from)`. */
  addWith(sql: string, ...values: unknown[]): this {
    let i = 0;
    return this.add(sql.replace(/\?/g, () => this.param(values[i++])));
  }

  get size(): number {
    return this.parts.length;
  }

  /** The conditions joined by AND, or `TRUE` when there are none. */
  all(): string {
    return this.parts.length === 0 ? 'TRUE' : this.parts.join(' AND ');
  }

  where(): string {
    return this.parts.length === 0 ? '' : `WHERE ${this.parts.join(' AND ')}`;
  }

  /**
   * Restricts `column` (a materialized org path) to `scope`: `undefined` → no restriction; otherwise the path
   * equals one of `orgPaths` or `exactOrgPaths`, or lies under one of `orgPaths`. An empty scope → no row.
   */
  scope(column: string, scope: OrgPathScope | undefined, keyColumn?: string): this {
    return this.add(this.scopeSql(column, scope, keyColumn));
  }

  /**
   * The condition `scope` adds, for callers that combine it with OR (e.g. "outside the domain, or in scope").
   * With `keyColumn` (the row's business key), a row whose key is among `scope.keys` passes too (ASSIGNED).
   */
  scopeSql(column: string, scope: OrgPathScope | undefined, keyColumn?: string): string {
    if (!scope) return 'TRUE';
    const byPath = this.pathScopeSql(column, scope);
    if (!keyColumn || !scope.keys?.length) return byPath;
    const byKey = `${keyColumn} = ANY(${this.param([...scope.keys])}::text[])`;
    return byPath === NOTHING ? byKey : `(${byPath} OR ${byKey})`;
  }

  /**
   * Restricts `column` (a materialized org path) to the subtree of the org unit at `orgPath`: the unit's own rows
   * and those below it, by the column's `text_pattern_ops` index. `null`/`undefined` (a unit that does not exist)
   * → no row. A filter "by unit" resolves the unit's code to its path first (the identity port): matching the code
   * anywhere in the path (`LIKE '%/code/%'`) reads every row.
   */
  subtree(column: string, orgPath: string | null | undefined): this {
    return this.add(this.subtreeSql(column, orgPath));
  }

  /** The condition `subtree` adds, for a caller that collects its conditions itself. */
  subtreeSql(column: string, orgPath: string | null | undefined): string {
    return orgPath ? this.pathScopeSql(column, { orgPaths: [orgPath], exactOrgPaths: [] }) : NOTHING;
  }

  /**
   * One `LIKE` per subtree, not `LIKE ANY(array)`: PostgreSQL turns a prefix `LIKE` with a known pattern into a range
   * on the `text_pattern_ops` index of the column, but reads every row for `LIKE ANY` (a 供电所's list over 1,000,000
   * rows was a sequential scan). A scope holds a few subtrees, so the statement stays short.
   */
  private pathScopeSql(column: string, scope: OrgPathScope): string {
    const exact = [...scope.orgPaths, ...scope.exactOrgPaths].map(orgPathBase);
    if (exact.length === 0) return NOTHING;
    const terms = [`${column} = ANY(${this.param(exact)}::text[])`];
    for (const p of scope.orgPaths) terms.push(`${column} LIKE ${this.param(`${escapeLike(orgPathBase(p))}/%`)}`);
    return `(${terms.join(' OR ')})`;
  }
}
