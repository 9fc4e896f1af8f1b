import type { AccessAlert, AdminUser, AuditEntry, OrgUnit, PermissionNode, PostAssignment, Role } from '@wb/contracts';
import type { ImportJob } from '@wb/contracts/iam-admin';
import { MOCK_ORG_ROWS } from '../org-tree.ts';

/** A post of the catalogue (docs/glossary.md "Posts"), as `GET /posts` answers it. */
export interface PostOption {
  code: string;
  name: string;
  category: string | null;
  status: 'active' | 'disabled';
}

/** A role as the iam service stores it: the contract's role plus its optimistic-concurrency version. */
export type VersionedRole = Role & { version: number };

/** The in-memory state of the iam mock; each `createIamDataset()` call returns a fresh, independent copy. */
export interface IamDataset {
  orgUnits: OrgUnit[];
  posts: PostOption[];
  users: AdminUser[];
  roles: VersionedRole[];
  permissions: PermissionNode[];
  audit: AuditEntry[];
  alerts: AccessAlert[];
  /** Bulk imports (`POST /imports`), newest last; one runs at a time. */
  imports: ImportJob[];
}

const post = (code: string, name: string, category: string): PostOption => ({ code, name, category, status: 'active' });

/** The seed's posts (services/src/seed/identity.ts, a subset), in the service's order: by category, then code. */
export const POST_CATALOGUE: readonly PostOption[] = [
  post('DF_CALC', '核算员', 'BILLING'),
  post('YK_ACCEPT', '业扩受理员', 'CONNECTION'),
  post('YK_SURVEY', '勘查员', 'CONNECTION'),
  post('KF_AGENT', '客服代表', 'CUSTOMER_SERVICE'),
  post('KF_DISPATCH', '派单员', 'CUSTOMER_SERVICE'),
  post('KF_REVISIT', '回访员', 'CUSTOMER_SERVICE'),
  post('TQ_MGR', '台区经理', 'INSPECTION'),
  post('MGR_VIEW', '管理人员', 'MANAGEMENT'),
];

function buildOrgUnits(): OrgUnit[] {
  const byCode = new Map<string, OrgUnit>();
  for (const [code, name, type, parentCode] of MOCK_ORG_ROWS) {
    const parentPath = parentCode ? (byCode.get(parentCode)?.path ?? '') : '';
    byCode.set(code, { code, name, type, parentCode, path: `${parentPath}/${code}`, status: 'active' });
  }
  return [...byCode.values()];
}

function assignment(id: string, userId: string, postCode: string, org: OrgUnit, primary: boolean): PostAssignment {
  return {
    id,
    userId,
    postCode,
    postName: POST_CATALOGUE.find((p) => p.code === postCode)?.name ?? postCode,
    orgUnitCode: org.code,
    orgUnitName: org.name,
    validFrom: '2025-12-31T16:00:00.000Z',
    validTo: null,
    acting: false,
    concurrent: !primary,
    primary,
  };
}

/**
 * The demo accounts. Ids are uuids as the service gives them (its bulk actions take uuids only); a post is held by
 * the assignment id after its code.
 */
function buildUsers(orgs: OrgUnit[]): AdminUser[] {
  const org = (code: string): OrgUnit => orgs.find((o) => o.code === code)!;
  const rows: ReadonlyArray<[id: string, username: string, name: string, orgCode: string, posts: Array<[code: string, id: string]>, roles: string[]]> = [
    ['0f8fad5b-d9cb-469f-a165-70867728950e', 'admin', '系统管理员', '33401', [], ['PLATFORM_ADMIN']],
    ['7c9e6679-7425-40de-944b-e07fc1f90ae7', 'kf01', '林晓敏', '3340180', [['KF_AGENT', '9a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c01']], ['CUST_VIEWER']],
    ['1b4e28ba-2fa1-41d2-883f-0016d3cca427', 'yk01', '周建国', '334010101', [['YK_ACCEPT', '9a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c02']], ['CUST_VIEWER']],
    ['6fa459ea-ee8a-4ca4-894e-db77e160355e', 'mgr01', '陈立华', '33401', [['MGR_VIEW', '9a7b3c1d-2e4f-4a6b-8c9d-0e1f2a3b4c03']], ['CUST_VIEWER']],
    ['16fd2706-8baf-433b-82eb-8c7fada847da', 'guest01', '访客', '3340181', [], []],
  ];
  return rows.map(([id, username, displayName, orgCode, posts, roles], index) => ({
    id,
    username,
    displayName,
    orgUnitCode: orgCode,
    orgUnitName: org(orgCode).name,
    status: 'active',
    mustChangePassword: false,
    roles,
    posts: posts.map(([code, assignmentId], i) => assignment(assignmentId, id, code, org(orgCode), i === 0)),
    activeSessions: index === 0 ? 1 : index % 2,
    lastLoginAt: index === 4 ? null : `2026-11-2${index}T0${index + 1}:30:00.000Z`,
    createdAt: '2026-01-01T00:00:00.000Z',
  }));
}

