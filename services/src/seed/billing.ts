/**
 * 电费账务 of the demo installation (issue 13, ADR 0035), deterministic for a seed and a "now":
 * - a billing account for every customer (tariff from 用电类别 and 电压等级; about 10 % of residents on 峰谷;
 *   hospitals, schools and water works flagged 保电/敏感), in one `INSERT … SELECT` from the archive;
 * - thirteen months of 采集 readings (the twelve issued months and the current one, left for a 核算 batch), in one
 *   `INSERT … SELECT` over `unnest(months)` with hash-based quantities and a window sum for the meter index;
 * - the twelve past months issued as receivables, each bill calculated by the service's own `calculateBill`;
 * - payments: ≈ 97 % on time (bank 代扣, online, counter), ≈ 2 % late with 违约金 charged by the service's own
 *   penalty rule, and a tail of ≈ 2 % of customers owing their last one to four months (a few a year or more);
 * - a few cut-off customers (停电 done after a notice), one who has just paid and waits for 复电 (24 h), one
 *   whose 复电 failed.
 * Everything is `INSERT … SELECT` over the archive and md5-based chance (deterministic for the seed): only the
 * distinct (tariff, month, usage) combinations — a few thousand — travel to JavaScript to be billed by the
 * service's `calculateBill`, and come back as one temporary price table the receivables join. Each paid receivable
 * has one payment (same id) and one allocation. Skips when any receivable exists.
 */
import { BILLING_PROCESSES, DEFAULT_BILLING_SETTINGS, type BillingSettings } from '@wb/contracts/billing';
import type { Db, Queryable } from '@wb/server-kit';
import { BILLING_SYSTEM_ACTOR, businessKeys, calculateBill, deployBillingProcesses, penaltyFen, tariffFor } from '../billing/index.ts';
import { setCustomersPowerCut } from '../customer/index.ts';
import { createWorkflowEngine } from '../workflow/index.ts';

export interface BillingSeedReport {
  skipped: boolean;
  accounts: number;
  readings: number;
  receivables: number;
  payments: number;
  onTimeShare: number;
  arrearsCustomers: number;
  cutoffs: number;
  elapsedMs: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** `YYYYMM` of the China month of `at`, shifted by `delta` months. */
export function ymOf(at: Date, delta = 0): string {
  const cst = new Date(at.getTime() + 8 * HOUR);
  const d = new Date(Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() + delta, 1));
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

const cstDay = (at: Date): string => new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10);

// SQL hash in [0, 1) of a text: the first 28 bits of its md5 (PGlite and PostgreSQL alike); `hashPart` reads 28
// bits at another offset of an md5 already computed, so that one md5 gives several independent chances.
const hashPart = (md5Expr: string, offset: number): string => `((('x' || substr(${md5Expr}, ${offset}, 7))::bit(28)::int)::float8 / 268435456)`;
const sqlHash = (expr: string): string => hashPart(`md5(${expr})`, 1);

const INSERT_ACCOUNTS = `
INSERT INTO billing_account (cons_no, name, org_unit_code, org_path, tariff_code, resident, capacity_kva, protected_flag, updated_at)
SELECT c.cons_no, c.name, c.org_unit_code, c.org_path,
       CASE WHEN c.elec_type = '100' THEN CASE WHEN ${sqlHash(`$1 || ':tou:' || c.cons_no`)} < 0.1 THEN 'RES-TOU' ELSE 'RES-LV' END
            WHEN c.elec_type = '400' THEN 'AGRI-LV'
            WHEN c.elec_type = '300' THEN CASE WHEN c.voltage_code = 'AC00351' THEN 'LARGE-35KV' ELSE 'LARGE-10KV' END
            WHEN c.voltage_code IN ('AC00101', 'AC00351') THEN 'GEN-10KV' ELSE 'GEN-LV' END,
       c.elec_type = '100',
       CASE WHEN c.voltage_code IN ('AC00101', 'AC00351') THEN round(c.contract_cap)::int ELSE 0 END,
       c.category = '高压' AND (c.name LIKE '%医院' OR c.name LIKE '%学校' OR c.name LIKE '%水务有限公司'),
       $2
  FROM customer c WHERE c.status <> 'cancelled'
ON CONFLICT (cons_no) DO NOTHING`;

