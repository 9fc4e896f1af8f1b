/**
 * The sources of the facts (ADR 0047): readers of the domains' own records, one item at a time (an event named it)
 * or all of them (rebuild). Each returns the item's facts through the pure functions of facts.ts, so an item read
 * for an event and the same item read during a rebuild contribute exactly the same facts.
 *
 * These readers are the only place the indicators service reads other services' records; dashboards read the facts.
 */
import { TICKET_TYPES } from '@wb/contracts/ticket';
import type { Queryable } from '@wb/server-kit';
import type { HolidayMap } from '../workflow/index.ts';
import {
  billMonthFacts,
  restoreOrderFacts,
  ticketFacts,
  unitFacts,
  ykFacts,
  type ItemFacts,
  type TicketClock,
} from './facts.ts';

const num = (v: unknown): number => Number(v ?? 0);
const date = (v: unknown): Date | null => (v ? new Date(v as string) : null);

/** 业扩: one query for the applications, one for their history (installs and pauses). `keys` null: all. */
export async function readYk(q: Queryable, keys: readonly string[] | null, holidays: HolidayMap): Promise<ItemFacts[]> {
  const rows = await q.query<{
    app_no: string; variant: string; cons_name: string; org_unit_code: string; org_path: string; accepted_at: string;
    status: string | null; due_at: string | null; instance_id: string | null;
  }>(
    `SELECT a.app_no, a.variant, a.cons_name, a.org_unit_code, a.org_path, a.accepted_at, p.status, p.due_at, p.instance_id::text AS instance_id
       FROM yk_application a
       LEFT JOIN LATERAL (SELECT bp.status, bp.due_at, bp.instance_id FROM wf_business_process bp WHERE bp.business_key = a.app_no
         ORDER BY (bp.status IN ('RUNNING', 'SUSPENDED')) DESC, bp.started_at DESC LIMIT 1) p ON true
      ${keys ? 'WHERE a.app_no = ANY($1::text[])' : ''}`,
    keys ? [keys] : [],
  );
  if (rows.length === 0) return [];
  const instanceIds = rows.map((r) => r.instance_id).filter((x): x is string => x !== null);
  const history = instanceIds.length
    ? await q.query<{ instance_id: string; action: string; from_node: string | null; at: string }>(
        `SELECT instance_id::text AS instance_id, action, from_node, at FROM wf_history
          WHERE instance_id::text = ANY($1::text[]) AND (action IN ('SUSPEND', 'RESUME') OR (action = 'COMPLETE' AND from_node = 'install'))
          ORDER BY at, id`,
        [instanceIds],
      )
    : [];
  const byInstance = new Map<string, typeof history>();
  for (const h of history) byInstance.set(h.instance_id, [...(byInstance.get(h.instance_id) ?? []), h]);
  return rows.map((r) => {
    let installedAt: Date | null = null;
    const pauses: Array<[Date, Date | null]> = [];
    for (const h of byInstance.get(r.instance_id ?? '') ?? []) {
      const at = new Date(h.at);
      if (h.action === 'COMPLETE') installedAt = at;
      else if (h.action === 'SUSPEND') pauses.push([at, null]);
      else {
        const open = pauses.at(-1);
        if (open && open[1] === null) open[1] = at;
      }
    }
    return ykFacts(
      {
        appNo: r.app_no, variant: r.variant, consName: r.cons_name, orgUnitCode: r.org_unit_code, orgPath: r.org_path,
        acceptedAt: new Date(r.accepted_at), status: r.status, dueAt: date(r.due_at), installedAt, pauses,
      },
      holidays,
    );
  });
}

const TICKET_SQL = `SELECT ticket_no, type, org_unit_code, org_path, accepted_at, closed_at, revisit_outcome, clocks FROM ticket`;

export async function readTickets(q: Queryable, keys: readonly string[] | null): Promise<ItemFacts[]> {
  const rows = await q.query<{
    ticket_no: string; type: string; org_unit_code: string; org_path: string; accepted_at: string; closed_at: string | null;
    revisit_outcome: string | null; clocks: TicketClock[] | string;
  }>(`${TICKET_SQL} ${keys ? 'WHERE ticket_no = ANY($1::text[])' : ''}`, keys ? [keys] : []);
  return rows.map((r) =>
    ticketFacts({
      ticketNo: r.ticket_no, type: r.type, typeName: TICKET_TYPES[r.type as keyof typeof TICKET_TYPES] ?? r.type,
      orgUnitCode: r.org_unit_code, orgPath: r.org_path, acceptedAt: new Date(r.accepted_at), closedAt: date(r.closed_at),
      revisitOutcome: r.revisit_outcome, clocks: typeof r.clocks === 'string' ? (JSON.parse(r.clocks) as TicketClock[]) : r.clocks,
    }),
  );
}

