/**
 * One customer (户) with its meters: category mix, names, addresses, capacities, tariffs, meters.
 * Mix per docs/glossary.md: ≈ 90 % 低压居民, 8 % 低压非居民, 2 % 高压 (a few of them at 35 kV).
 */
import type { PublicTg, TgRow } from './customers-places.ts';
import type { Random } from './customers-random.ts';
import type { StationPlan } from './customers-places.ts';
import {
  FARM_PATTERNS,
  GIVEN_NAME_CHARS,
  HV_METER_MODELS,
  LARGE_CUSTOMER_PATTERNS,
  METER_MAKERS,
  MOBILE_PREFIXES,
  SINGLE_PHASE_MODELS,
  SMALL_BUSINESS_PATTERNS,
  SURNAMES,
  THREE_PHASE_MODELS,
  TRADE_NAMES,
} from './customers-vocabulary.ts';

export type CustomerCategory = '低压居民' | '低压非居民' | '高压';

export interface CustomerRow {
  consNo: string;
  name: string;
  address: string;
  phone: string;
  category: CustomerCategory;
  elecType: '100' | '200' | '300' | '400';
  voltageCode: 'AC00022' | 'AC00038' | 'AC00101' | 'AC00351';
  /** kW for low voltage, kVA for high voltage */
  contractCap: number;
  tgId: string;
  mrSectNo: string;
  orgUnitCode: string;
  orgPath: string;
  status: 'normal' | 'suspended' | 'cancelled';
  /** YYYY-MM-DD */
  powerOnDate: string;
}

export interface MeterRow {
  assetNo: string;
  consNo: string;
  barCode: string;
  manufacturer: string;
  model: string;
  /** 综合倍率: CT ratio × PT ratio, 1 for direct-connected meters */
  multiplier: number;
  /** YYYY-MM-DD */
  installedOn: string;
  status: 'running' | 'removed';
}

export interface StationCounters {
  seq: number;
  meterSeq: number;
  hvTgSeq: number;
}

const DAY_MS = 86_400_000;
/** 送电日期 spread over 20 years; the end doubles as "today" so the output never depends on the clock. */
const FIRST_DAY = Date.UTC(2006, 0, 1);
const LAST_DAY = Date.UTC(2025, 11, 31);
/** Meters are rotated (轮换) after about 8 years in service. */
const METER_ROTATION_DAYS = 8 * 365;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const fill = (pattern: string, values: Record<string, string>): string =>
  pattern.replace(/\{(\w)\}/g, (_, k: string) => values[k] ?? '');

function personName(rng: Random): string {
  const given = rng.chance(0.25) ? rng.pick(GIVEN_NAME_CHARS) : rng.pick(GIVEN_NAME_CHARS) + rng.pick(GIVEN_NAME_CHARS);
  return rng.weighted(SURNAMES) + given;
}

function mobile(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + rng.digits(8);
}

function powerOnDay(index: number, total: number, rng: Random): number {
  const base = FIRST_DAY + Math.floor(((LAST_DAY - FIRST_DAY) / DAY_MS) * (index / Math.max(total, 1))) * DAY_MS;
  return Math.min(LAST_DAY, Math.max(FIRST_DAY, base + rng.int(-45, 45) * DAY_MS));
}

function residentAddress(county: string, tg: PublicTg, rng: Random): string {
  const { place } = tg;
  if (place.kind === 'village') return `${county}${place.town}${place.name}${rng.int(1, 12)}组${rng.int(1, 120)}号`;
  const floor = rng.int(1, 18);
  const room = `${floor}${String(rng.int(1, 4)).padStart(2, '0')}`;
  return `${county}${place.town}${place.road}${place.roadNo}号${place.name}${rng.int(1, 30)}幢${rng.int(1, 4)}单元${room}室`;
}

/** Village-named patterns (`{v}`: 村民委员会, 合作社) only fit rural places. */
function businessPatterns(farm: boolean, rural: boolean): readonly string[] {
  const patterns = farm ? FARM_PATTERNS : SMALL_BUSINESS_PATTERNS;
  return rural ? patterns : patterns.filter((p) => !p.includes('{v}'));
}

function lowVoltageCustomer(plan: StationPlan, tg: PublicTg, rng: Random): Omit<CustomerRow, 'consNo' | 'status' | 'powerOnDate'> {
  const { territory, station } = plan;
  const common = { tgId: tg.row.tgId, mrSectNo: tg.mrSectNo, orgUnitCode: station.code, orgPath: plan.orgPath, phone: mobile(rng) };
  const category = rng.weighted<CustomerCategory>([['低压居民', 90], ['低压非居民', 8]]);
  if (category === '低压居民') {
    return {
      ...common, category, name: personName(rng), address: residentAddress(territory.county, tg, rng),
      elecType: '100', voltageCode: 'AC00022', contractCap: rng.weighted([[4, 30], [6, 30], [8, 25], [10, 15]]),
    };
  }
  const farm = rng.chance(station.urban ? 0.05 : 0.35);
  const surname = rng.weighted(SURNAMES);
  const values = { t: rng.pick(TRADE_NAMES), s: surname, v: tg.place.name.replace(/村$/, '') };
  const street = tg.place.kind === 'village' ? tg.place.name : tg.place.road;
  return {
    ...common, category, name: fill(rng.pick(businessPatterns(farm, tg.place.kind === 'village')), values),
    address: `${territory.county}${tg.place.town}${street}${rng.int(1, 300)}号`,
    elecType: farm ? '400' : '200', voltageCode: 'AC00038',
    contractCap: rng.pick([10, 15, 20, 30, 40, 50, 63, 80, 100, 125, 160]),
  };
}

