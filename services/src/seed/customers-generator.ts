/**
 * Pure, deterministic generation of the customer archive (no database): supply units, 台区, 抄表段,
 * customers and meters. The same `{ customers, seed }` always yields the same rows.
 *
 * 户号 (cons_no) numbering: 4-digit station prefix `3<county digit><station 2 digits>` (供电所 334010102 →
 * `3102`) followed by a 6-digit sequence issued in order of 送电日期, with occasional gaps where numbers were
 * voided. So a 户号 prefix narrows to a station, and no 户号 starts with 1 (mobile numbers do).
 */
import { ORG_TREE, orgPath, type OrgUnitSeed } from './org-tree.ts';

export type { StationPlan } from './customers-places.ts';
import { createRandom, type Random } from './customers-random.ts';
import { planTerritory, type MrSectRow, type StationPlan, type TgRow } from './customers-places.ts';
import { makeCustomer, type CustomerRow, type MeterRow } from './customers-rows.ts';

export type { CustomerRow, MeterRow } from './customers-rows.ts';
export type { MrSectRow, TgRow } from './customers-places.ts';

export interface SupplyUnitRow {
  orgUnitCode: string;
  orgUnitName: string;
  orgPath: string;
}

export interface CustomerBatch {
  /** 专变 台区 of the high-voltage customers in this batch (inserted before them). */
  tgs: TgRow[];
  customers: CustomerRow[];
  meters: MeterRow[];
}

export interface CustomerSeedOptions {
  /** Number of customers; default 20,000, at most 1,000,000. */
  customers?: number;
  /** PRNG seed; default 20260101. */
  seed?: number;
}

export interface CustomerSeedPlan {
  readonly customers: number;
  readonly seed: number;
  readonly supplyUnits: readonly SupplyUnitRow[];
  /** Public (公变) 台区 of all stations. */
  readonly tgs: readonly TgRow[];
  readonly mrSects: readonly MrSectRow[];
  /** Customers with their meters (and 专变 台区), in 户号 order, `size` customers per batch. */
  batches(size: number): Generator<CustomerBatch>;
}

export const DEFAULT_CUSTOMERS = 20_000;
export const MAX_CUSTOMERS = 1_000_000;
export const DEFAULT_SEED = 20260101;

/** Urban stations serve about twice as many customers as rural ones. */
const URBAN_WEIGHT = 2;


/** Splits `total` by weight with the largest-remainder method, so the parts add up exactly. */
function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0, left = total - parts.reduce((a, b) => a + b, 0); k < left; k += 1) {
    const i = (order[k] as readonly [number, number])[1];
    parts[i] = (parts[i] as number) + 1;
  }
  return parts;
}

function consPrefix(station: OrgUnitSeed): string {
  return `3${station.code.slice(6, 7)}${station.code.slice(7, 9)}`;
}

function validate(options: CustomerSeedOptions): { customers: number; seed: number } {
  const customers = options.customers ?? DEFAULT_CUSTOMERS;
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(customers) || customers < 0 || customers > MAX_CUSTOMERS) {
    throw new RangeError(`customers must be an integer from 0 to ${MAX_CUSTOMERS}, got ${customers}`);
  }
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  return { customers, seed };
}

export function planStations(customers: number, seed: number, tree: readonly OrgUnitSeed[] = ORG_TREE): StationPlan[] {
  const stations = tree.filter((o) => o.type === 'STATION');
  const counts = apportion(customers, stations.map((s) => (s.urban ? URBAN_WEIGHT : 1)));
  return stations.map((station, index) => {
    const county = tree.find((o) => o.code === station.parent);
    if (!county) throw new Error(`station ${station.code} has no parent county`);
    const count = counts[index] ?? 0;
    return {
      station,
      index,
      consPrefix: consPrefix(station),
      orgPath: orgPath(station.code, tree),
      customers: count,
      territory: planTerritory(station, county, count, createRandom(seed, 1000 + index)),
    };
  });
}

function* stationCustomers(plan: StationPlan, seed: number): Generator<{ customer: CustomerRow; meters: MeterRow[]; tg?: TgRow }> {
  const rng: Random = createRandom(seed, plan.index + 1);
  // Voided numbers leave gaps, unless the station is so large that the 6-digit sequence could run out.
  const gapChance = plan.customers * 1.5 < 999_999 ? 0.08 : 0;
  const counters = { seq: 0, meterSeq: 0, hvTgSeq: 0 };
  for (let i = 0; i < plan.customers; i += 1) {
    counters.seq += rng.chance(gapChance) ? rng.int(2, 4) : 1;
    yield makeCustomer(plan, i, counters, rng);
  }
}

export function planCustomerSeed(options: CustomerSeedOptions = {}, tree: readonly OrgUnitSeed[] = ORG_TREE): CustomerSeedPlan {
  const { customers, seed } = validate(options);
  const stations = planStations(customers, seed, tree);
  return {
    customers,
    seed,
    supplyUnits: stations.map((s) => ({ orgUnitCode: s.station.code, orgUnitName: s.station.name, orgPath: s.orgPath })),
    tgs: stations.flatMap((s) => s.territory.publicTgs.map((t) => t.row)),
    mrSects: stations.flatMap((s) => s.territory.mrSects),
    *batches(size: number): Generator<CustomerBatch> {
      let batch: CustomerBatch = { tgs: [], customers: [], meters: [] };
      for (const plan of stations) {
        for (const item of stationCustomers(plan, seed)) {
          if (item.tg) batch.tgs.push(item.tg);
          batch.customers.push(item.customer);
          batch.meters.push(...item.meters);
          if (batch.customers.length >= size) {
            yield batch;
            batch = { tgs: [], customers: [], meters: [] };
          }
        }
      }
      if (batch.customers.length > 0) yield batch;
    },
  };
}