/** Readings of `$2` months (oldest first) for every account; the last month has a few 零度 exceptions. */
const INSERT_READINGS = `
INSERT INTO billing_reading (cons_no, ym, source, prev_index, curr_index, multiplier, kwh, peak_kwh, flat_kwh, valley_kwh, kvarh, demand_kw, exception, updated_at)
WITH a AS (
  SELECT cons_no, tariff_code, capacity_kva, ${sqlHash(`$1 || ':' || cons_no`)} AS hc FROM billing_account
), u AS (
  SELECT a.cons_no, a.tariff_code, a.capacity_kva, a.hc, m.ym, m.i,
         ${sqlHash(`$1 || ':' || a.cons_no || ':' || m.ym`)} AS h,
         CASE WHEN substr(m.ym, 5, 2) IN ('07', '08') THEN 1.0 WHEN substr(m.ym, 5, 2) IN ('01', '12') THEN 0.6 ELSE 0.0 END AS season
    FROM a CROSS JOIN unnest($2::text[]) WITH ORDINALITY AS m(ym, i)
), q AS (
  SELECT u.*,
         CASE WHEN m_zero THEN 0
              WHEN tariff_code LIKE 'RES%' THEN round(50 + hc * 230 + h * 120 + 80 * season)::int
              WHEN tariff_code LIKE 'GEN%' THEN round((300 + hc * 2700) * (0.8 + h * 0.4))::int
              WHEN tariff_code = 'AGRI-LV' THEN round((200 + hc * 1800) * (0.6 + h * 0.8))::int
              ELSE round(greatest(capacity_kva, 200) * (120 + hc * 200) * (0.85 + h * 0.3))::int END AS kwh
    FROM (SELECT u.*, (u.i = $3 AND u.h < 0.003) AS m_zero FROM u) u
)
SELECT cons_no, ym, 'AMI',
       floor(1000 + hc * 5000)::bigint + sum(kwh) OVER w - kwh,
       floor(1000 + hc * 5000)::bigint + sum(kwh) OVER w,
       1, kwh,
       CASE WHEN tariff_code IN ('RES-LV', 'AGRI-LV') THEN 0 ELSE round(kwh * 0.3)::int END,
       CASE WHEN tariff_code IN ('RES-LV', 'AGRI-LV') THEN kwh ELSE kwh - round(kwh * 0.3)::int - round(kwh * 0.3)::int END,
       CASE WHEN tariff_code IN ('RES-LV', 'AGRI-LV') THEN 0 ELSE round(kwh * 0.3)::int END,
       CASE WHEN tariff_code LIKE 'LARGE%' THEN round(kwh * (0.3 + hc * 0.45))::int ELSE 0 END,
       CASE WHEN tariff_code LIKE 'LARGE%' THEN round(greatest(capacity_kva, 200) * (0.5 + h * 0.3))::int ELSE 0 END,
       CASE WHEN kwh = 0 THEN 'ZERO' END,
       $4
  FROM q WINDOW w AS (PARTITION BY cons_no ORDER BY ym)`;

/** Every distinct (tariff, month, usage) of the issued months: few thousand rows, billed once each in JavaScript. */
const DISTINCT_USAGE = `
SELECT DISTINCT a.tariff_code, m.ym, m.kwh, m.peak_kwh, m.valley_kwh, m.kvarh, m.demand_kw, a.capacity_kva
  FROM billing_reading m JOIN billing_account a ON a.cons_no = m.cons_no WHERE m.ym = ANY($1::text[])`;

const INSERT_BILLS = `
INSERT INTO billing_seed_bill (tariff_code, ym, kwh, peak_kwh, valley_kwh, kvarh, demand_kw, capacity_kva, bill_tariff, lines, amount_fen)
SELECT tariff_code, ym, kwh, peak_kwh, valley_kwh, kvarh, demand_kw, capacity_kva, bill_tariff, lines, amount_fen FROM jsonb_to_recordset($1::jsonb) AS x(tariff_code text, ym text, kwh int, peak_kwh int, valley_kwh int, kvarh int, demand_kw int,
  capacity_kva int, bill_tariff text, lines jsonb, amount_fen bigint)`;

/**
 * One row per issued receivable with how it was paid: the tail owes its latest `unpaid` months; ≈ 2 % of the
 * rest pay 3–42 days late (违约金 by the configured rules, `$4`–`$7`), the others on a day between issue and due.
 * Each row carries its receivable's id (`$8`, the identity's next value, onwards in (户号, 年月) order), which is
 * also its payment's id, and the payment's time: receivables, payments and allocations are all written from this
 * table, without joining the ~12 million receivables or payments just written (ADR 0089).
 */
