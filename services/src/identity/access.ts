/**
 * The permission model, in one place (docs/architecture.md §7, docs/architecture.md §7).
 *
 * Deny by default. Roles = direct user roles (not expired) ∪ roles conferred by the session's ACTIVE post
 * (only while that post assignment is valid). Permissions = ∪ role_permission of those roles, closed over
 * permission_dependency; a permission that requires posts (permission_post) is dropped unless the active
 * post is one of them; per request, permissions whose allowed zones/channels exclude the request's are
 * dropped. `*` (platform administrator) stands for every permission and every data scope — except that
 * zones and channels bind everyone (docs/quality.md S18, ADR 0017): where a permission's limit rules out the
 * request's zone or channel, `*` is spelled out as the permissions of the catalogue usable there.
 *
 * Data scope: per resource type, the union over ALL the user's roles of their data_scope_rule (not only the
 * roles granting the permission being exercised: a service reads one scope per resource type, and the
 * permission check already decided whether the route may be used). No rule ⇒ empty scope (no rows).
 * Anchors: a post-conferred role is anchored at the active post's org unit; a direct role at its grant
 * domain (user_role.org_unit_code), else the user's own org unit. ASSIGNED (rows of the user's workflow tasks)
 * marks the scope `assigned`; the row keys are added per request (`withAssignedKeys`, ADR 0073).
 */
import type { Channel, PostRef, Zone } from '@wb/contracts';
import type { DataScope, Principal, Queryable } from '@wb/server-kit';

export const ALL_PERMISSIONS = '*';

export const NO_SCOPE: DataScope = Object.freeze({ all: false, orgPaths: [], exactOrgPaths: [] }) as DataScope;
export const ALL_SCOPE: DataScope = Object.freeze({ all: true });

interface PermissionLimit {
  zones: string[] | null;
  channels: string[] | null;
}

export interface Grants {
  roles: string[];
  /** After the post gate, before the zone/channel filter (see `permissionsFor`). */
  permissions: Set<string>;
  /** Permissions limited to some zones or channels. */
  limits: Map<string, PermissionLimit>;
  scopes: Map<string, DataScope>;
  /**
   * `*` holders only: every active permission key of the catalogue (and `limits` holds the limits of all of
   * them), so `*` can be spelled out where a limit rules some out. Empty otherwise.
   */
  catalogue: readonly string[];
}

/** Where a request comes from; permissions are filtered by these (A10 allowed_zones/channels). */
export interface AccessContext {
  zone: Zone;
  channel: Channel;
}

const ROLES_SQL = `
WITH held AS (
  SELECT ur.role_key, COALESCE(ur.org_unit_code, u.org_unit_code) AS anchor
  FROM user_role ur JOIN sys_user u ON u.id = ur.user_id
  WHERE ur.user_id = $1 AND (ur.expires_at IS NULL OR ur.expires_at > $2)
  UNION
  SELECT pr.role_key, up.org_unit_code
  FROM user_post up JOIN post_role pr ON pr.post_code = up.post_code JOIN post p ON p.code = up.post_code AND p.status = 'active'
  WHERE up.user_id = $1 AND up.post_code = $3 AND up.org_unit_code = $4
    AND (up.valid_from IS NULL OR up.valid_from <= $2) AND (up.valid_to IS NULL OR up.valid_to > $2)
)
SELECT held.role_key AS role, o.path AS "anchorPath"
FROM held JOIN role r ON r.key = held.role_key AND r.status = 'active'
JOIN org_unit o ON o.code = held.anchor`;

const PERMISSIONS_SQL = `
WITH RECURSIVE granted(key) AS (
  SELECT permission_key FROM role_permission WHERE role_key = ANY($1::text[])
  UNION
  SELECT d.depends_on FROM permission_dependency d JOIN granted g ON d.permission_key = g.key
)
SELECT p.key, p.allowed_zones AS zones, p.allowed_channels AS channels,
       (SELECT array_agg(pp.post_code) FROM permission_post pp WHERE pp.permission_key = p.key) AS "requiredPosts"
FROM granted g JOIN permission p ON p.key = g.key AND p.status = 'active'`;

