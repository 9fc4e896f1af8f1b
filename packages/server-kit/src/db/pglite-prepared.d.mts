import type { PGlite } from '@electric-sql/pglite';

/** Statements kept prepared per cluster (see pglite-prepared.mjs). */
export declare const MAX_PREPARED: number;

/** Runs `sql` as a prepared statement of `pg` inside an open transaction; `unnamed` when the cluster keeps `MAX_PREPARED` already. */
export declare function queryPrepared<T>(pg: PGlite, sql: string, params: unknown[] | undefined, unnamed: () => Promise<T[]>): Promise<T[]>;
