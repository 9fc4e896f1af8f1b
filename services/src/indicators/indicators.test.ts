/**
 * 营销运营监测 (issue 15, ADR 0047): the indicator arithmetic in table tests (working days with holidays and
 * suspensions), and on one app: rebuild = incremental after events, data scope (ld01 sees only his 供电所),
 * "暂无数据源", targets and the Excel export.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createBillingTestApp, type BillingTestApp } from '../billing/testing.ts';
import { deployConnectionProcesses } from '../connection/index.ts';
import { residentApplication } from '../connection/testing.ts';
import { createWorkflowEngine } from '../workflow/index.ts';
import { restoreOrderFacts, ticketFacts, workdaysBetween, ykConnectWorkdays, ykFacts, type YkSource } from './facts.ts';
import { lightOf } from '@wb/contracts/indicators';
import { computeValue } from './definitions.ts';
import { rebuildIndicators } from './seed.ts';
import { allFacts } from './store.ts';

const at = (s: string): Date => new Date(`${s}+08:00`);
// 2026-10-01..07 National Day (holidays), 2026-10-10 (Saturday) a make-up workday.
const HOLIDAYS = new Map<string, boolean>([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, false] as [string, boolean]),
  ['2026-10-10', true],
]);

describe('indicator arithmetic', () => {
  it.each([
    ['same day', '2026-11-02T09:00:00', '2026-11-02T17:00:00', 0],
    ['Monday to Friday', '2026-11-02T09:00:00', '2026-11-06T09:00:00', 4],
    ['over a weekend', '2026-11-06T09:00:00', '2026-11-09T09:00:00', 1],
    ['over the National Day holidays with a make-up Saturday', '2026-09-30T09:00:00', '2026-10-12T09:00:00', 4],
  ])('working days: %s', (_name, from, to, expected) => {
    expect(workdaysBetween(at(from), at(to), HOLIDAYS)).toBe(expected);
  });

  const yk = (over: Partial<YkSource>): YkSource => ({
    appNo: 'YK2026110200001', variant: 'yk-lv-resident', consName: '张三', orgUnitCode: '334010101', orgPath: '/33401/3340101/334010101',
    acceptedAt: at('2026-11-02T09:00:00'), status: 'RUNNING', dueAt: null, installedAt: null, pauses: [], ...over,
  });

  it.each([
    ['on time: 4 working days ≤ 5', {}, '2026-11-06T10:00:00', [], 4, true],
    ['late: 7 working days > 5', {}, '2026-11-11T10:00:00', [], 7, false],
    ['a customer suspension of 3 working days stops the clock', {}, '2026-11-11T10:00:00', [['2026-11-03T10:00:00', '2026-11-06T10:00:00']], 4, true],
    ['still suspended at install: counted up to the install', {}, '2026-11-06T10:00:00', [['2026-11-05T10:00:00', null]], 3, true],
    ['high voltage single source: 22 days', { variant: 'yk-hv-single' }, '2026-12-01T10:00:00', [], 21, true],
  ] as const)('业扩: %s', (_name, over, installed, pauses, days, onTime) => {
    const source = yk({ ...over, installedAt: at(installed), pauses: pauses.map(([a, b]) => [at(a), b ? at(b) : null] as const) });
    expect(ykConnectWorkdays(source, HOLIDAYS)).toBe(days);
    const facts = ykFacts(source, HOLIDAYS);
    expect(facts.contributions.some((c) => c.metric === 'yk.connected_ontime')).toBe(onTime);
    expect(facts.marks.some((m) => m.code === 'YK_ONTIME')).toBe(!onTime);
  });

  it('业扩: open and past due is overdue now; suspended never', () => {
    expect(ykFacts(yk({ dueAt: at('2026-11-09T09:00:00') }), HOLIDAYS).openDueAt).not.toBeNull();
    expect(ykFacts(yk({ status: 'SUSPENDED', dueAt: at('2026-11-09T09:00:00') }), HOLIDAYS).openDueAt).toBeNull();
  });

  it('工单: a clock stopped after its due time is late; 无法联系 is no 回访', () => {
    const f = ticketFacts({
      ticketNo: '2026110200000001', type: 'REPAIR', typeName: '故障报修', orgUnitCode: '1', orgPath: '/1', acceptedAt: at('2026-11-02T09:00:00'),
      closedAt: at('2026-11-03T09:00:00'), revisitOutcome: 'UNREACHABLE',
      clocks: [
        { clock: 'arrive', dueAt: at('2026-11-02T09:45:00').toISOString(), stoppedAt: at('2026-11-02T09:50:00').toISOString() },
        { clock: 'finish', dueAt: at('2026-11-03T09:00:00').toISOString(), stoppedAt: at('2026-11-02T12:00:00').toISOString() },
      ],
    });
    const metrics = f.contributions.map((c) => c.metric).sort();
    expect(metrics).toEqual(['tk.arrive', 'tk.finish', 'tk.finish_ontime']);
    expect(f.marks).toEqual([{ code: 'TK_ARRIVE', day: '2026-11-02' }]);
  });

  it.each([
    ['remote 复电 on time', 'DONE', '2026-11-02T20:00:00', false, ['bill.restore', 'bill.restore_ontime'], false],
    ['复电 after its 24 h', 'DONE', '2026-11-03T11:00:00', false, ['bill.restore'], false],
    ['remote 复电 failed, 现场复电 still owed: not finished, stays open', 'FAILED', '2026-11-02T12:00:00', false, [], true],
    ['withdrawn by a 冲正: never owed', 'FAILED', '2026-11-02T12:00:00', true, [], false],
    ['ordered, not yet carried out', 'OPEN', null, false, [], true],
  ] as const)('复电及时率: %s', (_name, status, doneAt, cancelled, metrics, open) => {
    const f = restoreOrderFacts({
      id: '7', consNo: '3340101000001', orgUnitCode: '1', orgPath: '/1', status, dueAt: at('2026-11-03T10:00:00'), doneAt: doneAt ? at(doneAt) : null, cancelled,
    });
    expect(f.contributions.map((c) => c.metric)).toEqual(metrics);
    expect(f.openDueAt !== null).toBe(open);
  });

  it.each([
    ['YK_ONTIME', { 'yk.connected': 20, 'yk.connected_ontime': 19 }, 95, 'GREEN'],
    ['TK_ARRIVE', { 'tk.arrive': 100, 'tk.arrive_ontime': 96 }, 96, 'AMBER'],
    ['BILL_RECOVERY', { 'bill.rcvbl': 10_000, 'bill.rcved': 9_000 }, 90, 'RED'],
    ['TK_COMPLAINT', { 'tk.complaint': 3 }, 1.5, 'AMBER'],
    ['BILL_READ_ERROR', { 'bill.read': 0 }, null, 'NONE'],
  ] as const)('%s from the facts', (code, period, value, light) => {
    const targets = new Map([['YK_ONTIME', { green: 95, amber: 90 }], ['TK_ARRIVE', { green: 98, amber: 95 }], ['BILL_RECOVERY', { green: 99, amber: 97 }], ['TK_COMPLAINT', { green: 1, amber: 2 }], ['BILL_READ_ERROR', { green: 0.5, amber: 1 }]]);
    const v = computeValue(code, { period: new Map(Object.entries(period)), oweByYm: new Map(), accounts: 20_000, overdue: 0 }, '202611', new Set(['connection', 'ticket', 'billing']), targets);
    expect(v.value).toBe(value);
    expect(v.light).toBe(light);
  });

  it('an indicator without a source is 暂无数据源, never a number', () => {
    const v = computeValue('TK_TIMELY', { period: new Map([['tk.finish', 5]]), oweByYm: new Map(), accounts: 1, overdue: 0 }, '202611', new Set(['billing']), new Map());
    expect(v).toMatchObject({ value: null, noSource: true, light: 'NONE' });
    expect(lightOf(3, { green: 0, amber: 3 }, false)).toBe('AMBER');
  });
});

describe('indicators service', () => {
  let t: BillingTestApp;
  const IND = '/api/svc/indicators/v1';
  const get = (user: string, url: string) => t.request({ method: 'GET', url: `${IND}${url}`, cookie: t.cookies[user] ?? '' });
  /** Waits (up to 20 s) until the facts, written from the fact events after commit, pass `check`. */
  const untilFacts = (check: (facts: Awaited<ReturnType<typeof allFacts>>) => void) =>
    vi.waitFor(async () => check(await allFacts(t.db)), { timeout: 20_000, interval: 200 });
  /** The facts the events kept up to date equal a rebuild from the source tables. */
  async function expectRebuildToAgree(): Promise<void> {
    const incremental = await allFacts(t.db);
    await rebuildIndicators(t.db, t.clock.now());
    expect(await allFacts(t.db)).toEqual(incremental);
  }

  beforeAll(async () => {
    t = await createBillingTestApp('pglite', { customers: 600 });
    t.cookies['ld01'] = await t.login('ld01');
    t.cookies['zd01'] = await t.login('zd01');
    t.cookies['yk01'] = await t.login('yk01');
    await rebuildIndicators(t.db, t.clock.now());
  }, 240_000);
  afterAll(async () => t?.close());

  it('keeps the facts from the event stream: after a payment, the incremental facts equal a rebuild', async () => {
    const before = await allFacts(t.db);
    const [debtor] = await t.db.query<{ cons_no: string; owe: string }>(
      `SELECT cons_no, sum(amount_fen - paid_fen)::text AS owe FROM billing_receivable
        WHERE paid_fen < amount_fen GROUP BY cons_no ORDER BY cons_no LIMIT 1`,
    );
    expect(debtor).toBeDefined();
    const res = await t.call('admin', 'POST', '/payments', { consNo: debtor?.cons_no, amountFen: Number(debtor?.owe) + 500_000, method: 'CASH' }, { 'idempotency-key': 'ind-pay-1' });
    expect(res.statusCode, res.body).toBe(201);
    await untilFacts((facts) => expect(facts).not.toEqual(before));
    await expectRebuildToAgree();
  });

  it('billing writes a fact event for 冲正 and 抄表 too (ADR 0061): the incremental facts still equal a rebuild', async () => {
    const [debtor] = await t.db.query<{ cons_no: string; owe: string }>(
      `SELECT cons_no, sum(amount_fen - paid_fen)::text AS owe FROM billing_receivable
        WHERE paid_fen < amount_fen GROUP BY cons_no ORDER BY cons_no DESC LIMIT 1`,
    );
    const unpaid = await allFacts(t.db);
    const paid = await t.call('admin', 'POST', '/payments', { consNo: debtor?.cons_no, amountFen: Number(debtor?.owe), method: 'CASH' }, { 'idempotency-key': 'ind-pay-2' });
    expect(paid.statusCode, paid.body).toBe(201);
    const { payment } = paid.json() as { payment: { id: string; version: number } };
    await untilFacts((facts) => expect(facts).not.toEqual(unpaid));
    const reversed = await t.call('mgr01', 'POST', `/payments/${payment.id}/reverse`, { reason: '收错户' }, { 'if-match': `"${payment.version}"` });
    expect(reversed.statusCode, reversed.body).toBe(200);
    const topics = await t.db.query<{ topic: string }>(`SELECT topic FROM wf_outbox WHERE topic LIKE 'billing.%' ORDER BY id DESC LIMIT 2`);
    expect(topics.map((r) => r.topic)).toEqual(['billing.payment.reversed', 'billing.payment.received']);
    // The 冲正 takes the payment back out of 实收: the facts return to what they were before it.
    await untilFacts((facts) => expect(facts).toEqual(unpaid));

    const ym = new Date(t.clock.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 7).replace('-', '');
    const [reading] = await t.db.query<{ cons_no: string; version: number; curr_index: string }>(
      `SELECT cons_no, version, curr_index::text AS curr_index FROM billing_reading WHERE ym = $1 AND exception IS NULL ORDER BY cons_no LIMIT 1`,
      [ym],
    );
    expect(reading).toBeDefined();
    const beforeReading = await allFacts(t.db);
    // A reverse-running meter: an exception reading (抄表差错率 rises).
    const entered = await t.call('admin', 'POST', '/readings', { consNo: reading?.cons_no, ym, currIndex: 0 }, { 'if-match': `"${reading?.version}"` });
    expect(entered.statusCode, entered.body).toBeLessThan(300);
    await untilFacts((facts) => expect(facts).not.toEqual(beforeReading));
    await expectRebuildToAgree();
  });

  it('复电及时率 on the seed: the year’s 复电 history counts, a failed remote 复电 awaiting 现场复电 does not', async () => {
    const ym = new Date(t.clock.now().getTime() + 8 * 3_600_000 - 31 * 86_400_000).toISOString().slice(0, 7).replace('-', '');
    const [orders] = await t.db.query<{ done: number; ontime: number; failed: number }>(
      `SELECT count(*) FILTER (WHERE status = 'DONE')::int AS done, count(*) FILTER (WHERE status = 'DONE' AND done_at <= due_at)::int AS ontime,
              count(*) FILTER (WHERE status = 'FAILED')::int AS failed
         FROM billing_order WHERE kind = 'RESTORE' AND to_char(done_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMM') = $1`,
      [ym],
    );
    expect(orders?.done).toBeGreaterThan(0);
    const summary = (await get('mgr01', `/summary?ym=${ym}`)).json() as { values: Array<{ code: string; value: number | null; numerator: number | null; denominator: number | null }> };
    const restore = summary.values.find((v) => v.code === 'BILL_RESTORE');
    expect(restore).toMatchObject({ numerator: orders?.ontime, denominator: orders?.done });
    expect(restore?.value).toBeGreaterThan(80);
  });

  it('answers the city to mgr01 and only his 供电所 to ld01; no source → 暂无数据源', async () => {
    // The seed issues the months before the current one (the current month is 核算 by df02).
    const last = new Date(t.clock.now().getTime() + 8 * 3_600_000 - 31 * 86_400_000).toISOString().slice(0, 7).replace('-', '');
    const city = await get('mgr01', `/summary?ym=${last}`);
    expect(city.statusCode, city.body).toBe(200);
    const summary = city.json() as { org: { code: string }; children: Array<{ org: { code: string } }>; values: Array<{ code: string; value: number | null; noSource: boolean }> };
    expect(summary.org.code).toBe('33401');
    expect(summary.children.length).toBeGreaterThan(0);
    expect(summary.values.find((v) => v.code === 'BILL_RECOVERY')?.value).not.toBeNull();
    expect(summary.values.find((v) => v.code === 'LINE_LOSS')).toMatchObject({ value: null, noSource: true });

    const own = (await get('ld01', '/summary')).json() as { org: { code: string }; trail: unknown[] };
    expect(own.org.code).toBe('334010101');
    expect(own.trail).toHaveLength(1);
    expect((await get('ld01', '/summary?org=33401')).statusCode).toBe(404);
    expect((await get('ld01', '/items?org=3340101&code=YK_OVERDUE')).statusCode).toBe(404);
    expect((await get('ld01', '/trend?code=BILL_RECOVERY')).json().points).toHaveLength(12);
    expect((await get('guest01', '/summary')).statusCode).toBe(403);
  });

  it('the 营业厅 kiosk (zd01) shows 停电信息, 电价 and an 业扩 progress by number + phone digits, and nothing else', async () => {
    const tariffs = await get('zd01', '/kiosk/tariffs');
    expect(tariffs.statusCode, tariffs.body).toBe(200);
    const resident = (tariffs.json() as { items: Array<{ code: string; lines: Array<{ label: string; price: string }> }> }).items.find((x) => x.code === 'RES-LV');
    expect(resident?.lines[0]).toEqual({ label: '第一档电价', price: '0.5383 元/千瓦时' });
    expect((await get('zd01', '/kiosk/outages')).statusCode).toBe(200);
    // The terminal sees no indicator; managers do not get the kiosk's routes (closed by default).
    expect((await get('zd01', '/summary')).statusCode).toBe(403);
    expect((await get('mgr01', '/kiosk/tariffs')).statusCode).toBe(403);

    const deployer = createWorkflowEngine({ now: t.clock.now });
    deployer.bind({ now: t.clock.now, db: t.db });
    await t.db.transaction((tx) => deployConnectionProcesses(tx, deployer));
    const created = await t.request({ method: 'POST', url: '/api/svc/connection/v1/applications', cookie: t.cookies['yk01'] ?? '', payload: residentApplication(7) as unknown as Record<string, unknown> });
    expect(created.statusCode, created.body).toBe(201);
    const { appNo } = created.json() as { appNo: string };
    const progress = await get('zd01', `/kiosk/applications/${appNo}?phone4=5678`);
    expect(progress.statusCode, progress.body).toBe(200);
    expect(progress.json()).toMatchObject({ appNo, statusName: '在途', steps: expect.arrayContaining([expect.objectContaining({ name: '受理登记' })]) });
    expect(progress.body).not.toContain('13812345678');
    const wrong = await get('zd01', `/kiosk/applications/${appNo}?phone4=0000`);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toContain('登记手机号后 4 位');
    const bad = await get('zd01', `/kiosk/applications/${appNo}?phone4=56`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('手机号后 4 位');
  });

  describe('the kiosk lookup’s limits (ADR 0071)', () => {
    // Each case at an address of its own (a terminal is its account at its address).
    const lookup = (appNo: string, phone4: string, remoteAddress: string) =>
      t.request({ method: 'GET', url: `${IND}/kiosk/applications/${appNo}?phone4=${phone4}`, cookie: t.cookies['zd01'] ?? '', remoteAddress });
    beforeAll(async () => {
      const deployer = createWorkflowEngine({ now: t.clock.now });
      deployer.bind({ now: t.clock.now, db: t.db });
      await t.db.transaction((tx) => deployConnectionProcesses(tx, deployer));
    });
    const apply = async (i: number): Promise<string> => {
      const created = await t.request({ method: 'POST', url: '/api/svc/connection/v1/applications', cookie: t.cookies['yk01'] ?? '', payload: residentApplication(i) as unknown as Record<string, unknown> });
      expect(created.statusCode, created.body).toBe(201);
      return (created.json() as { appNo: string }).appNo;
    };

    it('locks a number after 5 wrong answers, the right digits included; other numbers unaffected; the lock ends after the hour', async () => {
      const at = '198.51.100.61';
      const locked = await apply(11);
      const other = await apply(12);
      for (let i = 0; i < 5; i++) expect((await lookup(locked, String(1000 + i), at)).statusCode).toBe(404);
      const refused = await lookup(locked, '5678', at);
      expect(refused.statusCode, refused.body).toBe(429);
      expect(refused.json().error.message).toMatch(/^该申请编号查询时核对错误次数过多，已暂停查询，请 (60|59) 分钟后再试/);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(59 * 60 - 5);
      // Elsewhere too (the number is locked, not the terminal), and in lower case it is the same number.
      expect((await lookup(locked.toLowerCase(), '5678', '198.51.100.161')).statusCode).toBe(429);
      expect((await lookup(other, '5678', at)).statusCode).toBe(200);
      // The counters run on wall time (the login limits' store, Redis or in-process): an hour later the lock is over.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 61 * 60_000);
        const later = await lookup(locked, '5678', at);
        expect(later.statusCode, later.body).toBe(200);
        expect(later.json()).toMatchObject({ appNo: locked });
      } finally {
        vi.useRealTimers();
      }
    });

    it('caps the wrong answers of one terminal across numbers (20 an hour)', async () => {
      const at = '198.51.100.62';
      const codes: number[] = [];
      for (let n = 0; n < 4; n++) for (let i = 0; i < 5; i++) codes.push((await lookup(`YK20990101${String(n).padStart(5, '0')}`, String(2000 + i), at)).statusCode);
      expect(codes).toEqual(Array.from({ length: 20 }, () => 404));
      const refused = await lookup('YK209901019999', '1234', at);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.message).toMatch(/^本终端查询核对错误次数过多/);
      // Another terminal is not affected.
      expect((await lookup('YK209901019999', '1234', '198.51.100.63')).statusCode).toBe(404);
    });

    it('caps the lookups of one address per minute (60), right ones included', async () => {
      const at = '198.51.100.64';
      const appNo = await apply(13);
      const codes: number[] = [];
      for (let i = 0; i < 61; i++) codes.push((await lookup(appNo, '5678', at)).statusCode);
      expect(codes.slice(0, 60).every((c) => c === 200)).toBe(true);
      expect(codes[60]).toBe(429);
    });
  });

  it('a trend (one query for its 12 months) gives each month the value the summary of that month gives', async () => {
    const yms = ['BILL_RECOVERY', 'TK_TIMELY', 'BILL_ARREARS'] as const;
    for (const code of yms) {
      const trend = (await get('mgr01', `/trend?code=${code}`)).json() as { points: Array<{ ym: string; value: number | null }> };
      for (const point of [trend.points[0], trend.points[6], trend.points[10]]) {
        const summary = (await get('mgr01', `/summary?ym=${point?.ym}`)).json() as { values: Array<{ code: string; value: number | null }> };
        expect([code, point?.ym, point?.value]).toEqual([code, point?.ym, summary.values.find((v) => v.code === code)?.value]);
      }
    }
  });

  it('exports the view to Excel and refuses inconsistent targets', async () => {
    const xlsx = await get('mgr01', '/export');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const bad = await t.request({ method: 'PUT', url: `${IND}/targets/YK_ONTIME`, cookie: t.cookies['admin'] ?? '', payload: { green: 80, amber: 90 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('绿灯阈值');
    const ok = await t.request({ method: 'PUT', url: `${IND}/targets/YK_ONTIME`, cookie: t.cookies['admin'] ?? '', payload: { green: 96, amber: 90 } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.request({ method: 'PUT', url: `${IND}/targets/YK_ONTIME`, cookie: t.cookies['mgr01'] ?? '', payload: { green: 96, amber: 90 } })).statusCode).toBe(403);
  });
});
