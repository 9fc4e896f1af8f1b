/**
 * The indicators mock (`@wb/mocks` indicatorsHandlers, used by 运营监测's app tests) and the indicators service answer
 * the same scenarios the same way (ADR 0026, issue 18 item 4): the shapes of the answers, 400 naming the field for a
 * bad query or path, 404 for a unit outside the caller's scope, and the 营业厅 kiosk's lookup that answers a wrong
 * phone and an unknown number alike. Data differs (the mock's fixed dataset, the service's seed): the scenarios
 * compare statuses, codes, fields and keys, never figures.
 */
import { expect, it } from 'vitest';
import { createIndicatorsDataset, indicatorsHandlers } from '@wb/mocks';
import {
  INDICATORS_SERVICE,
  indicatorDefinitionListSchema,
  indicatorItemPageSchema,
  indicatorRankingSchema,
  indicatorSummarySchema,
  indicatorTrendSchema,
  kioskApplicationSchema,
  kioskOutageListSchema,
  kioskTariffListSchema,
  screenDataSchema,
} from '@wb/contracts/indicators';
import { servicePath } from '@wb/contracts';
import { createBillingTestApp } from '../billing/testing.ts';
import { deployConnectionProcesses } from '../connection/index.ts';
import { residentApplication } from '../connection/testing.ts';
import { describeContract, injectCaller, mockCaller, type ContractTargets } from '../testing/contract.ts';
import { createWorkflowEngine } from '../workflow/index.ts';
import { rebuildIndicators } from './seed.ts';

const BASE = servicePath(INDICATORS_SERVICE);

interface Extra {
  /** An 业扩 application the kiosk can look up, and the last 4 digits of the mobile it was registered with. */
  application: { appNo: string; phone4: string };
}

const targets: ContractTargets<Extra> = {
  mock: async () => {
    const dataset = createIndicatorsDataset();
    const [first] = dataset.applications;
    const mock = mockCaller(BASE, (baseUrl) => indicatorsHandlers({ baseUrl, dataset }));
    return { ...mock, application: { appNo: first!.application.appNo, phone4: first!.mobile.slice(-4) } };
  },
  service: async () => {
    const t = await createBillingTestApp('pglite', { customers: 300 });
    for (const user of ['mgr01', 'zd01', 'yk01']) t.cookies[user] = await t.login(user);
    await rebuildIndicators(t.db, t.clock.now());
    const engine = createWorkflowEngine({ now: t.clock.now });
    engine.bind({ now: t.clock.now, db: t.db });
    await t.db.transaction((tx) => deployConnectionProcesses(tx, engine));
    const created = await t.request({ method: 'POST', url: '/api/svc/connection/v1/applications', cookie: t.cookies['yk01'] ?? '', payload: residentApplication(3) as unknown as Record<string, unknown> });
    expect(created.statusCode, created.body).toBe(201);
    // residentApplication registers 13812345678.
    return { call: injectCaller(t, BASE, t.cookies), application: { appNo: (created.json() as { appNo: string }).appNo, phone4: '5678' }, close: () => t.close() };
  },
};

const keys = (o: unknown): string[] => Object.keys(o as object).sort();
const VALUE_KEYS = ['code', 'denominator', 'light', 'noSource', 'numerator', 'value'];