const PLAN = `
CREATE TEMP TABLE billing_seed_plan ON COMMIT DROP AS
WITH c AS (
  SELECT a.cons_no, a.tariff_code, a.capacity_kva, a.resident, a.protected_flag,
         ${hashPart('x.m', 1)} AS tail, ${hashPart('x.m', 8)} AS k, ${hashPart('x.m', 15)} AS method_h
    FROM billing_account a CROSS JOIN LATERAL (SELECT md5($1 || ':plan:' || a.cons_no) AS m) x
), p AS (
  SELECT c.*, CASE WHEN tail >= 0.02 THEN 0 WHEN tail < 0.0033 THEN 8 + floor(k * 5)::int ELSE 1 + floor(k * 4)::int END AS unpaid FROM c
), r AS (
  SELECT p.cons_no, p.resident, p.unpaid, p.method_h, m.ym, b.id AS bill_id, b.amount_fen,
         (to_date(m.ym || '01', 'YYYYMMDD') + interval '1 month' - interval '1 day')::date AS due_date,
         to_date(m.ym || '05', 'YYYYMMDD') AS issue_day,
         12 - array_position($2::text[], m.ym) AS months_back,
         ${hashPart('x.m', 1)} AS h, ${hashPart('x.m', 8)} AS hl, ${hashPart('x.m', 15)} AS hd
    FROM billing_reading m JOIN p ON p.cons_no = m.cons_no CROSS JOIN LATERAL (SELECT md5($1 || ':pay:' || m.cons_no || ':' || m.ym) AS m) x
    JOIN billing_seed_bill b ON b.tariff_code = p.tariff_code AND b.ym = m.ym AND b.kwh = m.kwh AND b.peak_kwh = m.peak_kwh
      AND b.valley_kwh = m.valley_kwh AND b.kvarh = m.kvarh AND b.demand_kw = m.demand_kw AND b.capacity_kva = p.capacity_kva
   WHERE m.ym = ANY($2::text[])
), d AS (
  SELECT r.*, (r.h < 0.02 AND r.due_date + 3 + floor(r.hl * 40)::int < $3::date) AS late,
         CASE WHEN r.h < 0.02 AND r.due_date + 3 + floor(r.hl * 40)::int < $3::date THEN r.due_date + 3 + floor(r.hl * 40)::int
              ELSE r.issue_day + floor(r.hd * (r.due_date - r.issue_day))::int END AS paid_day
    FROM r
), e AS (
  SELECT d.*, (d.months_back >= d.unpaid AND d.amount_fen > 0 AND d.paid_day <= $3::date) AS paid,
         greatest(0, d.paid_day - d.due_date) AS days,
         least(greatest(0, d.paid_day - d.due_date), greatest(0, make_date(substr(d.ym, 1, 4)::int, 12, 31) - d.due_date)) AS first_days
    FROM d
)
SELECT $8::bigint - 1 + row_number() OVER (ORDER BY e.cons_no, e.ym) AS id,
       e.cons_no, e.ym, e.bill_id, e.amount_fen, e.due_date, e.issue_day, e.paid, e.late AND e.paid AS late, e.paid_day, e.method_h,
       CASE WHEN e.paid THEN (e.paid_day::timestamp + interval '9 hours' + floor(e.h * 8 * 3600) * interval '1 second') AT TIME ZONE 'Asia/Shanghai' END AS paid_at,
       CASE WHEN e.paid AND e.late THEN greatest($7::bigint, floor((2 * e.amount_fen::numeric * round(
              (CASE WHEN e.resident THEN e.days * $4::numeric ELSE e.first_days * $5::numeric + (e.days - e.first_days) * $6::numeric END) * 1000)
              + 1000000) / 2000000)::bigint) ELSE 0 END AS penalty_fen
  FROM e`;

