import { randomUUID } from 'node:crypto';
// Every permission key from contracts (the one place that spells them, ADR 0026), one import per feature.
import { CUSTOMER_VIEW_PERMISSION, IAM_PERMISSION, STORE_PERMISSIONS, WF_MONITOR_VIEW, WF_PROCESS_MANAGE, WF_TASK_HANDLE } from '@wb/contracts';
import { YK_ACCEPT, YK_BOARD, YK_HANDLE, YK_VIEW } from '@wb/contracts/connection';
import { KF_OUTAGE_MANAGE, KF_PII_REVEAL, KF_SLA_MANAGE, KF_TICKET_ACCEPT, KF_TICKET_DISPATCH, KF_TICKET_HANDLE, KF_TICKET_REVISIT, KF_TICKET_SUPERVISE, KF_TICKET_VIEW } from '@wb/contracts/ticket';
import { DF_BILL_CALC, DF_BILL_VIEW, DF_ORDER_MANAGE, DF_PAY_COLLECT, DF_PAY_REVERSE, DF_PORTAL_MANAGE, DF_READING_ENTER } from '@wb/contracts/billing';
import { OPS_INDICATOR_MANAGE, OPS_INDICATOR_VIEW, OPS_KIOSK_VIEW } from '@wb/contracts/indicators';
import type { Db, Executor } from '@wb/server-kit';
import { createPasswordHasher } from '../identity/index.ts';
import { ORG_TREE, orgPath } from './org-tree.ts';

/** 岗位 of docs/glossary.md. */
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
  // Issue 12: the 供电所's repair crew takes dispatched 95598 repair tickets.
  { code: 'QX_REPAIR', name: '抢修员', category: 'REPAIR' },
  { code: 'MGR_VIEW', name: '管理人员', category: 'MANAGEMENT' },
];

/**
 * `zones`: where the permission may be used when no published manifest has said so yet (a publish of the app
 * sets them from its manifest, and the seed never overrides that). 系统管理 is intranet only from the start,
 * so an unbuilt or not yet published 系统管理 does not leave user administration open to the internet zone.
 */
