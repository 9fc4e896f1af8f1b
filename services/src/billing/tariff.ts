/**
 * Tariffs and the bill calculation (电费计算), pure functions (ADR 0035). Money is integer 分; prices are integer
 * 0.0001 元/kWh, so one line is `round(kWh × priceE4 / 100)` 分, rounded half up once per line. Every seeded price
 * here is ILLUSTRATIVE (示例): shaped like a provincial catalogue after the 2021–23 reforms, not an official list.
 */
import type { BandPrices, BillCalculation, BillLine, PfStandard, Tariff, TariffKind } from '@wb/contracts/billing';

const ILLUSTRATIVE = '示例电价（演示用，非官方目录）';

/** Funds and surcharges collected per kWh on non-residential energy (示例 amounts). */
const FUNDS = [
  { code: 'WATER', name: '国家重大水利工程建设基金', priceE4: 29 },
  { code: 'RESERVOIR', name: '大中型水库移民后期扶持资金', priceE4: 62 },
  { code: 'RENEWABLE', name: '可再生能源电价附加', priceE4: 190 },
];

/**
 * The tariff catalogue, versioned by effective month: the version of a code that applies to month `ym` is the
 * latest with `effectiveYm <= ym`. The 居民 tier-1 price rises by 0.01 元 from 202607 (a tariff change between
 * months, exercised by the tests and the seed).
 */
export const TARIFFS: readonly Tariff[] = [
  {
    code: 'RES-LV', name: '居民生活用电（阶梯）', kind: 'RESIDENT', voltageCodes: ['AC00022', 'AC00038'], effectiveYm: '202001',
    flatPriceE4: 5383, tiers: { basis: 'monthly', bounds: [230, 400], addersE4: [500, 3000] }, funds: [], illustrative: true, source: ILLUSTRATIVE,
  },
  {
    code: 'RES-LV', name: '居民生活用电（阶梯）', kind: 'RESIDENT', voltageCodes: ['AC00022', 'AC00038'], effectiveYm: '202607',
    flatPriceE4: 5483, tiers: { basis: 'monthly', bounds: [230, 400], addersE4: [500, 3000] }, funds: [], illustrative: true, source: ILLUSTRATIVE,
  },
  {
    code: 'RES-TOU', name: '居民生活用电（阶梯＋峰谷）', kind: 'RESIDENT', voltageCodes: ['AC00022', 'AC00038'], effectiveYm: '202001',
    touPrices: { peak: 5683, flat: 5683, valley: 2883 }, tiers: { basis: 'monthly', bounds: [230, 400], addersE4: [500, 3000] }, funds: [],
    illustrative: true, source: ILLUSTRATIVE,
  },
  {
    code: 'GEN-LV', name: '一般工商业单一制（不满1千伏）', kind: 'GENERAL', voltageCodes: ['AC00038'], effectiveYm: '202001',
    touPrices: { peak: 10724, flat: 6674, valley: 3179 }, funds: FUNDS, illustrative: true, source: ILLUSTRATIVE,
  },
  {
    code: 'GEN-10KV', name: '一般工商业单一制（1–10千伏）', kind: 'GENERAL', voltageCodes: ['AC00101', 'AC00351'], effectiveYm: '202001',
    touPrices: { peak: 10424, flat: 6474, valley: 3029 }, funds: FUNDS, illustrative: true, source: ILLUSTRATIVE,
  },
  {
    code: 'AGRI-LV', name: '农业生产用电', kind: 'AGRI', voltageCodes: ['AC00038', 'AC00022'], effectiveYm: '202001',
    flatPriceE4: 4680, funds: [], illustrative: true, source: ILLUSTRATIVE,
  },
  {
    code: 'LARGE-10KV', name: '大工业两部制（1–10千伏，按容量）', kind: 'LARGE', voltageCodes: ['AC00101'], effectiveYm: '202001',
    touPrices: { peak: 9874, flat: 6134, valley: 2912 }, capacityFenPerKva: 3000, pfStandard: '0.90', funds: FUNDS, illustrative: true,
    source: ILLUSTRATIVE,
  },
  {
    code: 'LARGE-35KV', name: '大工业两部制（35千伏，按需量）', kind: 'LARGE', voltageCodes: ['AC00351'], effectiveYm: '202001',
    touPrices: { peak: 9574, flat: 5934, valley: 2812 }, demandFenPerKw: 4000, pfStandard: '0.90', funds: FUNDS, illustrative: true,
    source: ILLUSTRATIVE,
  },
];

