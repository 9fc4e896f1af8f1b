import { randomUUID } from 'node:crypto';
import type { Db, Executor } from '@wb/server-kit';
import { createPasswordHasher } from '../identity/password.ts';
import { ORG_TREE, orgPath } from './org-tree.ts';

/** 岗位 of DOMAIN.md. */
export const POSTS: ReadonlyArray<{ code: string; name: string; category: string }> = [
  { code: 'KF_AGENT', name: '客服代表', category: 'CUSTOMER_SERVICE' },
  { code: 'KF_DISPATCH', name: '派单员', category: 'CUSTOMER_SERVICE' },
  { code: 'KF_REVISIT', name: '回访员', category: 'CUSTOMER_SERVICE' },
  { code: 'YK_ACCEPT', name: '业扩受理员', category: 'CONNECTION' },
  { code: 'YK_SURVEY', name: '勘查员', category: 'CONNECTION' },
  { code: 'YK_SCHEME', name: '方案编制', category: 'CONNECTION' },
  { code: 'YK_APPROVE', name: '方案审批', category: 'CONNECTION' },
  { code: 'JL_INSTALL', name: '装表接电', category: 'METERING' },
  { code: 'DF_READ', name: '抄表员', category: 'BILLING' },
  { code: 'DF_CALC', name: '核算员', category: 'BILLING' },
  { code: 'DF_COLLECT', name: '收费催费员', category: 'BILLING' },
  { code: 'TQ_MGR', name: '台区经理', category: 'INSPECTION' },
  { code: 'MGR_VIEW', name: '管理人员', category: 'MANAGEMENT' },
];

export const PERMISSIONS: ReadonlyArray<{ key: string; name: string; type: string; appId: string | null }> = [
  { key: '*', name: '全部权限', type: 'SYSTEM', appId: null },
  { key: 'cust:archive:view', name: '客户档案查询', type: 'APP', appId: 'customer-archive' },
];

/** Roles and the permissions they carry; `posts` are the posts that confer the role. */
export const ROLES: ReadonlyArray<{ key: string; name: string; type: string; permissions: string[]; posts: string[] }> = [
  { key: 'PLATFORM_ADMIN', name: '平台管理员', type: 'SYSTEM', permissions: ['*'], posts: [] },
  {
    key: 'CUST_VIEWER',
    name: '客户档案查询',
    type: 'BUSINESS',
    permissions: ['cust:archive:view'],
    // Everyone who works with customers looks them up: all posts of DOMAIN.md.
    posts: POSTS.map((p) => p.code),
  },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  orgUnitCode: string;
  post?: string;
  role?: string;
  /** What the account is for (README). */
  description: string;
}

/** Demo accounts (issue 2), seeded only in demo mode; all share DEMO_PASSWORD. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'admin', displayName: '平台管理员', orgUnitCode: '33401', role: 'PLATFORM_ADMIN', description: '平台管理员，拥有全部权限' },
  { username: 'kf01', displayName: '张敏', orgUnitCode: '3340180', post: 'KF_AGENT', description: '客服代表（江州客户服务中心）' },
  { username: 'yk01', displayName: '李强', orgUnitCode: '334010101', post: 'YK_ACCEPT', description: '业扩受理员（江北城关供电所）' },
  { username: 'mgr01', displayName: '王建国', orgUnitCode: '33401', post: 'MGR_VIEW', description: '管理人员（国网江州供电公司）' },
  { username: 'guest01', displayName: '赵晓雨', orgUnitCode: '3340181', description: '无任何业务权限的员工（江州供电营业厅）' },
];

export interface SeedIdentityOptions {
  demoPassword: string;
  /** Create the demo accounts (embedded/demo mode only). */
  demo: boolean;
  /** scrypt cost of the demo password hash. Tests only; default 2^17. */
  scryptN?: number | undefined;
}

export interface SeedIdentityResult {
  /** Demo accounts created by this call (empty when they existed already or demo is off). */
  createdUsers: string[];
}

async function seedCatalogue(tx: Executor): Promise<void> {
  for (const [i, org] of ORG_TREE.entries()) {
    await tx.query(
      `INSERT INTO org_unit (code, name, type, parent_code, path, sort_no) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, parent_code = EXCLUDED.parent_code,
         path = EXCLUDED.path, sort_no = EXCLUDED.sort_no`,
      [org.code, org.name, org.type, org.parent ?? null, orgPath(org.code), i],
    );
  }
  for (const post of POSTS) {
    await tx.query(
      'INSERT INTO post (code, name, category) VALUES ($1, $2, $3) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category',
      [post.code, post.name, post.category],
    );
  }
  for (const p of PERMISSIONS) {
    await tx.query(
      'INSERT INTO permission (key, name, type, app_id) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, app_id = EXCLUDED.app_id',
      [p.key, p.name, p.type, p.appId],
    );
  }
  for (const role of ROLES) {
    await tx.query(
      'INSERT INTO role (key, name, type) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type',
      [role.key, role.name, role.type],
    );
    for (const permission of role.permissions) {
      await tx.query('INSERT INTO role_permission (role_key, permission_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [role.key, permission]);
    }
    for (const post of role.posts) {
      await tx.query('INSERT INTO post_role (post_code, role_key) VALUES ($1, $2) ON CONFLICT DO NOTHING', [post, role.key]);
    }
  }
}

/** Inserts the missing demo accounts with their post or role; existing accounts are left as they are. */
async function seedDemoUsers(tx: Executor, passwordHash: string): Promise<string[]> {
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO sys_user (id, username, display_name, password_hash, org_unit_code, password_updated_at)
       VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (username) DO NOTHING RETURNING id`,
      [randomUUID(), account.username, account.displayName, passwordHash, account.orgUnitCode],
    );
    if (!row) continue;
    created.push(account.username);
    if (account.post) {
      await tx.query(
        'INSERT INTO user_post (user_id, post_code, org_unit_code, is_primary, granted_by) VALUES ($1, $2, $3, true, $4)',
        [row.id, account.post, account.orgUnitCode, 'seed'],
      );
    }
    if (account.role) {
      await tx.query('INSERT INTO user_role (user_id, role_key, granted_by) VALUES ($1, $2, $3)', [row.id, account.role, 'seed']);
    }
  }
  return created;
}

/**
 * Idempotent: org tree, posts, roles, permissions and their links are upserted; demo accounts (when `demo`)
 * are created if missing. One transaction, so a crash leaves nothing half-seeded. Needs identityMigrations.
 */
export async function seedIdentity(db: Db, options: SeedIdentityOptions): Promise<SeedIdentityResult> {
  const existing = await db.query<{ username: string }>('SELECT username FROM sys_user WHERE username = ANY($1)', [
    DEMO_ACCOUNTS.map((a) => a.username),
  ]);
  const missing = options.demo && existing.length < DEMO_ACCOUNTS.length;
  // scrypt at N=2^17 costs ~0.3 s: hash the shared demo password once, outside the transaction.
  const passwordHash = missing ? await createPasswordHasher({ scryptN: options.scryptN }).hash(options.demoPassword) : null;
  return db.transaction(async (tx) => {
    await seedCatalogue(tx);
    return { createdUsers: passwordHash ? await seedDemoUsers(tx, passwordHash) : [] };
  });
}

/** True when no user exists yet: the server seeds on first start only. */
export async function isIdentityEmpty(db: Db): Promise<boolean> {
  const [row] = await db.query<{ n: number }>('SELECT count(*) AS n FROM sys_user');
  return (row?.n ?? 0) === 0;
}
