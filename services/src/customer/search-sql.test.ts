import { describe, expect, it } from 'vitest';
import { customerSearchQuerySchema, type CustomerSearchQuery } from '@wb/contracts';
import { escapeLike } from '@wb/server-kit';
import { buildCustomerSearchSql } from './search-sql.ts';

const build = (input: Partial<Record<keyof CustomerSearchQuery, unknown>>, orgPaths?: string[]) =>
  buildCustomerSearchSql(customerSearchQuerySchema.parse(input), orgPaths ? { orgPaths } : undefined);

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
    expect(escapeLike('幸福小区')).toBe('幸福小区');
  });
});

describe('buildCustomerSearchSql', () => {
  it('reads up to 10 digits as a 户号 range on the primary key', () => {
    const sql = build({ q: '3101' });
    expect(sql.keyOrdered).toBe(true);
    expect(sql.walkPageSql).toContain('c.cons_no BETWEEN $1 AND $2');
    expect(sql.pageParams.slice(0, 2)).toEqual(['3101000000', '3101999999']);
    expect(build({ q: '3101000001' }).countParams).toEqual(['3101000001']);
  });

  it('reads a mobile number as an exact phone, a long digit string as a phone prefix', () => {
    expect(build({ q: '138 1234 5678' })).toMatchObject({ keyOrdered: false, countParams: ['13812345678'] });
    expect(build({ q: '138 1234 5678' }).countSql).toContain('c.phone = $1');
    expect(build({ q: '057188001234' }).countParams).toEqual(['057188001234%']);
  });

  it('also matches a phone prefix for 7 to 10 digits starting with 1, not for shorter ones', () => {
    expect(build({ q: '1381234' }).countParams).toEqual(['1381234000', '1381234999', '1381234%']);
    expect(build({ q: '138' }).countParams).toEqual(['1380000000', '1389999999']);
  });

  it('reads text as name-or-address contains, and 1–2 characters as a name prefix', () => {
    expect(build({ q: '幸福小区' }).countParams).toEqual(['%幸福小区%']);
    expect(build({ q: '幸福小区' }).countSql).toContain('c.name LIKE $1 OR c.address LIKE $1');
    expect(build({ q: 'abc' }).countSql).toContain('ILIKE');
    expect(build({ q: '张伟' }).countParams).toEqual(['张伟%']);
  });

  it('never puts user input into the SQL text', () => {
    const hostile = "'; DROP TABLE customer; --";
    for (const field of ['auto', 'name', 'address', 'phone', 'consNo'] as const) {
      const sql = build({ q: hostile, field }, ["/x'; --"]);
      for (const text of [sql.countSql, sql.walkPageSql, sql.collectSql]) {
        expect(text).not.toContain('DROP');
        expect(text).not.toContain("/x'");
      }
    }
  });

  it('adds the scope as a condition, and is no longer key-ordered then', () => {
    const sql = build({ q: '3101' }, ['/33401/3340101']);
    expect(sql.keyOrdered).toBe(false);
    expect(sql.countParams).toEqual(['3101000000', '3101999999', ['/33401/3340101'], '/33401/3340101/%']);
    expect(build({ q: '' }, []).countSql).toContain('WHERE false');
  });

  it('pages with bound LIMIT and OFFSET', () => {
    const sql = build({ q: '', page: 3, pageSize: 50 });
    expect(sql.pageParams).toEqual([50, 100]);
    expect(sql.walkPageSql).toMatch(/LIMIT \$1 OFFSET \$2$/);
  });
});
