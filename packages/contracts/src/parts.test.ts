import { describe, expect, it } from 'vitest';
import { manifestSchema } from './manifest.ts';

const base = {
  id: 'customer-archive',
  name: '客户档案',
  version: '1.0.0',
  entry: 'main.js',
  routes: ['/app/customer-archive'],
};
const props = { type: 'object', properties: { consNo: { type: 'string' } }, required: ['consNo'], additionalProperties: false };
const c360 = { id: 'customer-360', title: '客户360', props, permission: 'cust:archive:view', major: 1 };

describe('manifest exposes and uses (界面部件, ADR 0030)', () => {
  it('accepts exposed parts with a JSON Schema of props, defaulting channels to the workbench; and used parts', () => {
    const parsed = manifestSchema.parse({ ...base, exposes: [c360], uses: [{ app: 'service-tickets', part: 'ticket-history', major: 2 }] });
    expect(parsed.exposes).toEqual([{ ...c360, channels: ['workbench'] }]);
    expect(parsed.uses).toEqual([{ app: 'service-tickets', part: 'ticket-history', major: 2 }]);
  });

  it('defaults to exposing and using nothing', () => {
    const parsed = manifestSchema.parse(base);
    expect(parsed.exposes).toEqual([]);
    expect(parsed.uses).toEqual([]);
  });

  it('refuses props that are not an object schema, a bad id, a major below 1 and an unknown channel', () => {
    const problems = (part: object) => manifestSchema.safeParse({ ...base, exposes: [part] }).error?.issues.map((i) => i.message) ?? [];
    expect(problems({ ...c360, props: { type: 'string' } })).toEqual(['部件的 props 必须是 type 为 object 的 JSON Schema']);
    expect(problems({ ...c360, id: 'Customer_360' })).toEqual(['部件标识只能包含小写字母、数字和连字符，且以字母开头']);
    expect(problems({ ...c360, major: 0 })).toHaveLength(1);
    expect(problems({ ...c360, channels: ['tv'] })).toHaveLength(1);
    expect(problems({ ...c360, extra: true })).toHaveLength(1);
  });

  it('refuses duplicate part ids and required props that are not declared, naming them', () => {
    const dup = manifestSchema.safeParse({ ...base, exposes: [c360, c360] });
    expect(dup.error?.issues.map((i) => [i.path, i.message])).toEqual([[['exposes', 1, 'id'], '部件 customer-360 重复声明']]);
    const undeclared = manifestSchema.safeParse({ ...base, exposes: [{ ...c360, props: { type: 'object', properties: {}, required: ['consNo'] } }] });
    expect(undeclared.error?.issues[0]?.message).toBe('部件 customer-360 的必填属性 consNo 未在 properties 中声明');
  });

  it('refuses using one’s own part and using a part twice', () => {
    const own = manifestSchema.safeParse({ ...base, uses: [{ app: 'customer-archive', part: 'customer-360', major: 1 }] });
    expect(own.error?.issues[0]?.message).toBe('应用不能通过 uses 使用自己的部件 customer-archive/customer-360');
    const use = { app: 'billing', part: 'bills', major: 1 };
    const twice = manifestSchema.safeParse({ ...base, uses: [use, { ...use, major: 2 }] });
    expect(twice.error?.issues[0]?.message).toBe('部件 billing/bills 重复声明');
  });
});
