/**
 * Tariff calculations and 违约金 against hand-computed tables (issue 13, ADR 0035). Each expected amount is worked
 * out in the comment next to it in 元, then written in 分.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_BILLING_SETTINGS, fenToYuan, type Tariff } from '@wb/contracts/billing';
import { daysLate, monthEnd, penaltyFen } from './penalty.ts';
import { calculateBill, pfAdjustmentBp, powerFactor, tariffCodeFor, tariffFor, tierQuantities } from './tariff.ts';

const tariff = (code: string, ym: string): Tariff => {
  const t = tariffFor(code, ym);
  if (!t) throw new Error(`no tariff ${code} ${ym}`);
  return t;
};

describe('居民 阶梯', () => {
  it('bills 450 kWh across tiers 2 and 3', () => {
    const bill = calculateBill(tariff('RES-LV', '202601'), { kwh: 450 });
    // 450 × 0.5383 = 242.235 → 242.24; tier 2: (400 − 230) × 0.05 = 8.50; tier 3: 50 × 0.30 = 15.00.
    expect(bill.lines.map((l) => [l.kind, l.quantity, l.amountFen])).toEqual([
      ['ENERGY', 450, 24224],
      ['TIER', 170, 850],
      ['TIER', 50, 1500],
    ]);
    expect(bill.amountFen).toBe(26574);
    expect(fenToYuan(bill.amountFen)).toBe('265.74');
  });

  it('bills within tier 1 without adders, and one kWh into tier 2', () => {
    expect(calculateBill(tariff('RES-LV', '202601'), { kwh: 230 }).amountFen).toBe(12381); // 230 × 0.5383 = 123.809 → 123.81
    const bill = calculateBill(tariff('RES-LV', '202601'), { kwh: 231 });
    expect(bill.lines.map((l) => l.amountFen)).toEqual([12435, 5]); // 124.3473 → 124.35; 1 × 0.05
  });

  it('applies the version in force in each month: a tariff change between 202606 and 202607', () => {
    // 300 × 0.5383 = 161.49 + 70 × 0.05 = 3.50 → 164.99; from 202607: 300 × 0.5483 = 164.49 + 3.50 → 167.99.
    expect(calculateBill(tariff('RES-LV', '202606'), { kwh: 300 }).amountFen).toBe(16499);
    expect(calculateBill(tariff('RES-LV', '202607'), { kwh: 300 }).amountFen).toBe(16799);
    expect(tariff('RES-LV', '202612').effectiveYm).toBe('202607');
    expect(tariffFor('RES-LV', '201912')).toBeUndefined();
  });

  it('prices 峰谷 bands and adds the tier adders on the tier quantities', () => {
    // peak 200 × 0.5683 = 113.66; valley 150 × 0.2883 = 43.245 → 43.25; tier 2: 120 × 0.05 = 6.00.
    const bill = calculateBill(tariff('RES-TOU', '202601'), { kwh: 350, peakKwh: 200, valleyKwh: 150 });
    expect(bill.lines.map((l) => l.amountFen)).toEqual([11366, 4325, 600]);
    expect(bill.amountFen).toBe(16291);
  });

  it('counts annual tiers against the year so far', () => {
    const annual = { basis: 'annual' as const, bounds: [2760, 4800] as [number, number], addersE4: [500, 3000] as [number, number] };
    expect(tierQuantities(annual, 100, 2700)).toEqual([40, 0]);
    expect(tierQuantities(annual, 300, 4700)).toEqual([100, 200]); // 4 700 → 5 000: 100 kWh to 4 800, 200 above
    expect(tierQuantities(annual, 300, 0)).toEqual([0, 0]);
  });
});

describe('一般工商业 and 大工业', () => {
  it('bills 一般工商业 单一制 by band with the funds as separate lines', () => {
    // 1000 kWh: peak 300 × 1.0724 = 321.72; flat 500 × 0.6674 = 333.70; valley 200 × 0.3179 = 63.58;
    // funds per kWh: 0.0029 → 2.90, 0.0062 → 6.20, 0.019 → 19.00.
    const bill = calculateBill(tariff('GEN-LV', '202601'), { kwh: 1000, peakKwh: 300, valleyKwh: 200 });
    expect(bill.lines.map((l) => [l.kind, l.amountFen])).toEqual([
      ['ENERGY', 32172], ['ENERGY', 33370], ['ENERGY', 6358], ['FUND', 290], ['FUND', 620], ['FUND', 1900],
    ]);
    expect(bill.amountFen).toBe(74710);
  });

  it('bills 两部制 by capacity with a 力调 surcharge below the 0.90 standard', () => {
    // 800 kVA × 30 元 = 24 000.00; energy: peak 30 000 × 0.9874 = 29 622.00, flat 40 000 × 0.6134 = 24 536.00,
    // valley 30 000 × 0.2912 = 8 736.00 → 62 894.00. pf = 100 000 / √(100 000² + 60 000²) = 0.857 → 0.86: four
    // steps below 0.90 → +2.0 % of (24 000 + 62 894) = 1 737.88. Funds 290.00 + 620.00 + 1 900.00.
    const bill = calculateBill(tariff('LARGE-10KV', '202601'), { kwh: 100_000, peakKwh: 30_000, valleyKwh: 30_000, kvarh: 60_000, capacityKva: 800 });
    expect(bill.powerFactor).toBe(0.86);
    const byKind = (kind: string) => bill.lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amountFen, 0);
    expect(byKind('BASIC')).toBe(2_400_000);
    expect(byKind('ENERGY')).toBe(6_289_400);
    expect(bill.lines.find((l) => l.kind === 'PF_ADJUST')).toMatchObject({ price: 200, amountFen: 173_788 });
    expect(byKind('FUND')).toBe(281_000);
    expect(bill.amountFen).toBe(9_144_188);
  });

  it('reduces the bill above the standard, and bills 按需量 at 35 kV', () => {
    // pf = 100 000 / √(100 000² + 20 000²) = 0.981 → 0.98: −0.75 % of 86 894.00 = −651.705 → −651.71.
    const good = calculateBill(tariff('LARGE-10KV', '202601'), { kwh: 100_000, peakKwh: 30_000, valleyKwh: 30_000, kvarh: 20_000, capacityKva: 800 });
    expect(good.lines.find((l) => l.kind === 'PF_ADJUST')).toMatchObject({ price: -75, amountFen: -65_171 });
    // 1 200 kW × 40 元 = 48 000.00.
    const demand = calculateBill(tariff('LARGE-35KV', '202601'), { kwh: 10_000, kvarh: 0, demandKw: 1200 });
    expect(demand.lines.find((l) => l.kind === 'BASIC')).toMatchObject({ quantity: 1200, amountFen: 4_800_000 });
  });

  it('follows the 力调 tables of the three standards', () => {
    const table: Array<[number, '0.90' | '0.85' | '0.80', number]> = [
      [0.9, '0.90', 0], [0.89, '0.90', 50], [0.7, '0.90', 1000], [0.65, '0.90', 1500], [0.64, '0.90', 1700],
      [0.91, '0.90', -15], [0.94, '0.90', -60], [0.95, '0.90', -75], [1, '0.90', -75],
      [0.84, '0.85', 50], [0.9, '0.85', -50], [0.91, '0.85', -65], [0.94, '0.85', -110], [0.99, '0.85', -110], [0.6, '0.85', 1500],
      [0.79, '0.80', 50], [0.9, '0.80', -100], [0.91, '0.80', -115], [0.92, '0.80', -130], [1, '0.80', -130],
    ];
    for (const [pf, std, bp] of table) expect([pf, std, pfAdjustmentBp(pf, std)]).toEqual([pf, std, bp]);
    expect(powerFactor(0, 10)).toBe(1);
  });

  it('maps the archive’s 用电类别 and 电压等级 to tariff codes', () => {
    expect(tariffCodeFor('100', 'AC00022')).toBe('RES-LV');
    expect(tariffCodeFor('200', 'AC00038')).toBe('GEN-LV');
    expect(tariffCodeFor('200', 'AC00101')).toBe('GEN-10KV');
    expect(tariffCodeFor('300', 'AC00351')).toBe('LARGE-35KV');
    expect(tariffCodeFor('400', 'AC00038')).toBe('AGRI-LV');
  });
});

describe('违约金', () => {
  const rules = DEFAULT_BILLING_SETTINGS;
  it('charges 居民 1‰ a day from the day after the due date, at least 1 元', () => {
    expect(penaltyFen(50_000, '202601', '2026-01-31', '2026-01-31', true, rules)).toBe(0);
    expect(penaltyFen(50_000, '202601', '2026-01-31', '2026-02-10', true, rules)).toBe(500); // 500.00 × 10‰
    expect(penaltyFen(5_000, '202601', '2026-01-31', '2026-02-03', true, rules)).toBe(100); // 0.15 → minimum 1 元
  });

  it('charges others 2‰ in the receivable’s year and 3‰ for the days after its year end', () => {
    // Due 2026-11-30, paid 2027-01-10: 31 days to 12-31 at 2‰ = 62‰, 10 days in 2027 at 3‰ = 30‰ → 92‰ of 1 000.00.
    expect(penaltyFen(100_000, '202611', '2026-11-30', '2027-01-10', false, rules)).toBe(9_200);
    // Across a month end only: 2026-01-31 → 2026-03-01 is 29 days (February has 28) at 2‰ = 58‰.
    expect(daysLate('2026-01-31', '2026-03-01')).toBe(29);
    expect(penaltyFen(100_000, '202601', '2026-01-31', '2026-03-01', false, rules)).toBe(5_800);
    expect(monthEnd('202602')).toBe('2026-02-28');
    expect(monthEnd('202412')).toBe('2024-12-31');
  });
});