/** Institutions pay the general commercial tariff; factories of 315 kVA and up the two-part 大工业 tariff. */
function highVoltageCustomer(plan: StationPlan, tg: TgRow, rng: Random): Omit<CustomerRow, 'consNo' | 'status' | 'powerOnDate' | 'phone'> {
  const { territory, station } = plan;
  const pattern = rng.pick(LARGE_CUSTOMER_PATTERNS);
  const industrial = pattern.includes('有限公司') && !pattern.includes('房地产');
  return {
    category: '高压',
    name: fill(pattern, { c: territory.county, t: rng.pick(TRADE_NAMES) }),
    address: `${territory.county}${rng.pick(territory.towns)}${industrial ? '工业园区' : ''}${rng.pick(['兴业路', '创业大道', '人民路', '建设路'])}${rng.int(1, 200)}号`,
    elecType: industrial && tg.capacityKva >= 315 ? '300' : '200',
    voltageCode: tg.capacityKva > 5000 ? 'AC00351' : 'AC00101',
    contractCap: tg.capacityKva,
    tgId: tg.tgId, mrSectNo: territory.hvMrSectNo, orgUnitCode: station.code, orgPath: plan.orgPath,
  };
}

/** CT ratio for a load of `kva` at `kv`: the smallest standard primary current above 1.2 × rated current. */
function ctRatio(kva: number, kv: number): number {
  const amps = (kva / (Math.sqrt(3) * kv)) * 1.2;
  const primary = [10, 15, 20, 30, 40, 50, 75, 100, 150, 200, 300, 400, 600, 800, 1000].find((a) => a >= amps) ?? 1500;
  return primary / 5;
}

function makeMeters(customer: CustomerRow, plan: StationPlan, counters: StationCounters, rng: Random): MeterRow[] {
  const hv = customer.category === '高压';
  const count = hv ? rng.weighted([[1, 50], [2, 35], [3, 15]]) : 1;
  const powerOn = Date.parse(customer.powerOnDate);
  const rotations = Math.floor((LAST_DAY - powerOn) / DAY_MS / METER_ROTATION_DAYS);
  const installed = Math.min(LAST_DAY, powerOn + (rotations * METER_ROTATION_DAYS + (rotations > 0 ? rng.int(0, 120) : 0)) * DAY_MS);
  const installedOn = isoDay(installed);
  const meters: MeterRow[] = [];
  for (let k = 0; k < count; k += 1) {
    counters.meterSeq += 1;
    const [manufacturer, makerCode] = rng.pick(METER_MAKERS);
    const seq = String(counters.meterSeq).padStart(7, '0');
    let model = rng.pick(SINGLE_PHASE_MODELS);
    let multiplier = 1;
    if (hv) {
      // The main meter sits on the high-voltage side (PT × CT); sub-meters on the 0.4 kV side (CT only).
      const kv = customer.voltageCode === 'AC00351' ? 35 : 10;
      multiplier = k === 0 ? (kv * 10) * ctRatio(customer.contractCap, kv) : ctRatio(customer.contractCap / 4, 0.4);
      model = k === 0 ? rng.pick(HV_METER_MODELS) : rng.pick(THREE_PHASE_MODELS);
    } else if (customer.voltageCode === 'AC00038') {
      model = rng.pick(THREE_PHASE_MODELS);
      multiplier = customer.contractCap > 50 ? ctRatio(customer.contractCap, 0.4) : 1;
    }
    meters.push({
      assetNo: `33${plan.consPrefix}${seq}`,
      consNo: customer.consNo,
      barCode: `3330${makerCode}0${installedOn.slice(2, 4)}${plan.consPrefix}${seq}${(counters.meterSeq * 7) % 10}`,
      manufacturer, model, multiplier, installedOn,
      status: customer.status === 'cancelled' ? 'removed' : 'running',
    });
  }
  return meters;
}

function hvTg(plan: StationPlan, counters: StationCounters, rng: Random): TgRow {
  counters.hvTgSeq += 1;
  const kva = rng.chance(0.05)
    ? rng.pick([6300, 8000, 10000, 12500])
    : rng.weighted([[200, 10], [250, 10], [315, 14], [400, 14], [500, 12], [630, 12], [800, 8], [1000, 6], [1250, 4], [1600, 4], [2000, 3], [2500, 2], [3150, 1], [4000, 1], [5000, 1]]);
  return { tgId: `${plan.station.code}${50000 + counters.hvTgSeq}`, tgName: '', tgType: '专变', capacityKva: kva, orgUnitCode: plan.station.code };
}

export function makeCustomer(
  plan: StationPlan,
  index: number,
  counters: StationCounters,
  rng: Random,
): { customer: CustomerRow; meters: MeterRow[]; tg?: TgRow } {
  const consNo = `${plan.consPrefix}${String(counters.seq).padStart(6, '0')}`;
  const powerOnDate = isoDay(powerOnDay(index, plan.customers, rng));
  const status = rng.weighted<CustomerRow['status']>([['normal', 988], ['suspended', 6], ['cancelled', 6]]);
  let tg: TgRow | undefined;
  let fields: Omit<CustomerRow, 'consNo' | 'status' | 'powerOnDate'>;
  if (rng.chance(0.02)) {
    tg = hvTg(plan, counters, rng);
    const hv = highVoltageCustomer(plan, tg, rng);
    tg.tgName = `${hv.name}专变`;
    fields = { ...hv, phone: mobile(rng) };
  } else {
    fields = lowVoltageCustomer(plan, rng.pick(plan.territory.publicTgs), rng);
  }
  const customer: CustomerRow = { consNo, status, powerOnDate, ...fields };
  return { customer, meters: makeMeters(customer, plan, counters, rng), ...(tg ? { tg } : {}) };
}
