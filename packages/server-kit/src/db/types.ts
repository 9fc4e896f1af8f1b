/** Which engine a `Db` runs on: embedded PGlite (default) or PostgreSQL (`DATABASE_URL`). */
export type DbKind = 'pglite' | 'postgres';

/**
 * One SQL statement with `$1` placeholders; rows come back as plain objects.
 * Both engines parse values the same way (see `postgres.ts`): int8 → number, numeric → string,
 * date → 'YYYY-MM-DD' string, timestamptz → Date, json/jsonb → parsed value. Prefer timestamptz columns.
 */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
}

export interface QueryOptions {
  /**
   * Keep the statement prepared on the connection and run it by name (ADR 0094): PostgreSQL parses and analyses
   * it once, and plans it once when its generic plan costs no more than the custom ones. For the fixed statements
   * of a hot path; the text must come from a small set (never built from input). Honoured inside a transaction
   * on PGlite, on either thread, and on PostgreSQL everywhere (a named statement per pooled connection, ADR 0097);
   * elsewhere the statement runs as usual. A wrapper that drops the option loses only the speed.
   */
  prepare?: boolean;
}

/** A `Queryable` that can also run a script of several statements without parameters (migrations, seeds). */
export interface Executor extends Queryable {
  exec(sql: string): Promise<void>;
}

export interface Db extends Executor {
  readonly kind: DbKind;
  /**
   * Runs `fn` in one transaction: committed when it resolves, rolled back when it throws.
   * Inside `fn` use only `tx`: calling `db.query` / `db.transaction` there throws, because on PGlite
   * (one connection) it would wait for the very transaction it runs in.
   */
  transaction<T>(fn: (tx: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A schema change owned by one module; `id` like `registry/001_catalogue`. Never edit one once applied. */
export interface Migration {
  id: string;
  sql: string;
  /**
   * PostgreSQL extensions the SQL needs (`pg_trgm`). `migrate` installs each into the `public` schema before
   * the migration runs, or checks that an existing installation is on the connection's search path: an
   * extension created by `CREATE EXTENSION` inside the SQL would land in whatever schema is first on the
   * path, where other schemas cannot see its operator classes (ADR 0022). Not part of the checksum.
   */
  extensions?: readonly string[];
}
