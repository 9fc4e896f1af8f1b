/**
 * The permission model, in one place (ARCHITECTURE.md §7, reference/domain-research.md §A10).
 *
 * Now: effective permissions = ∪ role_permission over (direct user roles ∪ roles conferred by the
 * session's active post), active roles and permissions only; `*` stands for every permission.
 * Later issues grow this file: permission dependencies, allowed zones/channels per permission,
 * required posts, data scope per resource type, and a short-lived cache invalidated on grant changes.
 */
import type { Channel, PostRef, Zone } from '@wb/contracts';
import type { Principal, Queryable } from '@wb/server-kit';

export const ALL_PERMISSIONS = '*';

export interface Grants {
  roles: string[];
  permissions: Set<string>;
}

/** Where a request comes from; the full model filters permissions by these (A10 allowed_zones/channels). */
export interface AccessContext {
  zone: Zone;
  channel: Channel;
}

const GRANTS_SQL = `
WITH held AS (
  SELECT role_key FROM user_role WHERE user_id = $1 AND (expires_at IS NULL OR expires_at > $2)
  UNION
  SELECT role_key FROM post_role WHERE post_code = $3
)
SELECT r.key AS role, p.key AS permission
FROM held
JOIN role r ON r.key = held.role_key AND r.status = 'active'
LEFT JOIN role_permission rp ON rp.role_key = r.key
LEFT JOIN permission p ON p.key = rp.permission_key AND p.status = 'active'`;

/**
 * Roles and permissions of a user working in `activePost` at `now`. The active post's roles count because
 * a user with several posts switches between them and the workbench re-derives what they may do (§7).
 */
export async function loadGrants(db: Queryable, userId: string, activePost: PostRef | null, now: Date): Promise<Grants> {
  const rows = await db.query<{ role: string; permission: string | null }>(GRANTS_SQL, [userId, now, activePost?.code ?? null]);
  const roles = [...new Set(rows.map((r) => r.role))].sort();
  const permissions = new Set(rows.flatMap((r) => (r.permission ? [r.permission] : [])));
  return { roles, permissions };
}

/** The check every route and service uses (via the identity plugin's hook): deny unless granted. */
export function allows(principal: Principal, permission: string, _context: AccessContext): boolean {
  return principal.permissions.has(ALL_PERMISSIONS) || principal.permissions.has(permission);
}
