import type { PGliteOptions } from '@electric-sql/pglite';

/** Options of every embedded cluster (see pglite-options.mjs). */
export declare function pgliteOptions(): PGliteOptions;