/** The whole catalogue with its limits: what `*` stands for (loaded for `*` holders only). */
const CATALOGUE_SQL = `
SELECT key, allowed_zones AS zones, allowed_channels AS channels FROM permission
WHERE status = 'active' AND key <> '*' ORDER BY key`;

const SCOPES_SQL = `
SELECT r.role_key AS role, r.resource_type AS "resourceType", r.scope_type AS "scopeType",
       (SELECT array_agg(o.path) FROM data_scope_org d JOIN org_unit o ON o.code = d.org_unit_code WHERE d.rule_id = r.id) AS paths
FROM data_scope_rule r WHERE r.role_key = ANY($1::text[])`;

interface PermissionRow extends PermissionLimit {
  key: string;
  requiredPosts: string[] | null;
}

interface ScopeRow {
  role: string;
  resourceType: string;
  scopeType: string;
  paths: string[] | null;
}

interface MutableScope {
  orgPaths: Set<string>;
  exactOrgPaths: Set<string>;
  self: boolean;
  tg: boolean;
  assigned: boolean;
}

function addRule(scope: MutableScope, row: ScopeRow, anchorPath: string | undefined): boolean {
  switch (row.scopeType) {
    case 'ALL':
      return true;
    case 'ORG':
      if (anchorPath) scope.exactOrgPaths.add(anchorPath);
      return false;
    case 'ORG_AND_CHILD':
      if (anchorPath) scope.orgPaths.add(anchorPath);
      return false;
    case 'CUSTOM_ORGS':
      for (const p of row.paths ?? []) scope.orgPaths.add(p);
      return false;
    case 'SELF':
      scope.self = true;
      return false;
    case 'MY_TG':
      scope.tg = true;
      return false;
    case 'ASSIGNED':
      // Rows of the user's workflow tasks (ADR 0073): their keys are looked up per request (identity plugin).
      scope.assigned = true;
      return false;
    default:
      return false;
  }
}

async function buildScopes(db: Queryable, userId: string, rows: ScopeRow[], anchors: Map<string, string>): Promise<Map<string, DataScope>> {
  const byType = new Map<string, MutableScope | 'all'>();
  for (const row of rows) {
    const current = byType.get(row.resourceType) ?? { orgPaths: new Set(), exactOrgPaths: new Set(), self: false, tg: false, assigned: false };
    if (current === 'all') continue;
    byType.set(row.resourceType, addRule(current, row, anchors.get(row.role)) ? 'all' : current);
  }
  const needsTg = [...byType.values()].some((s) => s !== 'all' && s.tg);
  const tgIds = needsTg
    ? (await db.query<{ tgId: string }>('SELECT tg_id AS "tgId" FROM user_tg WHERE user_id = $1 ORDER BY tg_id', [userId])).map((r) => r.tgId)
    : [];
  const scopes = new Map<string, DataScope>();
  for (const [type, s] of byType) {
    if (s === 'all') {
      scopes.set(type, ALL_SCOPE);
      continue;
    }
    scopes.set(type, {
      all: false,
      orgPaths: [...s.orgPaths].sort(),
      exactOrgPaths: [...s.exactOrgPaths].sort(),
      ...(s.self ? { selfUserId: userId } : {}),
      ...(s.tg ? { tgIds } : {}),
      ...(s.assigned ? { assigned: true as const } : {}),
    });
  }
  return scopes;
}