function node(key: string, name: string, type: PermissionNode['type'], appId: string, parentKey: string | null): PermissionNode {
  return { key, name, type, appId, parentKey, requiredPosts: [], zones: null, channels: null, dependsOn: [] };
}

function buildPermissions(): PermissionNode[] {
  return [
    node('cust:archive:view', '客户档案查询', 'APP', 'customer-archive', null),
    { ...node('cust:archive:export', '导出客户档案', 'BUTTON', 'customer-archive', 'cust:archive:view'), requiredPosts: ['MGR_VIEW'] },
    node('sys:admin:manage', '系统管理', 'APP', 'system-admin', null),
    { ...node('sys:admin:audit', '审计日志', 'MENU', 'system-admin', 'sys:admin:manage'), zones: ['intranet'] },
    node('sys:admin:audit:api', '审计查询接口', 'API', 'system-admin', 'sys:admin:audit'),
  ];
}

function buildRoles(): VersionedRole[] {
  return [
    {
      key: 'CUST_VIEWER',
      name: '客户档案查询',
      type: 'BUSINESS',
      appId: null,
      status: 'active',
      permissions: ['cust:archive:view'],
      dataScopes: [{ resourceType: 'cons', scopeType: 'ORG_AND_CHILD', orgUnitCodes: [] }],
      conferredByPosts: ['KF_AGENT', 'YK_ACCEPT', 'MGR_VIEW'],
      version: 1,
    },
    {
      key: 'PLATFORM_ADMIN',
      name: '平台管理员',
      type: 'SYSTEM',
      appId: null,
      status: 'active',
      permissions: ['sys:admin:manage', 'sys:admin:audit', 'sys:admin:audit:api', 'cust:archive:view'],
      dataScopes: [{ resourceType: 'cons', scopeType: 'ALL', orgUnitCodes: [] }],
      conferredByPosts: [],
      version: 1,
    },
  ];
}

function buildAudit(): AuditEntry[] {
  const rows: ReadonlyArray<[string, string | null, string, string | null, AuditEntry['result'], string, AuditEntry['zone']]> = [
    ['2026-11-27T01:00:00.000Z', 'admin', 'identity.login', null, 'success', '10.20.1.5', 'intranet'],
    ['2026-11-27T01:05:00.000Z', 'admin', 'iam.user.create', 'kf02', 'success', '10.20.1.5', 'intranet'],
    ['2026-11-27T02:10:00.000Z', 'kf01', 'identity.login', null, 'failure', '10.20.3.7', 'intranet'],
    ['2026-11-27T02:11:00.000Z', 'kf01', 'identity.login', null, 'failure', '10.20.3.7', 'intranet'],
    ['2026-11-27T03:00:00.000Z', 'guest01', 'access.denied', 'GET /api/svc/customer/v1/customers', 'denied', '203.0.113.9', 'internet'],
    ['2026-11-27T04:00:00.000Z', 'admin', 'iam.role.grants', 'CUST_VIEWER', 'success', '10.20.1.5', 'intranet'],
  ];
  return rows.map(([at, actor, action, target, result, ip, zone], i) => ({
    id: `a-${i + 1}`,
    at,
    actor,
    action,
    target,
    result,
    ip,
    zone,
    detail: { requestId: `req-${i + 1}` },
  }));
}

function buildAlerts(): AccessAlert[] {
  return [
    { kind: 'failed-login', by: 'user', key: 'kf01', count: 2, firstAt: '2026-11-27T02:10:00.000Z', lastAt: '2026-11-27T02:11:00.000Z' },
    { kind: 'failed-login', by: 'address', key: '10.20.3.7', count: 2, firstAt: '2026-11-27T02:10:00.000Z', lastAt: '2026-11-27T02:11:00.000Z' },
    { kind: 'forbidden', by: 'user', key: 'guest01', count: 7, firstAt: '2026-11-27T03:00:00.000Z', lastAt: '2026-11-27T03:02:00.000Z' },
    { kind: 'forbidden', by: 'address', key: '203.0.113.9', count: 7, firstAt: '2026-11-27T03:00:00.000Z', lastAt: '2026-11-27T03:02:00.000Z' },
  ];
}

/** The seeded iam data: the org tree of docs/glossary.md, the demo accounts, two roles, a few audit entries and alerts. */
export function createIamDataset(): IamDataset {
  const orgUnits = buildOrgUnits();
  return {
    orgUnits,
    posts: POST_CATALOGUE.map((p) => ({ ...p })),
    users: buildUsers(orgUnits),
    roles: buildRoles(),
    permissions: buildPermissions(),
    audit: buildAudit(),
    alerts: buildAlerts(),
    imports: [],
  };
}
