import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, type Db } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import { customerMigrations } from '../customer/index.ts';
import { planCustomerSeed } from './customers-generator.ts';
import { seedCustomers } from './customers.ts';

/** A digest of the whole archive, to compare databases seeded separately. */
async function archiveDigest(db: Db): Promise<string> {
  const [row] = await db.query<{ digest: string }>(`SELECT md5(
      (SELECT string_agg(concat_ws('|', cons_no, name, address, phone, category, elec_type, voltage_code, contract_cap,
         tg_id, mr_sect_no, org_path, status, power_on_date, created_at), ',' ORDER BY cons_no) FROM customer) ||
      (SELECT string_agg(concat_ws('|', asset_no, cons_no, bar_code, manufacturer, model, multiplier, installed_on, status),
         ',' ORDER BY asset_no) FROM meter) ||
      (SELECT string_agg(concat_ws('|', tg_id, tg_name, tg_type, capacity_kva), ',' ORDER BY tg_id) FROM tg)) AS digest`);
  return row?.digest ?? '';
}

describe.each(testDbKinds())('seedCustomers on %s', (kind) => {
  const dbs: Db[] = [];
  const freshDb = async (): Promise<Db> => {
    const db = await createTestDb(kind);
    dbs.push(db);
    await migrate(db, customerMigrations);
    return db;
  };
  let db: Db;
  /** `db` seeded with 3,000 customers of seed 11, by the first test that needs it; its report. */
  let seeding: ReturnType<typeof seedCustomers> | undefined;
  const seeded = (): ReturnType<typeof seedCustomers> => (seeding ??= seedCustomers(db, { customers: 3_000, seed: 11 }));

  beforeAll(async () => {
    db = await freshDb();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(dbs.map((d) => d.close()));
  });

  it('loads the generated archive: supply units, 台区, 抄表段, customers and meters', async () => {
    const report = await seeded();
    const plan = planCustomerSeed({ customers: 3_000, seed: 11 });
    const meters = [...plan.batches(3_000)].reduce((n, b) => n + b.meters.length, 0);
    expect(report).toMatchObject({ skipped: false, customers: 3_000, meters });
    const [counts] = await db.query<{ units: number; sects: number; orphans: number }>(`SELECT
      (SELECT count(*) FROM supply_unit)::int AS units, (SELECT count(*) FROM mr_sect)::int AS sects,
      (SELECT count(*) FROM customer c WHERE NOT EXISTS (SELECT 1 FROM meter m WHERE m.cons_no = c.cons_no))::int AS orphans`);
    expect(counts).toEqual({ units: plan.supplyUnits.length, sects: plan.mrSects.length, orphans: 0 });
    const [first] = await db.query<{ cons_no: string; power_on_date: string }>(
      'SELECT cons_no, power_on_date FROM customer ORDER BY cons_no LIMIT 1',
    );
    const expected = [...plan.batches(1)][0]?.customers[0];
    expect(first).toEqual({ cons_no: expected?.consNo, power_on_date: expected?.powerOnDate });
  }, 60_000);

  it('skips when customers exist, whatever the requested size, and writes nothing', async () => {
    await seeded();
    const before = await archiveDigest(db);
    const report = await seedCustomers(db, { customers: 5_000, seed: 99 });
    expect(report).toMatchObject({ skipped: true, customers: 3_000 });
    expect(await archiveDigest(db)).toBe(before);
  }, 60_000);

  it('writes identical archives for one seed and different ones for another seed', async () => {
    const [same, other] = await Promise.all([freshDb(), freshDb(), seeded()]);
    await seedCustomers(same, { customers: 3_000, seed: 11 });
    await seedCustomers(other, { customers: 3_000, seed: 12 });
    expect(await archiveDigest(same)).toBe(await archiveDigest(db));
    expect(await archiveDigest(other)).not.toBe(await archiveDigest(db));
  }, 120_000);

  it('lets exactly one of two concurrent seeds load the archive', async () => {
    const target = await freshDb();
    const reports = await Promise.all([
      seedCustomers(target, { customers: 1_000, seed: 3 }),
      seedCustomers(target, { customers: 1_000, seed: 3 }),
    ]);
    expect(reports.map((r) => r.skipped).sort()).toEqual([false, true]);
    expect(reports.every((r) => r.customers === 1_000)).toBe(true);
  }, 60_000);

  it('rolls back entirely when loading fails', async () => {
    const target = await freshDb();
    // A 台区 id the generator will use, taken beforehand: the public 台区 insert collides and aborts the seed.
    const plan = planCustomerSeed({ customers: 500, seed: 4 });
    const tg = plan.tgs[0];
    await target.query(`INSERT INTO supply_unit VALUES ($1, 'x', '/x')`, [tg?.orgUnitCode]);
    await target.query(`INSERT INTO tg VALUES ($1, 'x', '公变', 100, $2)`, [tg?.tgId, tg?.orgUnitCode]);
    await expect(seedCustomers(target, { customers: 500, seed: 4 })).rejects.toThrow();
    const [row] = await target.query<{ n: number; units: number }>(
      'SELECT (SELECT count(*) FROM customer)::int AS n, (SELECT count(*) FROM supply_unit)::int AS units',
    );
    expect(row).toEqual({ n: 0, units: 1 });
  }, 60_000);
});
