/**
 * The billing mock (`@wb/mocks` billingHandlers, used by 电费账务's dev harness and app tests) and the billing
 * service answer the same scenarios the same way (ADR 0026, issue 18 item 4): the contract's shapes (exactly the
 * zod schema's keys, ETag = version), 400 naming the field for bad input (path, query, body, If-Match), 404 for
 * what does not exist, a payment once per Idempotency-Key (201, replay 200, another body 422), and 冲正 guarded
 * by If-Match (428, 412). Data differs (the mock's fixed dataset, the service's seed), so the scenarios compare
 * statuses, codes, fields and shapes, never figures.
 */
import { beforeAll, expect, it } from 'vitest';
import type { z } from 'zod';
import { billingHandlers } from '@wb/mocks';
import { accountSchema, arrearsPageSchema, arrearsRowSchema, paymentSchema, payResultSchema, readingSchema } from '@wb/contracts/billing';
import { counterCustomerSchema } from '@wb/contracts/billing-counter';
import { describeContract, injectCaller, mockCaller, type ContractTargets } from '../testing/contract.ts';
import { BASE, createBillingTestApp } from './testing.ts';

const targets: ContractTargets = {
  mock: async () => mockCaller(BASE, (baseUrl) => billingHandlers({ baseUrl })),
  service: async () => {
    const t = await createBillingTestApp('pglite');
    return { call: injectCaller(t, BASE, t.cookies), close: () => t.close() };
  },
};

const keysOf = (schema: z.ZodObject): string[] => Object.keys(schema.shape).sort();
const sortedKeys = (o: unknown): string[] => Object.keys(o as object).sort();
const UNKNOWN_CONS = '9999999999';
const UNKNOWN_ID = '999999999';

