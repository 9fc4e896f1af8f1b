/**
 * The connection service through HTTP on the composed app, as the demo accounts: the whole 低压居民 path,
 * each operation's refusals (validation 400, scope 404, wrong node 409, not a candidate 403, stale 412,
 * over capacity 400), Idempotency-Key, return and resubmission, suspension that stops the clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationDetailSchema, applicationListSchema, boardSchema, type ApplicationDetail } from '@wb/contracts/connection';
import { customerSearchResultSchema } from '@wb/contracts';
import { testDbKinds } from '@wb/server-kit/testing';
import { chinaDay } from './operations.ts';
import { demoIdCardNo, demoUscc, seedConnections, type ConnectionSeedReport } from './seed.ts';
import { createConnectionTestApp, residentApplication, type ConnectionTestApp } from './testing.ts';
import { expectOrgPathRange } from '../testing/plans.ts';

const DAY = 86_400_000;

describe.each(testDbKinds())('connection service on %s', (kind) => {
  let t: ConnectionTestApp;
  let seeded: ConnectionSeedReport;
  let n = 0;

  // The seeded applications are a fixture every test may read, seeded at the clock's start. Tests that move the
  // clock move it forward only (`movingClock`), and no test assumes where the clock stands, so the tests pass in
  // any order (`vitest run --sequence.shuffle.tests`).
  beforeAll(async () => {
    t = await createConnectionTestApp(kind);
    seeded = await seedConnections(t.db, t.engine, { now: t.clock.now() });
  }, 120_000);

  /**
   * Runs `body` with a clock it may move forward (`advance`, which signs `users` in again: sessions end after
   * 30 idle minutes). Every test account is signed in afresh before and after, whatever the clock did.
   */
  async function movingClock(users: readonly string[], body: (advance: (ms: number) => Promise<void>) => Promise<void>): Promise<void> {
    await t.relogin(users);
    try {
      await body(async (ms) => {
        t.clock.advance(ms);
        await t.relogin(users);
      });
    } finally {
      await t.relogin();
    }
  }
  afterAll(async () => {
    await t?.close();
  });

  async function accept(overrides: Parameters<typeof residentApplication>[1] = {}): Promise<ApplicationDetail> {
    n += 1;
    const res = await t.post('yk01', '/applications', residentApplication(n, overrides));
    expect(res.statusCode, res.body).toBe(201);
    return applicationDetailSchema.parse(res.json());
  }

  async function step(user: string, app: ApplicationDetail, node: string, body: unknown): Promise<ApplicationDetail> {
    const res = await t.post(user, `/applications/${app.appNo}/${node}:complete`, body, { 'if-match': String(app.version) });
    expect(res.statusCode, `${user} ${node}: ${res.body}`).toBe(200);
    return applicationDetailSchema.parse(res.json());
  }

  async function pickTg(): Promise<string> {
    const res = await t.get('yk02', '/tgs?orgUnitCode=334010101');
    expect(res.statusCode).toBe(200);
    const tgs = res.json() as Array<{ id: string; openKva: number }>;
    const best = [...tgs].sort((a, b) => b.openKva - a.openKva)[0];
    if (!best) throw new Error('no 台区');
    return best.id;
  }

  const survey = async (app: ApplicationDetail, tgId?: string): Promise<ApplicationDetail> =>
    step('yk02', app, 'survey', { result: 'READY', tgId: tgId ?? (await pickTg()), photoNote: '表箱照片', opinion: '具备供电条件' });

  it('seeds about 50 applications over every variant, a fifth near or over the limit, some suspended; out of scope is 404', async () => {
    expect(seeded).toMatchObject({ skipped: false, applications: 50, backdated: 10 });
    expect(seeded.suspended).toBeGreaterThanOrEqual(4);
    expect((await seedConnections(t.db, t.engine)).skipped).toBe(true);
    const all = applicationListSchema.parse((await t.get('mgr01', '/applications?pageSize=100')).json());
    expect(new Set(all.items.map((a) => a.variant))).toEqual(new Set(['yk-lv-resident', 'yk-lv-nonresident', 'yk-hv-single', 'yk-hv-dual']));
    const late = all.items.filter((a) => a.slaState === 'WARNING' || a.slaState === 'OVERDUE');
    expect(late.length).toBeGreaterThanOrEqual(8);
    expect(new Set(all.items.map((a) => a.nodeKey)).size).toBeGreaterThanOrEqual(9);

    const board = boardSchema.parse((await t.get('mgr01', '/board')).json());
    expect(board.total).toBe(all.items.filter((a) => a.status !== 'COMPLETED').length);
    // 在途申请 (openOnly): completed applications leave it; the board counts the same set.
    const open = applicationListSchema.parse((await t.get('mgr01', '/applications?pageSize=100&openOnly=true')).json());
    expect(open.items.map((a) => a.appNo)).toEqual(all.items.filter((a) => a.status !== 'COMPLETED').map((a) => a.appNo));
    // The most urgent 50 (later tests may have moved the clock: then more are late).
    expect(board.attention.length).toBe(Math.min(50, late.length));
    expect((await t.get('yk01', '/board')).statusCode).toBe(403);

    const elsewhere = all.items.find((a) => a.orgUnitCode === '334010201');
    expect(elsewhere).toBeDefined();
    expect((await t.get('yk01', `/applications/${elsewhere?.appNo}`)).statusCode).toBe(404);
    expect((await t.get('mgr01', `/applications/${elsewhere?.appNo}`)).statusCode).toBe(200);
    const mine = applicationListSchema.parse((await t.get('yk01', '/applications?pageSize=100')).json());
    expect(mine.items.every((a) => a.orgUnitCode === '334010101')).toBe(true);
    expect((await t.get('guest01', '/applications')).statusCode).toBe(403);
  }, 60_000);

  it('filters by unit: a county lists its 供电所’ applications, a 供电所 only its own, an unknown unit none; the org-path index serves the filter', async () => {
    const page = async (orgUnitCode: string) => applicationListSchema.parse((await t.get('mgr01', `/applications?pageSize=100&orgUnitCode=${orgUnitCode}`)).json());
    const county = await page('3340101');
    const stations = await Promise.all(['334010101', '334010102', '334010103'].map(page));
    expect(county.total).toBeGreaterThan(0);
    expect(county.total).toBe(stations.reduce((n, s) => n + s.total, 0));
    expect(county.items.every((a) => a.orgUnitCode.startsWith('3340101'))).toBe(true);
    expect(stations[1]!.items.every((a) => a.orgUnitCode === '334010102')).toBe(true);
    expect((await page('3340102')).items.every((a) => a.orgUnitCode.startsWith('3340102'))).toBe(true);
    expect((await page('99999')).total).toBe(0);
    // A range of yk_application_org_path_idx under the unit's path.
    await expectOrgPathRange(t.db, /FROM yk_application a[\s\S]*a\.org_path/, '/33401/3340101', () => page('3340101'));
  });

  it('answers 404 for an application out of scope before If-Match, state or candidacy; 403 only to whoever sees it', async () => {
    const all = applicationListSchema.parse((await t.get('mgr01', '/applications?pageSize=100&status=IN_PROGRESS')).json());
    const elsewhere = all.items.find((a) => a.orgUnitCode === '334010201');
    expect(elsewhere, 'a seeded application of 334010201 in progress').toBeDefined();
    const no = elsewhere!.appNo;
    const body = { result: 'READY', tgId: 'TG-ANY', opinion: '可以' };
    // yk01 holds yk:apply:handle, but 334010201 is outside his 业扩 scope: every operation is a 404.
    for (const [url, payload, headers] of [
      [`/applications/${no}/survey:complete`, body, {}],
      [`/applications/${no}/survey:complete`, body, { 'if-match': String(elsewhere!.version) }],
      [`/applications/${no}/survey:complete`, body, { 'if-match': String(elsewhere!.version + 9) }],
      [`/applications/${no}/scheme:complete`, { scheme: '方案' }, {}],
      [`/applications/${no}/accept:complete`, { opinion: '补正' }, {}],
      [`/applications/${no}/return`, { target: 'previous', reason: '退回' }, {}],
      [`/applications/${no}/suspend`, { reason: '暂停' }, {}],
      [`/applications/${no}/resume`, { reason: '恢复' }, { 'if-match': String(elsewhere!.version) }],
    ] as Array<[string, unknown, Record<string, string>]>) {
      const res = await t.post('yk01', url, payload, headers);
      expect(res.statusCode, `${url} ${JSON.stringify(headers)}: ${res.body}`).toBe(404);
      expect(res.json().error.code).toBe('WB_ERR_NOT_FOUND');
    }
    const unchanged = applicationDetailSchema.parse((await t.get('mgr01', `/applications/${no}`)).json());
    expect(unchanged).toMatchObject({ version: elsewhere!.version, nodeKey: elsewhere!.nodeKey, status: 'IN_PROGRESS' });
    // Visible but not a candidate: 403 (jl01 at 勘查 below); visible and no If-Match: 428.
    const mine = applicationListSchema.parse((await t.get('yk01', '/applications?pageSize=100&status=IN_PROGRESS')).json()).items.find((a) => a.nodeKey === 'survey');
    expect((await t.post('yk01', `/applications/${mine!.appNo}/survey:complete`, body)).statusCode).toBe(428);
    expect((await t.post('yk01', `/applications/${mine!.appNo}/survey:complete`, body, { 'if-match': String(mine!.version) })).statusCode).toBe(403);
  }, 20_000); // Many steps and sign-ins: a loaded machine may need more than the default 5 s.

  it('runs the whole 低压居民 path by the demo accounts; 归档 creates a customer found by the customer service', async () => {
    let app = await accept();
    expect(app.appNo).toMatch(new RegExp(`^YK${chinaDay(t.clock.now())}\\d{5}$`));
    expect(app).toMatchObject({ variant: 'yk-lv-resident', status: 'IN_PROGRESS', nodeKey: 'survey', slaState: 'NORMAL' });
    expect(app.openTask?.nodeKey).toBe('survey');
    expect(app.dueAt).not.toBeNull();

    app = await survey(app);
    expect(app.nodeKey).toBe('scheme');
    app = await step('yk03', app, 'scheme', { scheme: '由城关1号公变供电，单相表计量', opinion: '' });
    app = await step('yk04', app, 'approve', { outcome: 'pass', opinion: '同意' });
    app = await step('yk01', app, 'reply', { replyMethod: '短信', replyDate: '2026-03-02', opinion: '' });
    expect(app.nodeKey).toBe('contract');
    app = await step('yk01', app, 'contract', { contractNo: 'HT2026030200001', signedOn: '2026-03-02', opinion: '' });
    app = await step('jl01', app, 'install', { meterAssetNo: '3380000000001', initialReading: 0, installedOn: '2026-03-03', opinion: '' });
    app = await step('yk01', app, 'archive', { opinion: '资料齐全' });
    const consNo = app.consNo;
    expect(consNo).toMatch(/^7101\d{6}$/);
    expect(app.steps.archive).toMatchObject({ consNo });
    app = await step('kf03', app, 'revisit', { satisfaction: '非常满意', opinion: '' });
    expect(app).toMatchObject({ status: 'COMPLETED', nodeKey: null });
    expect(app.history.filter((h) => h.action === 'COMPLETE').map((h) => h.actor)).toEqual(
      ['yk01', 'yk02', 'yk03', 'yk04', 'yk01', 'yk01', 'jl01', 'yk01', 'kf03'],
    );

    const search = await t.request({ method: 'GET', url: `/api/svc/customer/v1/customers?q=${consNo}`, cookie: t.cookies.yk01 });
    expect(search.statusCode).toBe(200);
    const found = customerSearchResultSchema.parse(search.json());
    expect(found.items).toHaveLength(1);
    expect(found.items[0]).toMatchObject({ consNo, name: app.consName, elecType: '100' });
    const detail = await t.request({ method: 'GET', url: `/api/svc/customer/v1/customers/${consNo}`, cookie: t.cookies.yk01 });
    expect(detail.json()).toMatchObject({ contractCapacity: 8, meters: [{ assetNo: '3380000000001' }] });
  }, 20_000);

  it('refuses a bad 受理 form with per-field Chinese messages, and a 供电所 out of scope', async () => {
    const bad = await t.post('yk01', '/applications', residentApplication(90, {
      certNo: '110101199003071234', applyCap: 80, contactMobile: '1381234', voltageCode: 'AC00101',
    }));
    expect(bad.statusCode).toBe(400);
    const fields = bad.json().error.fields as Record<string, string>;
    expect(fields.certNo).toContain('校验位');
    expect(fields.applyCap).toContain('1–50 kW');
    expect(fields.contactMobile).toContain('11 位');
    expect(fields.voltageCode).toBeDefined();
    const usccForResident = await t.post('yk01', '/applications', residentApplication(91, { certType: 'USCC', certNo: '91330100MA2B0R2L1X' }));
    expect(usccForResident.statusCode).toBe(400);
    const outOfScope = await t.post('yk01', '/applications', residentApplication(92, { orgUnitCode: '334010201' }));
    expect(outOfScope.statusCode).toBe(400);
    expect(outOfScope.json().error.fields).toEqual({ orgUnitCode: '该供电单位不在您的管辖范围内' });
    const noRight = await t.post('yk02', '/applications', residentApplication(93));
    expect(noRight.statusCode).toBe(403);
  });

  it('answers the same application for a retried Idempotency-Key, 422 for the key with another body', async () => {
    const body = residentApplication(50);
    const first = await t.post('yk01', '/applications', body, { 'idempotency-key': 'idem-yk-1' });
    expect(first.statusCode).toBe(201);
    const again = await t.post('yk01', '/applications', body, { 'idempotency-key': 'idem-yk-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().appNo).toBe(first.json().appNo);
    const other = await t.post('yk01', '/applications', { ...body, consName: '另一户' }, { 'idempotency-key': 'idem-yk-1' });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('WB_ERR_UNPROCESSABLE');
    const list = applicationListSchema.parse((await t.get('yk01', `/applications?q=${encodeURIComponent(body.consName)}`)).json());
    expect(list.items.filter((a) => a.consName === body.consName)).toHaveLength(1);
  });

  it('refuses the wrong node (409), a non-candidate (403), a stale version (412) and a missing If-Match (428), changing nothing', async () => {
    const app = await accept();
    const scheme = await t.post('yk03', `/applications/${app.appNo}/scheme:complete`, { scheme: '方案' }, { 'if-match': String(app.version) });
    expect(scheme.statusCode).toBe(409);
    expect(scheme.json().error.message).toContain('供电方案');
    const tgId = await pickTg();
    const notCandidate = await t.post('jl01', `/applications/${app.appNo}/survey:complete`, { result: 'READY', tgId, opinion: '可以' }, { 'if-match': String(app.version) });
    expect(notCandidate.statusCode).toBe(403);
    const stale = await t.post('yk02', `/applications/${app.appNo}/survey:complete`, { result: 'READY', tgId, opinion: '可以' }, { 'if-match': String(app.version - 1) });
    expect(stale.statusCode).toBe(412);
    const missing = await t.post('yk02', `/applications/${app.appNo}/survey:complete`, { result: 'READY', tgId, opinion: '可以' });
    expect(missing.statusCode).toBe(428);
    const noTg = await t.post('yk02', `/applications/${app.appNo}/survey:complete`, { result: 'READY', opinion: '可以' }, { 'if-match': String(app.version) });
    expect(noTg.statusCode).toBe(400);
    expect(noTg.json().error.fields).toHaveProperty('tgId');
    const after = applicationDetailSchema.parse((await t.get('yk02', `/applications/${app.appNo}`)).json());
    expect(after).toMatchObject({ version: app.version, nodeKey: 'survey' });
    expect(after.steps.survey).toBeUndefined();
  });

  it('refuses a 供电方案 over the open capacity of the 台区 with a clear message', async () => {
    const tgs = (await t.get('yk02', '/tgs?orgUnitCode=334010101')).json() as Array<{ id: string; openKva: number }>;
    const small = [...tgs].sort((a, b) => a.openKva - b.openKva).find((tg) => tg.openKva < 50);
    expect(small, 'a 台区 with less than 50 kVA open').toBeDefined();
    let app = await accept({ applyCap: 50 });
    app = await survey(app, small?.id);
    const res = await t.post('yk03', `/applications/${app.appNo}/scheme:complete`, { scheme: '方案' }, { 'if-match': String(app.version) });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/申请容量 50 kW 超过台区「.+」的可开放容量 \d+ kVA/);
    expect(res.json().error.fields).toHaveProperty('applyCap');
    expect(res.json().error.fields).toHaveProperty('tgId');

    // 方案 changes the 台区 instead of a 退回 (issue 17): checked like the survey's, and against its capacity.
    const scheme = (body: Record<string, unknown>) => t.post('yk03', `/applications/${app.appNo}/scheme:complete`, { scheme: '改由大容量公变供电', ...body }, { 'if-match': String(app.version) });
    const foreign = await scheme({ tgId: 'TG-NOT-HERE' });
    expect([foreign.statusCode, foreign.json().error.fields]).toEqual([400, { tgId: '该台区不属于申请所在供电所' }]);
    const line = await scheme({ lineId: 'XL3340101002' });
    expect([line.statusCode, line.json().error.fields]).toEqual([400, { tgId: '请选择供电台区' }]);
    const stillSmall = await scheme({ tgId: small?.id });
    expect(stillSmall.statusCode).toBe(400);
    const roomy = [...tgs].sort((a, b) => b.openKva - a.openKva)[0]!;
    expect(roomy.openKva).toBeGreaterThanOrEqual(50);
    const unchanged = applicationDetailSchema.parse((await t.get('yk03', `/applications/${app.appNo}`)).json());
    expect(unchanged).toMatchObject({ version: app.version, nodeKey: 'scheme', tgId: small?.id });
    app = await step('yk03', app, 'scheme', { scheme: '改由大容量公变供电', tgId: roomy.id, opinion: '' });
    expect(app).toMatchObject({ nodeKey: 'approve', tgId: roomy.id });
  });

  it('重复申请检查: the same 证件 at the same address finds the application in flight and a customer on file (issue 17)', async () => {
    const app = await accept({ certNo: demoIdCardNo(7_001) });
    const check = (user: string, body: Record<string, unknown>) => t.post(user, '/duplicate-checks', body);
    // Whitespace in the address does not hide it; another 证件 at the same address is not a duplicate.
    const spaced = app.address.replace('人民路', '人民路 ');
    const found = await check('yk01', { certNo: demoIdCardNo(7_001), consName: '另一人', address: spaced });
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().applications).toEqual([{ appNo: app.appNo, consName: app.consName, address: app.address, nodeName: '现场勘查', status: 'IN_PROGRESS' }]);
    const other = await check('yk01', { certNo: demoIdCardNo(9_999), consName: '另一人', address: app.address });
    expect(other.json()).toEqual({ applications: [], customers: [] });
    // A customer on file: same 户名 at the same address.
    const [customer] = await t.db.query<{ name: string; address: string; cons_no: string }>("SELECT name, address, cons_no FROM customer WHERE org_path LIKE '%334010101%' ORDER BY cons_no LIMIT 1");
    const onFile = await check('yk01', { certNo: demoIdCardNo(9_998), consName: customer!.name, address: customer!.address });
    expect(onFile.json().customers).toContainEqual({ consNo: customer!.cons_no, name: customer!.name, address: customer!.address });
    // Bad input: Chinese messages per field, nothing looked up.
    const bad = await check('yk01', { certNo: '', consName: '', address: '' });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(bad.json().error.fields).sort()).toEqual(['address', 'certNo', 'consName']);
  });

  it('returns an application to the previous node and to 受理, and takes the resubmission', async () => {
    let app = await accept();
    app = await survey(app);
    let res = await t.post('yk03', `/applications/${app.appNo}/return`, { target: 'previous', reason: '台区选择有误' }, { 'if-match': String(app.version) });
    expect(res.statusCode, res.body).toBe(200);
    app = applicationDetailSchema.parse(res.json());
    expect(app.nodeKey).toBe('survey');
    expect(app.history.some((h) => h.action === 'RETURN')).toBe(true);
    res = await t.post('yk02', `/applications/${app.appNo}/return`, { target: 'accept', reason: '产权证明不清晰，请补正' }, { 'if-match': String(app.version) });
    expect(res.statusCode, res.body).toBe(200);
    app = applicationDetailSchema.parse(res.json());
    expect(app.nodeKey).toBe('accept');
    res = await t.post('yk01', `/applications/${app.appNo}/accept:complete`, { address: '江北县城关镇人民路88号2幢1单元302室', opinion: '已补正产权证明' }, { 'if-match': String(app.version) });
    expect(res.statusCode, res.body).toBe(200);
    app = applicationDetailSchema.parse(res.json());
    expect(app).toMatchObject({ nodeKey: 'survey', address: '江北县城关镇人民路88号2幢1单元302室' });
    app = await survey(app);
    expect(app.nodeKey).toBe('scheme');
  });

  it('rejects a scheme at approval back to 供电方案', async () => {
    let app = await accept();
    app = await survey(app);
    app = await step('yk03', app, 'scheme', { scheme: '方案一', opinion: '' });
    const noReason = await t.post('yk04', `/applications/${app.appNo}/approve:complete`, { outcome: 'reject' }, { 'if-match': String(app.version) });
    expect(noReason.statusCode).toBe(400);
    app = await step('yk04', app, 'approve', { outcome: 'reject', opinion: '计量方式需调整' });
    expect(app.nodeKey).toBe('scheme');
  });

  it('suspends for a customer reason: the clock stops, steps are refused until resumed, due dates move by the pause', async () => {
    let app = await accept();
    const dueBefore = Date.parse(app.nodeDueAt ?? '');
    const noReason = await t.post('yk02', `/applications/${app.appNo}/suspend`, { reason: '' }, { 'if-match': String(app.version) });
    expect(noReason.statusCode).toBe(400);
    let res = await t.post('yk02', `/applications/${app.appNo}/suspend`, { reason: '客户外出，申请暂缓勘查' }, { 'if-match': String(app.version) });
    expect(res.statusCode, res.body).toBe(200);
    app = applicationDetailSchema.parse(res.json());
    expect(app).toMatchObject({ status: 'SUSPENDED', slaState: 'PAUSED', suspendedReason: '客户外出，申请暂缓勘查' });
    await movingClock(['yk01', 'yk02'], async (advance) => {
      await advance(10 * DAY);
      const paused = applicationListSchema.parse((await t.get('yk01', `/applications?slaState=PAUSED&q=${app.appNo}`)).json());
      expect(paused.items.map((a) => a.appNo)).toEqual([app.appNo]);
      const blocked = await t.post('yk02', `/applications/${app.appNo}/survey:complete`, { result: 'READY', tgId: await pickTg(), opinion: '可' }, { 'if-match': String(app.version) });
      expect(blocked.statusCode).toBe(409);
      res = await t.post('yk02', `/applications/${app.appNo}/resume`, { reason: '客户已返回' }, { 'if-match': String(app.version) });
      expect(res.statusCode, res.body).toBe(200);
      app = applicationDetailSchema.parse(res.json());
      expect(app.status).toBe('IN_PROGRESS');
      expect(app.slaState).toBe('NORMAL');
      expect(Date.parse(app.nodeDueAt ?? '') - dueBefore).toBe(10 * DAY);
      app = await survey(app);
      expect(app.nodeKey).toBe('scheme');
    });
  }, 20_000);

  it('list, board and detail show the engine’s current SLA: 80 % warning, overdue, PAUSED and moved due dates after suspend/resume in the inbox', async () => {
    await movingClock(['yk01', 'yk02', 'mgr01'], async (advance) => {
      const app = await accept();
      const task = app.openTask!;
      const instanceId = task.instanceId;
      const nodeDue = Date.parse(app.nodeDueAt!);
      const processDue = Date.parse(app.dueAt!);
      const created = Date.parse(task.createdAt);
      const accepted = Date.parse(app.acceptedAt);
      // The engine stores the warning times at 80 % of each window.
      const warnAt = Math.min(created + (nodeDue - created) * 0.8, accepted + (processDue - accepted) * 0.8);
      const dueAt = Math.min(nodeDue, processDue);
      /** The application as the list and the detail show it; the board's counts must agree with the list's filter. */
      const seen = async () => {
        const list = applicationListSchema.parse((await t.get('mgr01', `/applications?q=${app.appNo}`)).json());
        const board = boardSchema.parse((await t.get('mgr01', '/board')).json());
        const detail = applicationDetailSchema.parse((await t.get('mgr01', `/applications/${app.appNo}`)).json());
        const row = list.items[0]!;
        expect(detail.slaState).toBe(row.slaState);
        const cell = (slaState: string): number => board.cells.find((c) => c.nodeKey === 'survey' && c.slaState === slaState)!.count;
        for (const state of ['NORMAL', 'WARNING', 'OVERDUE', 'PAUSED']) {
          const filtered = applicationListSchema.parse((await t.get('mgr01', `/applications?node=survey&slaState=${state}&pageSize=1`)).json());
          expect(cell(state), `board survey × ${state}`).toBe(filtered.total);
        }
        for (const a of board.attention) expect(['WARNING', 'OVERDUE']).toContain(a.slaState);
        expect(board.attention[0]?.slaState).toBe('OVERDUE');
        return { row, detail, board, cell };
      };
      const sweep = () => t.db.transaction((tx) => t.engine.sweep(tx, t.clock.now()));
      expect((await seen()).row.slaState).toBe('NORMAL');

      await advance(warnAt - t.clock.now().getTime() + 60_000);
      await sweep();
      let now = await seen();
      expect(now.row.slaState).toBe('WARNING');
      expect(applicationListSchema.parse((await t.get('mgr01', `/applications?slaState=WARNING&q=${app.appNo}`)).json()).total).toBe(1);

      await advance(dueAt - t.clock.now().getTime() + 60_000);
      await sweep();
      now = await seen();
      expect(now.row.slaState).toBe('OVERDUE');
      const overdueCell = now.cell('OVERDUE');
      const pausedCell = now.cell('PAUSED');

      // Suspended in the inbox (the workflow service), not through this service: the list still knows.
      const wf = (user: string, action: string, reason: string) =>
        t.request({ method: 'POST', url: `/api/svc/workflow/v1/instances/${instanceId}/${action}`, payload: { reason }, cookie: t.cookies[user] ?? '' });
      expect((await wf('yk02', 'suspend', '客户要求暂缓')).statusCode).toBe(200);
      now = await seen();
      expect(now.row).toMatchObject({ slaState: 'PAUSED', status: 'SUSPENDED' });
      expect(now.detail.suspendedReason).toBe('客户要求暂缓');
      expect(now.board.attention.some((a) => a.appNo === app.appNo)).toBe(false);
      expect(now.cell('OVERDUE')).toBe(overdueCell - 1);
      expect(now.cell('PAUSED')).toBe(pausedCell + 1);
      const blocked = await t.post('yk02', `/applications/${app.appNo}/survey:complete`, { result: 'READY', tgId: await pickTg(), opinion: '可' }, { 'if-match': String(now.detail.version) });
      expect(blocked.statusCode).toBe(409);

      const pause = 3 * DAY;
      await advance(pause);
      await sweep();
      const paused = await seen();
      expect(paused.row.slaState).toBe('PAUSED');
      // Other applications may have fallen due during the pause: compare with the board at this moment.
      const overdueBefore = paused.cell('OVERDUE');
      const pausedBefore = paused.cell('PAUSED');
      expect((await wf('yk02', 'resume', '客户已确认')).statusCode).toBe(200);
      now = await seen();
      // The engine moved its due and warning times by the pause: the list shows the moved dates, still overdue by the same margin.
      expect(Date.parse(now.row.nodeDueAt!) - nodeDue).toBe(pause);
      expect(Date.parse(now.row.dueAt!) - processDue).toBe(pause);
      expect(now.row).toMatchObject({ status: 'IN_PROGRESS', slaState: 'OVERDUE' });
      expect(now.detail.suspendedReason).toBeNull();
      expect(now.cell('OVERDUE')).toBe(overdueBefore + 1);
      expect(now.cell('PAUSED')).toBe(pausedBefore - 1);
    });
  }, 30_000); // Signs in three people after each of four clock moves (scrypt) and sweeps every seeded application: slow on a loaded machine.
  /** A 高压单电源 application of 江北城关供电所 (county 3340101), at 现场勘查. */
  const highVoltage = (applyCap = 400): Promise<ApplicationDetail> =>
    accept({ certType: 'USCC', certNo: demoUscc(700 + n), category: '高压', elecType: '300', voltageCode: 'AC00101', applyCap });

  it('refuses the high-voltage steps without a line of the county, and a 供电方案 over the line’s open capacity', async () => {
    let app = await highVoltage();
    expect(app.variant).toBe('yk-hv-single');
    const survey = (body: Record<string, unknown>) =>
      t.post('yk02', `/applications/${app.appNo}/survey:complete`, { result: 'READY', opinion: '具备供电条件', ...body }, { 'if-match': String(app.version) });
    // A 台区 is the low-voltage answer: a high-voltage survey names a line.
    const tgOnly = await survey({ tgId: await pickTg() });
    expect([tgOnly.statusCode, tgOnly.json().error.fields]).toEqual([400, { lineId: '高压用户请选择供电线路' }]);
    // A line of another county (3340102) is not this application's.
    const elsewhere = await survey({ lineId: 'XL3340102001' });
    expect([elsewhere.statusCode, elsewhere.json().error.fields]).toEqual([400, { lineId: '该线路不属于申请所在县公司' }]);
    // The high-voltage check nodes are not a low-voltage application's (409), nor this one's before the reply.
    const early = await t.post('yk02', `/applications/${app.appNo}/design-review:complete`, { checkedOn: '2026-03-02', opinion: '合格' }, { 'if-match': String(app.version) });
    expect(early.statusCode).toBe(409);
    const unchanged = applicationDetailSchema.parse((await t.get('yk02', `/applications/${app.appNo}`)).json());
    expect(unchanged).toMatchObject({ version: app.version, nodeKey: 'survey', lineId: null });

    // 10kV工业园线: 10000 kVA, 9100 connected: less than 1000 kVA open. Apply for more than it has.
    const lines = (await t.get('yk02', '/lines')).json() as Array<{ id: string; openKva: number }>;
    const industrial = lines.find((l) => l.id === 'XL3340101002');
    expect(industrial?.openKva).toBeLessThan(1000);
    app = await highVoltage(1000);
    app = await step('yk02', app, 'survey', { result: 'READY', lineId: 'XL3340101002', opinion: '具备供电条件' });
    expect(app).toMatchObject({ nodeKey: 'scheme', lineId: 'XL3340101002' });
    const over = await t.post('yk03', `/applications/${app.appNo}/scheme:complete`, { scheme: '10kV 专线', opinion: '' }, { 'if-match': String(app.version) });
    expect(over.statusCode).toBe(400);
    expect(over.json().error.fields.applyCap).toContain('超过线路「10kV工业园线」的可开放容量');
  }, 20_000);

  it('refuses a meter already in the customer archive at 装表接电, and at 归档 when another application archived it first', async () => {
    const toInstall = async (): Promise<ApplicationDetail> => {
      let app = await survey(await accept());
      app = await step('yk03', app, 'scheme', { scheme: '单相表计量', opinion: '' });
      app = await step('yk04', app, 'approve', { outcome: 'pass', opinion: '同意' });
      app = await step('yk01', app, 'reply', { replyMethod: '短信', replyDate: '2026-03-02', opinion: '' });
      return step('yk01', app, 'contract', { contractNo: `HT20260302${String(n).padStart(5, '0')}`, signedOn: '2026-03-02', opinion: '' });
    };
    const install = (app: ApplicationDetail, meterAssetNo: string) =>
      t.post('jl01', `/applications/${app.appNo}/install:complete`, { meterAssetNo, initialReading: 0, installedOn: '2026-03-03', opinion: '' }, { 'if-match': String(app.version) });

    const [archived] = await t.db.query<{ asset_no: string }>('SELECT asset_no FROM meter ORDER BY asset_no LIMIT 1');
    const first = await toInstall();
    const inUse = await install(first, archived!.asset_no);
    expect([inUse.statusCode, inUse.json().error.fields]).toEqual([400, { meterAssetNo: '该电能表资产编号已在档案中使用' }]);

    // Two applications install the same new meter (not yet in the archive); the first to archive takes it.
    const second = await toInstall();
    const fresh = `33900${String(Date.now()).slice(-8)}`;
    let a = applicationDetailSchema.parse((await install(first, fresh)).json());
    let b = applicationDetailSchema.parse((await install(second, fresh)).json());
    expect([a.nodeKey, b.nodeKey]).toEqual(['archive', 'archive']);
    a = await step('yk01', a, 'archive', { opinion: '资料齐全' });
    expect(a.consNo).toMatch(/^7101\d{6}$/);
    const late = await t.post('yk01', `/applications/${b.appNo}/archive:complete`, { opinion: '资料齐全' }, { 'if-match': String(b.version) });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.message).toContain(`电能表资产编号 ${fresh} 已在档案中使用`);
    b = applicationDetailSchema.parse((await t.get('yk01', `/applications/${b.appNo}`)).json());
    expect(b).toMatchObject({ nodeKey: 'archive', consNo: null });
  }, 20_000);
});
