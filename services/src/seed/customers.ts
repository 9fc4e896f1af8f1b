/**
 * Loads the generated customer archive into the database (tables of services/src/customer/migrations.ts).
 *
 * Rows travel as one JSON parameter per batch (`json_to_recordset`): one round trip per 2,000 customers,
 * no 65,535-parameter limit, the same code on PGlite and pg. Everything happens in one transaction under an
 * advisory lock, so a failed or concurrent seed leaves either nothing or the whole archive, and a second run
 * (or a second instance starting at the same time) skips.
 */
import type { Db, Queryable } from '@wb/server-kit';
import { planCustomerSeed, type CustomerBatch, type CustomerSeedOptions, type CustomerSeedPlan } from './customers-generator.ts';

export { DEFAULT_CUSTOMERS, DEFAULT_SEED, MAX_CUSTOMERS } from './customers-generator.ts';
export type { CustomerSeedOptions } from './customers-generator.ts';

export interface CustomerSeedReport {
  /** True when customers already existed and nothing was written. */
  skipped: boolean;
  /** Customers in the database when the seed finished (or found when skipping). */
  customers: number;
  meters: number;
  tgs: number;
  elapsedMs: number;
}

/** Customers per INSERT statement; about 1 MB of JSON. */
const BATCH_SIZE = 2_000;

const insertSupplyUnits = `INSERT INTO supply_unit (org_unit_code, org_unit_name, org_path)
  SELECT "orgUnitCode", "orgUnitName", "orgPath" FROM json_to_recordset($1::json)
    AS r("orgUnitCode" text, "orgUnitName" text, "orgPath" text)
  ON CONFLICT (org_unit_code) DO UPDATE SET org_unit_name = EXCLUDED.org_unit_name, org_path = EXCLUDED.org_path`;

const insertTgs = `INSERT INTO tg (tg_id, tg_name, tg_type, capacity_kva, org_unit_code)
  SELECT "tgId", "tgName", "tgType", "capacityKva", "orgUnitCode" FROM json_to_recordset($1::json)
    AS r("tgId" text, "tgName" text, "tgType" text, "capacityKva" int, "orgUnitCode" text)`;

const insertMrSects = `INSERT INTO mr_sect (mr_sect_no, mr_sect_name, mr_day, org_unit_code)
  SELECT "mrSectNo", "mrSectName", "mrDay", "orgUnitCode" FROM json_to_recordset($1::json)
    AS r("mrSectNo" text, "mrSectName" text, "mrDay" smallint, "orgUnitCode" text)`;

const insertCustomers = `INSERT INTO customer (cons_no, name, address, phone, category, elec_type, voltage_code,
    contract_cap, tg_id, mr_sect_no, org_unit_code, org_path, status, power_on_date, created_at)
  SELECT "consNo", name, address, phone, category, "elecType", "voltageCode", "contractCap", "tgId", "mrSectNo",
    "orgUnitCode", "orgPath", status, "powerOnDate", "powerOnDate"::timestamp AT TIME ZONE 'Asia/Shanghai'
  FROM json_to_recordset($1::json) AS r("consNo" text, name text, address text, phone text, category text,
    "elecType" text, "voltageCode" text, "contractCap" numeric, "tgId" text, "mrSectNo" text, "orgUnitCode" text,
    "orgPath" text, status text, "powerOnDate" date)`;

const insertMeters = `INSERT INTO meter (asset_no, cons_no, bar_code, manufacturer, model, multiplier, installed_on, status)
  SELECT "assetNo", "consNo", "barCode", manufacturer, model, multiplier, "installedOn", status
  FROM json_to_recordset($1::json) AS r("assetNo" text, "consNo" text, "barCode" text, manufacturer text,
    model text, multiplier int, "installedOn" date, status text)`;

async function insertBatch(tx: Queryable, batch: CustomerBatch): Promise<void> {
  if (batch.tgs.length > 0) await tx.query(insertTgs, [JSON.stringify(batch.tgs)]);
  await tx.query(insertCustomers, [JSON.stringify(batch.customers)]);
  await tx.query(insertMeters, [JSON.stringify(batch.meters)]);
}

async function countRows(db: Queryable): Promise<{ customers: number; meters: number; tgs: number }> {
  const [row] = await db.query<{ customers: number; meters: number; tgs: number }>(
    `SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM meter)::int AS meters,
            (SELECT count(*) FROM tg)::int AS tgs`,
  );
  return { customers: Number(row?.customers ?? 0), meters: Number(row?.meters ?? 0), tgs: Number(row?.tgs ?? 0) };
}

async function load(tx: Queryable, plan: CustomerSeedPlan): Promise<boolean> {
  // Keyed by schema: seeds of separate schemas (parallel tests on one PostgreSQL) need not wait for each other.
  await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':wb-seed-customers'))");
  const [existing] = await tx.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM customer) AS found');
  if (existing?.found) return false;
  await tx.query(insertSupplyUnits, [JSON.stringify(plan.supplyUnits)]);
  await tx.query(insertTgs, [JSON.stringify(plan.tgs)]);
  await tx.query(insertMrSects, [JSON.stringify(plan.mrSects)]);
  for (const batch of plan.batches(BATCH_SIZE)) await insertBatch(tx, batch);
  return true;
}

/**
 * Seeds `customers` customers (default 20,000, at most 1,000,000) generated from `seed` (default 20260101),
 * unless the archive already holds customers. The customer migrations must have run.
 */
export async function seedCustomers(db: Db, options: CustomerSeedOptions = {}): Promise<CustomerSeedReport> {
  const started = performance.now();
  const plan = planCustomerSeed(options);
  const inserted = await db.transaction((tx) => load(tx, plan));
  // Fresh statistics let the planner pick the search indexes right away instead of after autovacuum.
  if (inserted) await db.query('ANALYZE supply_unit, tg, mr_sect, customer, meter');
  const counts = await countRows(db);
  return { skipped: !inserted, ...counts, elapsedMs: Math.round(performance.now() - started) };
}
