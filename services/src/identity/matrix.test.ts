/**
 * docs/quality.md S2: the role × endpoint matrix, table-driven. Every non-public route of the app (the S1 route
 * inventory) × {anonymous, guest01, kf01, yk01, mgr01, admin} → 401 / 403 / 2xx as the route's declared
 * access and the user's grants say. A route missing from CASES fails the test: add it on purpose.
 * HEAD routes reuse their GET case.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { zipSync } from 'fflate';
import { testDbKinds } from '@wb/server-kit/testing';
import { createConnectionTestApp, residentApplication, walkFixtures, type WalkFixtures } from '../connection/testing.ts';
import { OPEN_ACCESS, makeBundle } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';

type User = 'anonymous' | 'guest01' | 'kf01' | 'yk01' | 'mgr01' | 'admin';
const USERS: readonly User[] = ['anonymous', 'guest01', 'kf01', 'yk01', 'mgr01', 'admin'];

/** What each demo account is granted (seed): the expectation of the matrix. */
const GRANTED: Record<Exclude<User, 'anonymous'>, readonly string[]> = {
  guest01: [],
  kf01: ['cust:archive:view', 'kf:pii:reveal', 'kf:ticket:accept', 'kf:ticket:view', 'store:market:use', 'wf:task:handle'],
  yk01: ['cust:archive:view', 'store:market:use', 'wf:task:handle', 'yk:apply:accept', 'yk:apply:handle', 'yk:apply:view'],
  mgr01: ['cust:archive:view', 'df:bill:view', 'df:pay:reverse', 'kf:sla:manage', 'kf:ticket:supervise', 'kf:ticket:view', 'ops:indicator:view', 'store:market:use', 'wf:monitor:view', 'wf:task:handle', 'yk:apply:view', 'yk:board:view'],
  admin: ['*'],
};

/** The post each account holds (for the post switch). */
const HELD_POST: Partial<Record<User, { postCode: string; orgUnitCode: string }>> = {
  kf01: { postCode: 'KF_AGENT', orgUnitCode: '3340180' },
  yk01: { postCode: 'YK_ACCEPT', orgUnitCode: '334010101' },
  mgr01: { postCode: 'MGR_VIEW', orgUnitCode: '33401' },
};

/** The walk's rows (the customer is inside every customer viewer's scope; the application waits at 勘查). */
interface Fixtures extends WalkFixtures {
  t: TestApp;
  seq(): number;
}

interface Case {
  url(f: Fixtures): string | Promise<string>;
  payload?(f: Fixtures, user: User): unknown;
  headers?(f: Fixtures): Promise<Record<string, string>>;
  /** Status for a user the access layer lets through; default: any 2xx. */
  passed?(user: User): number;
}

const IAM = '/api/svc/iam/v1';
const STORE = '/api/svc/appstore/v1';
const WF = '/api/svc/workflow/v1';
const YK = '/api/svc/connection/v1';
const KF = '/api/svc/ticket/v1';
const DF = '/api/svc/billing/v1';
const CPS = '/api/svc/customer-portal/v1';
const IND = '/api/svc/indicators/v1';
/** No such ticket: whoever passes the access layer gets 404 (the operation parses the body first, so bodies are valid). */
const NO_TICKET = `${KF}/tickets/2026000000999999`;
const KF_STEPS: Record<string, unknown> = { dispatch: {}, accept: {}, arrive: {}, handle: { result: '矩阵' }, review: { outcome: 'pass' }, revisit: { outcome: 'SATISFIED' } };
/** guest01 and kf01 (客服中心) do not see the 业扩 instance of 334010101. */
const outOfInstanceScope = (user: User): boolean => user === 'guest01' || user === 'kf01';
/** Withdraw / suspend / resume of the instance: see the cases. */
const instanceAction = (user: User): number => (user === 'kf01' ? 404 : user === 'yk01' ? 200 : 409);
const STEP_NODES = ['survey', 'scheme', 'approve', 'reply', 'design-review', 'mid-check', 'completion-check', 'contract', 'install', 'archive', 'revisit'];
const fixed = (url: string) => () => url;
/** One PNG as a multipart body (业扩附件), and an attachment id that does not exist. */
const MATRIX_BOUNDARY = 'wb-matrix-boundary';
const MATRIX_UPLOAD = Buffer.concat([
  Buffer.from(`--${MATRIX_BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="matrix.png"\r\nContent-Type: image/png\r\n\r\n`),
  Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex'),
  Buffer.from(`\r\n--${MATRIX_BOUNDARY}--\r\n`),
]);
const NO_ATTACHMENT = '00000000-0000-4000-8000-000000000000';
/** The store app of the matrix: uploaded by dev01, approved by rev01 (beforeAll); admin re-uploads the same bundle. */
const STORE_APP = 'matrix-app';
// Open to every staff member with a post (no `access` would make it administrators' only, ADR 0023).
const storeBundle = (): Buffer =>
  Buffer.from(zipSync(Object.fromEntries(makeBundle({ id: STORE_APP, category: '测试', owner: 'matrix', access: OPEN_ACCESS }))));

