/**
 * Issue 10 "What was found", as tests: the generic workflow API never goes around 业扩报装 (docs/quality.md S18,
 * S19). Every case here passed through before (200/201); now the domain's rules and limits hold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { applicationDetailSchema, type ApplicationDetail } from '@wb/contracts/connection';
import { inboxPageSchema, instanceDetailSchema, notificationListSchema } from '@wb/contracts/workflow';
import { testDbKinds } from '@wb/server-kit/testing';
import { TEST_PASSWORD } from '../testing/harness.ts';
import { createConnectionTestApp, residentApplication, type ConnectionTestApp } from './testing.ts';

const WF = '/api/svc/workflow/v1';
const INTERNET = '203.0.113.5';

describe.each(testDbKinds())('bound 业扩 tasks and domain limits on %s', (kind) => {
  let t: ConnectionTestApp;
  let n = 200;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await createConnectionTestApp(kind);
    for (const u of ['kf01', 'df03', 'multi01']) cookies[u] = await t.login(u);
    Object.assign(cookies, t.cookies);
  }, 120_000);
  afterAll(async () => t?.close());

  const wf = (user: string, method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}, extra: Partial<InjectOptions> = {}) =>
    t.request({ method, url: `${WF}${url}`, cookie: cookies[user] ?? '', headers, ...(payload === undefined ? {} : { payload: payload as object }), ...extra });

  async function accept(): Promise<ApplicationDetail> {
    n += 1;
    const res = await t.post('yk01', '/applications', residentApplication(n));
    expect(res.statusCode, res.body).toBe(201);
    return applicationDetailSchema.parse(res.json());
  }

  const detailOf = async (appNo: string, user = 'yk01'): Promise<ApplicationDetail> => applicationDetailSchema.parse((await t.get(user, `/applications/${appNo}`)).json());

  it('refuses completing a bound 现场勘查 through the workflow API (409 WB_ERR_DOMAIN_BOUND naming survey:complete); nothing moves', async () => {
    const app = await accept();
    const task = app.openTask!;
    const res = await wf('yk02', 'POST', `/tasks/${task.id}/complete`, { form: { applyCap: 0.1, consName: '篡改' } }, { 'if-match': `"${task.version}"` });
    expect(res.statusCode, res.body).toBe(409);
    expect(task).toMatchObject({ nodeKey: 'survey', bound: { domain: 'connection', title: '业扩报装' } });
    expect(res.json().error.code).toBe('WB_ERR_DOMAIN_BOUND');
    expect(res.json().error.message).toContain(`/api/svc/connection/v1/applications/${app.appNo}/survey:complete`);
    const after = await detailOf(app.appNo);
    expect(after).toMatchObject({ nodeKey: 'survey', version: app.version, consName: app.consName, applyCap: app.applyCap });
    const instance = instanceDetailSchema.parse((await wf('yk02', 'GET', `/instances/${task.instanceId}`)).json());
    expect(instance.variables).toMatchObject({ applyCap: app.applyCap, consName: app.consName });
    // Return and transfer likewise; claiming (签收) changes no business data and stays open.
    const ret = await wf('yk02', 'POST', `/tasks/${task.id}/return`, { target: 'previous', opinion: '绕过业扩退回' });
    expect(ret.statusCode).toBe(409);
    expect(ret.json().error.message).toContain('/return');
    expect((await wf('yk02', 'POST', `/tasks/${task.id}/transfer`, { toUsername: 'df03' })).json().error.code).toBe('WB_ERR_DOMAIN_BOUND');
    expect((await wf('df03', 'POST', `/tasks/${task.id}/complete`, {}, { 'if-match': `"${task.version}"` })).statusCode).toBe(404);
    expect((await wf('yk02', 'POST', `/tasks/${task.id}/claim`)).statusCode).toBe(200);
  });

  it('refuses a generic start of a 业扩 process (kf01 → 409), so the real 受理登记 is never blocked', async () => {
    const res = await wf('kf01', 'POST', '/instances', { processKey: 'yk-lv-resident', businessKey: 'YK2026030299999', businessTitle: '抢占', orgUnitCode: '3340180' });
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json().error.code).toBe('WB_ERR_DOMAIN_BOUND');
    expect(await t.db.query(`SELECT 1 FROM wf_instance WHERE business_key = 'YK2026030299999'`)).toHaveLength(0);
  });

  it('copies (抄送) only to people who could see the item: guest01 and df03 refused, ld01 (the 供电所) allowed', async () => {
    const app = await accept();
    const instanceId = app.openTask!.instanceId;
    for (const user of ['guest01', 'df03']) {
      const res = await wf('yk01', 'POST', `/instances/${instanceId}/copy`, { usernames: [user] });
      expect(res.statusCode, `${user}: ${res.body}`).toBe(400);
    }
    expect((await wf('guest01', 'GET', `/instances/${instanceId}`)).statusCode).toBe(404);
    expect((await wf('yk01', 'POST', `/instances/${instanceId}/copy`, { usernames: ['ld01'] })).statusCode).toBe(200);
  });

  it('carries 业扩 zones and data scope: from the internet zone yk02 gets 403 on the workflow API as on the connection API; out of scope is 404', async () => {
    const app = await accept();
    const task = app.openTask!;
    await t.db.query(`UPDATE permission SET allowed_zones = '{intranet}' WHERE key LIKE 'yk:%'`);
    try {
      const outside = await t.login('yk02', TEST_PASSWORD, { remoteAddress: INTERNET });
      const fromInternet = (method: InjectOptions['method'], url: string, payload?: unknown, headers: Record<string, string> = {}) =>
        t.request({ method, url, cookie: outside, remoteAddress: INTERNET, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
      expect((await fromInternet('GET', `/api/svc/connection/v1/applications/${app.appNo}`)).statusCode).toBe(403);
      expect((await fromInternet('GET', `${WF}/instances/${task.instanceId}`)).statusCode).toBe(403);
      expect((await fromInternet('GET', `${WF}/tasks/${task.id}`)).statusCode).toBe(403);
      expect((await fromInternet('POST', `${WF}/tasks/${task.id}/complete`, {}, { 'if-match': `"${task.version}"` })).statusCode).toBe(403);
      const inbox = inboxPageSchema.parse((await fromInternet('GET', `${WF}/inbox?box=todo&pageSize=100`)).json());
      expect(inbox.items.filter((i) => i.processKey.startsWith('yk-'))).toEqual([]);
    } finally {
      await t.db.query(`UPDATE permission SET allowed_zones = NULL WHERE key LIKE 'yk:%'`);
    }
    // df03 (临川城区供电所) was copied nothing and holds no 业扩 scope of 城关: the instance is not there for him.
    expect((await wf('df03', 'GET', `/instances/${task.instanceId}`)).statusCode).toBe(404);
  });

  it('works in the active post only: multi01 as 勘查员 in 河口 neither lists nor claims 城关 受理 tasks, and is told to switch post', async () => {
    const app = await accept();
    // Returned to 受理: an open YK_ACCEPT task of 江北城关供电所.
    const back = await t.post('yk02', `/applications/${app.appNo}/return`, { target: 'accept', reason: '证件照片不清晰' }, { 'if-match': String(app.version) });
    expect(back.statusCode, back.body).toBe(200);
    const acceptTask = applicationDetailSchema.parse(back.json()).openTask!;
    expect(acceptTask.nodeKey).toBe('accept');
    const asAccept = inboxPageSchema.parse((await wf('multi01', 'GET', '/inbox?box=todo&pageSize=100')).json());
    expect(asAccept.items.map((i) => i.taskId)).toContain(acceptTask.id);
    const switched = await t.request({ method: 'PUT', url: '/api/identity/session/active-post', cookie: cookies.multi01, payload: { postCode: 'YK_SURVEY', orgUnitCode: '334010102' } });
    expect(switched.statusCode, switched.body).toBe(200);
    const asSurvey = inboxPageSchema.parse((await wf('multi01', 'GET', '/inbox?box=todo&pageSize=100')).json());
    expect(asSurvey.items.map((i) => i.taskId)).not.toContain(acceptTask.id);
    expect(asSurvey.otherPosts).toEqual([expect.objectContaining({ code: 'YK_ACCEPT', orgUnitCode: '334010101' })]);
    expect(asSurvey.otherPosts[0]!.todo).toBeGreaterThan(0);
    const claimed = await wf('multi01', 'POST', `/tasks/${acceptTask.id}/claim`);
    expect([403, 404]).toContain(claimed.statusCode);
    const resubmit = await t.request({
      method: 'POST', url: `/api/svc/connection/v1/applications/${app.appNo}/accept:complete`, cookie: cookies.multi01,
      payload: { opinion: '已补正' }, headers: { 'if-match': String(applicationDetailSchema.parse(back.json()).version) },
    });
    expect([403, 404]).toContain(resubmit.statusCode);
    await t.request({ method: 'PUT', url: '/api/identity/session/active-post', cookie: cookies.multi01, payload: { postCode: 'YK_ACCEPT', orgUnitCode: '334010101' } });
  });

  it('the detail says who may act (mayAct), keeps every round in 环节记录, and notifies only work one can still do', async () => {
    let app = await accept();
    expect((await detailOf(app.appNo, 'yk01')).openTask).toMatchObject({ nodeKey: 'survey', mayAct: false });
    expect((await detailOf(app.appNo, 'yk02')).openTask).toMatchObject({ nodeKey: 'survey', mayAct: true });
    // No "新待办：受理登记" for the 受理 the clerk just did.
    const notes = notificationListSchema.parse((await wf('yk01', 'GET', '/notifications?limit=100')).json());
    expect(notes.items.filter((x) => x.title === '新待办：受理登记' && x.body.includes(app.appNo))).toEqual([]);
    // Survey, returned by the scheme, surveyed again: both surveys stay in 环节记录.
    const tgs = (await t.get('yk02', '/tgs?orgUnitCode=334010101')).json() as Array<{ id: string; openKva: number }>;
    const tgId = [...tgs].sort((a, b) => b.openKva - a.openKva)[0]!.id;
    const surveyBody = (opinion: string) => ({ result: 'READY', tgId, photoNote: '', opinion });
    let res = await t.post('yk02', `/applications/${app.appNo}/survey:complete`, surveyBody('第一次勘查'), { 'if-match': String(app.version) });
    app = applicationDetailSchema.parse(res.json());
    res = await t.post('yk03', `/applications/${app.appNo}/return`, { target: 'previous', reason: '台区需复核' }, { 'if-match': String(app.version) });
    app = applicationDetailSchema.parse(res.json());
    res = await t.post('yk02', `/applications/${app.appNo}/survey:complete`, surveyBody('第二次勘查'), { 'if-match': String(app.version) });
    expect(res.statusCode, res.body).toBe(200);
    app = applicationDetailSchema.parse(res.json());
    const surveys = app.stepLog.filter((s) => s.node === 'survey').map((s) => s.data.opinion);
    expect(surveys).toEqual(['第一次勘查', '第二次勘查']);
    expect(app.stepLog.map((s) => s.node)).toEqual(['accept', 'survey', 'return:scheme', 'survey']);
    // The 详情 drawer gets labels, not keys.
    const instance = instanceDetailSchema.parse((await wf('yk02', 'GET', `/instances/${app.openTask!.instanceId}`)).json());
    expect(instance.fieldLabels).toMatchObject({ tgId: '台区编号', certType: '证件类型' });
    expect(instance.valueLabels.certType).toMatchObject({ ID_CARD: '居民身份证' });
  });

  it('notification texts show China Standard Time, never raw UTC', async () => {
    await accept();
    t.clock.advance(30 * 86_400_000);
    await t.db.transaction((tx) => t.engine.sweep(tx, t.clock.now()));
    // Every session expired with the clock: everyone signs in again, here and for the tests that run after this one.
    for (const u of Object.keys(cookies)) {
      cookies[u] = await t.login(u);
      if (u in t.cookies) t.cookies[u] = cookies[u];
    }
    const notes = notificationListSchema.parse((await wf('yk02', 'GET', '/notifications?limit=100')).json());
    const timed = notes.items.filter((x) => x.kind === 'OVERDUE' || x.kind === 'WARNING');
    expect(timed.length).toBeGreaterThan(0);
    for (const x of timed) {
      expect(x.body).not.toMatch(/\dT\d|Z\b/);
      expect(x.body).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    }
  });
});
