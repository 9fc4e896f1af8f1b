/**
 * docs/quality.md S16, issue 9 item 8: every API route of the inventory, called as an authorised user with hostile
 * values in each of its inputs, answers 400 — never 500, never 2xx. For each route the table gives one
 * well-formed request; the walk then replaces, one at a time, every path parameter, every query value and every
 * leaf of the JSON body with a string holding NUL, a lone surrogate or a control character (and, for numbers,
 * with huge, negative, fractional and exponent forms). A route missing from the table fails the test.
 * Contract-level properties of the primitives: packages/contracts/src/text.test.ts. ADR 0019.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { createConnectionTestApp, residentApplication, walkFixtures, type ConnectionTestApp, type WalkFixtures } from '../connection/testing.ts';
import { customerSessionCookie } from '../customer-portal/testing.ts';

type Path = (string | number)[];

type Fixtures = WalkFixtures;

interface WalkCase {
  /** Values of the route's `:params`. */
  params?(f: Fixtures): Record<string, string>;
  /** Numeric params (get the number mutations besides the string ones). */
  numericParams?: readonly string[];
  query?: Record<string, string>;
  body?(f: Fixtures): unknown;
  /** Body leaves (dotted paths) where a fraction is a valid value. */
  fractionOk?: readonly string[];
  /** Free-form JSON (workflow variables, form data): any finite number is valid there, strings are still checked. */
  freeForm?: readonly string[];
  /** Whose session; default admin (`*`). */
  user?: string;
  headers?: Record<string, string>;
}

const STEPS: Record<string, () => unknown> = {
  survey: () => ({ result: 'READY', tgId: 'TG3340101001', photoNote: '照片', opinion: '具备供电条件' }),
  scheme: () => ({ scheme: '380V 供电', opinion: '同意' }),
  approve: () => ({ outcome: 'pass', opinion: '同意' }),
  reply: () => ({ replyMethod: '短信', replyDate: '2026-03-02', opinion: '已答复' }),
  'design-review': () => ({ checkedOn: '2026-03-02', opinion: '合格' }),
  'mid-check': () => ({ checkedOn: '2026-03-02', opinion: '合格' }),
  'completion-check': () => ({ checkedOn: '2026-03-02', opinion: '合格' }),
  contract: () => ({ contractNo: 'HT20260302', signedOn: '2026-03-02', opinion: '已签' }),
  install: () => ({ meterAssetNo: '3300000000001', initialReading: 12, installedOn: '2026-03-02', opinion: '已装' }),
  archive: () => ({ opinion: '归档' }),
  revisit: () => ({ satisfaction: '满意', opinion: '满意' }),
};

const NO_INPUT: WalkCase = {};
const id = (f: Fixtures) => ({ id: f.victimId });
const app = () => ({ id: 'matrix-app' });
const version = () => ({ id: 'matrix-app', version: '1.0.0' });
const task = (f: Fixtures) => ({ id: f.taskId });
const instance = (f: Fixtures) => ({ id: f.instanceId });
const appNo = (f: Fixtures) => ({ no: f.appNo });
const attachmentOf = (f: Fixtures) => ({ no: f.appNo, id: '00000000-0000-4000-8000-000000000000' });
const ticketNo = () => ({ no: '2026000000000001' });
const outage = () => ({
  kind: 'PLANNED',
  orgUnitCode: '334010101',
  tgIds: ['TG3340101001'],
  lineNames: ['10kV城关线'],
  area: '城关镇人民路一带',
  startAt: '2026-03-02T01:00:00.000Z',
  expectedEndAt: '2026-03-02T05:00:00.000Z',
  reason: '线路检修',
});
const layoutItem = { appId: 'customer-archive', widgetId: 'quick-search', x: 0, y: 0, w: 4, h: 2 };

