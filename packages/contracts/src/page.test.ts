import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { arrearsQuerySchema } from './billing.ts';
import { applicationListQuerySchema } from './connection.ts';
import { auditQuerySchema } from './iam.ts';
import { pageOf, pageParams } from './page.ts';

const messages = (schema: z.ZodType, value: unknown): string[] => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((i) => i.message);
};

describe('a list page (one rule for every list query and answer)', () => {
  it('defaults to page 1 of the default size, and says what is wrong with a page out of range', () => {
    const query = z.strictObject(pageParams());
    expect(query.parse({})).toEqual({ page: 1, pageSize: 20 });
    expect(query.parse({ page: '3', pageSize: '100' })).toEqual({ page: 3, pageSize: 100 });
    expect(messages(query, { page: '0' })).toEqual(['页码从 1 开始']);
    expect(messages(query, { pageSize: '101' })).toEqual(['每页最多 100 条']);
    expect(messages(query, { pageSize: '2.5' })).toEqual(['每页条数应为 1 到 100 之间的整数']);
    const wide = z.strictObject(pageParams(50, 200));
    expect(wide.parse({})).toEqual({ page: 1, pageSize: 50 });
    expect(messages(wide, { pageSize: '201' })).toEqual(['每页最多 200 条']);
  });

  it('is the same in every service: the same messages on 业扩, 电费 and 审计日志', () => {
    for (const schema of [applicationListQuerySchema, arrearsQuerySchema, auditQuerySchema]) {
      expect(messages(schema, { page: '0' })).toEqual(['页码从 1 开始']);
    }
  });

  it('answers items, total, page and pageSize, all whole numbers', () => {
    const page = pageOf(z.object({ id: z.string() }));
    expect(page.parse({ items: [{ id: 'a' }], total: 1, page: 1, pageSize: 20 })).toEqual({ items: [{ id: 'a' }], total: 1, page: 1, pageSize: 20 });
    expect(page.safeParse({ items: [], total: 1.5, page: 1, pageSize: 20 }).success).toBe(false);
  });
});