// The plan is written in id order and the joins hash the accounts and the price table, so the receivables land in
// (户号, 年月) order (a customer's twelve months together for the counter's look-up) without sorting ~12 million wide rows.
const INSERT_RECEIVABLES = `
INSERT INTO billing_receivable (id, cons_no, ym, org_unit_code, org_path, tariff_code, resident, kwh, lines, amount_fen, paid_fen, penalty_fen,
    penalty_paid_fen, penalty_through, due_date, batch_id, issued_at)
OVERRIDING SYSTEM VALUE
SELECT p.id, p.cons_no, p.ym, a.org_unit_code, a.org_path, b.bill_tariff, a.resident, b.kwh, b.lines, p.amount_fen,
       CASE WHEN p.paid THEN p.amount_fen ELSE 0 END, p.penalty_fen, p.penalty_fen, CASE WHEN p.late THEN p.paid_day END, p.due_date, NULL,
       (p.issue_day::timestamp + interval '9 hours') AT TIME ZONE 'Asia/Shanghai'
  FROM billing_seed_plan p JOIN billing_account a ON a.cons_no = p.cons_no JOIN billing_seed_bill b ON b.id = p.bill_id`;

// A payment per paid receivable, with the receivable's id (one to one); 15 % of customers pay at df03's counter.
const INSERT_PAYMENTS = `
INSERT INTO billing_payment (id, cons_no, org_path, amount_fen, method, collector, paid_at)
OVERRIDING SYSTEM VALUE
SELECT p.id, p.cons_no, a.org_path, p.amount_fen + p.penalty_fen,
       CASE WHEN p.method_h >= 0.95 THEN 'CASH' WHEN p.method_h >= 0.85 THEN 'QR' WHEN p.method_h < 0.4 THEN 'BANK' ELSE 'ONLINE' END,
       CASE WHEN p.method_h >= 0.85 THEN 'df03' ELSE 'system' END,
       p.paid_at
  FROM billing_seed_plan p JOIN billing_account a ON a.cons_no = p.cons_no
 WHERE p.paid`;

// Its allocation: the whole receivable with its 违约金 (the receivable is written paid).
const INSERT_ALLOCATIONS = `
INSERT INTO billing_allocation (payment_id, receivable_id, principal_fen, penalty_fen, at)
SELECT p.id, p.id, p.amount_fen, p.penalty_fen, p.paid_at FROM billing_seed_plan p WHERE p.paid`;

// The year's 停电/复电 history (营销运营监测's 复电及时率, issue 15): a customer who paid 20 days or more late had been
// cut off 15 days after the due date (remote 费控, 10:00); the payment ordered the 复电, carried out within the
// `restoreHours` ($3) for all but ~3 %. Only cycles finished before now ($2) are written; no process instances (the
// orders predate the bound processes, as the board shows them).
const HISTORY_ORDERS = `
WITH c AS (
  SELECT p.cons_no, a.org_unit_code, a.org_path, p.paid_at,
         ((p.due_date + 15)::timestamp + interval '10 hours') AT TIME ZONE 'Asia/Shanghai' AS cut_at, ${hashPart(`md5($1 || ':restore:' || p.cons_no || ':' || p.ym)`, 1)} AS h
    FROM billing_seed_plan p JOIN billing_account a ON a.cons_no = p.cons_no AND NOT a.protected_flag
   WHERE p.paid AND p.late AND p.paid_day >= p.due_date + 20
), d AS (
  SELECT c.*, c.paid_at + (CASE WHEN c.h < 0.03 THEN $3 + 1 + floor(c.h * 200) ELSE 1 + floor(c.h * ($3 - 2)) END) * interval '1 hour' AS done_at FROM c
), cut AS (
  INSERT INTO billing_order (kind, cons_no, org_unit_code, org_path, status, planned_at, due_at, created_by, created_at, done_at, note)
  SELECT 'CUTOFF', cons_no, org_unit_code, org_path, 'DONE', cut_at, NULL, 'df03', cut_at, cut_at, '远程费控停电' FROM d WHERE done_at <= $2
)
INSERT INTO billing_order (kind, cons_no, org_unit_code, org_path, status, planned_at, due_at, created_by, created_at, done_at, note)
SELECT 'RESTORE', cons_no, org_unit_code, org_path, 'DONE', paid_at, paid_at + $3 * interval '1 hour', 'df03', paid_at, done_at, '远程复电' FROM d WHERE done_at <= $2`;

const CUTOFF_ACCOUNTS = `
UPDATE billing_account a SET power_state = 'OFF', notice_at = $1, version = version + 1
  FROM (SELECT cons_no, count(*) AS months FROM billing_receivable WHERE paid_fen < amount_fen GROUP BY cons_no) o
 WHERE o.cons_no = a.cons_no AND o.months >= 2 AND NOT a.protected_flag`;

