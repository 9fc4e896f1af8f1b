/**
 * Read-only queries of the identity tables (org units, users, posts, roles) and of the workflow's org-leader
 * table: how the engine resolves candidates and names. It never writes identity data.
 */
import type { Queryable } from '@wb/server-kit';

export interface OrgUnit {
  code: string;
  name: string;
  path: string;
  parentCode: string | null;
}

export async function orgUnit(q: Queryable, code: string): Promise<OrgUnit | null> {
  const [row] = await q.query<{ code: string; name: string; path: string; parent_code: string | null }>(
    'SELECT code, name, path, parent_code FROM org_unit WHERE code = $1',
    [code],
  );
  return row ? { code: row.code, name: row.name, path: row.path, parentCode: row.parent_code } : null;
}

/** The org unit `level` steps up the tree from `code` (0 = itself); the root when the tree is shallower. */
export async function orgUnitUp(q: Queryable, code: string, level: number): Promise<OrgUnit | null> {
  if (level === 0) return orgUnit(q, code);
  // One query: the path's segment `level` steps before its last (the root when the tree is shallower).
  const [row] = await q.query<{ code: string; name: string; path: string; parent_code: string | null }>(
    `SELECT up.code, up.name, up.path, up.parent_code FROM org_unit o
       CROSS JOIN LATERAL (SELECT string_to_array(trim(BOTH '/' FROM o.path), '/') AS seg) s
       JOIN org_unit up ON up.code = s.seg[greatest(1, cardinality(s.seg) - $2)]
      WHERE o.code = $1`,
    [code, level],
  );
  return row ? { code: row.code, name: row.name, path: row.path, parentCode: row.parent_code } : null;
}

export async function activeUser(q: Queryable, username: string): Promise<{ username: string; displayName: string } | null> {
  const [row] = await q.query<{ username: string; display_name: string }>(
    "SELECT username, display_name FROM sys_user WHERE username = $1 AND status = 'active'",
    [username],
  );
  return row ? { username: row.username, displayName: row.display_name } : null;
}

export async function postExists(q: Queryable, code: string): Promise<boolean> {
  return (await q.query("SELECT 1 FROM post WHERE code = $1 AND status = 'active'", [code])).length > 0;
}

export async function roleExists(q: Queryable, key: string): Promise<boolean> {
  return (await q.query("SELECT 1 FROM role WHERE key = $1 AND status = 'active'", [key])).length > 0;
}

/** Active users holding `post` in org unit `orgUnitCode` now (valid_from/valid_to respected). */
export async function postHolders(q: Queryable, post: string, orgUnitCode: string, now: Date): Promise<string[]> {
  const rows = await q.query<{ username: string }>(
    `SELECT DISTINCT u.username FROM user_post up JOIN sys_user u ON u.id = up.user_id
      WHERE up.post_code = $1 AND up.org_unit_code = $2 AND u.status = 'active'
        AND (up.valid_from IS NULL OR up.valid_from <= $3) AND (up.valid_to IS NULL OR up.valid_to > $3)
      ORDER BY u.username`,
    [post, orgUnitCode, now],
  );
  return rows.map((r) => r.username);
}

/** Active users with `role`, granted directly or conferred by a post they hold. */
export async function roleHolders(q: Queryable, role: string, now: Date): Promise<string[]> {
  const rows = await q.query<{ username: string }>(
    `SELECT u.username FROM sys_user u WHERE u.status = 'active' AND (
        EXISTS (SELECT 1 FROM user_role ur WHERE ur.user_id = u.id AND ur.role_key = $1 AND (ur.expires_at IS NULL OR ur.expires_at > $2))
        OR EXISTS (SELECT 1 FROM user_post up JOIN post_role pr ON pr.post_code = up.post_code
                    WHERE up.user_id = u.id AND pr.role_key = $1
                      AND (up.valid_from IS NULL OR up.valid_from <= $2) AND (up.valid_to IS NULL OR up.valid_to > $2)))
      ORDER BY u.username`,
    [role, now],
  );
  return rows.map((r) => r.username);
}

/** The escalation target: the leader configured for the org unit or its nearest ancestor. */
export async function leaderOf(q: Queryable, orgUnitCode: string): Promise<string | null> {
  const unit = await orgUnit(q, orgUnitCode);
  const codes = unit ? unit.path.split('/').filter(Boolean) : [orgUnitCode];
  const rows = await q.query<{ org_unit_code: string; username: string }>(
    'SELECT org_unit_code, username FROM wf_org_leader WHERE org_unit_code = ANY($1::text[])',
    [codes],
  );
  for (const code of [...codes].reverse()) {
    const hit = rows.find((r) => r.org_unit_code === code);
    if (hit) return hit.username;
  }
  return null;
}

/**
 * Whether a user could see a business item of org path `orgPath` by where they work: their own org unit or one
 * of the units of their valid posts lies on the item's line — the item's unit or one above it. (Transfer and
 * 抄送 targets, QUALITY.md S19.)
 */
export async function onOrgLine(q: Queryable, username: string, orgPath: string, now: Date): Promise<boolean> {
  const rows = await q.query(
    `SELECT 1 FROM sys_user u JOIN org_unit o ON o.code = u.org_unit_code
      WHERE u.username = $1 AND u.status = 'active' AND ($2 = o.path OR $2 LIKE o.path || '/%')
     UNION ALL
     SELECT 1 FROM sys_user u JOIN user_post up ON up.user_id = u.id JOIN org_unit o ON o.code = up.org_unit_code
      WHERE u.username = $1 AND u.status = 'active' AND ($2 = o.path OR $2 LIKE o.path || '/%')
        AND (up.valid_from IS NULL OR up.valid_from <= $3) AND (up.valid_to IS NULL OR up.valid_to > $3)
     LIMIT 1`,
    [username, orgPath, now],
  );
  return rows.length > 0;
}