export const PERMISSIONS: ReadonlyArray<{ key: string; name: string; type: string; appId: string | null; zones?: readonly string[]; parent?: string }> = [
  { key: '*', name: '全部权限', type: 'SYSTEM', appId: null },
  { key: CUSTOMER_VIEW_PERMISSION, name: '客户档案查询', type: 'APP', appId: 'customer-archive' },
  { key: IAM_PERMISSION, name: '系统管理', type: 'APP', appId: 'system-admin', zones: ['intranet'] },
  // App store (issue 4): the app-store micro-app declares these too; seeded so that roles can carry them.
  { key: STORE_PERMISSIONS.market, name: '应用市场', type: 'APP', appId: 'app-store' },
  { key: STORE_PERMISSIONS.manage, name: '应用管理', type: 'MENU', appId: 'app-store' },
  { key: STORE_PERMISSIONS.review, name: '应用审核', type: 'BUTTON', appId: 'app-store', parent: STORE_PERMISSIONS.manage },
  { key: STORE_PERMISSIONS.devOverride, name: '本地调试覆盖（仅开发模式）', type: 'API', appId: 'app-store' },
  // Unified workflow (issue 5): the inbox is the shell's, the definitions page is 系统管理's.
  { key: WF_TASK_HANDLE, name: '待办处理', type: 'API', appId: null },
  { key: WF_MONITOR_VIEW, name: '流程监控', type: 'API', appId: null },
  { key: WF_PROCESS_MANAGE, name: '流程定义管理', type: 'MENU', appId: 'system-admin', zones: ['intranet'] },
  // 业扩报装 (issue 5).
  { key: YK_VIEW, name: '业扩报装', type: 'APP', appId: 'new-connection' },
  { key: YK_ACCEPT, name: '业扩受理登记', type: 'BUTTON', appId: 'new-connection' },
  { key: YK_HANDLE, name: '业扩环节办理', type: 'BUTTON', appId: 'new-connection' },
  { key: YK_BOARD, name: '业扩在途看板', type: 'MENU', appId: 'new-connection' },
  // 95598 客服工单 (issue 12). Revealing phones and 证件号 is intranet only from the start.
  { key: KF_TICKET_VIEW, name: '客服工单', type: 'APP', appId: 'service-tickets' },
  { key: KF_TICKET_ACCEPT, name: '工单受理', type: 'BUTTON', appId: 'service-tickets' },
  { key: KF_TICKET_DISPATCH, name: '工单派单与审核', type: 'BUTTON', appId: 'service-tickets' },
  { key: KF_TICKET_HANDLE, name: '工单接单与处理', type: 'BUTTON', appId: 'service-tickets' },
  { key: KF_TICKET_REVISIT, name: '工单回访', type: 'BUTTON', appId: 'service-tickets' },
  { key: KF_TICKET_SUPERVISE, name: '工单督办', type: 'BUTTON', appId: 'service-tickets' },
  { key: KF_PII_REVEAL, name: '查看完整电话与证件号', type: 'API', appId: 'service-tickets', zones: ['intranet'] },
  { key: KF_OUTAGE_MANAGE, name: '停电信息维护', type: 'BUTTON', appId: 'service-tickets' },
  { key: KF_SLA_MANAGE, name: '工单时限配置', type: 'BUTTON', appId: 'service-tickets' },
  // 电费账务 (issue 13, ADR 0035). 冲正 is intranet only from the start.
  { key: DF_BILL_VIEW, name: '电费账务', type: 'APP', appId: 'billing' },
  { key: DF_READING_ENTER, name: '抄表示数录入', type: 'BUTTON', appId: 'billing' },
  { key: DF_BILL_CALC, name: '电费核算与发行', type: 'BUTTON', appId: 'billing' },
  { key: DF_PAY_COLLECT, name: '柜台收费', type: 'BUTTON', appId: 'billing' },
  { key: DF_PAY_REVERSE, name: '缴费冲正', type: 'BUTTON', appId: 'billing', zones: ['intranet'] },
  { key: DF_ORDER_MANAGE, name: '停电通知与停复电', type: 'BUTTON', appId: 'billing' },
  { key: DF_PORTAL_MANAGE, name: '掌上电力账户管理', type: 'BUTTON', appId: 'billing', zones: ['intranet'] },
  // 营销运营监测 (issue 15, ADR 0047).
  { key: OPS_INDICATOR_VIEW, name: '运营监测', type: 'APP', appId: 'ops-monitor' },
  { key: OPS_KIOSK_VIEW, name: '营业厅自助终端信息', type: 'APP', appId: 'ops-monitor' },
  { key: OPS_INDICATOR_MANAGE, name: '指标目标值与重算', type: 'BUTTON', appId: 'ops-monitor' },
];

export interface ScopeSeed {
  resourceType: string;
  scopeType: 'ALL' | 'ORG' | 'ORG_AND_CHILD' | 'CUSTOM_ORGS' | 'SELF' | 'ASSIGNED' | 'MY_TG';
  orgUnitCodes?: string[];
}

/** Posts of the 客户服务中心: they serve callers from the whole city. */
const CITY_WIDE_SERVICE_POSTS = ['KF_AGENT', 'KF_DISPATCH', 'KF_REVISIT'];

