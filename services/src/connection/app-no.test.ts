/**
 * 申请编号 (ADR 0081): unique and rising within the day, taken outside the 受理's transaction so that one slow 受理
 * never queues the others (P11 found every 受理 of the cluster waiting on one advisory lock held for a whole 受理).
 */
import { describe, expect, it, vi } from 'vitest';
import { rowsRead, testDbKinds } from '@wb/server-kit/testing';
import { chinaDay } from './operations.ts';
import { nextApplicationNo } from './repository.ts';
import { createConnectionTestApp, residentApplication } from './testing.ts';
import { suiteApp } from '../testing/suite.ts';

describe.each(testDbKinds())('申请编号 on %s', (kind) => {
  const t = suiteApp(() => createConnectionTestApp(kind, { customers: 200 }));
  let n = 600;


  const accept = async (overrides: Parameters<typeof residentApplication>[1] = {}): Promise<string> => {
    n += 1;
    const res = await t.post('yk01', '/applications', residentApplication(n, overrides));
    expect(res.statusCode, res.body).toBe(201);
    return (res.json() as { appNo: string }).appNo;
  };

  it('gives concurrent 受理 distinct numbers of the day, and continues above a number written another way', async () => {
    const numbers = await Promise.all(Array.from({ length: 12 }, () => accept()));
    // The test app's clock is fixed: every number carries its day.
    const prefix = `YK${chinaDay(t.clock.now())}`;
    expect(new Set(numbers).size).toBe(12);
    for (const appNo of numbers) expect(appNo).toMatch(new RegExp(`^${prefix}\\d{5}$`));

    // A row the counter did not hand out (older data, a repair): the next number is above it, never a clash.
    const highest = numbers.map((x) => Number(x.slice(10))).reduce((a, b) => Math.max(a, b));
    const planted = `${prefix}${String(highest + 50).padStart(5, '0')}`;
    await t.db.query(
      `INSERT INTO yk_application (app_no, variant, cert_type, cert_no, cons_name, address, category, elec_type, voltage_code, apply_cap,
         dual_source, org_unit_code, org_unit_name, org_path, contact_name, contact_mobile, created_by, accepted_at, updated_at, steps)
       SELECT $1, variant, cert_type, cert_no, cons_name, address, category, elec_type, voltage_code, apply_cap, dual_source, org_unit_code,
         org_unit_name, org_path, contact_name, contact_mobile, created_by, accepted_at, updated_at, steps
       FROM yk_application WHERE app_no = $2`,
      [planted, numbers[0]],
    );
    expect(Number((await accept()).slice(10))).toBe(highest + 51);
  });

  // PostgreSQL counts the rows a transaction read (pg_stat_xact_user_tables); PGlite's one connection has no such view.
  if (kind === 'postgres') it('takes a number in a few index steps however many numbers the day already has (P11, ADR 0084)', async () => {
    const day = chinaDay(t.clock.now());
    // An application of the day to copy (its own: the tests run in any order).
    const template = { app_no: await accept() };
    // A busy afternoon: 3,000 numbers of the day already given.
    await t.db.query(
      `INSERT INTO yk_application (app_no, variant, cert_type, cert_no, cons_name, address, category, elec_type, voltage_code, apply_cap,
         dual_source, org_unit_code, org_unit_name, org_path, contact_name, contact_mobile, created_by, accepted_at, updated_at, steps)
       SELECT 'YK' || $1 || lpad(g::text, 5, '0'), variant, cert_type, cert_no, cons_name, address, category, elec_type, voltage_code, apply_cap,
         dual_source, org_unit_code, org_unit_name, org_path, contact_name, contact_mobile, created_by, accepted_at, updated_at, steps
       FROM yk_application, generate_series(60000, 62999) g WHERE app_no = $2`,
      [day, template!.app_no],
    );
    let appNo = '';
    const read = await rowsRead(t.db, ['yk_application'], async (tx) => (appNo = await nextApplicationNo(tx, day)));
    expect(appNo).toBe(`YK${day}63000`);
    // The day's highest number is one step down the primary key; reading the day's numbers read 3,000+ rows.
    expect(read['yk_application']).toBeLessThan(10);
  });

  // Only PostgreSQL runs two transactions at once (PGlite has one connection).
  if (kind === 'postgres') it('a slow 受理 does not hold up the next one: its number is not a lock kept to its commit', async () => {
    // The slow one sleeps inside its own transaction, after it has its number.
    await t.db.query(`
      CREATE FUNCTION wb_test_slow_accept() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.cons_name = '慢受理户' THEN PERFORM pg_sleep(1.5); END IF; RETURN NEW; END $$;
      CREATE TRIGGER wb_test_slow_accept BEFORE INSERT ON yk_application FOR EACH ROW EXECUTE FUNCTION wb_test_slow_accept();
    `);
    try {
      const finished: string[] = [];
      const slow = accept({ consName: '慢受理户', contactName: '慢受理户' }).then(() => finished.push('slow'));
      // The quick one starts once the slow one is asleep in its transaction.
      await vi.waitFor(
        async () => expect(await t.db.query("SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' AND datname = current_database()")).toHaveLength(1),
        { timeout: 5_000, interval: 20 },
      );
      const quick = accept().then(() => finished.push('quick'));
      await Promise.all([slow, quick]);
      expect(finished).toEqual(['quick', 'slow']);
    } finally {
      await t.db.query('DROP TRIGGER wb_test_slow_accept ON yk_application; DROP FUNCTION wb_test_slow_accept()');
    }
  });
});
