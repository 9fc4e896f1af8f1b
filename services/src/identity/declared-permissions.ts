import type { Queryable } from '@wb/server-kit';

export interface DeclaredPermissionInput {
  appId: string;
  key: string;
  name: string;
  type: string;
  /** Zones of the declaring app (manifest `zones`); absent or all zones: usable from anywhere. */
  zones?: readonly string[];
}

const ALL_ZONES = ['intranet', 'internet'];

/** `permission.allowed_zones`: NULL when every zone may use it. */
function allowedZones(zones: readonly string[] | undefined): string[] | null {
  if (!zones || ALL_ZONES.every((z) => zones.includes(z))) return null;
  return [...zones];
}

const GRANTABLE_TYPES = new Set(['APP', 'MENU', 'BUTTON', 'API', 'FIELD']);

/**
 * Mirrors the permissions micro-apps declare in their manifests (registry_permission) into `permission`, so
 * administrators can grant them. Upsert only: a permission an app stops declaring keeps its grants (the
 * registry may roll back), and platform rows (app_id NULL) are never overwritten by an app.
 * An app limited to the intranet limits its permissions too, so its APIs refuse internet-zone calls
 * (the access resolution drops permissions whose allowed_zones exclude the request's zone).
 */
export async function syncDeclaredPermissions(db: Queryable, declared: readonly DeclaredPermissionInput[]): Promise<number> {
  let written = 0;
  for (const p of declared) {
    if (!GRANTABLE_TYPES.has(p.type)) continue;
    const rows = await db.query(
      `INSERT INTO permission (key, name, type, app_id, allowed_zones) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, allowed_zones = EXCLUDED.allowed_zones
       WHERE permission.app_id = EXCLUDED.app_id RETURNING key`,
      [p.key, p.name, p.type, p.appId, allowedZones(p.zones)],
    );
    written += rows.length;
  }
  return written;
}

export interface DeclaredRoleInput {
  appId: string;
  key: string;
  name: string;
  /** App permissions the role bundles (the manifest schema checks the app declares them). */
  permissions: readonly string[];
}

/**
 * Per-app roles (manifest `roles`): created with the app as owner and granted the permissions the app
 * bundles in them, so administrators can hand out "the 保密工具 user" as one role. Only adds: grants an
 * administrator added to such a role stay, and a role another app or the platform owns is left alone.
 * Run after `syncDeclaredPermissions` (the permission rows must exist).
 */
export async function syncDeclaredRoles(db: Queryable, declared: readonly DeclaredRoleInput[]): Promise<number> {
  let written = 0;
  for (const role of declared) {
    const owned = await db.query(
      `INSERT INTO role (key, name, type, app_id) VALUES ($1, $2, 'BUSINESS', $3)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name WHERE role.app_id = EXCLUDED.app_id RETURNING key`,
      [role.key, role.name, role.appId],
    );
    if (owned.length === 0) continue;
    written += 1;
    for (const key of role.permissions) {
      await db.query(
        `INSERT INTO role_permission (role_key, permission_key)
         SELECT $1, key FROM permission WHERE key = $2 AND app_id = $3 ON CONFLICT DO NOTHING`,
        [role.key, key, role.appId],
      );
    }
  }
  return written;
}
