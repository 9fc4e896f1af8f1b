/**
 * The customer mock (`@wb/mocks` customerHandlers, used by 客户档案's dev harness and app tests) and the customer
 * service answer the same way (ADR 0026, issue 18 item 4): the search and detail shapes, 400 with the offending
 * field for a bad 户号, an unknown or out-of-range query parameter, 404 for an unknown 户号, and LIKE wildcards
 * searched as text (no match) rather than as patterns. Data differs (the mock's fixed dataset, the service's seed),
 * so the scenarios compare statuses, codes, fields and shapes, never rows.
 */
import { expect, it } from 'vitest';
import { customerHandlers } from '@wb/mocks';
import { CUSTOMER_SERVICE } from '@wb/contracts';
import { seedCustomers } from '../seed/index.ts';
import { describeContract, injectCaller, mockCaller, type ContractTargets } from '../testing/contract.ts';
import { createTestApp } from '../testing/harness.ts';

const BASE = `/api/svc/${CUSTOMER_SERVICE.name}/v${CUSTOMER_SERVICE.major}`;

const targets: ContractTargets = {
  mock: async () => mockCaller(BASE, (baseUrl) => customerHandlers({ baseUrl })),
  service: async () => {
    const t = await createTestApp('pglite');
    await seedCustomers(t.db, { customers: 200, seed: 5 });
    return { call: injectCaller(t, BASE, { kf01: await t.login('kf01') }), close: () => t.close() };
  },
};

const sortedKeys = (o: unknown): string[] => Object.keys(o as object).sort();

describeContract('customer', targets, (_target, call) => {
  it('searches and reads a customer in the contract’s shapes', async () => {
    const found = await call('kf01', 'GET', '/customers?pageSize=5');
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ page: 1, pageSize: 5 });
    const items = found.body['items'] as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(5);
    expect(sortedKeys(items[0])).toEqual(['address', 'consNo', 'elecType', 'elecTypeName', 'name', 'orgUnitName', 'phone', 'status', 'voltageCode', 'voltageName']);
    const consNo = String(items[0]?.['consNo']);
    const detail = await call('kf01', 'GET', `/customers/${consNo}`);
    expect([detail.status, detail.body['consNo']]).toEqual([200, consNo]);
  });

  it('refuses a malformed 户号 and bad query parameters with 400 naming the field, and answers 404 for an unknown 户号', async () => {
    const malformed = await call('kf01', 'GET', '/customers/abc');
    expect([malformed.status, malformed.code, malformed.fields]).toEqual([400, 'WB_ERR_BAD_REQUEST', ['consNo']]);
    const tooMany = await call('kf01', 'GET', '/customers?pageSize=500');
    expect([tooMany.status, tooMany.fields]).toEqual([400, ['pageSize']]);
    const unknown = await call('kf01', 'GET', '/customers?bogus=1');
    expect([unknown.status, unknown.fields]).toEqual([400, ['bogus']]);
    const absent = await call('kf01', 'GET', '/customers/9999999999');
    expect([absent.status, absent.code]).toEqual([404, 'WB_ERR_NOT_FOUND']);
  });

  it('searches LIKE wildcards as text: % and _ match no name', async () => {
    for (const q of ['%', '_', '%%%', '__']) {
      const answer = await call('kf01', 'GET', `/customers?q=${encodeURIComponent(q)}`);
      expect([answer.status, answer.body['total']], q).toEqual([200, 0]);
    }
  });
}, 60_000);