/** Billing month items `<orgUnitCode>:<ym>`; `keys` null: every unit and month. */
export async function readBillMonths(q: Queryable, keys: readonly string[] | null): Promise<ItemFacts[]> {
  const pairs = keys?.map((k) => k.split(':') as [string, string]) ?? null;
  const filter = pairs ? `WHERE (org_unit_code || ':' || ym) = ANY($1::text[])` : '';
  const params = pairs ? [keys] : [];
  const receivables = await q.query<{ org_unit_code: string; org_path: string; ym: string; amount: string; paid: string; owe: string }>(
    `SELECT org_unit_code, min(org_path) AS org_path, ym, sum(amount_fen)::text AS amount, sum(paid_fen)::text AS paid,
            sum(GREATEST(amount_fen - paid_fen, 0))::text AS owe
       FROM billing_receivable ${filter} GROUP BY org_unit_code, ym`,
    params,
  );
  const readings = await q.query<{ org_unit_code: string; org_path: string; ym: string; n: string; err: string }>(
    `SELECT a.org_unit_code, min(a.org_path) AS org_path, r.ym, count(*)::text AS n, count(*) FILTER (WHERE r.exception IS NOT NULL)::text AS err
       FROM billing_reading r JOIN billing_account a ON a.cons_no = r.cons_no
      ${pairs ? `WHERE (a.org_unit_code || ':' || r.ym) = ANY($1::text[])` : ''} GROUP BY a.org_unit_code, r.ym`,
    params,
  );
  const months = new Map<string, { orgUnitCode: string; orgPath: string; ym: string; receivableFen: number; paidFen: number; oweFen: number; readings: number; readingErrors: number }>();
  const month = (org: string, path: string, ym: string) => {
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
  // A key asked for with nothing left still answers (empty facts), so its old contributions are taken back.
  for (const [org, ym] of pairs ?? []) month(org, '', ym);
  return [...months.values()].map(billMonthFacts);
}

export async function readRestoreOrders(q: Queryable, keys: readonly string[] | null): Promise<ItemFacts[]> {
  const rows = await q.query<{ id: string; cons_no: string; org_unit_code: string; org_path: string; status: string; due_at: string | null; done_at: string | null; note: string | null }>(
    `SELECT id::text AS id, cons_no, org_unit_code, org_path, status, due_at, done_at, note FROM billing_order
      WHERE kind = 'RESTORE' ${keys ? 'AND id::text = ANY($1::text[])' : ''}`,
    keys ? [keys] : [],
  );
  return rows.map((r) =>
    restoreOrderFacts({
      id: r.id, consNo: r.cons_no, orgUnitCode: r.org_unit_code, orgPath: r.org_path, status: r.status,
      dueAt: date(r.due_at), doneAt: date(r.done_at), cancelled: r.status === 'FAILED' && (r.note ?? '').includes('冲正'),
    }),
  );
}

/** 在册户数 per org unit (billing accounts); `keys` null: every unit. */
export async function readUnits(q: Queryable, keys: readonly string[] | null): Promise<ItemFacts[]> {
  const rows = await q.query<{ org_unit_code: string; org_path: string; n: string }>(
    `SELECT org_unit_code, min(org_path) AS org_path, count(*)::text AS n FROM billing_account
      ${keys ? 'WHERE org_unit_code = ANY($1::text[])' : ''} GROUP BY org_unit_code`,
    keys ? [keys] : [],
  );
  const found = new Set(rows.map((r) => r.org_unit_code));
  return [
    ...rows.map((r) => unitFacts({ orgUnitCode: r.org_unit_code, orgPath: r.org_path, accounts: num(r.n) })),
    ...(keys ?? []).filter((k) => !found.has(k)).map((k) => unitFacts({ orgUnitCode: k, orgPath: '', accounts: 0 })),
  ];
}

export type SourceKind = ItemFacts['kind'];

/** Which sources exist (their tables): a service left out of the composition feeds nothing (暂无数据源). */
export async function availableSources(q: Queryable): Promise<Set<'connection' | 'ticket' | 'billing'>> {
  const rows = await q.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_name IN ('yk_application', 'ticket', 'billing_receivable')`,
  );
  const names = new Set(rows.map((r) => r.name));
  const out = new Set<'connection' | 'ticket' | 'billing'>();
  if (names.has('yk_application')) out.add('connection');
  if (names.has('ticket')) out.add('ticket');
  if (names.has('billing_receivable')) out.add('billing');
  return out;
}

export async function readItems(q: Queryable, kind: SourceKind, keys: readonly string[] | null, holidays: HolidayMap): Promise<ItemFacts[]> {
  switch (kind) {
    case 'yk':
      return readYk(q, keys, holidays);
    case 'ticket':
      return readTickets(q, keys);
    case 'bill':
      return readBillMonths(q, keys);
    case 'order':
      return readRestoreOrders(q, keys);
    case 'unit':
      return readUnits(q, keys);
  }
}
