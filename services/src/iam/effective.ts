/**
 * A user's effective permissions explained (issue 20): which role — direct or conferred by which post — gives
 * which permission, which come as dependencies, which are dropped because they need another post, and the data
 * scope rules per resource type. Computed here from the grant tables, on the rules of identity/access.ts;
 * iam/effective.test.ts checks that `effective` is what the server enforces for every demo account.
 */
import type { EffectivePermissions } from '@wb/contracts/iam-admin';
import type { Queryable } from '@wb/server-kit';

interface ActivePost {
  code: string;
  name: string;
  orgUnitCode: string;
  orgUnitName: string;
}

/** The post the user works in by default: the primary valid one, else the first (as a new session starts). */
async function defaultPost(db: Queryable, userId: string, now: Date): Promise<ActivePost | null> {
  const [row] = await db.query<ActivePost>(
    `SELECT up.post_code AS code, p.name, up.org_unit_code AS "orgUnitCode", o.name AS "orgUnitName"
       FROM user_post up JOIN post p ON p.code = up.post_code AND p.status = 'active' JOIN org_unit o ON o.code = up.org_unit_code
      WHERE up.user_id = $1 AND (up.valid_from IS NULL OR up.valid_from <= $2) AND (up.valid_to IS NULL OR up.valid_to > $2)
      ORDER BY up.is_primary DESC, up.post_code, up.org_unit_code LIMIT 1`,
    [userId, now],
  );
  return row ?? null;
}

export async function explainPermissions(db: Queryable, user: { id: string; username: string }, now: Date): Promise<EffectivePermissions> {
  const activePost = await defaultPost(db, user.id, now);
  const roles = await db.query<{ role: string; roleName: string; source: 'direct' | 'post'; postCode: string | null; expiresAt: Date | null }>(
    `SELECT ur.role_key AS role, r.name AS "roleName", 'direct' AS source, NULL AS "postCode", ur.expires_at AS "expiresAt"
       FROM user_role ur JOIN role r ON r.key = ur.role_key AND r.status = 'active'
      WHERE ur.user_id = $1 AND (ur.expires_at IS NULL OR ur.expires_at > $2)
     UNION ALL
     SELECT pr.role_key, r.name, 'post', pr.post_code, NULL
       FROM post_role pr JOIN role r ON r.key = pr.role_key AND r.status = 'active'
      WHERE pr.post_code = $3
     ORDER BY 1, 3`,
    [user.id, now, activePost?.code ?? null],
  );
  const roleKeys = [...new Set(roles.map((r) => r.role))];
  const direct = await db.query<{ key: string; role: string }>(
    'SELECT permission_key AS key, role_key AS role FROM role_permission WHERE role_key = ANY($1::text[]) ORDER BY 1, 2',
    [roleKeys],
  );
  const grantedBy = new Map<string, string[]>();
  for (const d of direct) grantedBy.set(d.key, [...(grantedBy.get(d.key) ?? []), d.role]);
  // Dependencies: breadth first over permission_dependency, remembering which permission pulled each in.
  const dependencyOf = new Map<string, Set<string>>();
  let frontier = [...grantedBy.keys()];
  const seen = new Set(frontier);
  while (frontier.length) {
    const deps = await db.query<{ from: string; to: string }>(
      'SELECT permission_key AS "from", depends_on AS "to" FROM permission_dependency WHERE permission_key = ANY($1::text[])',
      [frontier],
    );
    frontier = [];
    for (const d of deps) {
      dependencyOf.set(d.to, (dependencyOf.get(d.to) ?? new Set()).add(d.from));
      if (!seen.has(d.to)) {
        seen.add(d.to);
        frontier.push(d.to);
      }
    }
  }
  const catalogue = await db.query<{ key: string; name: string; status: string; zones: string[] | null; requiredPosts: string[] | null }>(
    `SELECT p.key, p.name, p.status, p.allowed_zones AS zones,
            (SELECT array_agg(pp.post_code ORDER BY pp.post_code) FROM permission_post pp WHERE pp.permission_key = p.key) AS "requiredPosts"
       FROM permission p WHERE p.key = ANY($1::text[])`,
    [[...seen]],
  );
  const permissions = catalogue
    .filter((p) => p.status === 'active')
    .map((p) => {
      const needs = p.requiredPosts ?? [];
      const droppedBecause = needs.length && !(activePost && needs.includes(activePost.code)) ? `需在岗位 ${needs.join('、')} 上工作（当前${activePost ? `岗位 ${activePost.code}` : '没有岗位'}）` : null;
      return { key: p.key, name: p.key === '*' ? '全部权限' : p.name, grantedBy: grantedBy.get(p.key) ?? [], dependencyOf: [...(dependencyOf.get(p.key) ?? [])].sort(), droppedBecause, zones: p.zones };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
  const usable = permissions.filter((p) => p.droppedBecause === null);
  // The intranet workbench (where 系统管理 runs): a zone limit that admits the intranet keeps the permission.
  const effective = usable.some((p) => p.key === '*') ? ['*'] : usable.filter((p) => !p.zones || p.zones.includes('intranet')).map((p) => p.key);
  const scopes = await db.query<{ resourceType: string; role: string; scopeType: string; orgUnits: string[] | null }>(
    `SELECT r.resource_type AS "resourceType", r.role_key AS role, r.scope_type AS "scopeType",
            (SELECT array_agg(d.org_unit_code ORDER BY d.org_unit_code) FROM data_scope_org d WHERE d.rule_id = r.id) AS "orgUnits"
       FROM data_scope_rule r WHERE r.role_key = ANY($1::text[]) ORDER BY 1, 2`,
    [roleKeys],
  );
  return {
    username: user.username,
    activePost,
    roles: roles.map((r) => ({ ...r, expiresAt: r.expiresAt ? new Date(r.expiresAt).toISOString() : null })),
    permissions,
    effective,
    dataScopes: scopes.map((s) => ({ ...s, orgUnits: s.orgUnits ?? [] })),
  };
}
