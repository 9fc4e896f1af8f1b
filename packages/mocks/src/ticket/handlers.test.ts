import { describe, expect, it } from 'vitest';
import {
  callSchema,
  createTicketResultSchema,
  currentCallSchema,
  lookupResultSchema,
  precheckSchema,
  revealResultSchema,
  ticketConfigSchema,
  ticketDetailSchema,
  ticketPageSchema,
  ticketStatsSchema,
} from '@wb/contracts/ticket';
import { SHARED_PHONE, createTicketDataset, ticketHandlers } from '../index.ts';
import { errorOf, setUpMockService } from '../testing.ts';

const API = '/api/svc/ticket/v1';
const mock = setUpMockService(API, createTicketDataset, (dataset) => ticketHandlers({ dataset }));
const call = mock.call;

describe('ticket mock', () => {
  it('answers every read in the contract’s shapes', async () => {
    ticketConfigSchema.parse((await call('GET', '/config')).body);
    ticketStatsSchema.parse((await call('GET', '/stats')).body);
    expect(currentCallSchema.parse((await call('GET', '/calls/current')).body).call).toBeNull();
    const page = ticketPageSchema.parse((await call('GET', '/tickets?view=dispatch')).body);
    expect(page.items.every((t) => t.status === 'DISPATCH')).toBe(true);
    for (const t of mock.data().tickets) ticketDetailSchema.parse((await call('GET', `/tickets/${t.detail.no}`)).body);
    const tail = lookupResultSchema.parse((await call('GET', `/lookup?q=${SHARED_PHONE.slice(-4)}`)).body);
    expect(tail.field).toBe('phoneTail');
    expect(tail.items.map((c) => c.consNo)).toEqual(['3300000001', '3300000002']);
    const precheck = precheckSchema.parse((await call('GET', '/precheck?consNo=3300000001')).body);
    expect(precheck.arrears.state).toBe('no-source');
    expect(precheck.outages.map((o) => o.id)).toEqual(['OUT0001']);
  });

  it('rings a simulated call with every customer on the phone, and merges a repeated call as 催办', async () => {
    const rung = callSchema.parse((await call('POST', '/calls:simulate', {})).body);
    expect(rung.matches).toHaveLength(2);
    expect(currentCallSchema.parse((await call('GET', '/calls/current')).body).call?.callId).toBe(rung.callId);
    const body = { callId: rung.callId, type: 'REPAIR', consNo: '3300000001', contactName: '张建国', address: '解放路 12 号', content: '停电' };
    const first = await call('POST', '/tickets', body, { 'idempotency-key': 'k1' });
    expect(first.status).toBe(201);
    expect(createTicketResultSchema.parse(first.body)).toMatchObject({ merged: false, ticket: { status: 'DISPATCH', sla: { clock: 'arrive' } } });
    // The same key again: the same ticket, no second one, answered 200 like the service (contract test).
    expect((await call('POST', '/tickets', body, { 'idempotency-key': 'k1' })).status).toBe(200);
    const again = await call('POST', '/tickets', { ...body, content: '还没人来' }, { 'idempotency-key': 'k2' });
    expect(again.status).toBe(200);
    expect(createTicketResultSchema.parse(again.body)).toMatchObject({ merged: true, ticket: { urgeCount: 1 } });
  });

  it('refuses a step without If-Match, with a stale version, or in the wrong state; reveals the clear numbers', async () => {
    const no = '2026000000000101';
    expect((await call('POST', `/tickets/${no}/dispatch:complete`, { opinion: '' })).status).toBe(428);
    expect((await call('POST', `/tickets/${no}/dispatch:complete`, { opinion: '' }, { 'if-match': '"9"' })).status).toBe(412);
    expect(errorOf((await call('POST', `/tickets/${no}/review:complete`, { outcome: 'pass', opinion: '' }, { 'if-match': '"1"' })).body).message).toContain('审核');
    const rejected = await call('POST', `/tickets/2026000000000105/review:complete`, { outcome: 'reject', opinion: '' }, { 'if-match': '"1"' });
    expect(rejected.status).toBe(400);
    expect(errorOf(rejected.body).fields?.['opinion']).toBe('退单请填写原因');
    const dispatched = ticketDetailSchema.parse((await call('POST', `/tickets/${no}/dispatch:complete`, { opinion: '' }, { 'if-match': '"1"' })).body);
    expect(dispatched).toMatchObject({ status: 'ACCEPT', version: 2, nodeKey: 'accept' });
    const clear = revealResultSchema.parse((await call('POST', `/tickets/${no}/reveal`, {})).body);
    expect(clear.contactPhone).toMatch(/^\d{11}$/);
  });
});
