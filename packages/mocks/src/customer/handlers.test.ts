import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiErrorSchema,
  customerDetailSchema,
  customerSearchResultSchema,
} from '@wb/contracts';
import { createCustomerDataset, customerHandlers } from '../index.ts';
import { createMockServer } from '../node.ts';

const customers = createCustomerDataset();
const server = createMockServer(...customerHandlers({ customers }), ...customerHandlers({ customers, baseUrl: '/capped/v1', totalCap: 5 }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

async function search(params: Record<string, string>, base = '/api/svc/customer/v1') {
  const response = await fetch(`${base}/customers?${new URLSearchParams(params)}`);
  const body: unknown = await response.json();
  return { status: response.status, body };
}

async function searchOk(params: Record<string, string>, base?: string) {
  const { status, body } = await search(params, base);
  expect(status).toBe(200);
  return customerSearchResultSchema.parse(body);
}

describe('customer search handler', () => {
  it('auto: up to 10 digits is a 户号 prefix', async () => {
    const prefix = customers[0]!.consNo.slice(0, 4);
    const expected = customers.filter((c) => c.consNo.startsWith(prefix)).length;
    const result = await searchOk({ q: prefix, pageSize: '100' });
    expect(result.total).toBe(expected);
    expect(result.items.length).toBe(Math.min(expected, 100));
    expect(result.items.every((c) => c.consNo.startsWith(prefix))).toBe(true);
    expect(result.capped).toBe(false);
  });

  it('auto: 11 digits starting with 1 is an exact phone match', async () => {
    const target = customers[7]!;
    const result = await searchOk({ q: target.phone });
    expect(result.items.map((c) => c.consNo)).toContain(target.consNo);
    expect(result.items.every((c) => c.phone === target.phone)).toBe(true);
  });

  it('auto: other text matches 户名 or 用电地址', async () => {
    const result = await searchOk({ q: '江北县', pageSize: '100' });
    expect(result.total).toBe(customers.filter((c) => c.address.includes('江北县')).length);
    const surname = customers[3]!.name.slice(0, 1);
    const byName = await searchOk({ q: surname, pageSize: '100' });
    expect(byName.items.every((c) => c.name.includes(surname) || c.address.includes(surname))).toBe(true);
    expect(byName.items.map((c) => c.consNo)).toContain(customers[3]!.consNo);
  });

  it('an explicit field searches only that field', async () => {
    const byAddress = await searchOk({ q: '城关镇', field: 'address', pageSize: '100' });
    expect(byAddress.total).toBeGreaterThan(0);
    expect(byAddress.items.every((c) => c.address.includes('城关镇'))).toBe(true);
    const byName = await searchOk({ q: '城关镇', field: 'name' });
    expect(byName.total).toBe(0);
  });

  it('pages through results ordered by 户号', async () => {
    const sorted = [...customers].sort((a, b) => a.consNo.localeCompare(b.consNo));
    const page2 = await searchOk({ q: '', page: '2', pageSize: '5' });
    expect(page2.items.map((c) => c.consNo)).toEqual(sorted.slice(5, 10).map((c) => c.consNo));
    expect(page2).toMatchObject({ page: 2, pageSize: 5, total: customers.length });
  });

  it('caps the total when asked to', async () => {
    const result = await searchOk({ q: '' }, '/capped/v1');
    expect(result).toMatchObject({ total: 5, capped: true });
  });

  it('answers 400 WB_ERR_BAD_REQUEST with per-field messages for a bad query', async () => {
    const tooBig = await search({ q: '张', pageSize: '1000' });
    expect(tooBig.status).toBe(400);
    const body = apiErrorSchema.parse(tooBig.body);
    expect(body.error.code).toBe('WB_ERR_BAD_REQUEST');
    expect(body.error.fields).toEqual({ pageSize: '每页最多 100 条' });

    const unknown = await search({ q: '张', sort: 'name' });
    expect(unknown.status).toBe(400);
    expect(apiErrorSchema.parse(unknown.body).error.fields).toHaveProperty('sort');
  });
});

describe('customer detail handler', () => {
  it('returns a contract-valid detail with meters', async () => {
    const target = customers[0]!;
    const response = await fetch(`/api/svc/customer/v1/customers/${target.consNo}`);
    expect(response.status).toBe(200);
    const detail = customerDetailSchema.parse(await response.json());
    expect(detail).toEqual(target);
    expect(detail.meters.length).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown 户号 and 400 for a malformed one', async () => {
    const missing = await fetch('/api/svc/customer/v1/customers/9999999999');
    expect(missing.status).toBe(404);
    expect(apiErrorSchema.parse(await missing.json()).error.code).toBe('WB_ERR_NOT_FOUND');
    const malformed = await fetch('/api/svc/customer/v1/customers/12ab');
    expect(malformed.status).toBe(400);
    expect(apiErrorSchema.parse(await malformed.json()).error.fields).toEqual({ consNo: '户号应为 10 位数字' });
  });
});