/** Roles and the permissions they carry; `posts` are the posts that confer the role. */
export const ROLES: ReadonlyArray<{ key: string; name: string; type: string; permissions: string[]; posts: string[]; scopes?: ScopeSeed[] }> = [
  // `*` is every permission and every data scope.
  { key: 'PLATFORM_ADMIN', name: '平台管理员', type: 'SYSTEM', permissions: ['*'], posts: [] },
  {
    key: 'CUST_VIEWER',
    name: '客户档案查询',
    type: 'BUSINESS',
    permissions: [CUSTOMER_VIEW_PERMISSION],
    // Everyone who works with customers looks them up: all posts of docs/glossary.md …
    posts: POSTS.map((p) => p.code),
    // … in the org unit where they hold the post and below: a 供电所 clerk sees that 供电所, a county
    // post its county, MGR_VIEW (held at the city company 33401) the whole city.
    scopes: [{ resourceType: 'cons', scopeType: 'ORG_AND_CHILD' }],
  },
  {
    key: 'KF_CITYWIDE',
    name: '客服中心全市客户范围',
    type: 'BUSINESS',
    permissions: [],
    // The 客户服务中心 (3340180) has no customers below it but answers the whole city's calls.
    posts: CITY_WIDE_SERVICE_POSTS,
    scopes: [
      { resourceType: 'cons', scopeType: 'CUSTOM_ORGS', orgUnitCodes: ['33401'] },
      // 回访 of new connections (KF_REVISIT) covers the whole city too.
      { resourceType: 'yk_apply', scopeType: 'CUSTOM_ORGS', orgUnitCodes: ['33401'] },
      // 95598 tickets of the whole city (issue 12): intake, dispatch, review and 回访 are the center's.
      { resourceType: 'ticket', scopeType: 'CUSTOM_ORGS', orgUnitCodes: ['33401'] },
    ],
  },
  {
    key: 'TQ_AREA',
    name: '台区经理负责台区',
    type: 'BUSINESS',
    permissions: [],
    // 台区 (transformer areas) data: a 台区经理 works on the areas assigned to them (user_tg).
    posts: ['TQ_MGR'],
    scopes: [{ resourceType: 'tg', scopeType: 'MY_TG' }],
  },
  // Issue 4: everybody browses the 应用市场; publishing and reviewing are separate roles (reviewer ≠ publisher).
  // Issue 9: store:app:manage is upload, submit and one's own catalogue; store:app:review also operates the store
  // (rollout, rollback, online/offline, visibility, post layouts). README "App store: who may do what", ADR 0016.
  { key: 'STORE_USER', name: '应用市场用户', type: 'BUSINESS', permissions: [STORE_PERMISSIONS.market], posts: POSTS.map((p) => p.code) },
  { key: 'APP_DEVELOPER', name: '应用开发者', type: 'SYSTEM', permissions: [STORE_PERMISSIONS.manage, STORE_PERMISSIONS.devOverride], posts: [] },
  { key: 'STORE_REVIEWER', name: '应用审核员', type: 'SYSTEM', permissions: [STORE_PERMISSIONS.manage, STORE_PERMISSIONS.review], posts: [] },
  // Issue 5: every post works an inbox; managers watch every process in their scope.
  { key: 'WF_HANDLER', name: '流程办理', type: 'BUSINESS', permissions: [WF_TASK_HANDLE], posts: POSTS.map((p) => p.code) },
  { key: 'WF_MONITOR', name: '流程监控', type: 'BUSINESS', permissions: [WF_MONITOR_VIEW], posts: ['MGR_VIEW'] },
  {
    key: 'YK_HANDLER',
    name: '业扩环节办理',
    type: 'BUSINESS',
    permissions: [YK_VIEW, YK_HANDLE],
    posts: ['YK_ACCEPT', 'YK_SURVEY', 'YK_SCHEME', 'YK_APPROVE', 'JL_INSTALL', 'KF_REVISIT'],
    scopes: [{ resourceType: 'yk_apply', scopeType: 'ORG_AND_CHILD' }],
  },
  { key: 'YK_ACCEPTOR', name: '业扩受理', type: 'BUSINESS', permissions: [YK_ACCEPT], posts: ['YK_ACCEPT'] },
  // Issue 12 (95598 客服工单, ADR 0029): the 客服中心 takes calls, dispatches, reviews and calls back (scope: the
  // whole city, KF_CITYWIDE above); a 供电所's 抢修员 and 台区经理 take and handle its own tickets; managers 督办.
  { key: 'KF_TICKET_AGENT', name: '95598 受理', type: 'BUSINESS', permissions: [KF_TICKET_VIEW, KF_TICKET_ACCEPT, KF_PII_REVEAL], posts: ['KF_AGENT'] },
  {
    key: 'KF_TICKET_DISPATCHER',
    name: '95598 派单与审核',
    type: 'BUSINESS',
    permissions: [KF_TICKET_VIEW, KF_TICKET_DISPATCH, KF_OUTAGE_MANAGE, KF_PII_REVEAL],
    posts: ['KF_DISPATCH'],
  },
  { key: 'KF_TICKET_REVISITOR', name: '95598 回访', type: 'BUSINESS', permissions: [KF_TICKET_VIEW, KF_TICKET_REVISIT, KF_PII_REVEAL], posts: ['KF_REVISIT'] },
  {
    key: 'KF_TICKET_UNIT',
    name: '供电所工单处理',
    type: 'BUSINESS',
    permissions: [KF_TICKET_VIEW, KF_TICKET_HANDLE, KF_PII_REVEAL],
    posts: ['QX_REPAIR', 'TQ_MGR'],
    scopes: [{ resourceType: 'ticket', scopeType: 'ORG' }],
  },
  {
    key: 'KF_TICKET_SUPERVISOR',
    name: '95598 工单督办',
    type: 'BUSINESS',
    permissions: [KF_TICKET_VIEW, KF_TICKET_SUPERVISE, KF_SLA_MANAGE],
    posts: ['MGR_VIEW'],
    scopes: [{ resourceType: 'ticket', scopeType: 'ORG_AND_CHILD' }],
  },
  // Issue 13 (电费账务, ADR 0035): 抄表员, 核算员 and 收费催费员 work the customers of their unit and below (`bill`
  // scope); the 台区经理 carries out 停电/复电 in their 供电所; managers watch and approve 冲正 (a second person).
  { key: 'DF_READER', name: '电费抄表', type: 'BUSINESS', permissions: [DF_BILL_VIEW, DF_READING_ENTER], posts: ['DF_READ'], scopes: [{ resourceType: 'bill', scopeType: 'ORG_AND_CHILD' }] },
  { key: 'DF_CALCULATOR', name: '电费核算发行', type: 'BUSINESS', permissions: [DF_BILL_VIEW, DF_BILL_CALC], posts: ['DF_CALC'], scopes: [{ resourceType: 'bill', scopeType: 'ORG_AND_CHILD' }] },
  {
    key: 'DF_COLLECTOR',
    name: '电费收费催费',
    type: 'BUSINESS',
    permissions: [DF_BILL_VIEW, DF_PAY_COLLECT, DF_PAY_REVERSE, DF_ORDER_MANAGE],
    posts: ['DF_COLLECT'],
    scopes: [{ resourceType: 'bill', scopeType: 'ORG_AND_CHILD' }],
  },
  { key: 'DF_TQ', name: '台区停复电', type: 'BUSINESS', permissions: [DF_BILL_VIEW, DF_ORDER_MANAGE], posts: ['TQ_MGR'], scopes: [{ resourceType: 'bill', scopeType: 'ORG' }] },
  { key: 'DF_SUPERVISOR', name: '电费监控与冲正复核', type: 'BUSINESS', permissions: [DF_BILL_VIEW, DF_PAY_REVERSE], posts: ['MGR_VIEW'], scopes: [{ resourceType: 'bill', scopeType: 'ORG_AND_CHILD' }] },
  // Issue 15: managers watch the indicators of their unit and below (`ind` scope); targets are the administrator's.
  { key: 'OPS_MONITOR', name: '运营监测', type: 'BUSINESS', permissions: [OPS_INDICATOR_VIEW], posts: ['MGR_VIEW'], scopes: [{ resourceType: 'ind', scopeType: 'ORG_AND_CHILD' }] },
  // The 营业厅's self-service terminal (kiosk channel, ADR 0061): public information for customers, nothing else.
  { key: 'KIOSK_TERMINAL', name: '营业厅自助终端', type: 'BUSINESS', permissions: [OPS_KIOSK_VIEW], posts: [] },
  {
    key: 'YK_SUPERVISOR',
    name: '业扩在途监控',
    type: 'BUSINESS',
    permissions: [YK_VIEW, YK_BOARD],
    posts: ['MGR_VIEW', 'YK_APPROVE'],
    scopes: [{ resourceType: 'yk_apply', scopeType: 'ORG_AND_CHILD' }],
  },
];

