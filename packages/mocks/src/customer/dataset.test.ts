import { describe, expect, it } from 'vitest';
import { ELEC_TYPES, VOLTAGE_LEVELS, customerDetailSchema } from '@wb/contracts';
import { createCustomerDataset } from '../index.ts';

describe('createCustomerDataset', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(createCustomerDataset()).toEqual(createCustomerDataset());
    expect(createCustomerDataset({ seed: 1 })[0]).not.toEqual(createCustomerDataset({ seed: 2 })[0]);
  });

  it('yields contract-valid customers with unique 10-digit 户号 and known codes', () => {
    const customers = createCustomerDataset({ count: 200 });
    expect(customers).toHaveLength(200);
    for (const customer of customers) {
      customerDetailSchema.parse(customer);
      expect(customer.consNo).toMatch(/^\d{10}$/);
      expect(customer.phone).toMatch(/^1\d{10}$/);
      expect(Object.keys(ELEC_TYPES)).toContain(customer.elecType);
      expect(Object.keys(VOLTAGE_LEVELS)).toContain(customer.voltageCode);
      expect(customer.name).toMatch(/^[\u4e00-\u9fa5]{2,}$/);
    }
    expect(new Set(customers.map((c) => c.consNo)).size).toBe(200);
  });

  it('is mostly 低压居民, as docs/glossary.md describes', () => {
    const customers = createCustomerDataset({ count: 2000 });
    const residents = customers.filter((c) => c.category === '低压居民').length / customers.length;
    expect(residents).toBeGreaterThan(0.85);
    expect(residents).toBeLessThan(0.95);
    expect(customers.some((c) => c.category === '高压' && c.capacityUnit === 'kVA')).toBe(true);
  });
});
