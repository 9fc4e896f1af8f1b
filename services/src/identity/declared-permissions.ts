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