export interface DemoAccount {
  username: string;
  displayName: string;
  orgUnitCode: string;
  post?: string;
  role?: string;
  /** Further posts (兼岗), each in an org unit. */
  morePosts?: ReadonlyArray<{ post: string; orgUnitCode: string }>;
  /** 台区 the user is responsible for (TQ_MGR, MY_TG scope). */
  tgIds?: readonly string[];
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

/** Staff for every post of docs/glossary.md (issue 3), seeded with the demo accounts and the same password. */
export const STAFF_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'kf02', displayName: '陈静', orgUnitCode: '3340180', post: 'KF_DISPATCH', description: '派单员（江州客户服务中心）' },
  { username: 'kf03', displayName: '刘芳', orgUnitCode: '3340180', post: 'KF_REVISIT', description: '回访员（江州客户服务中心）' },
  { username: 'yk02', displayName: '杨帆', orgUnitCode: '334010101', post: 'YK_SURVEY', description: '勘查员（江北城关供电所）' },
  { username: 'yk03', displayName: '黄志明', orgUnitCode: '3340101', post: 'YK_SCHEME', description: '方案编制（江北县供电公司）' },
  { username: 'yk04', displayName: '周立新', orgUnitCode: '3340101', post: 'YK_APPROVE', description: '方案审批（江北县供电公司）' },
  { username: 'jl01', displayName: '吴海涛', orgUnitCode: '334010101', post: 'JL_INSTALL', description: '装表接电（江北城关供电所）' },
  { username: 'df01', displayName: '徐丽娟', orgUnitCode: '334010102', post: 'DF_READ', description: '抄表员（江北河口供电所）' },
  { username: 'df02', displayName: '孙伟', orgUnitCode: '3340102', post: 'DF_CALC', description: '核算员（临川县供电公司）' },
  { username: 'df03', displayName: '马晓燕', orgUnitCode: '334010201', post: 'DF_COLLECT', description: '收费催费员（临川城区供电所）' },
  {
    username: 'tq01',
    displayName: '朱国庆',
    orgUnitCode: '334010101',
    post: 'TQ_MGR',
    tgIds: ['33401010100001', '33401010100002', '33401010100003'],
    description: '台区经理（江北城关供电所，负责 3 个台区）',
  },
  {
    username: 'multi01',
    displayName: '胡建华',
    orgUnitCode: '334010101',
    post: 'YK_ACCEPT',
    morePosts: [{ post: 'YK_SURVEY', orgUnitCode: '334010102' }],
    description: '兼岗：业扩受理员（江北城关供电所）与勘查员（江北河口供电所），可切换岗位',
  },
  { username: 'dev01', displayName: '郑开发', orgUnitCode: '33401', role: 'APP_DEVELOPER', description: '应用开发者：上传与提交微应用，开发模式下可本地调试覆盖' },
  { username: 'rev01', displayName: '钱审核', orgUnitCode: '33401', role: 'STORE_REVIEWER', description: '应用审核员：审核、灰度、回滚与下线微应用' },
  { username: 'zd01', displayName: '营业厅自助终端', orgUnitCode: '3340181', role: 'KIOSK_TERMINAL', description: '自助终端（江州供电营业厅）：在 /kiosk/ 登录后向客户展示停电信息、电价与业扩进度查询' },
  { username: 'ld01', displayName: '冯所长', orgUnitCode: '334010101', post: 'MGR_VIEW', description: '江北城关供电所所长：流程超期升级的接收人' },
  { username: 'qx01', displayName: '蒋国栋', orgUnitCode: '334010101', post: 'QX_REPAIR', description: '抢修员（江北城关供电所）：95598 故障报修接单、到达、回单' },
  { username: 'qx02', displayName: '韩志刚', orgUnitCode: '334010201', post: 'QX_REPAIR', description: '抢修员（临川城区供电所）' },
  {
    username: 'tq02',
    displayName: '彭建军',
    orgUnitCode: '334010201',
    post: 'TQ_MGR',
    tgIds: ['33401020100001', '33401020100002'],
    description: '台区经理（临川城区供电所）：95598 联合办理的协办单位，接单、处理回单',
  },
];

