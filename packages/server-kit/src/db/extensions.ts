import type { Db, Executor } from './types.ts';

/** The schema extensions are installed into when a migration finds them missing. */
export const EXTENSION_SCHEMA = 'public';

const NAME = /^[a-z_][a-z0-9_]*$/;

/** Raised when an extension exists where this connection cannot see it, or cannot be installed visibly. */
export class ExtensionSchemaError extends Error {
  override readonly name = 'ExtensionSchemaError';
}

async function searchPath(tx: Executor): Promise<string[]> {
  const [row] = await tx.query<{ path: string[] }>('SELECT current_schemas(false)::text[] AS path');
  return row?.path ?? [];
}

async function installedIn(tx: Executor, extension: string): Promise<string | undefined> {
  const [row] = await tx.query<{ schema: string }>(
    `SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = $1`,
    [extension],
  );
  return row?.schema;
}

function notVisible(extension: string, schema: string, path: readonly string[]): ExtensionSchemaError {
  return new ExtensionSchemaError(
    `PostgreSQL extension ${extension} is installed in schema "${schema}", which is not on this connection's ` +
      `search_path (${path.join(', ') || 'empty'}), so its types and operator classes cannot be found. ` +
      `Move it to the shared schema (ALTER EXTENSION ${extension} SET SCHEMA ${EXTENSION_SCHEMA};) or put ` +
      `"${schema}" on the search_path, then start again.`,
  );
}

/**
 * Makes each extension usable by the migrations that follow: installs a missing one into `public`
 * (extensions are per database, so every schema of it shares that one installation) and refuses, with a
 * message that says how to fix it, one that lives in a schema missing from the search path. A database-wide
 * advisory lock keeps two migrating processes (in different schemas) from creating the same extension at once.
 */
export async function ensureExtensions(db: Db, extensions: readonly string[]): Promise<void> {
  for (const extension of extensions) {
    if (!NAME.test(extension)) throw new Error(`invalid extension name ${JSON.stringify(extension)}`);
    await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('wb/extensions'))`);
      const path = await searchPath(tx);
      const schema = await installedIn(tx, extension);
      if (schema !== undefined) {
        if (!path.includes(schema)) throw notVisible(extension, schema, path);
        return;
      }
      if (!path.includes(EXTENSION_SCHEMA)) throw notVisible(extension, EXTENSION_SCHEMA, path);
      await tx.exec(`CREATE EXTENSION IF NOT EXISTS ${extension} WITH SCHEMA ${EXTENSION_SCHEMA}`);
    });
  }
}
