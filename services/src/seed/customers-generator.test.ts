import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planCustomerSeed, type CustomerBatch } from './customers-generator.ts';
import { createRandom } from './customers-random.ts';
import { SUPPLY_STATIONS } from './org-tree.ts';

function collect(customers: number, seed: number): CustomerBatch {
  const all: CustomerBatch = { tgs: [], customers: [], meters: [] };
  for (const batch of planCustomerSeed({ customers, seed }).batches(700)) {
    all.tgs.push(...batch.tgs);
    all.customers.push(...batch.customers);
    all.meters.push(...batch.meters);
  }
  return all;
}

function digest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const share = (n: number, total: number): number => n / total;

describe('createRandom', () => {
  it('repeats its sequence for a seed and stream, and differs across seeds and streams', () => {
    const draw = (seed: number, stream: number): number[] => {
      const rng = createRandom(seed, stream);
      return Array.from({ length: 8 }, () => rng.next());
    };
    expect(draw(7, 0)).toEqual(draw(7, 0));
    expect(draw(7, 0)).not.toEqual(draw(8, 0));
    expect(draw(7, 0)).not.toEqual(draw(7, 1));
  });

  it('stays within bounds and covers them', () => {
    const rng = createRandom(1);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });
});

describe('planCustomerSeed', () => {
  const sample = collect(20_000, 20260101);

  it('is deterministic: the same seed gives the same rows, another seed other rows', () => {
    expect(digest(collect(20_000, 20260101))).toBe(digest(sample));
    const other = collect(20_000, 42);
    expect(other.customers).toHaveLength(20_000);
    expect(digest(other)).not.toBe(digest(sample));
    expect(other.customers.filter((c, i) => c.name === sample.customers[i]?.name).length).toBeLessThan(2_000);
  });

  it('does not depend on the batch size', () => {
    const plan = planCustomerSeed({ customers: 3_000, seed: 5 });
    const rows = (size: number): string[] => [...plan.batches(size)].flatMap((b) => b.customers.map((c) => c.consNo + c.name));
    expect(rows(7)).toEqual(rows(3_000));
  });

  it('generates exactly the requested number of unique 10-digit 户号, in ascending order', () => {
    const consNos = sample.customers.map((c) => c.consNo);
    expect(consNos).toHaveLength(20_000);
    expect(new Set(consNos).size).toBe(20_000);
    expect(consNos.every((n) => /^[2-9]\d{9}$/.test(n))).toBe(true);
    expect([...consNos].sort()).toEqual(consNos);
  });

  it('mixes ≈ 90 % 低压居民, 8 % 低压非居民, 2 % 高压 with matching tariffs, voltages and capacities', () => {
    const total = sample.customers.length;
    const by = (category: string) => sample.customers.filter((c) => c.category === category);
    expect(share(by('低压居民').length, total)).toBeCloseTo(0.9, 1);
    expect(share(by('低压非居民').length, total)).toBeGreaterThan(0.06);
    expect(share(by('低压非居民').length, total)).toBeLessThan(0.1);
    expect(share(by('高压').length, total)).toBeGreaterThan(0.01);
    expect(share(by('高压').length, total)).toBeLessThan(0.03);
    for (const c of by('低压居民')) {
      expect([c.elecType, c.voltageCode]).toEqual(['100', 'AC00022']);
      expect(c.contractCap).toBeGreaterThanOrEqual(4);
      expect(c.contractCap).toBeLessThanOrEqual(10);
    }
    for (const c of by('低压非居民')) {
      expect(['200', '400']).toContain(c.elecType);
      expect(c.voltageCode).toBe('AC00038');
      expect(c.contractCap).toBeGreaterThanOrEqual(10);
      expect(c.contractCap).toBeLessThanOrEqual(160);
    }
    const hv = by('高压');
    expect(hv.every((c) => ['AC00101', 'AC00351'].includes(c.voltageCode) && ['200', '300'].includes(c.elecType))).toBe(true);
    expect(hv.filter((c) => c.voltageCode === 'AC00101').every((c) => c.contractCap >= 200 && c.contractCap <= 5000)).toBe(true);
    const at35kv = hv.filter((c) => c.voltageCode === 'AC00351').length;
    expect(at35kv).toBeGreaterThan(0);
    expect(at35kv).toBeLessThan(hv.length * 0.15);
  });

  it('spreads customers over every 供电所, their 台区 and 抄表段', () => {
    const plan = planCustomerSeed({ customers: 20_000, seed: 20260101 });
    const tgIds = new Set([...plan.tgs, ...sample.tgs].map((t) => t.tgId));
    const sects = new Set(plan.mrSects.map((s) => s.mrSectNo));
    const stations = new Set(sample.customers.map((c) => c.orgUnitCode));
    expect(stations).toEqual(new Set(SUPPLY_STATIONS.map((s) => s.code)));
    expect(sample.customers.every((c) => tgIds.has(c.tgId) && sects.has(c.mrSectNo))).toBe(true);
    expect(tgIds.size).toBe(plan.tgs.length + sample.tgs.length);
    expect(sample.tgs.every((t) => t.tgType === '专变' && t.tgName.endsWith('专变'))).toBe(true);
    expect(plan.tgs.every((t) => /(#公变|号台区)$/.test(t.tgName))).toBe(true);
    expect(sample.customers.every((c) => c.orgPath.endsWith(`/${c.orgUnitCode}`))).toBe(true);
  });

  it('produces realistic names, addresses, phones, statuses and dates', () => {
    const residents = sample.customers.filter((c) => c.category === '低压居民');
    expect(residents.every((c) => /^[\u4e00-\u9fa5]{2,4}$/.test(c.name))).toBe(true);
    expect(sample.customers.filter((c) => c.category === '高压').every((c) => /(公司|医院|学校|商贸城|酒店)$/.test(c.name))).toBe(true);
    expect(sample.customers.every((c) => /^(江北|临川|青山)县.+(号|室)$/.test(c.address))).toBe(true);
    expect(sample.customers.every((c) => /^1[3-9]\d{9}$/.test(c.phone))).toBe(true);
    const unusual = sample.customers.filter((c) => c.status !== 'normal').length;
    expect(share(unusual, sample.customers.length)).toBeGreaterThan(0.003);
    expect(share(unusual, sample.customers.length)).toBeLessThan(0.03);
    const years = new Set(sample.customers.map((c) => c.powerOnDate.slice(0, 4)));
    expect(Math.min(...[...years].map(Number))).toBe(2006);
    expect(Math.max(...[...years].map(Number))).toBe(2025);
    expect(years.size).toBe(20);
  });

  it('gives each low-voltage customer one meter and each high-voltage customer one to three', () => {
    const perCustomer = new Map<string, number>();
    for (const m of sample.meters) perCustomer.set(m.consNo, (perCustomer.get(m.consNo) ?? 0) + 1);
    for (const c of sample.customers) {
      const n = perCustomer.get(c.consNo) ?? 0;
      if (c.category === '高压') expect(n).toBeGreaterThanOrEqual(1);
      if (c.category === '高压') expect(n).toBeLessThanOrEqual(3);
      else expect(n).toBe(1);
    }
    expect(new Set(sample.meters.map((m) => m.assetNo)).size).toBe(sample.meters.length);
    expect(new Set(sample.meters.map((m) => m.barCode)).size).toBe(sample.meters.length);
    expect(sample.meters.every((m) => /^\d{22}$/.test(m.barCode))).toBe(true);
    const hvMain = sample.meters.filter((m) => m.model.startsWith('DSZY') || m.model.startsWith('DSSD'));
    expect(hvMain.length).toBeGreaterThan(0);
    expect(hvMain.every((m) => m.multiplier >= 100)).toBe(true);
    const residentMeters = new Set(sample.customers.filter((c) => c.category === '低压居民').map((c) => c.consNo));
    expect(sample.meters.filter((m) => residentMeters.has(m.consNo)).every((m) => m.multiplier === 1 && m.model.startsWith('DDZY'))).toBe(true);
  });

  it('refuses sizes outside 0 … 1,000,000', () => {
    expect(() => planCustomerSeed({ customers: 1_000_001 })).toThrow(RangeError);
    expect(() => planCustomerSeed({ customers: -1 })).toThrow(RangeError);
    expect(() => planCustomerSeed({ customers: 1.5 })).toThrow(RangeError);
    expect([...planCustomerSeed({ customers: 0 }).batches(10)]).toEqual([]);
  });
});