const CUTOFF_ORDERS = `
INSERT INTO billing_order (kind, cons_no, org_unit_code, org_path, status, planned_at, due_at, created_by, created_at, done_at, note)
SELECT 'CUTOFF', cons_no, org_unit_code, org_path, 'DONE', $1, NULL, 'df03', $1, $1, '远程费控停电' FROM billing_account WHERE power_state = 'OFF'`;

export async function seedBilling(db: Db, options: { now: Date; seed: number; settings?: BillingSettings }): Promise<BillingSeedReport> {
  const started = Date.now();
  const { now, seed } = options;
  const settings = options.settings ?? DEFAULT_BILLING_SETTINGS;
  const engine = createWorkflowEngine({ now: () => now });
  engine.bind({ now: () => now, db });
  return db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':wb-seed-billing'))");
    // Billing's bound processes (抄表复核, 量费审核, 停电, 复电; ADR 0049), deployed when absent.
    await deployBillingProcesses(tx, engine, undefined, { missingOnly: true });
    const [existing] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM (SELECT 1 FROM billing_receivable LIMIT 1) x');
    if (Number(existing?.n ?? 0) > 0) {
      return { skipped: true, accounts: 0, readings: 0, receivables: 0, payments: 0, onTimeShare: 0, arrearsCustomers: 0, cutoffs: 0, elapsedMs: Date.now() - started };
    }
    await tx.query(INSERT_ACCOUNTS, [String(seed), now]);
    // Thirteen months, oldest first: twelve issued, the current one read but not yet calculated.
    const months = Array.from({ length: 13 }, (_, i) => ymOf(now, i - 12));
    const issuedMonths = months.slice(0, 12);
    await tx.query(INSERT_READINGS, [String(seed), months, months.length, now]);
    // Statistics of what this transaction just wrote (ANALYZE counts its own rows): without them the planner took the
    // tables for empty and joined the readings to the accounts by a nested loop scanning every account for every
    // reading — quadratic, it never finished at 1,000,000 customers (P15, ADR 0079).
    await tx.query('ANALYZE billing_account, billing_reading');
    // 抄表复核: the current month's exceptional 采集 readings are tasks of the 抄表员 (ADR 0049).
    const exceptional = await tx.query<{ cons_no: string; name: string; org_unit_code: string; exception: string }>(
      `SELECT m.cons_no, a.name, a.org_unit_code, m.exception FROM billing_reading m JOIN billing_account a ON a.cons_no = m.cons_no
        WHERE m.ym = $1 AND m.exception IS NOT NULL ORDER BY m.cons_no`,
      [months[12]],
    );
    for (const r of exceptional) {
      await engine.start(tx, BILLING_SYSTEM_ACTOR, {
        processKey: BILLING_PROCESSES.readingReview, businessKey: businessKeys.reading(r.cons_no, months[12]!), businessTitle: `抄表复核 ${r.name} ${months[12]}`,
        orgUnitCode: r.org_unit_code, variables: { consNo: r.cons_no, ym: months[12], exception: r.exception }, domain: 'billing', views: false,
      });
    }

    // Bills: each distinct usage once through the service's own calculation.
    await tx.query(`CREATE TEMP TABLE billing_seed_bill (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, tariff_code text, ym text, kwh int, peak_kwh int, valley_kwh int, kvarh int, demand_kw int,
      capacity_kva int, bill_tariff text, lines jsonb, amount_fen bigint) ON COMMIT DROP`);
    const usages = await tx.query<{ tariff_code: string; ym: string; kwh: number; peak_kwh: number; valley_kwh: number; kvarh: number; demand_kw: number; capacity_kva: number }>(
      DISTINCT_USAGE, [issuedMonths],
    );
    const bills = usages.flatMap((u) => {
      const tariff = tariffFor(u.tariff_code, u.ym);
      if (!tariff) return [];
      const bill = calculateBill(tariff, { kwh: u.kwh, peakKwh: u.peak_kwh, valleyKwh: u.valley_kwh, kvarh: u.kvarh, demandKw: u.demand_kw, capacityKva: u.capacity_kva });
      return [{ ...u, bill_tariff: bill.tariffCode, lines: bill.lines, amount_fen: bill.amountFen }];
    });
    for (let i = 0; i < bills.length; i += 2_000) await tx.query(INSERT_BILLS, [JSON.stringify(bills.slice(i, i + 2_000))]);
    // Temporary tables have no statistics: without them the planner loops over the price table for every reading.
    await tx.query('CREATE INDEX ON billing_seed_bill (tariff_code, ym, kwh, peak_kwh, valley_kwh, kvarh, demand_kw, capacity_kva)');
    await tx.query('ANALYZE billing_seed_bill');

    const today = cstDay(now);
    const rates = settings.penaltyPerMille;
    // The receivables' ids are given in the plan, from the identity's next value on; the identity then goes past them.
    const [first] = await tx.query<{ id: string }>(`SELECT nextval(pg_get_serial_sequence('billing_receivable', 'id'))::text AS id`);
    await tx.query(PLAN, [String(seed), issuedMonths, today, rates.resident, rates.currentYear, rates.earlierYears, settings.penaltyMinimumFen, first!.id]);
    await tx.query('ANALYZE billing_seed_plan');
    await tx.query(INSERT_RECEIVABLES);
    await tx.query(INSERT_PAYMENTS);
    await tx.query(INSERT_ALLOCATIONS);
    // One ANALYZE of the three (sampled): the cut-off and 复电 statements below look receivables up.
    await tx.query('ANALYZE billing_receivable, billing_payment, billing_allocation');
    for (const [table, empty] of [['billing_receivable', first!.id], ['billing_payment', '1']] as const) {
      await tx.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), (SELECT COALESCE(max(id) + 1, $2::bigint) FROM ${table}), false)`, [table, empty]);
    }

    await tx.query(HISTORY_ORDERS, [String(seed), now, settings.restoreHours]);
    // 停电 after a notice for the tail owing two months or more; the first cut-off customer has just paid (复电 due
    // in 24 h), the second's remote 复电 failed after paying three days ago.
    const noticeAt = new Date(now.getTime() - 20 * DAY);
    const cutAt = new Date(now.getTime() - 10 * DAY);
    await tx.query(CUTOFF_ACCOUNTS, [noticeAt]);
    await tx.query(CUTOFF_ORDERS, [cutAt]);
    const cutoffs = await tx.query<{ cons_no: string; org_unit_code: string }>(`SELECT cons_no, org_unit_code FROM billing_account WHERE power_state = 'OFF'`);
    // The archive's 状态 follows (已停电), through its port.
    await setCustomersPowerCut(tx, cutoffs.map((c) => c.cons_no), true);
    const settle = async (consNo: string, paidAt: Date, status: 'OPEN' | 'FAILED'): Promise<void> => {
      const open = await tx.query<{ id: string; ym: string; amount_fen: string; due_date: string; resident: boolean }>(
        `SELECT id::text AS id, ym, amount_fen, due_date::text AS due_date, resident FROM billing_receivable WHERE cons_no = $1 AND paid_fen < amount_fen ORDER BY ym`,
        [consNo],
      );
      const day = cstDay(paidAt);
      const penalties = open.map((r) => penaltyFen(Number(r.amount_fen), r.ym, r.due_date, day, r.resident, settings));
      const total = open.reduce((sum, r, i) => sum + Number(r.amount_fen) + penalties[i]!, 0);
      if (total === 0) return;
      const [pay] = await tx.query<{ id: string }>(
        `INSERT INTO billing_payment (cons_no, org_path, amount_fen, method, collector, paid_at)
         SELECT cons_no, org_path, $2, 'CASH', 'df03', $3 FROM billing_account WHERE cons_no = $1 RETURNING id::text AS id`,
        [consNo, total, paidAt],
      );
      for (const [i, r] of open.entries()) {
        await tx.query('UPDATE billing_receivable SET paid_fen = amount_fen, penalty_fen = $2, penalty_paid_fen = $2, penalty_through = $3 WHERE id = $1', [r.id, penalties[i], day]);
        await tx.query('INSERT INTO billing_allocation (payment_id, receivable_id, principal_fen, penalty_fen, at) VALUES ($1, $2, $3, $4, $5)', [
          pay!.id, r.id, r.amount_fen, penalties[i], paidAt,
        ]);
      }
      const [order] = await tx.query<{ id: string }>(
        `INSERT INTO billing_order (kind, cons_no, org_unit_code, org_path, status, planned_at, due_at, created_by, created_at, done_at, note)
         SELECT 'RESTORE', cons_no, org_unit_code, org_path, $2, $3, $4, 'df03', $3, $5, $6 FROM billing_account WHERE cons_no = $1 RETURNING id::text AS id`,
        [consNo, status, paidAt, new Date(paidAt.getTime() + settings.restoreHours * HOUR), status === 'FAILED' ? new Date(paidAt.getTime() + 2 * HOUR) : null,
          status === 'FAILED' ? '远程复电失败：终端离线，需现场复电' : null],
      );
      await tx.query('UPDATE billing_payment SET restore_order_id = $2 WHERE id = $1', [pay!.id, order!.id]);
      await tx.query('UPDATE billing_account SET notice_at = NULL, version = version + 1 WHERE cons_no = $1', [consNo]);
      // The 复电 task of the 台区经理 (ADR 0049); the failed one has gone on to 现场复电（督办）.
      const [unit] = await tx.query<{ org_unit_code: string; name: string }>('SELECT org_unit_code, name FROM billing_account WHERE cons_no = $1', [consNo]);
      const { openTasks } = await engine.start(tx, BILLING_SYSTEM_ACTOR, {
        processKey: BILLING_PROCESSES.restore, businessKey: businessKeys.order('RESTORE', order!.id), businessTitle: `复电 ${unit!.name}（${consNo}）`,
        orgUnitCode: unit!.org_unit_code, variables: { consNo, kind: 'RESTORE' }, startedAt: paidAt, domain: 'billing', views: false,
      });
      if (status === 'FAILED' && openTasks[0]) {
        await engine.complete(tx, BILLING_SYSTEM_ACTOR, openTasks[0].id, { outcome: 'fail', opinion: '远程复电失败：终端离线，需现场复电', domain: 'billing', views: false });
      }
    };
    // The two 复电 cases in 江北城关供电所 (tq01's unit) when it has cut-off customers, else anywhere.
    const ordered = [...cutoffs].sort((a, b) => Number(b.org_unit_code === '334010101') - Number(a.org_unit_code === '334010101') || a.cons_no.localeCompare(b.cons_no));
    if (ordered[0]) await settle(ordered[0].cons_no, new Date(now.getTime() - 2 * HOUR), 'OPEN');
    if (ordered[1]) await settle(ordered[1].cons_no, new Date(now.getTime() - 3 * DAY), 'FAILED');

    const [report] = await tx.query<{ accounts: number; readings: number; receivables: number; payments: number; on_time: number; due: number; arrears: number }>(
      `SELECT (SELECT count(*)::int FROM billing_account) AS accounts, (SELECT count(*)::int FROM billing_reading) AS readings,
              (SELECT count(*)::int FROM billing_receivable) AS receivables, (SELECT count(*)::int FROM billing_payment) AS payments,
              (SELECT count(*)::int FROM billing_seed_plan WHERE paid AND NOT late) AS on_time,
              (SELECT count(*)::int FROM billing_seed_plan WHERE amount_fen > 0 AND due_date < $1::date) AS due,
              (SELECT count(DISTINCT cons_no)::int FROM billing_receivable WHERE paid_fen < amount_fen) AS arrears`,
      [today],
    );
    return {
      skipped: false,
      accounts: report!.accounts,
      readings: report!.readings,
      receivables: report!.receivables,
      payments: report!.payments,
      onTimeShare: report!.due === 0 ? 0 : Math.round((report!.on_time / report!.due) * 1000) / 1000,
      arrearsCustomers: report!.arrears,
      cutoffs: cutoffs.length,
      elapsedMs: Date.now() - started,
    };
  });
}

/** For tests: the books over all receivables (Σ receivable + Σ penalty − Σ allocated = Σ open), in 分. */
export async function billingBooks(q: Queryable): Promise<{ receivableFen: number; penaltyFen: number; allocatedFen: number; openFen: number }> {
  const [row] = await q.query<{ receivable: string; penalty: string; allocated: string; open: string }>(
    `SELECT (SELECT COALESCE(sum(amount_fen), 0)::text FROM billing_receivable) AS receivable,
            (SELECT COALESCE(sum(penalty_fen), 0)::text FROM billing_receivable) AS penalty,
            (SELECT COALESCE(sum(principal_fen + penalty_fen), 0)::text FROM billing_allocation WHERE NOT reversed) AS allocated,
            (SELECT COALESCE(sum(amount_fen - paid_fen + penalty_fen - penalty_paid_fen), 0)::text FROM billing_receivable) AS open`,
  );
  return { receivableFen: Number(row!.receivable), penaltyFen: Number(row!.penalty), allocatedFen: Number(row!.allocated), openFen: Number(row!.open) };
}