describeContract('billing', targets, (_target, call) => {
  /** A customer in arrears that the collector (df03) may serve. */
  let debtor: string;
  beforeAll(async () => {
    const arrears = await call('df03', 'GET', '/arrears?pageSize=5');
    expect(arrears.status, JSON.stringify(arrears.body)).toBe(200);
    debtor = String((arrears.body['items'] as Array<{ consNo: string }>)[0]?.consNo);
  }, 120_000);

  it('reads the arrears ledger, an account and the counter lookup in the contract’s shapes (ETag = version)', async () => {
    const arrears = await call('df03', 'GET', '/arrears?pageSize=5');
    expect(sortedKeys(arrears.body)).toEqual(keysOf(arrearsPageSchema));
    const rows = arrears.body['items'] as unknown[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(5);
    expect(sortedKeys(rows[0])).toEqual(keysOf(arrearsRowSchema));

    const account = await call('df03', 'GET', `/customers/${debtor}/account`);
    expect(account.status).toBe(200);
    expect(sortedKeys(account.body)).toEqual(keysOf(accountSchema));
    expect(account.etag).toBe(`"${String(account.body['version'])}"`);
    expect(account.body['oweFen']).toBeGreaterThan(0);

    const lookup = await call('df03', 'GET', `/counter/customers?q=${debtor}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body['field']).toBe('consNo');
    const found = lookup.body['items'] as Array<Record<string, unknown>>;
    expect(found.map((c) => c['consNo'])).toEqual([debtor]);
    expect(sortedKeys(found[0])).toEqual(keysOf(counterCustomerSchema));
  });

  it('refuses bad input with 400 naming the field, and answers 404 for what does not exist', async () => {
    const malformed = await call('df03', 'GET', '/customers/abc/account');
    expect([malformed.status, malformed.code, malformed.fields]).toEqual([400, 'WB_ERR_BAD_REQUEST', ['consNo']]);
    const tooMany = await call('df03', 'GET', '/arrears?pageSize=500');
    expect([tooMany.status, tooMany.fields]).toEqual([400, ['pageSize']]);
    const short = await call('df03', 'GET', '/counter/customers?q=1');
    expect([short.status, short.fields]).toEqual([400, ['q']]);
    const zero = await call('df03', 'POST', '/payments', { consNo: debtor, amountFen: 0, method: 'CASH' });
    expect([zero.status, zero.fields]).toEqual([400, ['amountFen']]);

    for (const path of [`/customers/${UNKNOWN_CONS}/account`, `/payments/${UNKNOWN_ID}`, `/orders/${UNKNOWN_ID}`, `/calc-batches/${UNKNOWN_ID}`]) {
      const absent = await call('df03', 'GET', path);
      expect([absent.status, absent.code], path).toEqual([404, 'WB_ERR_NOT_FOUND']);
    }
    const nobody = await call('df03', 'POST', '/payments', { consNo: UNKNOWN_CONS, amountFen: 100, method: 'CASH' });
    expect([nobody.status, nobody.code]).toEqual([404, 'WB_ERR_NOT_FOUND']);
  });

  it('takes a payment once per Idempotency-Key: 201, a retry answers the same payment (200), another body 422', async () => {
    const body = { consNo: debtor, amountFen: 100, method: 'CASH' };
    const key = { 'idempotency-key': `contract-${Date.now()}` };
    const first = await call('df03', 'POST', '/payments', body, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(sortedKeys(first.body)).toEqual(keysOf(payResultSchema));
    const payment = first.body['payment'] as Record<string, unknown>;
    expect(sortedKeys(payment)).toEqual(keysOf(paymentSchema));
    expect(first.etag).toBe(`"${String(payment['version'])}"`);
    const retry = await call('df03', 'POST', '/payments', body, key);
    expect([retry.status, (retry.body['payment'] as { id: string }).id]).toEqual([200, payment['id']]);
    const other = await call('df03', 'POST', '/payments', { ...body, amountFen: 200 }, key);
    expect([other.status, other.code]).toEqual([422, 'WB_ERR_UNPROCESSABLE']);
  });

  it('抄表: history newest first; a manual reading refused 400/404, a 突增 opens 复核, replaced only with If-Match (428, 412); 复核 once (then 409)', async () => {
    // A customer of the 抄表员 (df01, 江北河口 on the service; the mock has no scope).
    const ledger = await call('df01', 'GET', '/arrears?pageSize=1');
    const consNo = String((ledger.body['items'] as Array<{ consNo: string }>)[0]?.consNo);
    const history = await call('df01', 'GET', `/customers/${consNo}/readings`);
    expect(history.status).toBe(200);
    const items = history.body['items'] as Array<Record<string, unknown>>;
    expect(items.length).toBeGreaterThan(1);
    expect(sortedKeys(items[0])).toEqual(keysOf(readingSchema));
    expect(items.map((r) => r['ym'])).toEqual(items.map((r) => String(r['ym'])).sort().reverse());
    expect((await call('df01', 'GET', `/customers/${UNKNOWN_CONS}/readings`)).status).toBe(404);

    const last = items[0]!;
    const next = new Date(Date.UTC(Number(String(last['ym']).slice(0, 4)), Number(String(last['ym']).slice(4)), 1));
    const ym = `${next.getUTCFullYear()}${String(next.getUTCMonth() + 1).padStart(2, '0')}`;
    const badMonth = await call('df01', 'POST', '/readings', { consNo, ym: '2026-04', currIndex: 1 });
    expect([badMonth.status, badMonth.fields]).toEqual([400, ['ym']]);
    const nobody = await call('df01', 'POST', '/readings', { consNo: UNKNOWN_CONS, ym, currIndex: 1 });
    expect([nobody.status, nobody.code]).toEqual([404, 'WB_ERR_NOT_FOUND']);
    const jump = await call('df01', 'POST', '/readings', { consNo, ym, currIndex: Number(last['currIndex']) + 50_000 });
    expect(jump.status, JSON.stringify(jump.body)).toBe(200);
    expect(sortedKeys(jump.body)).toEqual(keysOf(readingSchema));
    expect(jump.body).toMatchObject({ source: 'MANUAL', prevIndex: last['currIndex'], exception: 'JUMP' });
    expect(jump.etag).toBe(`"${String(jump.body['version'])}"`);
    const blind = await call('df01', 'POST', '/readings', { consNo, ym, currIndex: Number(last['currIndex']) + 100 });
    expect([blind.status, blind.code]).toEqual([428, 'WB_ERR_PRECONDITION_REQUIRED']);
    const stale = await call('df01', 'POST', '/readings', { consNo, ym, currIndex: Number(last['currIndex']) + 100 }, { 'if-match': '"99"' });
    expect([stale.status, stale.code]).toEqual([412, 'WB_ERR_PRECONDITION_FAILED']);

    const review = (body: unknown, headers?: Record<string, string>) => call('df01', 'POST', `/readings/${consNo}/${ym}/review`, body, headers);
    const noOpinion = await review({}, { 'if-match': jump.etag ?? '' });
    expect([noOpinion.status, noOpinion.fields]).toEqual([400, ['opinion']]);
    const confirmed = await review({ opinion: '现场复抄，示数无误' }, { 'if-match': jump.etag ?? '' });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    expect(confirmed.body).toMatchObject({ exception: 'JUMP', reviewedBy: 'df01' });
    const again = await review({ opinion: '再次复核' }, { 'if-match': confirmed.etag ?? '' });
    expect([again.status, again.code]).toEqual([409, 'WB_ERR_CONFLICT']);
  });

  it('guards 量费审核: body 400 naming the field, malformed If-Match 400 (before looking the batch up), 404', async () => {
    const audit = (body: unknown, headers: Record<string, string>) => call('df02', 'POST', `/calc-batches/${UNKNOWN_ID}/audit`, body, headers);
    const noOpinion = await audit({ approve: [] }, { 'if-match': '"1"' });
    expect([noOpinion.status, noOpinion.fields]).toEqual([400, ['opinion']]);
    const garbled = await audit({ approve: [], opinion: '核实无误' }, { 'if-match': 'version one' });
    expect([garbled.status, garbled.fields]).toEqual([400, ['if-match']]);
    const absent = await audit({ approve: [], opinion: '核实无误' }, { 'if-match': '"1"' });
    expect([absent.status, absent.code]).toEqual([404, 'WB_ERR_NOT_FOUND']);
  });

  it('guards 冲正: body 400, malformed If-Match 400 (before looking the payment up), 404, If-Match 428 and 412', async () => {
    const paid = await call('df03', 'POST', '/payments', { consNo: debtor, amountFen: 100, method: 'QR' });
    expect(paid.status).toBe(201);
    const id = String((paid.body['payment'] as { id: string }).id);
    const reverse = (paymentId: string, body: unknown, headers?: Record<string, string>) => call('mgr01', 'POST', `/payments/${paymentId}/reverse`, body, headers);

    const noReason = await reverse(id, {}, { 'if-match': '"1"' });
    expect([noReason.status, noReason.fields]).toEqual([400, ['reason']]);
    const garbled = await reverse(UNKNOWN_ID, { reason: '收错户' }, { 'if-match': 'version one' });
    expect([garbled.status, garbled.fields]).toEqual([400, ['if-match']]);
    const absent = await reverse(UNKNOWN_ID, { reason: '收错户' }, { 'if-match': '"1"' });
    expect([absent.status, absent.code]).toEqual([404, 'WB_ERR_NOT_FOUND']);
    const blind = await reverse(id, { reason: '收错户' });
    expect([blind.status, blind.code]).toEqual([428, 'WB_ERR_PRECONDITION_REQUIRED']);
    const stale = await reverse(id, { reason: '收错户' }, { 'if-match': '"99"' });
    expect([stale.status, stale.code]).toEqual([412, 'WB_ERR_PRECONDITION_FAILED']);
  });
});