/** Every seeded account: the demo accounts of issue 2, then the staff. */
export const SEEDED_ACCOUNTS: readonly DemoAccount[] = [...DEMO_ACCOUNTS, ...STAFF_ACCOUNTS];

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

/**
 * One statement per table, the rows as one JSON parameter (as customers.ts does). Row by row, the catalogue and
 * the demo accounts took a few hundred statements, paid again by every server test's database (issue 18); the
 * rows are the same, inserted in the same order.
 */
const json = (rows: readonly object[]): string => JSON.stringify(rows);

async function seedCatalogue(tx: Executor): Promise<void> {
  await tx.query(
    `INSERT INTO org_unit (code, name, type, parent_code, path, sort_no)
     SELECT code, name, type, parent, path, "sortNo" FROM json_to_recordset($1::json)
       AS r(code text, name text, type text, parent text, path text, "sortNo" int)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, parent_code = EXCLUDED.parent_code,
       path = EXCLUDED.path, sort_no = EXCLUDED.sort_no`,
    [json(ORG_TREE.map((org, i) => ({ code: org.code, name: org.name, type: org.type, parent: org.parent ?? null, path: orgPath(org.code), sortNo: i })))],
  );
  await tx.query(
    `INSERT INTO post (code, name, category) SELECT code, name, category FROM json_to_recordset($1::json) AS r(code text, name text, category text)
     ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category`,
    [json(POSTS)],
  );
  await tx.query(
    `INSERT INTO permission (key, name, type, app_id, allowed_zones, parent_key)
     SELECT key, name, type, "appId", zones, parent FROM json_to_recordset($1::json)
       AS r(key text, name text, type text, "appId" text, zones text[], parent text)
     ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, app_id = EXCLUDED.app_id,
       allowed_zones = COALESCE(permission.allowed_zones, EXCLUDED.allowed_zones), parent_key = EXCLUDED.parent_key`,
    [json(PERMISSIONS.map((p) => ({ key: p.key, name: p.name, type: p.type, appId: p.appId, zones: p.zones ?? null, parent: p.parent ?? null })))],
  );
  await tx.query(
    `INSERT INTO role (key, name, type) SELECT key, name, type FROM json_to_recordset($1::json) AS r(key text, name text, type text)
     ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type`,
    [json(ROLES.map((role) => ({ key: role.key, name: role.name, type: role.type })))],
  );
  const rolePermissions = ROLES.flatMap((role) => role.permissions.map((permission) => ({ role: role.key, permission })));
  if (rolePermissions.length > 0) {
    await tx.query(
      `INSERT INTO role_permission (role_key, permission_key) SELECT role, permission FROM json_to_recordset($1::json) AS r(role text, permission text)
       ON CONFLICT DO NOTHING`,
      [json(rolePermissions)],
    );
  }
  const postRoles = ROLES.flatMap((role) => role.posts.map((post) => ({ post, role: role.key })));
  if (postRoles.length > 0) {
    await tx.query(
      'INSERT INTO post_role (post_code, role_key) SELECT post, role FROM json_to_recordset($1::json) AS r(post text, role text) ON CONFLICT DO NOTHING',
      [json(postRoles)],
    );
  }
  await seedScopes(tx);
}