const CASES: Record<string, WalkCase> = {
  'POST /api/identity/login': { body: () => ({ username: 'kf01', password: 'Test#Pass-2026' }), user: 'anonymous' },
  // Its own session: a logout that got through would end admin's session and fail every case after it.
  'POST /api/identity/logout': { user: 'kf02' },
  'GET /api/identity/me': NO_INPUT,
  'PUT /api/identity/session/active-post': { body: () => ({ postCode: 'KF_AGENT', orgUnitCode: '3340180' }) },
  'POST /api/identity/password': { body: () => ({ currentPassword: 'not-the-password', newPassword: 'Qiu-yue-Lan-7461' }) },
  'POST /api/client-errors': { body: () => ({ appId: 'customer-archive', code: 'WB_SHELL_004', message: 'walk', stack: 'at x', url: '/app/x' }) },
  'GET /api/health': NO_INPUT,
  'GET /api/health/ready': NO_INPUT,
  'GET /api/registry/feed': NO_INPUT,
  'GET /api/search': { query: { q: '江北', limit: '5' } },
  'GET /api/docs': NO_INPUT,
  'GET /api/docs/': NO_INPUT,
  'GET /api/docs/json': NO_INPUT,
  'GET /api/docs/yaml': NO_INPUT,
  'GET /api/docs/static/index.html': NO_INPUT,
  'GET /api/docs/static/swagger-initializer.js': NO_INPUT,
  'GET /api/docs/static/*': NO_INPUT,
  'GET /api/registry/platform': NO_INPUT,
  'GET /api/svc/customer/v1/customers': { query: { q: '张', field: 'name', page: '1', pageSize: '5' } },
  'GET /api/svc/customer/v1/customers/:consNo': { params: (f) => ({ consNo: f.consNo }) },
  'GET /api/svc/iam/v1/org-units': NO_INPUT,
  'POST /api/svc/iam/v1/org-units': { body: () => ({ code: '334010199', name: '游走测试供电所', type: 'STATION', parentCode: '3340101' }) },
  'GET /api/svc/iam/v1/users': { query: { q: 'kf', orgUnitCode: '33401', status: 'active', postCode: 'KF_AGENT', roleKey: 'CUST_VIEWER', lastLogin: 'idle:30', page: '1', pageSize: '5' } },
  'POST /api/svc/iam/v1/users': {
    body: () => ({ username: 'walker1', displayName: '游走用户', orgUnitCode: '33401', initialPassword: 'Qiu-yue-Lan-7461' }),
  },
  'PUT /api/svc/iam/v1/users/:id/status': { params: id, body: () => ({ status: 'active' }) },
  'POST /api/svc/iam/v1/users/:id/password::reset': { params: id, body: () => ({ newPassword: 'Qiu-yue-Lan-7461' }) },
  'POST /api/svc/iam/v1/users/:id/sessions::end': { params: id },
  'POST /api/svc/iam/v1/users/:id/login-lock::clear': { params: id },
  'GET /api/svc/iam/v1/users/:id': { params: id },
  'GET /api/svc/iam/v1/posts': NO_INPUT,
  'GET /api/svc/iam/v1/users/:id/posts': { params: id },
  'POST /api/svc/iam/v1/users/:id/posts': {
    params: id,
    body: () => ({ postCode: 'DF_READ', orgUnitCode: '334010103', validFrom: '2026-01-01', validTo: null, acting: false, concurrent: false, primary: false }),
  },
  'DELETE /api/svc/iam/v1/users/:id/posts/:assignmentId': { params: (f) => ({ id: f.victimId, assignmentId: '6f1d2a3b-0000-4000-8000-000000000001' }) },
  'GET /api/svc/iam/v1/roles': NO_INPUT,
  'POST /api/svc/iam/v1/roles': { body: () => ({ key: 'WALK_ROLE', name: '游走角色', appId: 'customer-archive' }) },
  'PUT /api/svc/iam/v1/roles/:key/grants': {
    params: () => ({ key: 'WALK_ROLE' }),
    body: () => ({ permissions: ['cust:archive:view'], dataScopes: [{ resourceType: 'cons', scopeType: 'CUSTOM_ORGS', orgUnitCodes: ['3340101'] }], conferredByPosts: ['KF_AGENT'] }),
    headers: { 'if-match': '"1"' },
  },
  'GET /api/svc/iam/v1/permissions': NO_INPUT,
  'GET /api/svc/iam/v1/audit': {
    query: { actor: 'admin', action: 'iam.user.create', result: 'success', zone: 'intranet', from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z', page: '1', pageSize: '5' },
  },
  'GET /api/svc/iam/v1/audit/alerts': { query: { windowMinutes: '15' } },
  'GET /api/svc/iam/v1/import/template': NO_INPUT,
  'POST /api/svc/iam/v1/imports': { body: () => ({ fileName: 'walk.xlsx', content: 'AAAA', initialPassword: 'Qiu-yue-Lan-7461' }) },
  'GET /api/svc/iam/v1/imports/:id': { params: () => ({ id: '6f1d2a3b-0000-4000-8000-000000000001' }) },
  'GET /api/svc/iam/v1/export/users': NO_INPUT,
  'GET /api/svc/iam/v1/export/grants': NO_INPUT,
  'PUT /api/svc/iam/v1/org-units/:code': { params: () => ({ code: '3340181' }), body: () => ({ name: '江州供电营业厅', type: 'BUSINESS_HALL' }) },
  'POST /api/svc/iam/v1/org-units/:code/move': { params: () => ({ code: '3340181' }), body: () => ({ parentCode: '33401' }) },
  'PUT /api/svc/iam/v1/org-units/:code/status': { params: () => ({ code: '3340181' }), body: () => ({ status: 'active' }) },
  'POST /api/svc/iam/v1/org-units/:code/merge': { params: () => ({ code: '3340181' }), body: () => ({ intoCode: '3340180' }) },
  'GET /api/svc/iam/v1/post-assignments/expiring': { query: { days: '7' } },
  'POST /api/svc/iam/v1/users/bulk-status': { body: (f) => ({ ids: [f.victimId], status: 'active' }) },
  'POST /api/svc/iam/v1/users/bulk-end-sessions': { body: (f) => ({ ids: [f.victimId] }) },
  'GET /api/svc/iam/v1/users/:id/effective-permissions': { params: id },
  // ---- app store ----
  'GET /api/svc/appstore/v1/apps': { query: { q: '客户', category: '业务应用', status: 'ACTIVE' } },
  'GET /api/svc/appstore/v1/categories': NO_INPUT,
  'GET /api/svc/appstore/v1/parts': NO_INPUT,
  'GET /api/svc/appstore/v1/parts/impact': { query: { app: 'matrix-app', version: '1.0.0' } },
  'GET /api/svc/appstore/v1/apps/:id': { params: app },
  'GET /api/svc/appstore/v1/apps/:id/events': { params: app },
  'POST /api/svc/appstore/v1/versions': NO_INPUT, // a zip body: see registry's publish tests for its manifest
  'POST /api/svc/appstore/v1/apps/:id/versions/:version/submit': { params: version },
  'POST /api/svc/appstore/v1/apps/:id/versions/:version/approve': { params: version, body: () => ({ makeCurrent: true, opinion: '同意' }) },
  'POST /api/svc/appstore/v1/apps/:id/versions/:version/reject': { params: version, body: () => ({ reason: '不符合要求' }) },
  'POST /api/svc/appstore/v1/apps/:id/rollback': { params: app, body: () => ({ version: '1.0.0' }) },
  'POST /api/svc/appstore/v1/apps/:id/offline': { params: app },
  'POST /api/svc/appstore/v1/apps/:id/online': { params: app },
  'PUT /api/svc/appstore/v1/apps/:id/rollout': {
    params: app,
    body: () => ({ version: '1.0.0', orgUnitCodes: ['3340101'], postCodes: ['KF_AGENT'], percent: 10 }),
  },
  'DELETE /api/svc/appstore/v1/apps/:id/rollout': { params: app },
  'POST /api/svc/appstore/v1/apps/:id/rollout/promote': { params: app },
  'PUT /api/svc/appstore/v1/apps/:id/visibility': { params: app, body: () => ({ hiddenOrgUnitCodes: ['3340101'], hiddenPostCodes: ['KF_AGENT'] }) },
  'GET /api/svc/appstore/v1/market': NO_INPUT,
  'PUT /api/svc/appstore/v1/me/apps/:id': { params: app, body: () => ({ inMenu: true }) },
  'GET /api/svc/appstore/v1/me/layout': NO_INPUT,
  'PUT /api/svc/appstore/v1/me/layout': { body: () => ({ items: [layoutItem] }) },
  'DELETE /api/svc/appstore/v1/me/layout': NO_INPUT,
  'GET /api/svc/appstore/v1/layouts/posts/:postCode': { params: () => ({ postCode: 'KF_AGENT' }) },
  'PUT /api/svc/appstore/v1/layouts/posts/:postCode': { params: () => ({ postCode: 'KF_AGENT' }), body: () => ({ items: [layoutItem] }) },
  // ---- workflow ----
  'GET /api/svc/workflow/v1/inbox': { query: { box: 'todo', processKey: 'yk-lv-resident', slaState: 'NORMAL', orgUnitCode: '334010101', q: '测试', page: '1', pageSize: '5' } },
  'GET /api/svc/workflow/v1/tasks/:id': { params: task },
  'POST /api/svc/workflow/v1/tasks/:id/claim': { params: task },
  'POST /api/svc/workflow/v1/tasks/:id/unclaim': { params: task },
  'POST /api/svc/workflow/v1/tasks/:id/complete': { params: task, body: () => ({ outcome: 'pass', opinion: '同意', form: { note: '备注', n: 1, list: ['a'] } }), freeForm: ['form'] },
  'POST /api/svc/workflow/v1/tasks/:id/transfer': { params: task, body: () => ({ toUsername: 'yk02', opinion: '转办' }) },
  'POST /api/svc/workflow/v1/tasks/:id/return': { params: task, body: () => ({ target: 'node', nodeKey: 'accept', opinion: '退回补正' }) },
  'POST /api/svc/workflow/v1/instances': {
    body: () => ({ processKey: 'yk-lv-resident', businessKey: 'WALK-1', businessTitle: '游走', orgUnitCode: '334010101', variables: { a: '1', nested: { b: ['c'] } } }),
    freeForm: ['variables'],
  },
  'GET /api/svc/workflow/v1/instances/:id': { params: instance },
  'GET /api/svc/workflow/v1/instances/:id/diagram': { params: instance },
  'POST /api/svc/workflow/v1/instances/:id/withdraw': { params: instance },
  'POST /api/svc/workflow/v1/instances/:id/suspend': { params: instance, body: () => ({ reason: '游走测试' }) },
  'POST /api/svc/workflow/v1/instances/:id/resume': { params: instance, body: () => ({ reason: '游走测试' }) },
  'POST /api/svc/workflow/v1/instances/:id/terminate': { params: instance, body: () => ({ reason: '游走测试' }) },
  'POST /api/svc/workflow/v1/instances/:id/copy': { params: instance, body: () => ({ usernames: ['yk02'], opinion: '抄送' }) },
  'GET /api/svc/workflow/v1/notifications': { query: { unreadOnly: 'true', limit: '10' } },
  'POST /api/svc/workflow/v1/notifications/:id/read': { params: () => ({ id: '6f1d2a3b-0000-4000-8000-000000000002' }) },
  'POST /api/svc/workflow/v1/notifications/read-all': NO_INPUT,
  'GET /api/svc/workflow/v1/stream': NO_INPUT,
  'GET /api/svc/workflow/v1/outbox/dead-letters': { query: { consumer: 'workflow.push', page: '1', pageSize: '20' } },
  'POST /api/svc/workflow/v1/outbox/dead-letters/:id/retry': { params: () => ({ id: '1' }) },
  'POST /api/svc/workflow/v1/outbox/dead-letters/:id/discard': { params: () => ({ id: '1' }) },
  'GET /api/svc/workflow/v1/definitions': NO_INPUT,
  'GET /api/svc/workflow/v1/definitions/:key/:version/xml': { params: () => ({ key: 'yk-lv-resident', version: '1' }), numericParams: ['version'] },
  'POST /api/svc/workflow/v1/definitions': { body: () => ({ xml: '<definitions>\n\t<process id="x"/>\n</definitions>' }) },
  'GET /api/svc/workflow/v1/holidays': { query: { year: '2026' } },
  'PUT /api/svc/workflow/v1/holidays': { body: () => ({ years: [2099], items: [{ date: '2099-01-01', name: '元旦', workday: false }] }) },
  // ---- connection (业扩报装) ----
  'POST /api/svc/connection/v1/applications': { body: () => residentApplication(700), fractionOk: ['applyCap'], user: 'yk01' },
  'GET /api/svc/connection/v1/applications': {
    query: { status: 'IN_PROGRESS', openOnly: 'true', certNo: '11010519491231002X', node: 'survey', variant: 'yk-lv-resident', slaState: 'NORMAL', orgUnitCode: '334010101', q: '测试', page: '1', pageSize: '5' },
  },
  'GET /api/svc/connection/v1/applications/:no': { params: appNo },
  'POST /api/svc/connection/v1/duplicate-checks': { body: () => ({ certNo: '330102199001010012', consName: '张三', address: '杭州市上城区解放路1号' }), user: 'yk01' },
  ...Object.fromEntries(
    Object.entries(STEPS).map(([node, body]): [string, WalkCase] => [
      `POST /api/svc/connection/v1/applications/:no/${node}::complete`,
      { params: appNo, body, fractionOk: ['initialReading'] },
    ]),
  ),
  'POST /api/svc/connection/v1/applications/:no/accept::complete': {
    params: appNo,
    body: () => ({ consName: '测试户', address: '江北县城关镇人民路1号', contactName: '测试户', contactMobile: '13812345678', opinion: '补正' }),
  },
  'POST /api/svc/connection/v1/applications/:no/return': { params: appNo, body: () => ({ target: 'previous', reason: '资料不全' }) },
  'POST /api/svc/connection/v1/applications/:no/suspend': { params: appNo, body: () => ({ reason: '客户原因' }) },
  'POST /api/svc/connection/v1/applications/:no/resume': { params: appNo, body: () => ({ reason: '客户原因' }) },
  'GET /api/svc/connection/v1/board': NO_INPUT,
  // 业扩附件 (ADR 0067). The upload's body is one multipart file: its refusals (type, size, empty, not multipart)
  // are in connection/attachments.test.ts; the walk covers its path and query.
  'GET /api/svc/connection/v1/applications/:no/attachments': { params: appNo },
  'POST /api/svc/connection/v1/applications/:no/attachments': { params: appNo, query: { kind: 'ID_DOC' }, user: 'yk01' },
  'GET /api/svc/connection/v1/applications/:no/attachments/:id/content': { params: attachmentOf, query: { download: '1' } },
  'DELETE /api/svc/connection/v1/applications/:no/attachments/:id': { params: attachmentOf },
  'GET /api/svc/connection/v1/lines': NO_INPUT,
  'GET /api/svc/connection/v1/tgs': { query: { orgUnitCode: '334010101' } },
  // ---- ticket (95598 客服工单) ----
  'POST /api/svc/ticket/v1/calls': { body: () => ({ callerNo: '13812345678', agent: 'kf01' }) },
  'POST /api/svc/ticket/v1/calls::simulate': { body: () => ({ callerNo: '13812345678' }) },
  'GET /api/svc/ticket/v1/calls/current': NO_INPUT,
  'GET /api/svc/ticket/v1/lookup': { query: { q: '城关' } },
  'POST /api/svc/ticket/v1/tickets': {
    body: () => ({ type: 'REPAIR', consNo: '3340101000', contactName: '测试户', contactPhone: '13812345678', address: '江北县城关镇人民路1号', content: '家中无电' }),
  },
  'GET /api/svc/ticket/v1/tickets': {
    query: { status: 'DISPATCHING', type: 'REPAIR', view: 'all', overdue: 'false', consNo: '3340101000', orgUnitCode: '334010101', q: '测试', page: '1', pageSize: '5' },
  },
  'GET /api/svc/ticket/v1/tickets/:no': { params: ticketNo },
  'POST /api/svc/ticket/v1/tickets/:no/dispatch::complete': { params: ticketNo, body: () => ({ orgUnitCode: '334010101', opinion: '派单' }) },
  'POST /api/svc/ticket/v1/tickets/:no/accept::complete': { params: ticketNo, body: () => ({ outcome: 'accept', opinion: '接单' }) },
  'POST /api/svc/ticket/v1/tickets/:no/arrive::complete': { params: ticketNo, body: () => ({ arrivedAt: '2026-03-02T01:00:00.000Z', opinion: '到达' }) },
  'POST /api/svc/ticket/v1/tickets/:no/handle::complete': {
    params: ticketNo,
    body: () => ({ cause: '表箱开关损坏', result: '更换开关，已复电', restoredAt: '2026-03-02T02:00:00.000Z', photoNote: '照片' }),
  },
  'POST /api/svc/ticket/v1/tickets/:no/review::complete': { params: ticketNo, body: () => ({ outcome: 'pass', opinion: '同意' }) },
  'POST /api/svc/ticket/v1/tickets/:no/revisit::complete': { params: ticketNo, body: () => ({ outcome: 'SATISFIED', opinion: '满意' }) },
  'POST /api/svc/ticket/v1/tickets/:no/urge': { params: ticketNo, body: () => ({ reason: '客户再次来电' }) },
  'POST /api/svc/ticket/v1/tickets/:no/supervise': { params: ticketNo, body: () => ({ reason: '请尽快处理' }) },
  'POST /api/svc/ticket/v1/tickets/:no/reveal': { params: ticketNo },
  'GET /api/svc/ticket/v1/outages': { query: { status: 'ACTIVE', tgId: 'TG3340101001', page: '1', pageSize: '5' } },
  'POST /api/svc/ticket/v1/outages': { body: outage },
  'PUT /api/svc/ticket/v1/outages/:id': { params: () => ({ id: '1' }), body: outage },
  'GET /api/svc/ticket/v1/precheck': { query: { consNo: '3340101000' } },
  'GET /api/svc/ticket/v1/knowledge': { query: { q: '电费' } },
  'GET /api/svc/ticket/v1/config': NO_INPUT,
  'GET /api/svc/ticket/v1/stats': NO_INPUT,
  'GET /api/svc/ticket/v1/admin/sla-rules': NO_INPUT,
  'PUT /api/svc/ticket/v1/admin/sla-rules/:key': { params: () => ({ key: 'REPAIR' }), body: () => ({ clocks: [{ clock: 'finish', unit: 'workdays', amount: 5 }] }) },
  'DELETE /api/svc/ticket/v1/admin/sla-rules/:key': { params: () => ({ key: 'REPAIR' }) },
  // 电费账务 (issue 13, ADR 0035).
  'GET /api/svc/indicators/v1/definitions': NO_INPUT,
  'GET /api/svc/indicators/v1/summary': { query: { org: '33401', ym: '202603' } },
  'GET /api/svc/indicators/v1/trend': { query: { org: '33401', ym: '202603', code: 'YK_ONTIME' } },
  'GET /api/svc/indicators/v1/ranking': { query: { org: '33401', ym: '202603', code: 'YK_ONTIME' } },
  'GET /api/svc/indicators/v1/items': { query: { org: '33401', ym: '202603', code: 'YK_OVERDUE', page: '1', pageSize: '20' } },
  'GET /api/svc/indicators/v1/screen': NO_INPUT,
  'GET /api/svc/indicators/v1/export': { query: { org: '33401', ym: '202603' } },
  'GET /api/svc/indicators/v1/targets': NO_INPUT,
  'PUT /api/svc/indicators/v1/targets/:code': { params: () => ({ code: 'YK_ONTIME' }), body: () => ({ green: 95, amber: 90 }), fractionOk: ['green', 'amber'] },
  'POST /api/svc/indicators/v1/rebuild': NO_INPUT,
  'GET /api/svc/indicators/v1/screen/stream': NO_INPUT,
  'GET /api/svc/indicators/v1/kiosk/outages': NO_INPUT,
  'GET /api/svc/indicators/v1/kiosk/tariffs': NO_INPUT,
  'GET /api/svc/indicators/v1/kiosk/applications/:appNo': { params: (f) => ({ appNo: f.appNo }), query: { phone4: '5678' } },
  'GET /api/svc/billing/v1/tariffs': NO_INPUT,
  'GET /api/svc/billing/v1/config': NO_INPUT,
  'POST /api/svc/billing/v1/readings': { body: (f) => ({ consNo: f.consNo, ym: '202603', currIndex: 100, peakKwh: 10, valleyKwh: 10 }) },
  'GET /api/svc/billing/v1/customers/:consNo/readings': { params: (f) => ({ consNo: f.consNo }) },
  'POST /api/svc/billing/v1/readings/:consNo/:ym/review': { params: (f) => ({ consNo: f.consNo, ym: '202603' }), body: () => ({ currIndex: 100, opinion: '现场复抄' }) },
  'POST /api/svc/billing/v1/calc-batches/:id/audit': { params: () => ({ id: '1' }), body: (f) => ({ approve: [f.consNo], opinion: '核实无误' }) },
  'POST /api/svc/billing/v1/calc-batches': { body: () => ({ ym: '202603', orgUnitCode: '334010101' }) },
  'GET /api/svc/billing/v1/calc-batches': { query: { ym: '202603' } },
  'GET /api/svc/billing/v1/calc-batches/:id': { params: () => ({ id: '1' }) },
  'POST /api/svc/billing/v1/calc-batches/:id/issue': { params: () => ({ id: '1' }) },
  'POST /api/svc/billing/v1/payments': { body: (f) => ({ consNo: f.consNo, amountFen: 100, method: 'CASH' }) },
  'GET /api/svc/billing/v1/payments': { query: { collector: 'df03', date: '2026-03-02' } },
  'GET /api/svc/billing/v1/payments/:id': { params: () => ({ id: '1' }) },
  'POST /api/svc/billing/v1/payments/:id/reverse': { params: () => ({ id: '1' }), body: () => ({ reason: '收错户' }) },
  'GET /api/svc/billing/v1/customers/:consNo/account': { params: (f) => ({ consNo: f.consNo }) },
  'PUT /api/svc/billing/v1/customers/:consNo/account': { params: (f) => ({ consNo: f.consNo }), body: () => ({ protectedFlag: true }) },
  'POST /api/svc/billing/v1/customers/:consNo/notice': { params: (f) => ({ consNo: f.consNo }) },
  'GET /api/svc/billing/v1/arrears': { query: { orgUnitCode: '334010101', ageBand: 'D30', minOweFen: '100', powerState: 'ON', tariffKind: 'RESIDENT', page: '1', pageSize: '5' } },
  'GET /api/svc/billing/v1/orders': { query: { kind: 'CUTOFF', status: 'OPEN', page: '1', pageSize: '5' } },
  'POST /api/svc/billing/v1/orders': { body: (f) => ({ consNo: f.consNo, plannedAt: '2026-03-02T02:00:00.000Z' }) },
  'GET /api/svc/billing/v1/orders/:id': { params: () => ({ id: '1' }) },
  'POST /api/svc/billing/v1/orders/:id/complete': { params: () => ({ id: '1' }), body: () => ({ success: true, note: '完成' }) },
  // 电费账务 continued (ADR 0043).
  'GET /api/svc/billing/v1/read-plans': { query: { ym: '202603', orgUnitCode: '334010101' } },
  'GET /api/svc/billing/v1/read-plans/:mrSectNo': { params: () => ({ mrSectNo: 'MR1' }), query: { ym: '202603', orgUnitCode: '334010101' } },
  'GET /api/svc/billing/v1/payments/:id/receipt.pdf': { params: () => ({ id: '1' }) },
  'POST /api/svc/billing/v1/adjustments': { body: (f) => ({ consNo: f.consNo, ym: '202602', kind: 'REFUND', amountFen: 100, kwh: 0, reason: '多收退费' }) },
  'GET /api/svc/billing/v1/adjustments': { query: { status: 'PENDING', consNo: '3340101000', page: '1', pageSize: '5' } },
  'GET /api/svc/billing/v1/adjustments/:id': { params: () => ({ id: '1' }) },
  'POST /api/svc/billing/v1/adjustments/:id/approve': { params: () => ({ id: '1' }), body: () => ({ note: '同意' }) },
  'POST /api/svc/billing/v1/adjustments/:id/reject': { params: () => ({ id: '1' }), body: () => ({ note: '重复' }) },
  'POST /api/svc/billing/v1/bank-imports': { body: () => ({ fileName: '代扣.csv', content: '流水号,户号,金额,扣款日期\nB1,3340101000,1.00,2026-03-01' }) },
  'GET /api/svc/billing/v1/bank-imports/:id': { params: () => ({ id: '1' }) },
  'GET /api/svc/billing/v1/reports/remittance': { query: { date: '2026-03-02', orgUnitCode: '334010101' } },
  'POST /api/svc/billing/v1/dunning/run': { body: () => ({ orgUnitCode: '334010101' }) },
  'GET /api/svc/billing/v1/dunning': { query: { step: 'SMS', status: 'OPEN', page: '1', pageSize: '5' } },
  'POST /api/svc/billing/v1/dunning/:id/complete': { params: () => ({ id: '1' }), body: () => ({ note: '已电话联系' }) },
  'GET /api/svc/billing/v1/sms-messages': { query: { consNo: '3340101000', page: '1', pageSize: '5' } },
  // 电费账务 app's counter reads (ADR 0042).
  'GET /api/svc/billing/v1/counter/customers': { query: { q: '张' } },
  'GET /api/svc/billing/v1/counter/units': NO_INPUT,
  // ---- customer-portal (掌上电力): the customer's own session for customer routes ----
  'POST /api/svc/customer-portal/v1/login-codes': { body: () => ({ phone: '13900000009' }), user: 'anonymous' },
  'POST /api/svc/customer-portal/v1/login': { body: () => ({ phone: '13900000009', code: '123456' }), user: 'anonymous' },
  'POST /api/svc/customer-portal/v1/logout': { user: 'customerB' },
  'GET /api/svc/customer-portal/v1/me': { user: 'customer' },
  'PUT /api/svc/customer-portal/v1/me/password': { body: () => ({ password: 'Dianfei2026' }), user: 'customer' },
  'POST /api/svc/customer-portal/v1/binding-codes': { body: (f) => ({ consNo: f.consNo, holderName: '张三' }), user: 'customer' },
  'POST /api/svc/customer-portal/v1/bindings': { body: (f) => ({ consNo: f.consNo, holderName: '张三', code: '123456' }), user: 'customer' },
  'DELETE /api/svc/customer-portal/v1/bindings/:consNo': { params: (f) => ({ consNo: f.consNo }), user: 'customer' },
  'GET /api/svc/customer-portal/v1/accounts/:consNo': { params: (f) => ({ consNo: f.consNo }), user: 'customer' },
  'GET /api/svc/customer-portal/v1/accounts/:consNo/payments': { params: (f) => ({ consNo: f.consNo }), user: 'customer' },
  'GET /api/svc/customer-portal/v1/accounts/:consNo/outages': { params: (f) => ({ consNo: f.consNo }), user: 'customer' },
  'GET /api/svc/customer-portal/v1/accounts/:consNo/repairs': { params: (f) => ({ consNo: f.consNo }), user: 'customer' },
  'POST /api/svc/customer-portal/v1/repairs': { body: (f) => ({ consNo: f.consNo, content: '家里停电了' }), user: 'customer' },
  'GET /api/svc/customer-portal/v1/applications/:appNo': { params: (f) => ({ appNo: f.appNo }), user: 'customer' },
  'POST /api/svc/customer-portal/v1/pay-orders': { body: (f) => ({ consNo: f.consNo, receivableIds: ['1'], returnPath: '/c/pay/result' }), user: 'customer', headers: { 'idempotency-key': 'walk' } },
  'GET /api/svc/customer-portal/v1/pay-orders/:outTradeNo': { params: () => ({ outTradeNo: 'CP2026030209000000000001' }), user: 'customer' },
  'GET /api/svc/customer-portal/v1/payments/:id/receipt.pdf': { params: () => ({ id: '1' }), user: 'customer' },
  'POST /api/svc/customer-portal/v1/pay/notify': { body: () => ({ mch_id: '1900000109', out_trade_no: 'CP2026030209000000000001', total_fee: '100', sign: 'AB' }), user: 'anonymous' },
  'GET /api/svc/customer-portal/v1/reconciliation': { query: { date: '2026-03-02' } },
  'GET /api/svc/customer-portal/v1/staff/customers': { query: { q: '13700001', status: 'ACTIVE', page: '1', pageSize: '5' } },
  'GET /api/svc/customer-portal/v1/staff/customers/:id': { params: () => ({ id: '1' }) },
  'POST /api/svc/customer-portal/v1/staff/customers/:id/status': { params: () => ({ id: '1' }), body: () => ({ status: 'DISABLED', reason: '客户挂失' }), headers: { 'if-match': '"1"' } },
  'POST /api/svc/customer-portal/v1/staff/customers/:id/unbind': { params: () => ({ id: '1' }), body: (f) => ({ consNo: f.consNo, reason: '户主过户' }), headers: { 'if-match': '"1"' } },
  'GET /api/svc/customer-portal/v1/sim-pay/checkout/:transactionId': { params: () => ({ transactionId: `4220260302090000${'a'.repeat(24)}` }), user: 'anonymous' },
  'POST /api/svc/customer-portal/v1/sim-pay/checkout/:transactionId': { params: () => ({ transactionId: `4220260302090000${'a'.repeat(24)}` }), body: () => ({ action: 'cancel' }), user: 'anonymous' },
  'GET /api/svc/customer-portal/v1/dev/sms-messages': { query: { phone: '13900000009' }, user: 'anonymous' },
  'GET /api/svc/billing/v1/counter/arrears.csv': { query: { orgUnitCode: '334010101', ageBand: 'D30', minOweFen: '100', powerState: 'ON' } },
};

/** Hostile strings: what no database column may hold, and control characters the contracts refuse. */
const BAD_STRINGS: readonly [string, string][] = [
  ['NUL', 'ab\u0000cd'],
  ['lone high surrogate', 'ab\ud800cd'],
  ['lone low surrogate', '\udc00'],
  ['control character', 'ab\u0001cd'],
  ['escape', 'ab\u001bcd'],
];
/** The same in a URL: percent-encoded, including bytes that are not UTF-8 (a lone surrogate has no UTF-8 form). */
const BAD_URL_STRINGS: readonly [string, string][] = [
  ['NUL', 'ab%00cd'],
  ['lone surrogate (CESU-8 bytes)', 'ab%ED%A0%80cd'],
  ['overlong NUL', '%C0%80'],
  ['control character', 'ab%01cd'],
  ['malformed escape', 'ab%zzcd'],
];
const BAD_URL_NUMBERS = ['1e30', '99999999999', '1.5', '-1', '1e2', '0x10', 'Infinity'];
const BAD_JSON_NUMBERS: readonly number[] = [1e30, -1e30, Number.MAX_SAFE_INTEGER + 2];
/** Query values that are counts, pages or years (other digit strings, such as org-unit codes, are codes). */
const NUMERIC_QUERY = new Set(['page', 'pageSize', 'limit', 'year', 'windowMinutes', 'days']);

/** Every leaf of a JSON value with its path (array elements and object values; an empty record gets none). */
function leaves(value: unknown, path: Path = []): [Path, unknown][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => leaves(item, [...path, i]));
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, k]));
  return [[path, value]];
}

