/**
 * What 营销运营监测 reads of 电费账务 (ADR 0026, 0061), by the items billing's events name (fact-events.ts) or all of
 * them (the rebuild): 应收/实收/欠费 and 抄表 by 供电所 × 应收年月, 复电 orders, 在册户数 by 供电所. Runs in the
 * caller's transaction; read-only.
 */
import type { Queryable } from '@wb/server-kit';

export interface BillMonthForIndicators {
  orgUnitCode: string;
  orgPath: string;
  ym: string;
  receivableFen: number;
  paidFen: number;
  oweFen: number;
  readings: number;
  readingErrors: number;
}

const num = (v: unknown): number => Number(v ?? 0);

/**
 * Months `<orgUnitCode>:<ym>`; `keys` null: every unit and month. Units × months with nothing are left out.
 * `readings: false`: the receivables only (reading counts 0), for a change that touched no reading (a payment, ADR 0090).
 */
export async function billMonthsForIndicators(q: Queryable, keys: readonly string[] | null, options: { readings?: boolean } = {}): Promise<BillMonthForIndicators[]> {
  // By keys (an event's): each unit × month through its (org_unit_code, ym) index, and the unit's accounts through
  // theirs — never a whole month of every unit (ADR 0074).
  const units = keys?.map((k) => k.slice(0, k.indexOf(':'))) ?? [];
  const yms = keys?.map((k) => k.slice(k.indexOf(':') + 1)) ?? [];
  const wanted = 'unnest($1::text[], $2::text[]) AS k (org_unit_code, ym)';
  const receivables = await q.query<{ org_unit_code: string; org_path: string; ym: string; amount: string; paid: string; owe: string }>(
    `SELECT r.org_unit_code, min(r.org_path) AS org_path, r.ym, sum(r.amount_fen)::text AS amount, sum(r.paid_fen)::text AS paid,
            sum(GREATEST(r.amount_fen - r.paid_fen, 0))::text AS owe
       FROM ${keys ? `(SELECT DISTINCT * FROM ${wanted}) k JOIN billing_receivable r ON r.org_unit_code = k.org_unit_code AND r.ym = k.ym` : 'billing_receivable r'}
      GROUP BY r.org_unit_code, r.ym`,
    keys ? [units, yms] : [],
  );
  const readings = options.readings === false ? [] : await q.query<{ org_unit_code: string; org_path: string; ym: string; n: string; err: string }>(
    `SELECT a.org_unit_code, min(a.org_path) AS org_path, r.ym, count(*)::text AS n, count(*) FILTER (WHERE r.exception IS NOT NULL)::text AS err
       FROM ${keys ? `(SELECT DISTINCT * FROM ${wanted}) k JOIN billing_account a ON a.org_unit_code = k.org_unit_code JOIN billing_reading r ON r.cons_no = a.cons_no AND r.ym = k.ym` : 'billing_reading r JOIN billing_account a ON a.cons_no = r.cons_no'}
      GROUP BY a.org_unit_code, r.ym`,
    keys ? [units, yms] : [],
  );
  const months = new Map<string, BillMonthForIndicators>();
  const month = (org: string, path: string, ym: string): BillMonthForIndicators => {
    const key = `${org}:${ym}`;
    let m = months.get(key);
    if (!m) {
      m = { orgUnitCode: org, orgPath: path, ym, receivableFen: 0, paidFen: 0, oweFen: 0, readings: 0, readingErrors: 0 };
      months.set(key, m);
    }
    return m;
  };
  for (const r of receivables) Object.assign(month(r.org_unit_code, r.org_path, r.ym), { receivableFen: num(r.amount), paidFen: num(r.paid), oweFen: num(r.owe) });
  for (const r of readings) Object.assign(month(r.org_unit_code, r.org_path, r.ym), { readings: num(r.n), readingErrors: num(r.err) });
  return [...months.values()];
}

export interface RestoreOrderForIndicators {
  id: string;
  consNo: string;
  orgUnitCode: string;
  orgPath: string;
  status: 'OPEN' | 'DONE' | 'FAILED';
  dueAt: Date | null;
  doneAt: Date | null;
  /** Withdrawn because the payment that ordered it was reversed (冲正). */
  cancelled: boolean;
}

/** 复电 orders by id; `ids` null: all of them. */
export async function restoreOrdersForIndicators(q: Queryable, ids: readonly string[] | null): Promise<RestoreOrderForIndicators[]> {
  const rows = await q.query<{ id: string; cons_no: string; org_unit_code: string; org_path: string; status: RestoreOrderForIndicators['status']; due_at: string | Date | null; done_at: string | Date | null; note: string | null }>(
    `SELECT id::text AS id, cons_no, org_unit_code, org_path, status, due_at, done_at, note FROM billing_order
      WHERE kind = 'RESTORE' ${ids ? 'AND id = ANY($1::bigint[])' : ''}`,
    ids ? [[...ids]] : [],
  );
  return rows.map((r) => ({
    id: r.id, consNo: r.cons_no, orgUnitCode: r.org_unit_code, orgPath: r.org_path, status: r.status,
    dueAt: r.due_at ? new Date(r.due_at) : null, doneAt: r.done_at ? new Date(r.done_at) : null,
    cancelled: r.status === 'FAILED' && (r.note ?? '').includes('冲正'),
  }));
}

/** 在册户数 (billing accounts) per 供电所; `codes` null: every unit that has accounts. */
export async function accountCountsForIndicators(q: Queryable, codes: readonly string[] | null): Promise<Array<{ orgUnitCode: string; orgPath: string; accounts: number }>> {
  const rows = await q.query<{ org_unit_code: string; org_path: string; n: string }>(
    `SELECT org_unit_code, min(org_path) AS org_path, count(*)::text AS n FROM billing_account
      ${codes ? 'WHERE org_unit_code = ANY($1::text[])' : ''} GROUP BY org_unit_code`,
    codes ? [[...codes]] : [],
  );
  return rows.map((r) => ({ orgUnitCode: r.org_unit_code, orgPath: r.org_path, accounts: num(r.n) }));
}
