import { ELEC_TYPES, VOLTAGE_LEVELS } from '@wb/contracts';
import type { CUSTOMER_STATUSES, CustomerDetail, Meter } from '@wb/contracts';
import { createRandom } from './random.ts';
import type { Random } from './random.ts';
import {
  COMPANY_KINDS,
  COMPANY_WORDS,
  GIVEN_NAME_CHARS,
  METER_MAKERS,
  METER_MODELS,
  MOBILE_PREFIXES,
  ROADS,
  STATIONS,
  SURNAMES,
  VILLAGES,
} from './vocabulary.ts';
import type { StationPlace } from './vocabulary.ts';

export interface CustomerDatasetOptions {
  /** Default 20260101. The same seed always yields the same customers. */
  seed?: number;
  /** Default 200. */
  count?: number;
}

type ElecType = keyof typeof ELEC_TYPES;
type VoltageCode = keyof typeof VOLTAGE_LEVELS;
type Status = keyof typeof CUSTOMER_STATUSES;

/** 用户分类 with its share of customers (docs/glossary.md: ~90 % 低压居民, 8 % 低压非居民, 2 % 高压). */
interface CategoryProfile {
  category: '低压居民' | '低压非居民' | '高压';
  elecType(r: Random): ElecType;
  voltage(r: Random): VoltageCode;
  capacity(r: Random): number;
  unit: 'kW' | 'kVA';
}

const RESIDENT: CategoryProfile = {
  category: '低压居民',
  elecType: () => '100',
  voltage: (r) => (r.chance(0.9) ? 'AC00022' : 'AC00038'),
  capacity: (r) => r.pick([4, 6, 8, 10, 12, 16]),
  unit: 'kW',
};
const LOW_BUSINESS: CategoryProfile = {
  category: '低压非居民',
  elecType: (r) => (r.chance(0.8) ? '200' : '400'),
  voltage: (r) => (r.chance(0.85) ? 'AC00038' : 'AC00022'),
  capacity: (r) => r.pick([15, 20, 30, 50, 80, 100]),
  unit: 'kW',
};
const HIGH_VOLTAGE: CategoryProfile = {
  category: '高压',
  elecType: (r) => (r.chance(0.7) ? '300' : '200'),
  voltage: (r) => (r.chance(0.85) ? 'AC00101' : 'AC00351'),
  capacity: (r) => r.pick([315, 400, 630, 800, 1250, 2000, 5000]),
  unit: 'kVA',
};

/** Deterministic in-memory customers shaped exactly like the service's CustomerDetail. */
export function createCustomerDataset(options: CustomerDatasetOptions = {}): CustomerDetail[] {
  const r = createRandom(options.seed ?? 20260101);
  const count = options.count ?? 200;
  const sequence = new Map<string, number>();
  return Array.from({ length: count }, () => {
    const station = r.pick(STATIONS);
    const next = (sequence.get(station.code) ?? 0) + 1;
    sequence.set(station.code, next);
    return createCustomer(r, station, next);
  });
}

function createCustomer(r: Random, station: StationPlace, sequenceNo: number): CustomerDetail {
  const roll = r.next();
  const profile = roll < 0.9 ? RESIDENT : roll < 0.98 ? LOW_BUSINESS : HIGH_VOLTAGE;
  const elecType = profile.elecType(r);
  const voltageCode = profile.voltage(r);
  const status: Status = r.chance(0.94) ? 'normal' : r.chance(0.67) ? 'suspended' : 'cancelled';
  const stationIndex = STATIONS.indexOf(station) + 1;
  const tgNo = r.int(1, 12);
  const powerOnDate = randomDate(r, 1998, 2025);
  return {
    // 户号: 33 (province) + station index + 7-digit sequence, so that a prefix narrows to one 供电所.
    consNo: `33${stationIndex}${String(sequenceNo).padStart(7, '0')}`,
    name: profile === RESIDENT ? personName(r) : companyName(r, profile === HIGH_VOLTAGE),
    address: address(r, station),
    phone: `${r.pick(MOBILE_PREFIXES)}${r.digits(8)}`,
    elecType,
    elecTypeName: ELEC_TYPES[elecType],
    voltageCode,
    voltageName: VOLTAGE_LEVELS[voltageCode],
    status,
    orgUnitName: station.name,
    category: profile.category,
    contractCapacity: profile.capacity(r),
    capacityUnit: profile.unit,
    tgId: `TG${station.code.slice(-4)}${String(tgNo).padStart(3, '0')}`,
    tgName: profile === HIGH_VOLTAGE ? `${station.town}专变${tgNo}号` : `${station.town}${tgNo}号公变`,
    mrSectNo: `${station.code.slice(-4)}${String(r.int(1, 30)).padStart(3, '0')}`,
    orgUnitCode: station.code,
    powerOnDate,
    meters: meters(r, profile, powerOnDate),
  };
}

function personName(r: Random): string {
  // Favour the frequent surnames: the square of a uniform number skews towards the head of the list.
  const surname = SURNAMES[Math.floor(r.next() ** 2 * SURNAMES.length)] ?? '王';
  const given = r.pick(GIVEN_NAME_CHARS);
  return given.length === 1 && r.chance(0.4) ? `${surname}${given}${r.pick(GIVEN_NAME_CHARS).slice(0, 1)}` : `${surname}${given}`;
}

function companyName(r: Random, large: boolean): string {
  const kinds = large ? COMPANY_KINDS.large : COMPANY_KINDS.small;
  return `江州市${r.pick(COMPANY_WORDS)}${r.pick(kinds)}`;
}

function address(r: Random, station: StationPlace): string {
  const prefix = `江州市${station.county}${station.town}`;
  if (station.urban || r.chance(0.3)) {
    return `${prefix}${r.pick(ROADS)}${r.int(1, 399)}号${r.int(1, 12)}幢${r.int(1, 4)}单元${r.int(1, 18)}0${r.int(1, 4)}室`;
  }
  return `${prefix}${r.pick(VILLAGES)}村${r.int(1, 12)}组${r.int(1, 88)}号`;
}

function meters(r: Random, profile: CategoryProfile, powerOnDate: string): Meter[] {
  const count = profile === HIGH_VOLTAGE ? 2 : 1;
  const threePhase = profile !== RESIDENT || r.chance(0.1);
  return Array.from({ length: count }, (_, i) => {
    const barCode = `33${r.digits(20)}`;
    return {
      assetNo: barCode.slice(-13),
      barCode,
      manufacturer: r.pick(METER_MAKERS),
      model: r.pick(threePhase ? METER_MODELS.three : METER_MODELS.single),
      // 综合倍率 = CT ratio × PT ratio; direct-connected low-voltage meters read 1:1.
      multiplier: profile === HIGH_VOLTAGE ? r.pick([2000, 4000, 6000]) : profile === LOW_BUSINESS ? r.pick([1, 30, 60]) : 1,
      installedOn: i === 0 ? powerOnDate : randomDate(r, Number(powerOnDate.slice(0, 4)), 2025),
      status: '运行',
    };
  });
}

function randomDate(r: Random, fromYear: number, toYear: number): string {
  const year = r.int(fromYear, toYear);
  const month = r.int(1, 12);
  const day = r.int(1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
