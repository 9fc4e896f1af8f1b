/**
 * The identity module's read port for other modules (ADR 0026): who works where, under which post and role.
 * Other modules never read identity's tables (org_unit, sys_user, post, role, user_post, user_role, post_role)
 * by SQL; they call this port, which runs in the caller's transaction (`q`). Read-only.
 */
import type { Queryable } from '@wb/server-kit';

export interface OrgUnit {
  code: string;
  name: string;
  path: string;
  parentCode: string | null;
}

export interface IdentityDirectory {
  orgUnit(q: Queryable, code: string): Promise<OrgUnit | null>;
  /** The org unit `level` steps up the tree from `code` (0 = itself); the root when the tree is shallower. */
  orgUnitUp(q: Queryable, code: string, level: number): Promise<OrgUnit | null>;
  activeUser(q: Queryable, username: string): Promise<{ username: string; displayName: string } | null>;
  postExists(q: Queryable, code: string): Promise<boolean>;
  roleExists(q: Queryable, key: string): Promise<boolean>;
  /** Active users holding `post` in org unit `orgUnitCode` at `now` (valid_from/valid_to respected). */
  postHolders(q: Queryable, post: string, orgUnitCode: string, now: Date): Promise<string[]>;
  /** Active users with `role`, granted directly or conferred by a post they hold. */
  roleHolders(q: Queryable, role: string, now: Date): Promise<string[]>;
  /**
   * Whether a user works on the org line of `orgPath`: their own org unit or the unit of one of their valid
   * posts is the item's unit or one above it.
   */
  onOrgLine(q: Queryable, username: string, orgPath: string, now: Date): Promise<boolean>;
  /**
   * The 台区经理 of each 台区 (`user_tg`): active users responsible for it who hold `post` in `orgUnitCode` at `now`,
   * by 台区 id, sorted by username. 台区 without one are absent.
   */
  tgManagers(q: Queryable, tgIds: readonly string[], post: string, orgUnitCode: string, now: Date): Promise<Map<string, string[]>>;
  /**
   * Display names for read models, in one call however many are asked: org units by code, users by username
   * (whatever their status: history keeps naming a disabled user), posts by code, roles by key. A key identity
   * does not know is absent from its map (the caller shows the key). Plain data in and out, so the call holds
   * when identity answers from another process.
   */
  displayNames(q: Queryable, request: NameRequest): Promise<DisplayNames>;
}

export interface NameRequest {
  orgUnits?: Iterable<string>;
  users?: Iterable<string>;
  posts?: Iterable<string>;
  roles?: Iterable<string>;
}

export interface DisplayNames {
  orgUnits: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
  posts: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, string>;
}

type OrgUnitRow = { code: string; name: string; path: string; parent_code: string | null };
const toOrgUnit = (row: OrgUnitRow | undefined): OrgUnit | null =>
  row ? { code: row.code, name: row.name, path: row.path, parentCode: row.parent_code } : null;

export const identityDirectory: IdentityDirectory = {
  async orgUnit(q, code) {
    const [row] = await q.query<OrgUnitRow>('SELECT code, name, path, parent_code FROM org_unit WHERE code = $1', [code]);
    return toOrgUnit(row);
  },

  async orgUnitUp(q, code, level) {
    if (level === 0) return identityDirectory.orgUnit(q, code);
    // One query: the path's segment `level` steps before its last (the root when the tree is shallower).
    const [row] = await q.query<OrgUnitRow>(
      `SELECT up.code, up.name, up.path, up.parent_code FROM org_unit o
         CROSS JOIN LATERAL (SELECT string_to_array(trim(BOTH '/' FROM o.path), '/') AS seg) s
         JOIN org_unit up ON up.code = s.seg[greatest(1, cardinality(s.seg) - $2)]
        WHERE o.code = $1`,
      [code, level],
    );
    return toOrgUnit(row);
  },

  async activeUser(q, username) {
    const [row] = await q.query<{ username: string; display_name: string }>(
      "SELECT username, display_name FROM sys_user WHERE username = $1 AND status = 'active'",
      [username],
    );
    return row ? { username: row.username, displayName: row.display_name } : null;
  },

  async postExists(q, code) {
    return (await q.query("SELECT 1 FROM post WHERE code = $1 AND status = 'active'", [code])).length > 0;
  },

  async roleExists(q, key) {
    return (await q.query("SELECT 1 FROM role WHERE key = $1 AND status = 'active'", [key])).length > 0;
  },

  async postHolders(q, post, orgUnitCode, now) {
    const rows = await q.query<{ username: string }>(
      `SELECT DISTINCT u.username FROM user_post up JOIN sys_user u ON u.id = up.user_id
        WHERE up.post_code = $1 AND up.org_unit_code = $2 AND u.status = 'active'
          AND (up.valid_from IS NULL OR up.valid_from <= $3) AND (up.valid_to IS NULL OR up.valid_to > $3)
        ORDER BY u.username`,
      [post, orgUnitCode, now],
    );
    return rows.map((r) => r.username);
  },

  async roleHolders(q, role, now) {
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
  },

  async onOrgLine(q, username, orgPath, now) {
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
  },

  async tgManagers(q, tgIds, post, orgUnitCode, now) {
    if (tgIds.length === 0) return new Map();
    const rows = await q.query<{ tg_id: string; username: string }>(
      `SELECT DISTINCT t.tg_id, u.username FROM user_tg t JOIN sys_user u ON u.id = t.user_id JOIN user_post up ON up.user_id = u.id
        WHERE t.tg_id = ANY($1::text[]) AND u.status = 'active' AND up.post_code = $2 AND up.org_unit_code = $3
          AND (up.valid_from IS NULL OR up.valid_from <= $4) AND (up.valid_to IS NULL OR up.valid_to > $4)
        ORDER BY t.tg_id, u.username`,
      [[...tgIds], post, orgUnitCode, now],
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.tg_id, [...(out.get(r.tg_id) ?? []), r.username]);
    return out;
  },

  async displayNames(q, request) {
    const keys = [request.orgUnits, request.users, request.posts, request.roles].map((k) => [...new Set(k ?? [])].filter(Boolean));
    const names: DisplayNames = { orgUnits: new Map(), users: new Map(), posts: new Map(), roles: new Map() };
    if (keys.every((k) => k.length === 0)) return names;
    // One statement for the four kinds (each a lookup by unique key); a kind with no keys costs nothing.
    const rows = await q.query<{ kind: 'o' | 'u' | 'p' | 'r'; key: string; name: string }>(
      `SELECT 'o' AS kind, code AS key, name FROM org_unit WHERE code = ANY($1::text[])
       UNION ALL SELECT 'u', username, display_name FROM sys_user WHERE username = ANY($2::text[])
       UNION ALL SELECT 'p', code, name FROM post WHERE code = ANY($3::text[])
       UNION ALL SELECT 'r', key, name FROM role WHERE key = ANY($4::text[])`,
      keys,
    );
    const byKind = { o: names.orgUnits, u: names.users, p: names.posts, r: names.roles } as const;
    for (const r of rows) (byKind[r.kind] as Map<string, string>).set(r.key, r.name);
    return names;
  },
};