/** Data-scope rules of the roles (upserted), then their org units (CUSTOM_ORGS). */
async function seedScopes(tx: Executor): Promise<void> {
  const scopes = ROLES.flatMap((role) => (role.scopes ?? []).map((scope) => ({ role: role.key, scope })));
  if (scopes.length === 0) return;
  await tx.query(
    `INSERT INTO data_scope_rule (role_key, resource_type, scope_type)
     SELECT role, "resourceType", "scopeType" FROM json_to_recordset($1::json) AS r(role text, "resourceType" text, "scopeType" text)
     ON CONFLICT (role_key, resource_type) DO UPDATE SET scope_type = EXCLUDED.scope_type`,
    [json(scopes.map(({ role, scope }) => ({ role, resourceType: scope.resourceType, scopeType: scope.scopeType })))],
  );
  const orgs = scopes.flatMap(({ role, scope }) => (scope.orgUnitCodes ?? []).map((org) => ({ role, resourceType: scope.resourceType, org })));
  if (orgs.length === 0) return;
  await tx.query(
    `INSERT INTO data_scope_org (rule_id, org_unit_code)
     SELECT rule.id, r.org FROM json_to_recordset($1::json) AS r(role text, "resourceType" text, org text)
       JOIN data_scope_rule rule ON rule.role_key = r.role AND rule.resource_type = r."resourceType"
     ON CONFLICT DO NOTHING`,
    [json(orgs)],
  );
}