function replaced(value: unknown, path: Path, leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string | number, ...Path];
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[head] = replaced(copy[head], rest, leaf);
  return copy;
}

function urlOf(template: string, params: Record<string, string>, query: Record<string, string>): string {
  const path = template
    .split('/')
    .map((segment) => (segment.startsWith(':') ? (params[segment.slice(1)] ?? segment) : segment.replaceAll('::', ':')))
    .join('/');
  const qs = Object.entries(query)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

const encodeAll = (values: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)]));

interface Mutation {
  what: string;
  url: string;
  body?: unknown;
}

/** The hostile variants of one case: one input at a time. */
function mutations(template: string, c: WalkCase, f: Fixtures): Mutation[] {
  const params = encodeAll(c.params?.(f) ?? {});
  const query = encodeAll(c.query ?? {});
  const body = c.body?.(f);
  const out: Mutation[] = [];
  for (const name of Object.keys(params)) {
    const values = [...BAD_URL_STRINGS, ...(c.numericParams?.includes(name) ? BAD_URL_NUMBERS.map((n): [string, string] => [n, n]) : [])];
    for (const [label, value] of values) out.push({ what: `param ${name} = ${label}`, url: urlOf(template, { ...params, [name]: value }, query), body });
  }
  for (const [name, base] of Object.entries(query)) {
    const values = [...BAD_URL_STRINGS, ...(NUMERIC_QUERY.has(name) && /^\d+$/.test(base) ? BAD_URL_NUMBERS.map((n): [string, string] => [n, n]) : [])];
    for (const [label, value] of values) out.push({ what: `query ${name} = ${label}`, url: urlOf(template, params, { ...query, [name]: value }), body });
  }
  // Inputs a route does not read are refused too (the request guard), so an unknown query is hostile everywhere.
  out.push({ what: 'unread query with NUL', url: urlOf(template, params, { ...query, zz: 'ab%00cd' }), body });
  if (body !== undefined) {
    const url = urlOf(template, params, query);
    for (const [path, leaf] of leaves(body)) {
      const at = path.join('.');
      for (const [label, value] of BAD_STRINGS) out.push({ what: `body ${at} = ${label}`, url, body: replaced(body, path, value) });
      if (typeof leaf === 'number' && !c.freeForm?.includes(String(path[0]))) {
        const numbers = [...BAD_JSON_NUMBERS, ...(Number.isInteger(leaf) && !c.fractionOk?.includes(at) ? [1.5] : [])];
        for (const n of numbers) out.push({ what: `body ${at} = ${n}`, url, body: replaced(body, path, n) });
      }
    }
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
      out.push({ what: 'body key with NUL', url, body: { ...body, 'a\u0000b': 1 } });
    }
  }
  return out;
}