const CASES: Record<string, Case> = {
  'POST /api/identity/logout': { url: fixed('/api/identity/logout') },
  'GET /api/identity/me': { url: fixed('/api/identity/me') },
  'PUT /api/identity/session/active-post': {
    url: fixed('/api/identity/session/active-post'),
    payload: (_f, user) => HELD_POST[user] ?? { postCode: 'KF_AGENT', orgUnitCode: '3340180' },
    passed: (user) => (HELD_POST[user] ? 200 : 403),
  },
  // A wrong current password: the access layer lets it through, the handler refuses (nothing changes).
  'POST /api/identity/password': {
    url: fixed('/api/identity/password'),
    payload: () => ({ currentPassword: 'not-the-password', newPassword: 'Qiu-yue-Lan-7461' }),
    passed: () => 400,
  },
  'POST /api/client-errors': {
    url: fixed('/api/client-errors'),
    payload: () => ({ appId: 'customer-archive', code: 'WB_SHELL_004', message: 'matrix' }),
  },
  'GET /api/registry/feed': { url: fixed('/api/registry/feed') },
  // 全局搜索 (ADR 0066): a session, and at least one searchable kind (guest01 holds none: 403).
  'GET /api/search': { url: fixed('/api/search?q=%E6%B1%9F%E5%8C%97'), passed: (user) => (user === 'guest01' ? 403 : 200) },
  // The API reference (ADR 0032): any signed-in user, from the intranet (the matrix's zone).
  'GET /api/docs': { url: fixed('/api/docs') },
  'GET /api/docs/': { url: fixed('/api/docs/') },
  'GET /api/docs/json': { url: fixed('/api/docs/json') },
  'GET /api/docs/yaml': { url: fixed('/api/docs/yaml') },
  'GET /api/docs/static/index.html': { url: fixed('/api/docs/static/index.html'), passed: () => 302 },
  'GET /api/docs/static/swagger-initializer.js': { url: fixed('/api/docs/static/swagger-initializer.js') },
  'GET /api/docs/static/*': { url: fixed('/api/docs/static/swagger-ui.css') },
  'GET /api/registry/platform': { url: fixed('/api/registry/platform') },
  'GET /api/svc/customer/v1/customers': { url: fixed('/api/svc/customer/v1/customers?q=&page=1&pageSize=5') },
  'GET /api/svc/customer/v1/customers/:consNo': { url: (f) => `/api/svc/customer/v1/customers/${f.consNo}` },
  'GET /api/svc/iam/v1/org-units': { url: fixed(`${IAM}/org-units`) },
  'POST /api/svc/iam/v1/org-units': {
    url: fixed(`${IAM}/org-units`),
    payload: (f) => ({ code: `3340101${90 + f.seq()}`, name: '矩阵测试供电所', type: 'STATION', parentCode: '3340101' }),
  },
  'GET /api/svc/iam/v1/users': { url: fixed(`${IAM}/users?q=&page=1&pageSize=5`) },
  'POST /api/svc/iam/v1/users': {
    url: fixed(`${IAM}/users`),
    payload: (f) => ({ username: `matrix${f.seq()}`, displayName: '矩阵用户', orgUnitCode: '33401', initialPassword: 'Qiu-yue-Lan-7461' }),
  },
  'PUT /api/svc/iam/v1/users/:id/status': { url: (f) => `${IAM}/users/${f.victimId}/status`, payload: () => ({ status: 'active' }) },
  'POST /api/svc/iam/v1/users/:id/password::reset': {
    url: (f) => `${IAM}/users/${f.victimId}/password:reset`,
    payload: () => ({ newPassword: 'Qiu-yue-Lan-7461' }),
  },
  'POST /api/svc/iam/v1/users/:id/sessions::end': { url: (f) => `${IAM}/users/${f.victimId}/sessions:end` },
  'POST /api/svc/iam/v1/users/:id/login-lock::clear': { url: (f) => `${IAM}/users/${f.victimId}/login-lock:clear` },
  'GET /api/svc/iam/v1/users/:id': { url: (f) => `${IAM}/users/${f.victimId}` },
  'GET /api/svc/iam/v1/posts': { url: fixed(`${IAM}/posts`) },
  'GET /api/svc/iam/v1/users/:id/posts': { url: (f) => `${IAM}/users/${f.victimId}/posts` },
  'POST /api/svc/iam/v1/users/:id/posts': {
    url: (f) => `${IAM}/users/${f.victimId}/posts`,
    payload: (f) => ({ postCode: 'DF_READ', orgUnitCode: '334010103', validFrom: `${2000 + (f.seq() % 90)}-01-01` }),
  },
  'DELETE /api/svc/iam/v1/users/:id/posts/:assignmentId': {
    async url(f) {
      const [row] = await f.t.db.query<{ id: string }>(
        `INSERT INTO user_post (user_id, post_code, org_unit_code, valid_from) VALUES ($1, 'DF_CALC', '3340102', NULL)
         ON CONFLICT (user_id, post_code, org_unit_code) DO UPDATE SET granted_by = 'matrix' RETURNING id::text AS id`,
        [f.victimId],
      );
      return `${IAM}/users/${f.victimId}/posts/${row?.id ?? randomUUID()}`;
    },
  },
  'GET /api/svc/iam/v1/roles': { url: fixed(`${IAM}/roles`) },
  'POST /api/svc/iam/v1/roles': { url: fixed(`${IAM}/roles`), payload: (f) => ({ key: `MATRIX_${f.seq()}`, name: '矩阵角色' }) },
  'PUT /api/svc/iam/v1/roles/:key/grants': {
    url: fixed(`${IAM}/roles/MATRIX_ROLE/grants`),
    payload: () => ({ permissions: [], dataScopes: [], conferredByPosts: [] }),
    async headers(f) {
      const [row] = await f.t.db.query<{ version: number }>(`SELECT version FROM role WHERE key = 'MATRIX_ROLE'`);
      return { 'if-match': `"${row?.version ?? 0}"` };
    },
  },
  'GET /api/svc/iam/v1/permissions': { url: fixed(`${IAM}/permissions`) },
  'GET /api/svc/iam/v1/audit': { url: fixed(`${IAM}/audit?page=1&pageSize=5`) },
  'GET /api/svc/iam/v1/audit/alerts': { url: fixed(`${IAM}/audit/alerts?windowMinutes=15`) },
  // Issue 20 (ADR 0058): bulk onboarding, exports, org tree administration, users in bulk, effective permissions.
  'GET /api/svc/iam/v1/import/template': { url: fixed(`${IAM}/import/template`) },
  // Not a workbook: accepted as a job (202) that then fails; nothing is written.
  'POST /api/svc/iam/v1/imports': { url: fixed(`${IAM}/imports`), payload: () => ({ fileName: 'matrix.xlsx', content: 'AAAA', initialPassword: 'Qiu-yue-Lan-7461' }) },
  'GET /api/svc/iam/v1/imports/:id': { url: fixed(`${IAM}/imports/6f1d2a3b-0000-4000-8000-000000000001`), passed: () => 404 },
  'GET /api/svc/iam/v1/export/users': { url: fixed(`${IAM}/export/users`) },
  'GET /api/svc/iam/v1/export/grants': { url: fixed(`${IAM}/export/grants`) },
  'PUT /api/svc/iam/v1/org-units/:code': { url: fixed(`${IAM}/org-units/3340181`), payload: () => ({ name: '江州供电营业厅', type: 'BUSINESS_HALL' }) },
  // The root cannot be moved, disabled or merged: 400 after the access layer.
  'POST /api/svc/iam/v1/org-units/:code/move': { url: fixed(`${IAM}/org-units/33401/move`), payload: () => ({ parentCode: '3340101' }), passed: () => 400 },
  'PUT /api/svc/iam/v1/org-units/:code/status': { url: fixed(`${IAM}/org-units/33401/status`), payload: () => ({ status: 'disabled' }), passed: () => 400 },
  'POST /api/svc/iam/v1/org-units/:code/merge': { url: fixed(`${IAM}/org-units/33401/merge`), payload: () => ({ intoCode: '3340101' }), passed: () => 400 },
  'GET /api/svc/iam/v1/post-assignments/expiring': { url: fixed(`${IAM}/post-assignments/expiring?days=7`) },
  'POST /api/svc/iam/v1/users/bulk-status': { url: fixed(`${IAM}/users/bulk-status`), payload: (f) => ({ ids: [f.victimId], status: 'active' }) },
  'POST /api/svc/iam/v1/users/bulk-end-sessions': { url: fixed(`${IAM}/users/bulk-end-sessions`), payload: (f) => ({ ids: [f.victimId] }) },
  'GET /api/svc/iam/v1/users/:id/effective-permissions': { url: (f) => `${IAM}/users/${f.victimId}/effective-permissions` },
  // ---- app store ----
  'GET /api/svc/appstore/v1/apps': { url: fixed(`${STORE}/apps`) },
  'GET /api/svc/appstore/v1/categories': { url: fixed(`${STORE}/categories`) },
  'GET /api/svc/appstore/v1/parts': { url: fixed(`${STORE}/parts`) },
  'GET /api/svc/appstore/v1/parts/impact': { url: fixed(`${STORE}/parts/impact?app=${STORE_APP}&version=1.0.0`) },
  'GET /api/svc/appstore/v1/apps/:id': { url: fixed(`${STORE}/apps/${STORE_APP}`) },
  'GET /api/svc/appstore/v1/apps/:id/events': { url: fixed(`${STORE}/apps/${STORE_APP}/events`) },
  'POST /api/svc/appstore/v1/versions': {
    url: fixed(`${STORE}/versions`),
    payload: () => storeBundle(),
    headers: async () => ({ 'content-type': 'application/zip' }),
  },
  // No version 9.9.9 of the app: the handler answers 404 (the review routes alike).
  'POST /api/svc/appstore/v1/apps/:id/versions/:version/submit': { url: fixed(`${STORE}/apps/${STORE_APP}/versions/9.9.9/submit`), passed: () => 404 },
  'POST /api/svc/appstore/v1/apps/:id/versions/:version/approve': {
    url: fixed(`${STORE}/apps/${STORE_APP}/versions/9.9.9/approve`),
    payload: () => ({}),
    passed: () => 404,
  },
  'POST /api/svc/appstore/v1/apps/:id/versions/:version/reject': {
    url: fixed(`${STORE}/apps/${STORE_APP}/versions/9.9.9/reject`),
    payload: () => ({ reason: '矩阵测试' }),
    passed: () => 404,
  },
  // Rolling back to a version that does not exist: 404.
  'POST /api/svc/appstore/v1/apps/:id/rollback': {
    url: fixed(`${STORE}/apps/${STORE_APP}/rollback`),
    payload: () => ({ version: '9.9.9' }),
    passed: () => 404,
  },
  'POST /api/svc/appstore/v1/apps/:id/offline': { url: fixed(`${STORE}/apps/${STORE_APP}/offline`) },
  'POST /api/svc/appstore/v1/apps/:id/online': { url: fixed(`${STORE}/apps/${STORE_APP}/online`) },
  // A rollout without version and target: validation 400.
  'PUT /api/svc/appstore/v1/apps/:id/rollout': { url: fixed(`${STORE}/apps/${STORE_APP}/rollout`), payload: () => ({}), passed: () => 400 },
  // No rollout in progress to cancel or promote: 409.
  'DELETE /api/svc/appstore/v1/apps/:id/rollout': { url: fixed(`${STORE}/apps/${STORE_APP}/rollout`), passed: () => 409 },
  'POST /api/svc/appstore/v1/apps/:id/rollout/promote': { url: fixed(`${STORE}/apps/${STORE_APP}/rollout/promote`), passed: () => 409 },
  'PUT /api/svc/appstore/v1/apps/:id/visibility': { url: fixed(`${STORE}/apps/${STORE_APP}/visibility`), payload: () => ({}) },
  'GET /api/svc/appstore/v1/market': { url: fixed(`${STORE}/market`) },
  // guest01 holds no post, so the app is not in its market: not found, as for an app that does not exist.
  'PUT /api/svc/appstore/v1/me/apps/:id': {
    url: fixed(`${STORE}/me/apps/${STORE_APP}`),
    payload: () => ({ inMenu: true }),
    passed: (user) => (user === 'guest01' ? 404 : 200),
  },
  'GET /api/svc/appstore/v1/me/layout': { url: fixed(`${STORE}/me/layout`) },
  'PUT /api/svc/appstore/v1/me/layout': { url: fixed(`${STORE}/me/layout`), payload: () => ({ items: [] }) },
  'DELETE /api/svc/appstore/v1/me/layout': { url: fixed(`${STORE}/me/layout`) },
  'GET /api/svc/appstore/v1/layouts/posts/:postCode': { url: fixed(`${STORE}/layouts/posts/KF_AGENT`) },
  'PUT /api/svc/appstore/v1/layouts/posts/:postCode': { url: fixed(`${STORE}/layouts/posts/KF_AGENT`), payload: () => ({ items: [] }) },
  // ---- workflow ----
  'GET /api/svc/workflow/v1/inbox': { url: fixed(`${WF}/inbox`) },
  // The 勘查 task of 334010101 is outside kf01's (客服中心) scope: 404.
  'GET /api/svc/workflow/v1/tasks/:id': { url: (f) => `${WF}/tasks/${f.taskId}`, passed: (user) => (user === 'kf01' ? 404 : 200) },
  // Task actions check visibility first: kf01 does not see the 勘查 task (404, as if it did not exist). The
  // others see it, but none is a candidate (YK_SURVEY): the engine refuses to claim or transfer it (403).
  'POST /api/svc/workflow/v1/tasks/:id/claim': { url: (f) => `${WF}/tasks/${f.taskId}/claim`, passed: (user) => (user === 'kf01' ? 404 : 403) },
  // The task is not claimed: 409 (kf01: 404).
  'POST /api/svc/workflow/v1/tasks/:id/unclaim': { url: (f) => `${WF}/tasks/${f.taskId}/unclaim`, passed: (user) => (user === 'kf01' ? 404 : 409) },
  // Completing without If-Match: 428 (kf01: 404).
  'POST /api/svc/workflow/v1/tasks/:id/complete': {
    url: (f) => `${WF}/tasks/${f.taskId}/complete`,
    payload: () => ({}),
    passed: (user) => (user === 'kf01' ? 404 : 428),
  },
  'POST /api/svc/workflow/v1/tasks/:id/transfer': {
    url: (f) => `${WF}/tasks/${f.taskId}/transfer`,
    payload: () => ({ toUsername: 'yk02' }),
    passed: (user) => (user === 'kf01' ? 404 : 403),
  },
  // Returning without an opinion (退回原因): validation 400, which precedes every look-up.
  'POST /api/svc/workflow/v1/tasks/:id/return': { url: (f) => `${WF}/tasks/${f.taskId}/return`, payload: () => ({ target: 'previous' }), passed: () => 400 },
  // An empty start request: validation 400.
  'POST /api/svc/workflow/v1/instances': { url: fixed(`${WF}/instances`), payload: () => ({}), passed: () => 400 },
  // Session routes, but the instance (334010101) is outside guest01's and kf01's scope: 404.
  'GET /api/svc/workflow/v1/instances/:id': { url: (f) => `${WF}/instances/${f.instanceId}`, passed: (user) => (outOfInstanceScope(user) ? 404 : 200) },
  'GET /api/svc/workflow/v1/instances/:id/diagram': {
    url: (f) => `${WF}/instances/${f.instanceId}/diagram`,
    passed: (user) => (outOfInstanceScope(user) ? 404 : 200),
  },
  // yk01 started the instance and withdraws it (then suspends and resumes it); kf01 is out of scope (404); mgr01 and
  // admin come after yk01 and find nothing to withdraw / it already suspended / already running (409).
  'POST /api/svc/workflow/v1/instances/:id/withdraw': { url: (f) => `${WF}/instances/${f.instanceId}/withdraw`, passed: instanceAction },
  'POST /api/svc/workflow/v1/instances/:id/suspend': {
    url: (f) => `${WF}/instances/${f.instanceId}/suspend`,
    payload: () => ({ reason: '矩阵测试' }),
    passed: instanceAction,
  },
  'POST /api/svc/workflow/v1/instances/:id/resume': {
    url: (f) => `${WF}/instances/${f.instanceId}/resume`,
    payload: () => ({ reason: '矩阵测试' }),
    passed: instanceAction,
  },
  // Terminating without a reason: validation 400 (the instance stays running).
  'POST /api/svc/workflow/v1/instances/:id/terminate': { url: (f) => `${WF}/instances/${f.instanceId}/terminate`, payload: () => ({}), passed: () => 400 },
  // kf01 is out of scope (404); whoever reads the instance copies it: yk01 (initiator), mgr01 (monitor of the city), admin.
  'POST /api/svc/workflow/v1/instances/:id/copy': {
    url: (f) => `${WF}/instances/${f.instanceId}/copy`,
    payload: () => ({ usernames: ['yk02'] }),
    passed: (user) => (user === 'kf01' ? 404 : 200),
  },
  'GET /api/svc/workflow/v1/notifications': { url: fixed(`${WF}/notifications`) },
  // No such notification of the user: 404.
  'POST /api/svc/workflow/v1/notifications/:id/read': { url: () => `${WF}/notifications/${randomUUID()}/read`, passed: () => 404 },
  'POST /api/svc/workflow/v1/notifications/read-all': { url: fixed(`${WF}/notifications/read-all`) },
  'GET /api/svc/workflow/v1/definitions': { url: fixed(`${WF}/definitions`) },
  'GET /api/svc/workflow/v1/definitions/:key/:version/xml': {
    async url(f) {
      const [def] = await f.t.db.query<{ key: string; version: number }>(`SELECT key, version FROM wf_definition ORDER BY key LIMIT 1`);
      return `${WF}/definitions/${def?.key ?? 'none'}/${def?.version ?? 1}/xml`;
    },
  },
  // Empty BPMN: validation 400.
  'POST /api/svc/workflow/v1/definitions': { url: fixed(`${WF}/definitions`), payload: () => ({ xml: '' }), passed: () => 400 },
  'GET /api/svc/workflow/v1/holidays': { url: fixed(`${WF}/holidays?year=2026`) },
  // The push stream answers only clients that ask for text/event-stream (EventSource does); the matrix does not.
  'GET /api/svc/workflow/v1/stream': { url: fixed(`${WF}/stream`), passed: () => 406 },
  'GET /api/svc/workflow/v1/outbox/dead-letters': { url: fixed(`${WF}/outbox/dead-letters`) },
  'POST /api/svc/workflow/v1/outbox/dead-letters/:id/retry': { url: fixed(`${WF}/outbox/dead-letters/999999/retry`), passed: () => 404 },
  'POST /api/svc/workflow/v1/outbox/dead-letters/:id/discard': { url: fixed(`${WF}/outbox/dead-letters/999999/discard`), passed: () => 404 },
  'PUT /api/svc/workflow/v1/holidays': { url: fixed(`${WF}/holidays`), payload: () => ({ years: [2099], items: [] }) },
  // ---- connection (业扩报装) ----
  // Accepting takes the YK_ACCEPT post at the 供电所: admin's '*' passes the access layer, the handler refuses (403).
  'POST /api/svc/connection/v1/applications': {
    url: fixed(`${YK}/applications`),
    payload: (f) => residentApplication(200 + f.seq()),
    passed: (user) => (user === 'admin' ? 403 : 201),
  },
  'GET /api/svc/connection/v1/applications': { url: fixed(`${YK}/applications`) },
  'POST /api/svc/connection/v1/duplicate-checks': { url: fixed(`${YK}/duplicate-checks`), payload: () => ({ certNo: '330102199001010012', consName: '张三', address: '杭州市上城区解放路1号' }) },
  'GET /api/svc/connection/v1/applications/:no': { url: (f) => `${YK}/applications/${f.appNo}` },
  ...Object.fromEntries(
    STEP_NODES.map((node): [string, Case] => [
      `POST /api/svc/connection/v1/applications/:no/${node}::complete`,
      // An empty body: the step's validation (400) comes first; 归档 takes an empty body, so the missing If-Match (428) answers.
      { url: (f) => `${YK}/applications/${f.appNo}/${node}:complete`, payload: () => ({}), passed: () => (node === 'archive' ? 428 : 400) },
    ]),
  ),
  // Empty resubmission / return: validation 400; suspend and resume without If-Match: 428.
  'POST /api/svc/connection/v1/applications/:no/accept::complete': {
    url: (f) => `${YK}/applications/${f.appNo}/accept:complete`,
    payload: () => ({}),
    passed: () => 400,
  },
  'POST /api/svc/connection/v1/applications/:no/return': { url: (f) => `${YK}/applications/${f.appNo}/return`, payload: () => ({}), passed: () => 400 },
  'POST /api/svc/connection/v1/applications/:no/suspend': {
    url: (f) => `${YK}/applications/${f.appNo}/suspend`,
    payload: () => ({ reason: '矩阵测试' }),
    passed: () => 428,
  },
  'POST /api/svc/connection/v1/applications/:no/resume': {
    url: (f) => `${YK}/applications/${f.appNo}/resume`,
    payload: () => ({ reason: '矩阵测试' }),
    passed: () => 428,
  },
  'GET /api/svc/connection/v1/board': { url: fixed(`${YK}/board`) },
  // 业扩附件 (ADR 0067): yk01 registered the fixture, so its 受理 documents are theirs to add; admin's '*' passes the
  // access layer but holds no open step (403). No such attachment: whoever passes the access layer gets 404.
  'GET /api/svc/connection/v1/applications/:no/attachments': { url: (f) => `${YK}/applications/${f.appNo}/attachments` },
  'POST /api/svc/connection/v1/applications/:no/attachments': {
    url: (f) => `${YK}/applications/${f.appNo}/attachments?kind=ID_DOC`,
    payload: () => MATRIX_UPLOAD,
    headers: async () => ({ 'content-type': `multipart/form-data; boundary=${MATRIX_BOUNDARY}` }),
    passed: (user) => (user === 'yk01' ? 201 : 403),
  },
  'GET /api/svc/connection/v1/applications/:no/attachments/:id/content': { url: (f) => `${YK}/applications/${f.appNo}/attachments/${NO_ATTACHMENT}/content`, passed: () => 404 },
  'DELETE /api/svc/connection/v1/applications/:no/attachments/:id': { url: (f) => `${YK}/applications/${f.appNo}/attachments/${NO_ATTACHMENT}`, passed: () => 404 },
  // ---- ticket (95598 客服工单, issue 12) ----
  'POST /api/svc/ticket/v1/calls': { url: fixed(`${KF}/calls`), payload: () => ({ callerNo: '13800000000', agent: 'kf01' }) },
  'POST /api/svc/ticket/v1/calls::simulate': { url: fixed(`${KF}/calls:simulate`), payload: () => ({ callerNo: '13800000000' }) },
  'GET /api/svc/ticket/v1/calls/current': { url: fixed(`${KF}/calls/current`) },
  'GET /api/svc/ticket/v1/lookup': { url: fixed(`${KF}/lookup?q=5678`) },
  // An empty intake: validation 400.
  'POST /api/svc/ticket/v1/tickets': { url: fixed(`${KF}/tickets`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/ticket/v1/tickets': { url: fixed(`${KF}/tickets`) },
  'GET /api/svc/ticket/v1/tickets/:no': { url: fixed(NO_TICKET), passed: () => 404 },
  ...Object.fromEntries(
    Object.entries(KF_STEPS).map(([node, body]) => [
      `POST /api/svc/ticket/v1/tickets/:no/${node}::complete`,
      { url: fixed(`${NO_TICKET}/${node}:complete`), payload: () => body, passed: () => 404 },
    ]),
  ),
  'POST /api/svc/ticket/v1/tickets/:no/urge': { url: fixed(`${NO_TICKET}/urge`), payload: () => ({ reason: '矩阵测试' }), passed: () => 404 },
  'POST /api/svc/ticket/v1/tickets/:no/supervise': { url: fixed(`${NO_TICKET}/supervise`), payload: () => ({ reason: '矩阵测试' }), passed: () => 404 },
  'POST /api/svc/ticket/v1/tickets/:no/reveal': { url: fixed(`${NO_TICKET}/reveal`), passed: () => 404 },
  'GET /api/svc/ticket/v1/outages': { url: fixed(`${KF}/outages`) },
  // An empty notice: validation 400.
  'POST /api/svc/ticket/v1/outages': { url: fixed(`${KF}/outages`), payload: () => ({}), passed: () => 400 },
  'PUT /api/svc/ticket/v1/outages/:id': { url: fixed(`${KF}/outages/999999`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/ticket/v1/precheck': { url: (f) => `${KF}/precheck?consNo=${f.consNo}` },
  'GET /api/svc/ticket/v1/knowledge': { url: fixed(`${KF}/knowledge?q=电价`) },
  'GET /api/svc/ticket/v1/config': { url: fixed(`${KF}/config`) },
  'GET /api/svc/ticket/v1/stats': { url: fixed(`${KF}/stats`) },
  // 工单时限配置 (kf:sla:manage): no such rule → 404 before If-Match, so nothing changes.
  'GET /api/svc/ticket/v1/admin/sla-rules': { url: fixed(`${KF}/admin/sla-rules`) },
  'PUT /api/svc/ticket/v1/admin/sla-rules/:key': { url: fixed(`${KF}/admin/sla-rules/NOPE`), payload: () => ({ clocks: [{ clock: 'finish', unit: 'workdays', amount: 5 }] }), passed: () => 404 },
  'DELETE /api/svc/ticket/v1/admin/sla-rules/:key': { url: fixed(`${KF}/admin/sla-rules/NOPE`), passed: () => 404 },
  // ---- billing (电费账务, issue 13): no such batch, payment or order → 404 once past the access layer ----
  'GET /api/svc/billing/v1/tariffs': { url: fixed(`${DF}/tariffs`) },
  'GET /api/svc/billing/v1/config': { url: fixed(`${DF}/config`) },
  'POST /api/svc/billing/v1/readings': { url: fixed(`${DF}/readings`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/billing/v1/customers/:consNo/readings': { url: (f) => `${DF}/customers/${f.consNo}/readings` },
  'POST /api/svc/billing/v1/calc-batches': { url: fixed(`${DF}/calc-batches`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/billing/v1/calc-batches': { url: fixed(`${DF}/calc-batches`) },
  'GET /api/svc/billing/v1/calc-batches/:id': { url: fixed(`${DF}/calc-batches/999999`), passed: () => 404 },
  'POST /api/svc/billing/v1/calc-batches/:id/issue': { url: fixed(`${DF}/calc-batches/999999/issue`), passed: () => 404 },
  'POST /api/svc/billing/v1/calc-batches/:id/audit': { url: fixed(`${DF}/calc-batches/999999/audit`), payload: () => ({}), passed: () => 400 },
  'POST /api/svc/billing/v1/readings/:consNo/:ym/review': { url: (f) => `${DF}/readings/${f.consNo}/202603/review`, payload: () => ({}), passed: () => 400 },
  'POST /api/svc/billing/v1/payments': { url: fixed(`${DF}/payments`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/billing/v1/payments': { url: fixed(`${DF}/payments?collector=df03&date=2026-03-02`) },
  'GET /api/svc/billing/v1/payments/:id': { url: fixed(`${DF}/payments/999999`), passed: () => 404 },
  'POST /api/svc/billing/v1/payments/:id/reverse': { url: fixed(`${DF}/payments/999999/reverse`), payload: () => ({ reason: '矩阵测试' }), passed: () => 404 },
  'GET /api/svc/billing/v1/customers/:consNo/account': { url: (f) => `${DF}/customers/${f.consNo}/account` },
  'PUT /api/svc/billing/v1/customers/:consNo/account': { url: (f) => `${DF}/customers/${f.consNo}/account`, payload: () => ({}), passed: () => 400 },
  'POST /api/svc/billing/v1/customers/:consNo/notice': { url: (f) => `${DF}/customers/${f.consNo}/notice`, passed: () => 428 },
  'GET /api/svc/billing/v1/arrears': { url: fixed(`${DF}/arrears`) },
  'GET /api/svc/billing/v1/orders': { url: fixed(`${DF}/orders`) },
  'POST /api/svc/billing/v1/orders': { url: fixed(`${DF}/orders`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/billing/v1/orders/:id': { url: fixed(`${DF}/orders/999999`), passed: () => 404 },
  'POST /api/svc/billing/v1/orders/:id/complete': { url: fixed(`${DF}/orders/999999/complete`), payload: () => ({}), passed: () => 404 },
  'GET /api/svc/billing/v1/counter/customers': { url: fixed(`${DF}/counter/customers?q=${encodeURIComponent('张三')}`) },
  'GET /api/svc/billing/v1/counter/units': { url: fixed(`${DF}/counter/units`) },
  'GET /api/svc/billing/v1/counter/arrears.csv': { url: fixed(`${DF}/counter/arrears.csv?powerState=OFF`) },
  // 抄表 plans, receipts, 退补, 代扣, 解款, 催费 (ADR 0043): invalid or unknown inputs once past the access layer.
  'GET /api/svc/billing/v1/read-plans': { url: fixed(`${DF}/read-plans`), passed: () => 400 },
  'GET /api/svc/billing/v1/read-plans/:mrSectNo': { url: fixed(`${DF}/read-plans/MR1`), passed: () => 400 },
  'GET /api/svc/billing/v1/payments/:id/receipt.pdf': { url: fixed(`${DF}/payments/999999/receipt.pdf`), passed: () => 404 },
  'POST /api/svc/billing/v1/adjustments': { url: fixed(`${DF}/adjustments`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/billing/v1/adjustments': { url: fixed(`${DF}/adjustments`) },
  'GET /api/svc/billing/v1/adjustments/:id': { url: fixed(`${DF}/adjustments/999999`), passed: () => 404 },
  'POST /api/svc/billing/v1/adjustments/:id/approve': { url: fixed(`${DF}/adjustments/999999/approve`), payload: () => ({}), passed: () => 404 },
  'POST /api/svc/billing/v1/adjustments/:id/reject': { url: fixed(`${DF}/adjustments/999999/reject`), payload: () => ({}), passed: () => 404 },
  'POST /api/svc/billing/v1/bank-imports': { url: fixed(`${DF}/bank-imports`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/billing/v1/bank-imports/:id': { url: fixed(`${DF}/bank-imports/999999`), passed: () => 404 },
  'GET /api/svc/billing/v1/reports/remittance': { url: fixed(`${DF}/reports/remittance?date=2026-03-02`) },
  'POST /api/svc/billing/v1/dunning/run': { url: fixed(`${DF}/dunning/run`), payload: () => ({ orgUnitCode: '不是单位' }), passed: () => 400 },
  'GET /api/svc/billing/v1/dunning': { url: fixed(`${DF}/dunning`) },
  'POST /api/svc/billing/v1/dunning/:id/complete': { url: fixed(`${DF}/dunning/999999/complete`), payload: () => ({}), passed: () => 400 },
  'GET /api/svc/billing/v1/sms-messages': { url: fixed(`${DF}/sms-messages`) },
  // ---- indicators (营销运营监测, issue 15): managers read, the administrator sets targets and rebuilds ----
  'GET /api/svc/indicators/v1/definitions': { url: fixed(`${IND}/definitions`) },
  'GET /api/svc/indicators/v1/summary': { url: fixed(`${IND}/summary`) },
  'GET /api/svc/indicators/v1/trend': { url: fixed(`${IND}/trend?code=YK_ONTIME`) },
  'GET /api/svc/indicators/v1/ranking': { url: fixed(`${IND}/ranking?code=YK_ONTIME`) },
  'GET /api/svc/indicators/v1/items': { url: fixed(`${IND}/items?code=YK_OVERDUE`) },
  'GET /api/svc/indicators/v1/screen': { url: fixed(`${IND}/screen`) },
  'GET /api/svc/indicators/v1/export': { url: fixed(`${IND}/export`) },
  'GET /api/svc/indicators/v1/targets': { url: fixed(`${IND}/targets`) },
  'PUT /api/svc/indicators/v1/targets/:code': { url: fixed(`${IND}/targets/YK_ONTIME`), payload: () => ({}), passed: () => 400 },
  'POST /api/svc/indicators/v1/rebuild': { url: fixed(`${IND}/rebuild`) },
  'GET /api/svc/indicators/v1/screen/stream': { url: fixed(`${IND}/screen/stream`), passed: () => 406 },
  // 营业厅自助终端 (ADR 0061): the terminal's account only (zd01, not in this matrix) and the administrator.
  'GET /api/svc/indicators/v1/kiosk/outages': { url: fixed(`${IND}/kiosk/outages`) },
  'GET /api/svc/indicators/v1/kiosk/tariffs': { url: fixed(`${IND}/kiosk/tariffs`) },
  'GET /api/svc/indicators/v1/kiosk/applications/:appNo': { url: (f) => `${IND}/kiosk/applications/${f.appNo}?phone4=0000`, passed: () => 404 },
  'GET /api/svc/connection/v1/lines': { url: fixed(`${YK}/lines`) },
  'GET /api/svc/connection/v1/tgs': { url: fixed(`${YK}/tgs?orgUnitCode=334010101`) },
  // ---- customer-portal (掌上电力, issue 14): customer routes refuse every staff session (401); 对账 is staff's ----
  'POST /api/svc/customer-portal/v1/logout': { url: fixed(`${CPS}/logout`) },
  'GET /api/svc/customer-portal/v1/me': { url: fixed(`${CPS}/me`) },
  'PUT /api/svc/customer-portal/v1/me/password': { url: fixed(`${CPS}/me/password`), payload: () => ({ password: 'Dianfei2026' }) },
  'POST /api/svc/customer-portal/v1/binding-codes': { url: fixed(`${CPS}/binding-codes`), payload: (f) => ({ consNo: f.consNo, holderName: '矩阵' }) },
  'POST /api/svc/customer-portal/v1/bindings': { url: fixed(`${CPS}/bindings`), payload: (f) => ({ consNo: f.consNo, holderName: '矩阵', code: '123456' }) },
  'DELETE /api/svc/customer-portal/v1/bindings/:consNo': { url: (f) => `${CPS}/bindings/${f.consNo}` },
  'GET /api/svc/customer-portal/v1/accounts/:consNo': { url: (f) => `${CPS}/accounts/${f.consNo}` },
  'GET /api/svc/customer-portal/v1/accounts/:consNo/payments': { url: (f) => `${CPS}/accounts/${f.consNo}/payments` },
  'GET /api/svc/customer-portal/v1/accounts/:consNo/outages': { url: (f) => `${CPS}/accounts/${f.consNo}/outages` },
  'GET /api/svc/customer-portal/v1/accounts/:consNo/repairs': { url: (f) => `${CPS}/accounts/${f.consNo}/repairs` },
  'POST /api/svc/customer-portal/v1/repairs': { url: fixed(`${CPS}/repairs`), payload: (f) => ({ consNo: f.consNo, content: '矩阵测试停电' }) },
  'GET /api/svc/customer-portal/v1/applications/:appNo': { url: (f) => `${CPS}/applications/${f.appNo}` },
  'POST /api/svc/customer-portal/v1/pay-orders': { url: fixed(`${CPS}/pay-orders`), payload: (f) => ({ consNo: f.consNo }) },
  'GET /api/svc/customer-portal/v1/pay-orders/:outTradeNo': { url: fixed(`${CPS}/pay-orders/CP2026030209000000000001`) },
  'GET /api/svc/customer-portal/v1/payments/:id/receipt.pdf': { url: fixed(`${CPS}/payments/1/receipt.pdf`) },
  'GET /api/svc/customer-portal/v1/reconciliation': { url: fixed(`${CPS}/reconciliation?date=2026-03-02`) },
  // 掌上电力 accounts administered by staff (ADR 0060): df:portal:manage.
  'GET /api/svc/customer-portal/v1/staff/customers': { url: fixed(`${CPS}/staff/customers`) },
  'GET /api/svc/customer-portal/v1/staff/customers/:id': { url: fixed(`${CPS}/staff/customers/999999`), passed: () => 404 },
  'POST /api/svc/customer-portal/v1/staff/customers/:id/status': { url: fixed(`${CPS}/staff/customers/999999/status`), payload: () => ({}), passed: () => 400 },
  'POST /api/svc/customer-portal/v1/staff/customers/:id/unbind': { url: fixed(`${CPS}/staff/customers/999999/unbind`), payload: () => ({}), passed: () => 400 },
};

function expected(access: unknown, user: User, test: Case): number | '2xx' {
  // The customer realm (掌上电力, ADR 0045): no staff session counts there.
  if (user === 'anonymous' || access === 'customer') return 401;
  const granted = GRANTED[user];
  const permission = typeof access === 'object' && access !== null ? (access as { permission: string }).permission : null;
  if (permission && !granted.includes('*') && !granted.includes(permission)) return 403;
  return test.passed?.(user) ?? '2xx';
}

describe.each(testDbKinds())('role × endpoint matrix (S2) on %s', (kind) => {
  let t: TestApp;
  let fixtures: Fixtures;
  beforeAll(async () => {
    // The composed app with the 业扩 processes deployed (and the customer archive seeded).
    const app = await createConnectionTestApp(kind, { customers: 300 });
    t = app;
    let n = 0;
    await t.db.query(`INSERT INTO role (key, name) VALUES ('MATRIX_ROLE', '矩阵')`);
    const walk = await walkFixtures(app, 199);
    const [dev, rev] = [await t.login('dev01'), await t.login('rev01')];
    const uploaded = await t.request({ method: 'POST', url: `${STORE}/versions`, payload: storeBundle(), headers: { 'content-type': 'application/zip' }, cookie: dev });
    const submitted = await t.request({ method: 'POST', url: `${STORE}/apps/${STORE_APP}/versions/1.0.0/submit`, cookie: dev });
    const approved = await t.request({ method: 'POST', url: `${STORE}/apps/${STORE_APP}/versions/1.0.0/approve`, payload: {}, cookie: rev });
    if (uploaded.statusCode !== 201 || submitted.statusCode !== 204 || approved.statusCode !== 200) throw new Error(`matrix store fixture: ${approved.body}`);
    fixtures = { t, ...walk, seq: () => ++n };
  }, 120_000);
  afterAll(async () => t?.close());

  it('covers every guarded route of the inventory, and nothing else', () => {
    const guarded = t.app.routeInventory.filter((r) => r.access !== 'public' && r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`);
    expect([...guarded].sort()).toEqual(Object.keys(CASES).sort());
  });

  it('answers each (user, route) as the grants say: zero mismatches', async () => {
    const routes = t.app.routeInventory.filter((r) => r.access !== 'public');
    const mismatches: string[] = [];
    // One session per user, signed in again only when a route ended it (a 401 is never the expected answer
    // for a signed-in user, so retrying it with a fresh session hides nothing).
    const sessions = new Map<User, string>();
    const cookieOf = async (user: User, fresh = false): Promise<string | undefined> => {
      if (user === 'anonymous') return undefined;
      if (fresh || !sessions.has(user)) sessions.set(user, await t.login(user));
      return sessions.get(user);
    };
    for (const route of routes) {
      const key = `${route.method === 'HEAD' ? 'GET' : route.method} ${route.url}`;
      const test = CASES[key];
      if (!test) throw new Error(`no matrix case for ${key}`);
      for (const user of USERS) {
        const ask = async (cookie: string | undefined): Promise<number> => {
          const options = {
            method: route.method,
            url: await test.url(fixtures),
            ...(test.payload ? { payload: test.payload(fixtures, user) as object } : {}),
            headers: test.headers ? await test.headers(fixtures) : {},
            ...(cookie ? { cookie } : {}),
          } as InjectOptions & { cookie?: string };
          return (await t.request(options)).statusCode;
        };
        let status = await ask(await cookieOf(user));
        if (status === 401 && user !== 'anonymous') status = await ask(await cookieOf(user, true));
        const want = expected(route.access, user, test);
        const ok = want === '2xx' ? status >= 200 && status < 300 : status === want;
        if (!ok) mismatches.push(`${user} ${route.method} ${route.url}: got ${status}, want ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  }, 120_000);
});
