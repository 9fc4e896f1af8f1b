// Options of every embedded cluster: on the server's thread (pglite.ts), in the worker thread (pglite-worker.mjs)
// and for the test template, so that all start identical clusters. Plain JavaScript: the worker thread loads it
// without a TypeScript loader (ADR 0065).
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

const DATE_OID = 1082;

/** @returns {import('@electric-sql/pglite').PGliteOptions} */
export function pgliteOptions() {
  return {
    // pg_trgm is loaded so that `CREATE EXTENSION pg_trgm` works (customer search uses trigram indexes).
    extensions: { pg_trgm },
    // Dates stay 'YYYY-MM-DD' strings, as on PostgreSQL (postgres.ts): a Date would shift with the time zone.
    parsers: { [DATE_OID]: (/** @type {string} */ value) => value },
  };
}