/** Inserts the missing demo accounts with their post or role; existing accounts are left as they are. */
async function seedDemoUsers(tx: Executor, passwordHash: string): Promise<string[]> {
  const ids = new Map(SEEDED_ACCOUNTS.map((account) => [account.username, randomUUID()]));
  const inserted = await tx.query<{ username: string }>(
    `INSERT INTO sys_user (id, username, display_name, password_hash, org_unit_code, password_updated_at)
     SELECT id, username, "displayName", $2::text, "orgUnitCode", now() FROM json_to_recordset($1::json)
       AS r(id text, username text, "displayName" text, "orgUnitCode" text)
     ON CONFLICT (username) DO NOTHING RETURNING username`,
    [json(SEEDED_ACCOUNTS.map((a) => ({ id: ids.get(a.username), username: a.username, displayName: a.displayName, orgUnitCode: a.orgUnitCode }))), passwordHash],
  );
  const createdNames = new Set(inserted.map((row) => row.username));
  const created = SEEDED_ACCOUNTS.filter((account) => createdNames.has(account.username));
  const userId = (account: DemoAccount): string => ids.get(account.username)!;
  const posts = created.flatMap((account) => [
    ...(account.post ? [{ user: userId(account), post: account.post, org: account.orgUnitCode, primary: true, concurrent: false }] : []),
    ...(account.morePosts ?? []).map((more) => ({ user: userId(account), post: more.post, org: more.orgUnitCode, primary: false, concurrent: true })),
  ]);
  if (posts.length > 0) {
    await tx.query(
      `INSERT INTO user_post (user_id, post_code, org_unit_code, is_primary, is_concurrent, granted_by)
       SELECT "user", post, org, "primary", concurrent, 'seed' FROM json_to_recordset($1::json)
         AS r("user" text, post text, org text, "primary" boolean, concurrent boolean)`,
      [json(posts)],
    );
  }
  const tgs = created.flatMap((account) => (account.tgIds ?? []).map((tg) => ({ user: userId(account), tg })));
  if (tgs.length > 0) {
    await tx.query('INSERT INTO user_tg (user_id, tg_id) SELECT "user", tg FROM json_to_recordset($1::json) AS r("user" text, tg text)', [json(tgs)]);
  }
  const roles = created.flatMap((account) => (account.role ? [{ user: userId(account), role: account.role }] : []));
  if (roles.length > 0) {
    await tx.query(
      `INSERT INTO user_role (user_id, role_key, granted_by) SELECT "user", role, 'seed' FROM json_to_recordset($1::json) AS r("user" text, role text)`,
      [json(roles)],
    );
  }
  return created.map((account) => account.username);
}

/**
 * Idempotent: org tree, posts, roles, permissions and their links are upserted; demo accounts (when `demo`)
 * are created if missing. One transaction, so a crash leaves nothing half-seeded. Needs identityMigrations.
 */
export async function seedIdentity(db: Db, options: SeedIdentityOptions): Promise<SeedIdentityResult> {
  const existing = await db.query<{ username: string }>('SELECT username FROM sys_user WHERE username = ANY($1)', [
    SEEDED_ACCOUNTS.map((a) => a.username),
  ]);
  const missing = options.demo && existing.length < SEEDED_ACCOUNTS.length;
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
