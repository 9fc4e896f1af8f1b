import { describe, expect, it } from 'vitest';
import { propsContractBreaks } from './parts-compat.ts';

const v1 = {
  type: 'object',
  properties: { consNo: { type: 'string', pattern: '^\\d{10}$' }, tab: { type: 'string', enum: ['meters', 'account'] }, limit: { type: 'integer', maximum: 50 } },
  required: ['consNo'],
};

describe('propsContractBreaks (ADR 0030)', () => {
  it('accepts the same contract and widenings: optional props, more enum values, looser bounds, integer → number', () => {
    expect(propsContractBreaks(v1, v1)).toEqual([]);
    const wider = {
      type: 'object',
      properties: {
        consNo: { type: 'string', pattern: '^\\d{10}$' },
        tab: { type: 'string', enum: ['meters', 'account', 'bills'] },
        limit: { type: 'number', maximum: 100 },
        compact: { type: 'boolean' },
      },
      required: ['consNo'],
    };
    expect(propsContractBreaks(v1, wider)).toEqual([]);
  });

  it('reports a removed property, a newly required one, a narrowed type, enum or bound', () => {
    const next = {
      type: 'object',
      properties: { consNo: { type: 'number' }, tab: { type: 'string', enum: ['meters'] }, limit: { type: 'integer', maximum: 20 }, mode: { type: 'string' } },
      required: ['consNo', 'mode'],
    };
    expect(propsContractBreaks({ ...v1, properties: { ...v1.properties, extra: { type: 'string' } } }, next)).toEqual([
      '属性 consNo 不再接受类型 string',
      '属性 tab 不再接受取值 "account"',
      '属性 limit 的 maximum 降低为 20',
      '删除了属性 extra（使用方可能仍在传递）',
      '新增必填属性 mode',
    ]);
  });

  it('reports closing the object to undeclared properties and a new pattern in a nested object', () => {
    const old = { type: 'object', properties: { filter: { type: 'object', properties: { org: { type: 'string' } } } } };
    const next = { type: 'object', additionalProperties: false, properties: { filter: { type: 'object', properties: { org: { type: 'string', pattern: '^\\d+$' } } } } };
    expect(propsContractBreaks(old, next)).toEqual(['属性 filter.org 的 pattern 改为 "^\\\\d+$"', '参数 不再接受未声明的属性']);
  });
});
