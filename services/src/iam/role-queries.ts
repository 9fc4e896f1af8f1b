import type { DataScopeRule, PermissionNode, Role } from '@wb/contracts';
import type { Queryable } from '@wb/server-kit';

export type RoleWithVersion = Role & { version: number };

const ROLES_SQL = `
SELECT r.key, r.name, r.type, r.app_id AS "appId", r.status, r.version,
  COALESCE((SELECT array_agg(rp.permission_key ORDER BY rp.permission_key) FROM role_permission rp WHERE rp.role_key = r.key), '{}') AS permissions,
  COALESCE((SELECT array_agg(pr.post_code ORDER BY pr.post_code) FROM post_role pr WHERE pr.role_key = r.key), '{}') AS "conferredByPosts"
FROM role r WHERE ($1::text IS NULL OR r.key = $1) ORDER BY r.type, r.key`;

const SCOPES_SQL = `
SELECT d.role_key AS "roleKey", d.resource_type AS "resourceType", d.scope_type AS "scopeType",
  COALESCE((SELECT array_agg(o.org_unit_code ORDER BY o.org_unit_code) FROM data_scope_org o WHERE o.rule_id = d.id), '{}') AS "orgUnitCodes"
FROM data_scope_rule d WHERE ($1::text IS NULL OR d.role_key = $1) ORDER BY d.resource_type`;

export async function listRoles(db: Queryable, key: string | null = null): Promise<RoleWithVersion[]> {
  const roles = await db.query<Omit<RoleWithVersion, 'dataScopes'>>(ROLES_SQL, [key]);
  const scopes = await db.query<DataScopeRule & { roleKey: string }>(SCOPES_SQL, [key]);
  return roles.map((r) => ({
    ...r,
    dataScopes: scopes.filter((s) => s.roleKey === r.key).map(({ resourceType, scopeType, orgUnitCodes }) => ({ resourceType, scopeType, orgUnitCodes })),
  }));
}

interface PermissionRow {
  key: string;
  name: string;
  type: PermissionNode['type'];
  appId: string | null;
  parentKey: string | null;
  zones: PermissionNode['zones'];
  channels: PermissionNode['channels'];
  requiredPosts: string[];
  dependsOn: string[];
}

/** The grant tree as a list (parents first): app → menu → button → API / field. SYSTEM/DIR rows are not grantable here. */
export async function listPermissions(db: Queryable): Promise<PermissionNode[]> {
  return db.query<PermissionRow>(`
SELECT p.key, p.name, p.type, p.app_id AS "appId", p.parent_key AS "parentKey", p.allowed_zones AS zones, p.allowed_channels AS channels,
  COALESCE((SELECT array_agg(pp.post_code ORDER BY pp.post_code) FROM permission_post pp WHERE pp.permission_key = p.key), '{}') AS "requiredPosts",
  COALESCE((SELECT array_agg(d.depends_on ORDER BY d.depends_on) FROM permission_dependency d WHERE d.permission_key = p.key), '{}') AS "dependsOn"
FROM permission p
WHERE p.type IN ('APP', 'MENU', 'BUTTON', 'API', 'FIELD') AND p.status = 'active'
ORDER BY p.app_id NULLS FIRST, CASE p.type WHEN 'APP' THEN 0 WHEN 'MENU' THEN 1 WHEN 'BUTTON' THEN 2 ELSE 3 END, p.key`);
}

/** Names of `wanted` missing from `table.column` (validation of a grant edit). */
export async function missingKeys(db: Queryable, table: 'permission' | 'post' | 'org_unit', column: 'key' | 'code', wanted: string[]): Promise<string[]> {
  if (wanted.length === 0) return [];
  const found = await db.query<{ k: string }>(`SELECT ${column} AS k FROM ${table} WHERE ${column} = ANY($1::text[])`, [wanted]);
  const have = new Set(found.map((r) => r.k));
  return [...new Set(wanted)].filter((w) => !have.has(w));
}
