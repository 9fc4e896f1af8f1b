import type { Queryable } from '@wb/server-kit';

export interface DeclaredPermissionInput {
  appId: string;
  key: string;
  name: string;
  type: string;
}

const GRANTABLE_TYPES = new Set(['APP', 'MENU', 'BUTTON', 'API', 'FIELD']);

/**
 * Mirrors the permissions micro-apps declare in their manifests (registry_permission) into `permission`, so
 * administrators can grant them. Upsert only: a permission an app stops declaring keeps its grants (the
 * registry may roll back), and platform rows (app_id NULL) are never overwritten by an app.
 */
export async function syncDeclaredPermissions(db: Queryable, declared: readonly DeclaredPermissionInput[]): Promise<number> {
  let written = 0;
  for (const p of declared) {
    if (!GRANTABLE_TYPES.has(p.type)) continue;
    const rows = await db.query(
      `INSERT INTO permission (key, name, type, app_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type
       WHERE permission.app_id = EXCLUDED.app_id RETURNING key`,
      [p.key, p.name, p.type, p.appId],
    );
    written += rows.length;
  }
  return written;
}