/** The archive's 用电类别 (100 居民, 200 一般工商业, 300 大工业, 400 农业) and 电压等级 → tariff code. */
export function tariffCodeFor(elecType: string, voltageCode: string, tou = false): string {
  if (elecType === '100') return tou ? 'RES-TOU' : 'RES-LV';
  if (elecType === '400') return 'AGRI-LV';
  if (elecType === '300') return voltageCode === 'AC00351' ? 'LARGE-35KV' : 'LARGE-10KV';
  return voltageCode === 'AC00101' || voltageCode === 'AC00351' ? 'GEN-10KV' : 'GEN-LV';
}

export function tariffKindOf(code: string): TariffKind | undefined {
  return TARIFFS.find((t) => t.code === code)?.kind;
}

/** The version of `code` in force in month `ym`, or undefined. */
export function tariffFor(code: string, ym: string, catalogue: readonly Tariff[] = TARIFFS): Tariff | undefined {
  let best: Tariff | undefined;
  for (const t of catalogue) if (t.code === code && t.effectiveYm <= ym && (!best || t.effectiveYm > best.effectiveYm)) best = t;
  return best;
}

/** Half-up rounding of a non-negative or negative exact numerator / denominator (both integers). */
function roundDiv(numerator: number, denominator: number): number {
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  return sign * Math.floor((2 * n + d) / (2 * d));
}

/** 分 of `kwh` at `priceE4` (0.0001 元/kWh). */
export function energyFen(kwh: number, priceE4: number): number {
  return roundDiv(kwh * priceE4, 100);
}

// ---- 功率因数调整 (力调) --------------------------------------------------------------------------------------------

/**
 * The adjustment in basis points (0.01 %) of (基本电费 + 电度电费) for power factor `pf` (two decimals) under a
 * standard: negative is a reduction. Source: 《功率因数调整电费办法》((83)水电财字第215号) tables for the 0.90, 0.85
 * and 0.80 standards, written as their step rules:
 * - below the standard, +0.5 % per 0.01 down to 20 steps below it, then +1 % per 0.01 for five steps, then +2 %;
 * - above the standard, a reduction per 0.01 step up to a cap: 0.90 → 0.15 % per step to 0.75 % (at 0.95 and up);
 *   0.85 → 0.1 % per step to 0.90 (0.5 %), then 0.15 % per step to 1.1 % (at 0.94 and up); 0.80 → 0.1 % per step to
 *   0.90 (1.0 %), then 0.15 % per step to 1.3 % (at 0.92 and up).
 */
export function pfAdjustmentBp(pf: number, standard: PfStandard): number {
  const hundredths = Math.round(pf * 100);
  const std = Math.round(Number(standard) * 100);
  if (hundredths < std) {
    const steps = std - hundredths;
    const first = Math.min(steps, 20) * 50;
    const second = Math.min(Math.max(steps - 20, 0), 5) * 100;
    const third = Math.max(steps - 25, 0) * 200;
    return first + second + third;
  }
  const steps = hundredths - std;
  if (steps === 0) return 0;
  if (standard === '0.90') return -Math.min(steps * 15, 75);
  if (standard === '0.85') {
    const toNinety = Math.min(steps, 5) * 10;
    const beyond = Math.max(steps - 5, 0) * 15;
    return -Math.min(toNinety + beyond, 110);
  }
  const toNinety = Math.min(steps, 10) * 10;
  const beyond = Math.max(steps - 10, 0) * 15;
  return -Math.min(toNinety + beyond, 130);
}

/** Power factor from active (kWh) and reactive (kvarh) energy, to two decimals; 1.00 without energy. */
export function powerFactor(kwh: number, kvarh: number): number {
  if (kwh <= 0) return 1;
  return Math.round((kwh / Math.sqrt(kwh * kwh + kvarh * kvarh)) * 100) / 100;
}

// ---- the calculation ---------------------------------------------------------------------------------------------

export interface Usage {
  /** Total kWh of the month (already × multiplier). */
  kwh: number;
  /** Band split for 分时 tariffs; flat = kwh − peak − valley when omitted. */
  peakKwh?: number;
  valleyKwh?: number;
  kvarh?: number;
  /** Maximum demand (kW) for 按需量 两部制. */
  demandKw?: number;
  /** Contract capacity (kVA) for 按容量 两部制. */
  capacityKva?: number;
  /** kWh used earlier this year (annual 阶梯 only). */
  yearToDateKwh?: number;
}

function bands(usage: Usage): Record<keyof BandPrices, number> {
  const peak = usage.peakKwh ?? 0;
  const valley = usage.valleyKwh ?? 0;
  return { peak, flat: usage.kwh - peak - valley, valley };
}