describeContract('indicators', targets, (target, call) => {
  it('reads the definitions, a summary, a trend, a ranking, items and the 大屏 in the same shapes', async () => {
    const defs = await call('mgr01', 'GET', '/definitions');
    expect(defs.status).toBe(200);
    // Both sides answer what the app's client checks (the contract's schemas); the keys below check nothing is added.
    indicatorDefinitionListSchema.parse(defs.body);
    const items = defs.body['items'] as unknown[];
    expect(keys(items[0])).toEqual(['code', 'definition', 'drillable', 'empty', 'higherIsBetter', 'name', 'realtime', 'source', 'sourceName', 'unit']);

    const summary = await call('mgr01', 'GET', '/summary');
    expect(summary.status, JSON.stringify(summary.body)).toBe(200);
    indicatorSummarySchema.parse(summary.body);
    expect(keys(summary.body)).toEqual(['children', 'computedAt', 'org', 'trail', 'values', 'ym']);
    expect(keys(summary.body['org'])).toEqual(['code', 'hasChildren', 'name', 'path', 'type']);
    const values = summary.body['values'] as Array<Record<string, unknown>>;
    for (const v of values) expect(keys(v).filter((k) => k !== 'parts')).toEqual(VALUE_KEYS);
    // A value without a data source: null and marked so.
    expect(values.find((v) => v['code'] === 'LINE_LOSS')).toMatchObject({ value: null, noSource: true, light: 'NONE' });

    const trend = await call('mgr01', 'GET', '/trend?code=YK_ONTIME');
    expect([trend.status, keys(trend.body), (trend.body['points'] as unknown[]).length]).toEqual([200, ['code', 'org', 'points'], 12]);
    indicatorTrendSchema.parse(trend.body);
    const ranking = await call('mgr01', 'GET', '/ranking?code=TK_TIMELY');
    expect([ranking.status, keys(ranking.body)]).toEqual([200, ['code', 'items', 'ym']]);
    indicatorRankingSchema.parse(ranking.body);
    const page = await call('mgr01', 'GET', '/items?code=YK_OVERDUE&pageSize=5');
    expect([page.status, keys(page.body)]).toEqual([200, ['items', 'page', 'pageSize', 'total']]);
    indicatorItemPageSchema.parse(page.body);
    const screen = await call('mgr01', 'GET', '/screen');
    expect([screen.status, keys(screen.body)]).toEqual([200, ['computedAt', 'org', 'recent', 'trend', 'units', 'values', 'ym']]);
    screenDataSchema.parse(screen.body);
  });

  it('refuses a bad query with 400 naming the field, and a unit outside the scope with 404', async () => {
    for (const [url, field] of [
      ['/summary?ym=202613', 'ym'],
      ['/summary?org=abc', 'org'],
      ['/summary?extra=1', 'extra'],
      ['/trend', 'code'],
      ['/trend?code=NOPE', 'code'],
      ['/items?code=YK_OVERDUE&pageSize=500', 'pageSize'],
    ] as const) {
      const refused = await call('mgr01', 'GET', url);
      expect([refused.status, refused.code, refused.fields], url).toEqual([400, 'WB_ERR_BAD_REQUEST', [field]]);
    }
    const outside = await call('mgr01', 'GET', '/summary?org=99999');
    expect([outside.status, outside.code, outside.body['error']]).toEqual([404, 'WB_ERR_NOT_FOUND', { code: 'WB_ERR_NOT_FOUND', message: '单位不存在或不在您的数据范围内' }]);
  });

  it('serves the kiosk 停电信息 and 电价, and an 业扩 progress only to the number with its phone digits', async () => {
    const outages = await call('zd01', 'GET', '/kiosk/outages');
    expect(outages.status).toBe(200);
    kioskOutageListSchema.parse(outages.body);
    for (const o of outages.body['items'] as unknown[]) expect(keys(o)).toEqual(['area', 'endAt', 'id', 'kindName', 'orgUnitName', 'reason', 'startAt', 'status', 'statusName']);
    const tariffs = await call('zd01', 'GET', '/kiosk/tariffs');
    expect(tariffs.status).toBe(200);
    kioskTariffListSchema.parse(tariffs.body);
    expect(keys((tariffs.body['items'] as unknown[])[0])).toEqual(['code', 'lines', 'name', 'note']);

    const { appNo, phone4 } = target().application;
    const found = await call('zd01', 'GET', `/kiosk/applications/${appNo}?phone4=${phone4}`);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(keys(found.body)).toEqual(['acceptedAt', 'appNo', 'busiType', 'currentStep', 'statusName', 'steps']);
    kioskApplicationSchema.parse(found.body);
    expect(found.body).toMatchObject({ appNo, statusName: '在途', steps: expect.arrayContaining([{ name: '受理登记', doneAt: expect.any(String) }]) });
    // A wrong pair and an unknown number answer alike.
    const wrong = await call('zd01', 'GET', `/kiosk/applications/${appNo}?phone4=${phone4 === '0000' ? '1111' : '0000'}`);
    const unknown = await call('zd01', 'GET', `/kiosk/applications/YK209912310001?phone4=${phone4}`);
    for (const missing of [wrong, unknown]) {
      expect([missing.status, missing.body]).toEqual([404, { error: { code: 'WB_ERR_NOT_FOUND', message: '未找到该申请，请核对申请编号和登记手机号后 4 位' } }]);
    }
    const shortPhone = await call('zd01', 'GET', `/kiosk/applications/${appNo}?phone4=56`);
    expect([shortPhone.status, shortPhone.fields]).toEqual([400, ['phone4']]);
    const badNumber = await call('zd01', 'GET', `/kiosk/applications/a%20b?phone4=${phone4}`);
    expect([badNumber.status, badNumber.fields]).toEqual([400, ['appNo']]);
  });
}, 240_000);