/** Roles, permissions and data scopes of a user working in `activePost` at `now` (three to four queries). */
export async function loadGrants(db: Queryable, userId: string, activePost: PostRef | null, now: Date): Promise<Grants> {
  const roleRows = await db.query<{ role: string; anchorPath: string }>(ROLES_SQL, [
    userId,
    now,
    activePost?.code ?? null,
    activePost?.orgUnitCode ?? null,
  ]);
  const anchors = new Map<string, string>();
  for (const r of roleRows) if (!anchors.has(r.role)) anchors.set(r.role, r.anchorPath);
  const roles = [...anchors.keys()].sort();
  const permissionRows = roles.length ? await db.query<PermissionRow>(PERMISSIONS_SQL, [roles]) : [];
  const permissions = new Set<string>();
  const limits = new Map<string, PermissionLimit>();
  for (const p of permissionRows) {
    if (p.requiredPosts?.length && !(activePost && p.requiredPosts.includes(activePost.code))) continue;
    permissions.add(p.key);
    if (p.zones || p.channels) limits.set(p.key, { zones: p.zones, channels: p.channels });
  }
  if (permissions.has(ALL_PERMISSIONS)) {
    const catalogue = await db.query<PermissionLimit & { key: string }>(CATALOGUE_SQL);
    for (const p of catalogue) if (p.zones || p.channels) limits.set(p.key, { zones: p.zones, channels: p.channels });
    return { roles, permissions, limits, scopes: new Map(), catalogue: catalogue.map((p) => p.key) };
  }
  const scopeRows = roles.length ? await db.query<ScopeRow>(SCOPES_SQL, [roles]) : [];
  return { roles, permissions, limits, scopes: await buildScopes(db, userId, scopeRows, anchors), catalogue: [] };
}

function admits(limit: PermissionLimit | undefined, context: AccessContext): boolean {
  if (limit?.zones && !limit.zones.includes(context.zone)) return false;
  return !(limit?.channels && !limit.channels.includes(context.channel));
}

/**
 * The permissions usable from `context`: those without a zone/channel limit, or whose limit admits it.
 * The limit belongs to the permission, not to a grant, so it binds `*` too (S18): where some permission is
 * ruled out, `*` becomes the explicit list of the catalogue's permissions admitted here. Every check of the
 * form "has `*` or has the key" (gateway, feed, workflow, SDK) then refuses the ruled-out ones, and a key
 * missing from the catalogue is refused too (deny by default).
 */
export function permissionsFor(grants: Grants, context: AccessContext): ReadonlySet<string> {
  if (grants.limits.size === 0) return grants.permissions;
  const holdsAll = grants.permissions.has(ALL_PERMISSIONS);
  if (holdsAll && [...grants.limits.values()].every((limit) => admits(limit, context))) return grants.permissions;
  const result = new Set<string>();
  for (const key of holdsAll ? grants.catalogue : grants.permissions) if (admits(grants.limits.get(key), context)) result.add(key);
  return result;
}

/** The data scope of `resourceType` under `grants`: `*` sees all, no rule sees nothing. */
export function scopeFor(grants: Grants, resourceType: string): DataScope {
  if (grants.permissions.has(ALL_PERMISSIONS)) return ALL_SCOPE;
  return grants.scopes.get(resourceType) ?? NO_SCOPE;
}

/**
 * The check every route and service uses (via the identity plugin's hook): deny unless granted.
 * `principal.permissions` is already filtered by the request's zone and channel.
 */
export function allows(principal: Principal, permission: string, _context: AccessContext): boolean {
  return principal.permissions.has(ALL_PERMISSIONS) || principal.permissions.has(permission);
}

/** The resource types whose scope holds the rule ASSIGNED (their row keys are looked up per request). */
export function assignedTypes(grants: Grants): readonly string[] {
  if (grants.permissions.has(ALL_PERMISSIONS)) return [];
  return [...grants.scopes].filter(([, s]) => !s.all && s.assigned).map(([type]) => type);
}

/** `principal` for one request, its ASSIGNED scopes holding the business keys `keys` found for them. */
export function withAssignedKeys(principal: Principal, keys: ReadonlyMap<string, string[]>): Principal {
  const base = principal.scope;
  if (!base) return principal;
  const scope = (resourceType: string): DataScope => {
    const s = base(resourceType);
    return !s.all && s.assigned ? { ...s, keys: keys.get(resourceType) ?? [] } : s;
  };
  return { ...principal, scope };
}