const BAND_NAMES: Record<keyof BandPrices, string> = { peak: '峰段', flat: '平段', valley: '谷段' };

function energyLines(tariff: Tariff, usage: Usage): BillLine[] {
  if (tariff.touPrices) {
    const b = bands(usage);
    return (['peak', 'flat', 'valley'] as const)
      .filter((band) => b[band] !== 0)
      .map((band) => ({ kind: 'ENERGY', name: `电度电费（${BAND_NAMES[band]}）`, quantity: b[band], price: tariff.touPrices![band], amountFen: energyFen(b[band], tariff.touPrices![band]) }));
  }
  const price = tariff.flatPriceE4 ?? 0;
  return [{ kind: 'ENERGY', name: '电度电费', quantity: usage.kwh, price, amountFen: energyFen(usage.kwh, price) }];
}

/** kWh of this month in tiers 2 and 3 (monthly bounds, or annual bounds against the year so far). */
export function tierQuantities(tiers: NonNullable<Tariff['tiers']>, kwh: number, yearToDateKwh = 0): [number, number] {
  const [b1, b2] = tiers.bounds;
  const before = tiers.basis === 'annual' ? yearToDateKwh : 0;
  const after = before + kwh;
  const inRange = (lo: number, hi: number): number => Math.max(0, Math.min(after, hi) - Math.max(before, lo));
  return [inRange(b1, b2), inRange(b2, Number.MAX_SAFE_INTEGER)];
}

/**
 * One month's bill for a customer under `tariff`. 阶梯: all kWh at the base price (or band prices), plus each
 * tier's adder on the kWh in that tier. 两部制: 基本电费 (capacity × 元/kVA or demand × 元/kW), 电度电费 by band,
 * 力调 on (基本 + 电度) by the standard's table. Funds last, per kWh.
 */
export function calculateBill(tariff: Tariff, usage: Usage): BillCalculation {
  if (!Number.isInteger(usage.kwh) || usage.kwh < 0) throw new RangeError(`bad kWh ${usage.kwh}`);
  const lines: BillLine[] = energyLines(tariff, usage);
  if (tariff.tiers) {
    const [t2, t3] = tierQuantities(tariff.tiers, usage.kwh, usage.yearToDateKwh);
    const [a2, a3] = tariff.tiers.addersE4;
    if (t2 > 0) lines.push({ kind: 'TIER', name: '第二档加价', quantity: t2, price: a2, amountFen: energyFen(t2, a2) });
    if (t3 > 0) lines.push({ kind: 'TIER', name: '第三档加价', quantity: t3, price: a3, amountFen: energyFen(t3, a3) });
  }
  let pf: number | null = null;
  if (tariff.kind === 'LARGE') {
    if (tariff.capacityFenPerKva !== undefined) {
      const kva = usage.capacityKva ?? 0;
      lines.push({ kind: 'BASIC', name: '基本电费（按容量）', quantity: kva, price: tariff.capacityFenPerKva, amountFen: kva * tariff.capacityFenPerKva });
    } else if (tariff.demandFenPerKw !== undefined) {
      const kw = usage.demandKw ?? 0;
      lines.push({ kind: 'BASIC', name: '基本电费（按需量）', quantity: kw, price: tariff.demandFenPerKw, amountFen: kw * tariff.demandFenPerKw });
    }
    if (tariff.pfStandard) {
      pf = powerFactor(usage.kwh, usage.kvarh ?? 0);
      const bp = pfAdjustmentBp(pf, tariff.pfStandard);
      const base = lines.filter((l) => l.kind === 'ENERGY' || l.kind === 'BASIC').reduce((s, l) => s + l.amountFen, 0);
      if (bp !== 0) lines.push({ kind: 'PF_ADJUST', name: `力调电费（功率因数 ${pf.toFixed(2)}，标准 ${tariff.pfStandard}）`, quantity: 0, price: bp, amountFen: roundDiv(base * bp, 10_000) });
    }
  }
  for (const fund of tariff.funds) {
    if (usage.kwh > 0) lines.push({ kind: 'FUND', name: fund.name, quantity: usage.kwh, price: fund.priceE4, amountFen: energyFen(usage.kwh, fund.priceE4) });
  }
  return {
    tariffCode: tariff.code,
    tariffYm: tariff.effectiveYm,
    kwh: usage.kwh,
    powerFactor: pf,
    lines,
    amountFen: lines.reduce((s, l) => s + l.amountFen, 0),
  };
}
