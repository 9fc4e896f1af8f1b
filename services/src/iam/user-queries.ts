import type { AdminUser, PostAssignment } from '@wb/contracts';
import { SqlConditions, containsPattern } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import { isoTime } from './common.ts';

interface AssignmentRow {
  id: string;
  userId: string;
  postCode: string;
  postName: string;
  orgUnitCode: string;
  orgUnitName: string;
  validFrom: Date | null;
  validTo: Date | null;
  acting: boolean;
  concurrent: boolean;
  primary: boolean;
}

const ASSIGNMENTS_SQL = `
SELECT up.id::text AS id, up.user_id AS "userId", up.post_code AS "postCode", p.name AS "postName",
       up.org_unit_code AS "orgUnitCode", o.name AS "orgUnitName", up.valid_from AS "validFrom", up.valid_to AS "validTo",
       up.is_acting AS acting, up.is_concurrent AS concurrent, up.is_primary AS primary
FROM user_post up JOIN post p ON p.code = up.post_code JOIN org_unit o ON o.code = up.org_unit_code
WHERE up.user_id = ANY($1::text[])
ORDER BY up.is_primary DESC, up.post_code, up.org_unit_code`;

export function toAssignment(row: AssignmentRow): PostAssignment {
  return { ...row, validFrom: isoTime(row.validFrom), validTo: isoTime(row.validTo) };
}

export async function assignmentsOf(db: Queryable, userIds: string[], assignmentId?: string): Promise<PostAssignment[]> {
  const rows = await db.query<AssignmentRow>(ASSIGNMENTS_SQL, [userIds]);
  return rows.filter((r) => assignmentId === undefined || r.id === assignmentId).map(toAssignment);
}

interface UserRow {
  id: string;
  username: string;
  displayName: string;
  orgUnitCode: string;
  orgUnitName: string;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
  roles: string[] | null;
  activeSessions: number;
  lastLoginAt: Date | null;
  createdAt: Date;
}

const userColumns = (nowParam: number): string => `
u.id, u.username, u.display_name AS "displayName", u.org_unit_code AS "orgUnitCode", o.name AS "orgUnitName", u.status,
u.must_change_password AS "mustChangePassword",
(SELECT array_agg(ur.role_key ORDER BY ur.role_key) FROM user_role ur WHERE ur.user_id = u.id) AS roles,
(SELECT count(*)::int FROM session s WHERE s.user_id = u.id AND s.expires_at > $${nowParam}) AS "activeSessions",
u.last_login_at AS "lastLoginAt", u.created_at AS "createdAt"`;

export interface UserFilter {
  q: string;
  orgUnitCode?: string | undefined;
  status?: 'active' | 'disabled' | undefined;
  postCode?: string | undefined;
  roleKey?: string | undefined;
  lastLogin?: string | undefined;
  page: number;
  pageSize: number;
}

const DAY_MS = 86_400_000;
const VALID_AT = (alias: string, now: string) => `(${alias}.valid_from IS NULL OR ${alias}.valid_from <= ${now}) AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${now})`;

function whereOf(filter: UserFilter, now: Date): SqlConditions {
  const c = new SqlConditions();
  if (filter.q) {
    const like = c.param(containsPattern(filter.q));
    c.add(`(u.username ILIKE ${like} OR u.display_name ILIKE ${like})`);
  }
  // The unit and its subtree: the path itself or below it (never a sibling whose path merely starts alike).
  if (filter.orgUnitCode) c.addWith(`EXISTS (SELECT 1 FROM org_unit f WHERE f.code = ? AND (o.path = f.path OR starts_with(o.path, f.path || '/')))`, filter.orgUnitCode);
  if (filter.status) c.addWith('u.status = ?', filter.status);
  if (filter.postCode || filter.roleKey) {
    const at = c.param(now);
    if (filter.postCode) {
      c.add(`EXISTS (SELECT 1 FROM user_post fp WHERE fp.user_id = u.id AND fp.post_code = ${c.param(filter.postCode)} AND ${VALID_AT('fp', at)})`);
    }
    if (filter.roleKey) {
      const role = c.param(filter.roleKey);
      c.add(`(EXISTS (SELECT 1 FROM user_role fr WHERE fr.user_id = u.id AND fr.role_key = ${role} AND (fr.expires_at IS NULL OR fr.expires_at > ${at}))
              OR EXISTS (SELECT 1 FROM user_post rp JOIN post_role pr ON pr.post_code = rp.post_code WHERE rp.user_id = u.id AND pr.role_key = ${role} AND ${VALID_AT('rp', at)}))`);
    }
  }
  if (filter.lastLogin === 'never') c.add('u.last_login_at IS NULL');
  else if (filter.lastLogin) {
    const [kind, days] = filter.lastLogin.split(':');
    const since = new Date(now.getTime() - Number(days) * DAY_MS);
    if (kind === 'idle') c.addWith('(u.last_login_at IS NULL OR u.last_login_at < ?)', since);
    else c.addWith('u.last_login_at >= ?', since);
  }
  return c;
}

async function withPosts(db: Queryable, rows: UserRow[]): Promise<AdminUser[]> {
  const posts = await assignmentsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({
    ...r,
    roles: r.roles ?? [],
    posts: posts.filter((p) => p.userId === r.id),
    lastLoginAt: isoTime(r.lastLoginAt),
    createdAt: r.createdAt.toISOString(),
  }));
}

export async function listUsers(db: Queryable, filter: UserFilter, now: Date): Promise<{ items: AdminUser[]; total: number }> {
  const conditions = whereOf(filter, now);
  const { params } = conditions;
  const where = conditions.where();
  const from = 'FROM sys_user u JOIN org_unit o ON o.code = u.org_unit_code';
  const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n ${from} ${where}`, params);
  const rows = await db.query<UserRow>(
    `SELECT ${userColumns(params.length + 1)} ${from} ${where} ORDER BY o.path, u.username
     LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`,
    [...params, now],
  );
  return { items: await withPosts(db, rows), total: count?.n ?? 0 };
}

export async function getUser(db: Queryable, id: string, now: Date): Promise<AdminUser | undefined> {
  const rows = await db.query<UserRow>(`SELECT ${userColumns(1)} FROM sys_user u JOIN org_unit o ON o.code = u.org_unit_code WHERE u.id = $2`, [now, id]);
  return (await withPosts(db, rows))[0];
}