describe('input hygiene: every API route refuses hostile input with 400 (S16)', () => {
  // One database kind: the contracts and the request guard decide before any SQL runs; the reproductions
  // (input-hygiene.test.ts) run on both kinds.
  let t: ConnectionTestApp;
  let fixtures: Fixtures;
  const sessions: Record<string, string> = {};
  beforeAll(async () => {
    t = await createConnectionTestApp('pglite', { customers: 100 });
    fixtures = await walkFixtures(t, 600);
    sessions.admin = await t.login('admin');
    sessions.yk01 = t.cookies.yk01 ?? (await t.login('yk01'));
    sessions.kf02 = await t.login('kf02');
    sessions.customer = await customerSessionCookie(t.db, '13900000008', t.clock.now());
    sessions.customerB = await customerSessionCookie(t.db, '13900000007', t.clock.now());
  }, 120_000);
  afterAll(async () => t?.close());

  const apiRoutes = (): { method: string; url: string }[] =>
    t.app.routeInventory.filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/')).map(({ method, url }) => ({ method, url }));

  it('has a case for every API route, and nothing else', () => {
    expect(apiRoutes().map((r) => `${r.method} ${r.url}`).sort()).toEqual(Object.keys(CASES).sort());
  });

  it('answers 400 to every hostile input of every route: never 500, never 2xx', async () => {
    const mismatches: string[] = [];
    let sent = 0;
    for (const route of apiRoutes()) {
      const c = CASES[`${route.method} ${route.url}`];
      if (!c) continue; // reported by the coverage test above
      const user = c.user ?? 'admin';
      for (const m of mutations(route.url, c, fixtures)) {
        const options = {
          method: route.method,
          url: m.url,
          headers: c.headers ?? {},
          ...(m.body !== undefined ? { payload: JSON.stringify(m.body), headers: { ...c.headers, 'content-type': 'application/json' } } : {}),
          ...(user === 'anonymous' ? {} : { cookie: sessions[user] }),
        } as InjectOptions & { cookie?: string };
        const res = await t.request(options);
        sent += 1;
        const body = (res.headers['content-type']?.toString().includes('json') ? res.json() : {}) as { error?: { code?: string; message?: string } };
        if (res.statusCode !== 400 || body.error?.code !== 'WB_ERR_BAD_REQUEST' || !/[\u4e00-\u9fff]/.test(body.error.message ?? '')) {
          mismatches.push(`${route.method} ${route.url} ${m.what}: ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(sent).toBeGreaterThan(500);
  }, 300_000);
});
