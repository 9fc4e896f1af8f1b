/**
 * The ticket mock (`@wb/mocks` ticketHandlers, used by the 客服工单 dev harness and app tests) and the ticket
 * service answer the same scenarios the same way (ADR 0026, ADR 0039): 受理 with an Idempotency-Key (201, replay
 * 200, another body 422), a repeated call merged as 催办 (200, `merged`), each step on its own route with the
 * order of refusals (body 400 → 404 → If-Match 428/412 → node 409), ETag = version, and 停电信息 by 户号.
 */
import { expect, it } from 'vitest';
import { createTicketDataset, ticketHandlers } from '@wb/mocks';
import { describeContract, injectCaller, mockCaller, type ContractTargets } from '../testing/contract.ts';
import { BASE, createTicketTestApp, customerOf, repairRequest, type TicketTestApp } from './testing.ts';

interface Extra {
  /** A customer with a mobile phone and no open ticket, of a 供电所 the dispatcher may route to: the 受理 test's. */
  customer: { consNo: string; name: string; phone: string; address: string };
  /** Another such customer, whose repair the 催办 and step tests share (whichever runs first reports it). */
  caller: { consNo: string; name: string; phone: string; address: string };
}

const targets: ContractTargets<Extra> = {
  mock: async () => {
    const dataset = createTicketDataset();
    const c = dataset.customers.find((x) => !dataset.tickets.some((t) => t.detail.consNo === x.consNo))!;
    // The demo dataset has one such customer: the caller is a second of the same 供电所, added here.
    const d = { ...c, consNo: '3999999901', consName: '来电测试户', phone: '13900007777' };
    expect(dataset.customers.some((x) => x.consNo === d.consNo)).toBe(false);
    dataset.customers.push(d);
    const mock = mockCaller(BASE, (baseUrl) => ticketHandlers({ baseUrl, dataset }));
    const of = (x: typeof c) => ({ consNo: x.consNo, name: x.consName, phone: x.phone, address: x.address });
    return { call: mock.call, customer: of(c), caller: of(d), close: mock.close };
  },
  service: async () => {
    const t: TicketTestApp = await createTicketTestApp('pglite', { customers: 300 });
    return { call: injectCaller(t, BASE, t.cookies), customer: await customerOf(t, '334010101', 7), caller: await customerOf(t, '334010101', 8), close: () => t.close() };
  },
};

describeContract('ticket', targets, (target, call) => {
  /** The caller's open repair: reported by the first test that needs it. */
  let reported: Promise<string> | undefined;
  const callerRepair = (): Promise<string> =>
    (reported ??= call('kf01', 'POST', '/tickets', repairRequest(target().caller)).then((res) => {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return (res.body['ticket'] as { no: string }).no;
    }));
  const versionOf = async (no: string): Promise<number> => Number(JSON.parse((await call('kf02', 'GET', `/tickets/${no}`)).etag ?? '0'));

  it('受理 with an Idempotency-Key: 201, a retry answers the same ticket (200), another body 422', async () => {
    const body = repairRequest(target().customer);
    const key = { 'idempotency-key': `contract-${Date.now()}` };
    const first = await call('kf01', 'POST', '/tickets', body, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const created = first.body['ticket'] as { no: string; version: number; status: string; nodeKey: string; urgeCount: number };
    expect([first.body['merged'], created.status, created.nodeKey, created.urgeCount]).toEqual([false, 'DISPATCH', 'dispatch', 0]);
    const retry = await call('kf01', 'POST', '/tickets', body, key);
    expect([retry.status, (retry.body['ticket'] as { no: string }).no]).toEqual([200, created.no]);
    const other = await call('kf01', 'POST', '/tickets', { ...body, content: '另一件事' }, key);
    expect([other.status, other.code]).toEqual([422, 'WB_ERR_UNPROCESSABLE']);
  });

  it('refuses a repair without a customer before anything else (400 on consNo)', async () => {
    const { consNo: _none, ...rest } = repairRequest(target().customer);
    const refused = await call('kf01', 'POST', '/tickets', rest);
    expect([refused.status, refused.code]).toEqual([400, 'WB_ERR_BAD_REQUEST']);
    expect(refused.fields).toContain('consNo');
  });

  it('merges a repeated call about the open repair as 催办 (200, merged, count 1)', async () => {
    const no = await callerRepair();
    const again = await call('kf01', 'POST', '/tickets', repairRequest(target().caller, { content: '还是没有电，请尽快处理' }));
    expect(again.status).toBe(200);
    const merged = again.body['ticket'] as { no: string; urgeCount: number; version: number };
    expect([again.body['merged'], merged.no, merged.urgeCount]).toEqual([true, no, 1]);
    const read = await call('kf02', 'GET', `/tickets/${no}`);
    expect([read.status, read.etag]).toEqual([200, `"${merged.version}"`]);
  });

  it('refuses a step in the one order: body 400, unknown 404, If-Match absent 428 and stale 412, wrong node 409', async () => {
    const no = await callerRepair();
    const ticket = { no, version: await versionOf(no) };
    const path = `/tickets/${ticket.no}/dispatch:complete`;
    const etag = { 'if-match': `"${ticket.version}"` };
    expect((await call('kf02', 'POST', path, { orgUnitCode: 'x' }, etag)).status).toBe(400);
    expect((await call('kf02', 'POST', '/tickets/2099000000000001/dispatch:complete', {}, etag)).status).toBe(404);
    expect((await call('kf02', 'POST', path, {})).code).toBe('WB_ERR_PRECONDITION_REQUIRED');
    const stale = await call('kf02', 'POST', path, {}, { 'if-match': `"${ticket.version + 5}"` });
    expect([stale.status, stale.code]).toEqual([412, 'WB_ERR_PRECONDITION_FAILED']);
    const wrong = await call('kf02', 'POST', `/tickets/${ticket.no}/review:complete`, { outcome: 'pass' }, etag);
    expect([wrong.status, wrong.code]).toEqual([409, 'WB_ERR_CONFLICT']);
    const done = await call('kf02', 'POST', path, {}, etag);
    expect([done.status, done.body['status'], done.body['nodeKey'], done.etag]).toEqual([200, 'ACCEPT', 'accept', `"${Number(done.body['version'])}"`]);
    expect(Number(done.body['version'])).toBeGreaterThan(ticket.version);
  });

  it('lists 停电信息 by 户号: none for an unknown 户号, 400 for a malformed one', async () => {
    const none = await call('kf01', 'GET', '/outages?consNo=0000000000');
    expect([none.status, none.body]).toEqual([200, { items: [], total: 0 }]);
    const bad = await call('kf01', 'GET', '/outages?consNo=12');
    expect([bad.status, bad.code, bad.fields]).toEqual([400, 'WB_ERR_BAD_REQUEST', ['consNo']]);
  });
});
