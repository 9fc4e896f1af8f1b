/**
 * The billing service's domain operations (ADR 0035). Each runs in one transaction, reads its rows within the
 * caller's `bill` data scope (out of scope = not found), checks the client's version where a resource is mutable
 * (If-Match, 428 / 412), and leaves nothing half-written on a refusal.
 *
 * - 核算: calculates the month's bills of the accounts in a unit from their readings (pure `calculateBill`), as a
 *   batch; 量费审核 exceptions (missing tariff, reading exceptions, amount jumps) stay out of 发行.
 * - 发行: inserts one receivable per (户号, 年月) — `ON CONFLICT DO NOTHING` on the unique key, so issuing twice is
 *   issuing once — then draws on 预存 balances.
 * - 收费: charges the 违约金 accrued to today, allocates oldest first (违约金 before 电费), puts the rest to 预存; a
 *   payment that clears a cut-off customer creates the 复电 order (due in `restoreHours`).
 * - 冲正: by another person than the collector; undoes the allocations and the 预存 part.
 * - 停电: only after the notice period, never for 保电/敏感, only on working days in daytime hours.
 */
import {
  DEFAULT_BILLING_SETTINGS,
  type Account,
  type ArrearsPage,
  type ArrearsQuery,
  type BillLine,
  type BillingSettings,
  type CalcBatch,
  type Order,
  type Payment,
  type Reading,
  type ReadingEntry,
  type ReadingReview,
  type Receivable,
  BILLING_FACT_TOPICS,
  BILLING_PROCESSES,
} from '@wb/contracts/billing';
import { ErrorCode } from '@wb/contracts';
import { AppError, SqlConditions, assertVersion, idempotent, orgPathInScope, preconditionRequired } from '@wb/server-kit';
import type { Db, IdempotencyStore, OrgPathScope, Principal, Queryable } from '@wb/server-kit';
import type { Task } from '@wb/contracts/workflow';
import { billingProfile, readingSectionOf, setCustomersPowerCut, type BillingProfile } from '../customer/index.ts';
import type { OpenedTask, WorkflowEngine } from '../workflow/index.ts';
import { identityDirectory } from '../identity/index.ts';
import { BILLING_SYSTEM_ACTOR } from './processes.ts';
import { whereUnderUnit } from './unit-filter.ts';
import { businessProcessJoin, cstDate, cstDateTime, insertEventsSql, isWorkday } from '../workflow/index.ts';
import { billingFactRows, emitBillingFacts, emitReceivableFacts } from './fact-events.ts';
import { daysLate, monthEnd, penaltyRawFen, withPenaltyMinimum } from './penalty.ts';
import { calculateBill, tariffCodeFor, tariffFor } from './tariff.ts';

export type BillingScope = OrgPathScope | undefined;

/** Who asks, what they may see, and the version they saw (If-Match). */
export interface BillingContext {
  actor: { username: string };
  scope: BillingScope;
  version?: number | undefined;
  /** The session principal (routes): needed to act on billing's bound workflow tasks (ADR 0049). */
  principal?: Principal | undefined;
}

/** The event of a 复电 order whose bound task billing's consumer starts after the payment's commit (restore-tasks.ts, ADR 0097). */
export const RESTORE_TASK_TOPIC = 'billing.restore.ordered';

/** Business keys of billing's bound processes (ADR 0049). */
export const businessKeys = {
  reading: (consNo: string, ym: string): string => `${consNo}-${ym}`,
  audit: (batchId: string): string => `HS${batchId}`,
  order: (kind: 'CUTOFF' | 'RESTORE', id: string): string => `${kind === 'CUTOFF' ? 'TD' : 'FD'}${id}`,
  /** 电话/上门催费 (ADR 0060). */
  dunning: (id: string): string => `CF${id}`,
};

export interface BillingDeps {
  db: Db;
  engine: WorkflowEngine;
  now: () => Date;
  settings?: Partial<BillingSettings> | undefined;
}

const notFound = (what = '客户'): AppError => new AppError(404, ErrorCode.NotFound, `未找到该${what}`);
const conflict = (message: string): AppError => new AppError(409, ErrorCode.Conflict, message);
const badField = (field: string, message: string): AppError => new AppError(400, ErrorCode.BadRequest, message, { [field]: message });
/** A reading this many times the average of the last three months is 突增. */
const JUMP_RATIO = 3;
/** A bill this many times the last issued amount (and above 100 元) is an amount jump for 量费审核. */
const AMOUNT_JUMP_RATIO = 5;
const HOUR = 3_600_000;
/** Tariff codes of a 用电类别 (tariff.ts `tariffCodeFor`): RES-…, GEN-…, LARGE-…, AGRI-…. */
const TARIFF_PREFIX: Record<NonNullable<ArrearsQuery['tariffKind']>, string> = { RESIDENT: 'RES-', GENERAL: 'GEN-', LARGE: 'LARGE-', AGRI: 'AGRI-' };

const IDEMPOTENCY: IdempotencyStore<{ paymentId: string }> = {
  table: 'billing_idempotency',
  columns: ['payment_id'],
  toRow: (a) => [a.paymentId],
  fromRow: (row) => ({ paymentId: String(row['payment_id']) }),
  reusedMessage: '该请求编号已用于另一笔缴费，请刷新后重新提交',
};

// ---- rows ----------------------------------------------------------------------------------------------------------

interface AccountRow {
  cons_no: string;
  name: string;
  org_unit_code: string;
  org_path: string;
  tariff_code: string;
  resident: boolean;
  capacity_kva: number;
  prepaid_fen: string | number;
  protected_flag: boolean;
  power_state: 'ON' | 'OFF';
  notice_at: Date | string | null;
  version: number;
}

interface ReceivableRow {
  id: string;
  cons_no: string;
  ym: string;
  org_unit_code: string;
  org_path: string;
  tariff_code: string;
  resident: boolean;
  kwh: number;
  lines: BillLine[];
  amount_fen: string | number;
  paid_fen: string | number;
  penalty_fen: string | number;
  penalty_paid_fen: string | number;
  penalty_through: string | null;
  due_date: string | Date;
  issued_at: Date | string;
}

interface PaymentRow {
  id: string;
  cons_no: string;
  org_path: string;
  amount_fen: string | number;
  method: Payment['method'];
  collector: string;
  paid_at: Date | string;
  prepaid_fen: string | number;
  reversed: boolean;
  reversed_by: string | null;
  reversed_at: Date | string | null;
  restore_order_id: string | null;
  version: number;
}

interface OrderRow {
  id: string;
  kind: 'CUTOFF' | 'RESTORE';
  cons_no: string;
  org_unit_code: string;
  org_path: string;
  status: 'OPEN' | 'DONE' | 'FAILED';
  planned_at: Date | string;
  due_at: Date | string | null;
  created_by: string;
  created_at: Date | string;
  done_at: Date | string | null;
  version: number;
  open_node: string | null;
}

const iso = (v: Date | string | null): string | null => (v === null ? null : new Date(v).toISOString());
const dateOnly = (v: Date | string): string => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));
const n = (v: string | number): number => Number(v);

const RECEIVABLE_COLUMNS = `id::text AS id, cons_no, ym, org_unit_code, org_path, tariff_code, resident, kwh, lines, amount_fen, paid_fen,
  penalty_fen, penalty_paid_fen, penalty_through::text AS penalty_through, due_date::text AS due_date, issued_at`;
const PAYMENT_COLUMNS = `id::text AS id, cons_no, org_path, amount_fen, method, collector, paid_at, prepaid_fen, reversed, reversed_by, reversed_at,
  restore_order_id::text AS restore_order_id, version`;
const ORDER_COLUMNS = `o.id::text AS id, o.kind, o.cons_no, o.org_unit_code, o.org_path, o.status, o.planned_at, o.due_at, o.created_by, o.created_at, o.done_at, o.version,
  w.node_key AS open_node`;
/** An order with where its bound process stands (the engine's read model, ADR 0049): `w.node_key` is the open step. */
const ORDER_FROM = `billing_order o ${businessProcessJoin('w', "(CASE WHEN o.kind = 'CUTOFF' THEN 'TD' ELSE 'FD' END || o.id::text)")}`;
const ORDER_STEPS: Record<string, string> = { execute: '执行', onsite: '现场复电（督办）' };

/**
 * 核算's "not yet issued in month `ymParam`" for the account aliased `alias` (P15, ADR 0082): a scalar subquery,
 * which PostgreSQL runs per account as one probe of the receivables' unique key `(cons_no, ym, adjustment_id)`.
 * A `NOT EXISTS` here became an anti join whose shape followed the statistics of the month. While they still said
 * the month was empty, the planner scanned all receivables for the month's (estimated one) row and rescanned that
 * for every account: quadratic once part of the month had been issued.
 */
export const notIssuedIn = (alias: string, ymParam: string): string =>
  `(SELECT r.id FROM billing_receivable r WHERE r.cons_no = ${alias}.cons_no AND r.ym = ${ymParam} LIMIT 1) IS NULL`;

/** 收费's fixed statements go prepared (ADR 0094; named per connection on PostgreSQL, ADR 0097). */
const PREPARED = { prepare: true } as const;

const isOpen = (r: ReceivableRow): boolean => n(r.paid_fen) < n(r.amount_fen) || n(r.penalty_paid_fen) < n(r.penalty_fen);

export function createBillingOperations(deps: BillingDeps) {
  const { db, engine, now } = deps;
  const settings: BillingSettings = { ...DEFAULT_BILLING_SETTINGS, ...deps.settings };
  const today = (): string => cstDate(now());

  // ---- bound workflow tasks (ADR 0049) ----------------------------------------------------------------------------

  /** Starts one of billing's bound processes in the caller's transaction (at `startedAt`, default now); returns its first open task. */
  async function startBound(tx: Queryable, processKey: string, businessKey: string, title: string, orgUnitCode: string, variables: Record<string, unknown>, startedAt?: Date): Promise<OpenedTask | undefined> {
    const { openTasks } = await engine.start(tx, BILLING_SYSTEM_ACTOR, { processKey, businessKey, businessTitle: title, orgUnitCode, variables, domain: 'billing', views: false, ...(startedAt ? { startedAt } : {}) });
    return openTasks[0];
  }

  /** 复电 is a bound task with 24 h on the workflow calendar from the payment (`at`, ADR 0049); the order's due time is the task's. */
  async function startRestoreTask(tx: Queryable, order: { id: string; consNo: string; name: string; orgUnitCode: string }, at: Date): Promise<void> {
    const task = await startBound(tx, BILLING_PROCESSES.restore, businessKeys.order('RESTORE', order.id), `复电 ${order.name}（${order.consNo}）`, order.orgUnitCode, { consNo: order.consNo, kind: 'RESTORE' }, at);
    if (task?.dueAt) await tx.query('UPDATE billing_order SET due_at = $2 WHERE id = $1', [order.id, task.dueAt]);
  }

  /**
   * The 复电 tasks a payment left to billing's consumer (`RESTORE_TASK_TOPIC`, ADR 0097), in the dispatcher's transaction:
   * for each order named that is still an OPEN 复电 and has no process yet, started as of the order's creation (the
   * payment), so its clock and due time are what an inline start would have given. The orders are locked first (as a
   * 冲正 or a completion locks them), so a repeated delivery finds the process and starts nothing, and an order reversed
   * or completed meanwhile is left alone. Returns how many it started.
   */
  async function startRestoreTasks(tx: Queryable, orderIds: readonly string[]): Promise<number> {
    const orders = await tx.query<{ id: string; cons_no: string; org_unit_code: string; created_at: Date | string; name: string }>(
      `SELECT o.id::text AS id, o.cons_no, o.org_unit_code, o.created_at, a.name FROM billing_order o JOIN billing_account a ON a.cons_no = o.cons_no
        WHERE o.id = ANY($1::bigint[]) AND o.kind = 'RESTORE' AND o.status = 'OPEN' ORDER BY o.id FOR UPDATE OF o`,
      [orderIds],
    );
    if (orders.length === 0) return 0;
    const keys = orders.map((o) => businessKeys.order('RESTORE', o.id));
    const started = new Set(
      (await tx.query<{ business_key: string }>('SELECT business_key FROM wf_business_process WHERE business_key = ANY($1::text[])', [keys])).map((r) => r.business_key),
    );
    const missing = orders.filter((_, i) => !started.has(keys[i]!));
    for (const o of missing) await startRestoreTask(tx, { id: o.id, consNo: o.cons_no, name: o.name, orgUnitCode: o.org_unit_code }, new Date(o.created_at));
    return missing.length;
  }

  /** The caller may act on the task by the engine's one assignment rule (403 otherwise, or "switch post"). */
  async function mayActOn(tx: Queryable, ctx: BillingContext, task: Task): Promise<Principal> {
    if (!ctx.principal) throw new AppError(403, ErrorCode.NotAllowed, `只有「${task.nodeName}」环节的办理人可以办理`);
    await engine.requireMayAct(tx, ctx.principal, task, task.nodeName);
    return ctx.principal;
  }

  /** Ends a bound item's open process without its business step (re-calculated batch, reversed payment). */
  async function withdrawBound(tx: Queryable, businessKey: string, reason: string): Promise<void> {
    const task = await engine.findOpenTask(tx, businessKey);
    if (task) await engine.terminate(tx, BILLING_SYSTEM_ACTOR, task.instanceId, reason);
  }

  /** The 供电所 (or county) whose 核算员 audits a batch: the county on the batch's org path (`…/市/县/所`). */
  const auditUnit = (orgPath: string | null, fallback: string | null): string | null => {
    const parts = (orgPath ?? '').split('/').filter(Boolean);
    return parts[1] ?? parts[0] ?? fallback;
  };

  /** Penalty accrued since it was last charged, not yet charged (minimum included in the total). */
  function accrued(r: ReceivableRow, asOf: string): number {
    const owed = n(r.amount_fen) - n(r.paid_fen);
    const from = r.penalty_through ?? dateOnly(r.due_date);
    const raw = penaltyRawFen(owed, r.ym, from, asOf, r.resident, settings.penaltyPerMille);
    const charged = n(r.penalty_fen);
    if (daysLate(dateOnly(r.due_date), asOf) === 0) return 0;
    return withPenaltyMinimum(charged + raw, settings.penaltyMinimumFen) - charged;
  }

  function toReceivable(r: ReceivableRow, asOf: string): Receivable {
    const amount = n(r.amount_fen);
    const paid = n(r.paid_fen);
    return {
      id: r.id,
      consNo: r.cons_no,
      ym: r.ym,
      orgUnitCode: r.org_unit_code,
      tariffCode: r.tariff_code,
      kwh: r.kwh,
      lines: r.lines,
      amountFen: amount,
      paidFen: paid,
      penaltyFen: n(r.penalty_fen),
      penaltyPaidFen: n(r.penalty_paid_fen),
      accruedPenaltyFen: paid < amount ? accrued(r, asOf) : 0,
      dueDate: dateOnly(r.due_date),
      status: paid >= amount && n(r.penalty_paid_fen) >= n(r.penalty_fen) ? 'PAID' : paid > 0 ? 'PARTIAL' : 'UNPAID',
      issuedAt: iso(r.issued_at)!,
    };
  }

  async function allocationsOf(q: Queryable, paymentIds: string[]): Promise<Map<string, Payment['allocations']>> {
    const out = new Map<string, Payment['allocations']>();
    if (paymentIds.length === 0) return out;
    const rows = await q.query<{ payment_id: string; receivable_id: string; ym: string; principal_fen: string; penalty_fen: string }>(
      `SELECT a.payment_id::text AS payment_id, a.receivable_id::text AS receivable_id, r.ym, a.principal_fen, a.penalty_fen
         FROM billing_allocation a JOIN billing_receivable r ON r.id = a.receivable_id WHERE a.payment_id = ANY($1::bigint[]) ORDER BY a.id`,
      [paymentIds],
    );
    for (const r of rows) {
      const list = out.get(r.payment_id) ?? [];
      list.push({ receivableId: r.receivable_id, ym: r.ym, principalFen: n(r.principal_fen), penaltyFen: n(r.penalty_fen) });
      out.set(r.payment_id, list);
    }
    return out;
  }

  const toPayment = (p: PaymentRow, allocations: Payment['allocations']): Payment => ({
    id: p.id,
    consNo: p.cons_no,
    amountFen: n(p.amount_fen),
    method: p.method,
    collector: p.collector,
    paidAt: iso(p.paid_at)!,
    allocations,
    prepaidFen: n(p.prepaid_fen),
    reversed: p.reversed,
    reversedBy: p.reversed_by,
    reversedAt: iso(p.reversed_at),
    restoreOrderId: p.restore_order_id,
    version: p.version,
  });

  const toOrder = (o: OrderRow): Order => ({
    id: o.id,
    kind: o.kind,
    consNo: o.cons_no,
    orgUnitCode: o.org_unit_code,
    status: o.status,
    plannedAt: iso(o.planned_at)!,
    dueAt: iso(o.due_at),
    createdBy: o.created_by,
    createdAt: iso(o.created_at)!,
    doneAt: iso(o.done_at),
    overdue: o.due_at !== null && (o.status === 'OPEN' ? now().getTime() > new Date(o.due_at).getTime() : o.done_at !== null && new Date(o.done_at) > new Date(o.due_at)),
    openStep: o.open_node === null ? null : o.open_node === 'execute' ? `${ORDER_STEPS.execute}${o.kind === 'CUTOFF' ? '停电' : '复电'}` : (ORDER_STEPS[o.open_node] ?? o.open_node),
    version: o.version,
  });

  /** The billing account of a 户 in scope, opened from the archive's profile when it has none yet. */
  async function account(q: Queryable, consNo: string, scope: BillingScope, lock = false): Promise<AccountRow> {
    const sql = `SELECT cons_no, name, org_unit_code, org_path, tariff_code, resident, capacity_kva, prepaid_fen, protected_flag, power_state, notice_at, version
      FROM billing_account WHERE cons_no = $1${lock ? ' FOR UPDATE' : ''}`;
    let [row] = await q.query<AccountRow>(sql, [consNo], PREPARED);
    if (!row) {
      const profile = await billingProfile(q, consNo);
      if (!profile || !orgPathInScope(profile.orgPath, scope)) throw notFound();
      // A read shows a customer without billing history as a fresh account; only a write opens it.
      if (!lock) return freshAccount(profile);
      await openAccount(q, profile);
      [row] = await q.query<AccountRow>(sql, [consNo]);
    }
    if (!row || !orgPathInScope(row.org_path, scope)) throw notFound();
    return row;
  }

  const isHighVoltage = (p: BillingProfile): boolean => p.voltageCode === 'AC00101' || p.voltageCode === 'AC00351';
  const freshAccount = (p: BillingProfile): AccountRow => ({
    cons_no: p.consNo, name: p.name, org_unit_code: p.orgUnitCode, org_path: p.orgPath, tariff_code: tariffCodeFor(p.elecType, p.voltageCode),
    resident: p.elecType === '100', capacity_kva: isHighVoltage(p) ? Math.round(p.contractCap) : 0, prepaid_fen: 0, protected_flag: false,
    power_state: 'ON', notice_at: null, version: 1,
  });

  async function openAccount(q: Queryable, p: BillingProfile): Promise<void> {
    const highVoltage = isHighVoltage(p);
    await q.query(
      `INSERT INTO billing_account (cons_no, name, org_unit_code, org_path, tariff_code, resident, capacity_kva, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (cons_no) DO NOTHING`,
      [p.consNo, p.name, p.orgUnitCode, p.orgPath, tariffCodeFor(p.elecType, p.voltageCode), p.elecType === '100', highVoltage ? Math.round(p.contractCap) : 0, now()],
    );
  }

  async function receivablesOf(q: Queryable, consNo: string, openOnly: boolean, lock = false): Promise<ReceivableRow[]> {
    return q.query<ReceivableRow>(
      `SELECT ${RECEIVABLE_COLUMNS} FROM billing_receivable WHERE cons_no = $1
        ${openOnly ? 'AND (paid_fen < amount_fen OR penalty_paid_fen < penalty_fen)' : ''} ORDER BY ym${lock ? ' FOR UPDATE' : ''}`,
      [consNo],
      PREPARED,
    );
  }

  /** Open principal and penalty (charged unpaid + accrued) of a customer as of `asOf`. */
  function owing(rows: ReceivableRow[], asOf: string): { oweFen: number; penaltyFen: number } {
    let owe = 0;
    let penalty = 0;
    for (const r of rows) {
      owe += n(r.amount_fen) - n(r.paid_fen);
      penalty += n(r.penalty_fen) - n(r.penalty_paid_fen) + (n(r.paid_fen) < n(r.amount_fen) ? accrued(r, asOf) : 0);
    }
    return { oweFen: owe, penaltyFen: penalty };
  }

  async function accountView(q: Queryable, consNo: string, scope: BillingScope): Promise<Account> {
    const a = await account(q, consNo, scope);
    const asOf = today();
    const rows = await receivablesOf(q, consNo, false);
    const open = rows.filter(isOpen);
    const { oweFen, penaltyFen } = owing(open, asOf);
    const payments = await q.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM billing_payment WHERE cons_no = $1 ORDER BY paid_at DESC, id DESC LIMIT 24`, [consNo]);
    const allocations = await allocationsOf(q, payments.map((p) => p.id));
    return {
      consNo: a.cons_no,
      name: a.name,
      orgUnitCode: a.org_unit_code,
      tariffCode: a.tariff_code,
      prepaidFen: n(a.prepaid_fen),
      protectedFlag: a.protected_flag,
      powerState: a.power_state,
      noticeAt: iso(a.notice_at),
      oweFen,
      penaltyFen,
      totalDueFen: oweFen + penaltyFen,
      receivables: rows.slice(-24).reverse().map((r) => toReceivable(r, asOf)),
      payments: payments.map((p) => toPayment(p, allocations.get(p.id) ?? [])),
      version: a.version,
    };
  }

  /** Draws a 预存 balance on the open receivables of a customer, oldest first (principal only: nothing is late yet). */
  async function applyPrepaid(tx: Queryable, consNo: string): Promise<void> {
    const [a] = await tx.query<{ prepaid_fen: string }>('SELECT prepaid_fen FROM billing_account WHERE cons_no = $1 FOR UPDATE', [consNo]);
    let left = n(a?.prepaid_fen ?? 0);
    if (left <= 0) return;
    const at = now();
    const settled: string[] = [];
    for (const r of await receivablesOf(tx, consNo, true, true)) {
      if (left <= 0) break;
      const principal = Math.min(left, n(r.amount_fen) - n(r.paid_fen));
      if (principal <= 0) continue;
      left -= principal;
      settled.push(r.id);
      await tx.query('UPDATE billing_receivable SET paid_fen = paid_fen + $2 WHERE id = $1', [r.id, principal]);
      await tx.query('INSERT INTO billing_allocation (payment_id, receivable_id, principal_fen, penalty_fen, at) VALUES (NULL, $1, $2, 0, $3)', [r.id, principal, at]);
    }
    await emitReceivableFacts(tx, BILLING_FACT_TOPICS.settled, settled, at, { text: '预存冲抵电费' });
    await tx.query('UPDATE billing_account SET prepaid_fen = $2, version = version + 1, updated_at = $3 WHERE cons_no = $1', [consNo, left, at]);
  }

  function requireVersion(ctx: BillingContext, current: number, message: string): void {
    if (ctx.version === undefined) throw preconditionRequired();
    assertVersion(ctx.version, current, message);
  }

  async function batchRow(q: Queryable, id: string, scope: BillingScope, lock = false): Promise<CalcBatch & { orgPath: string | null }> {
    if (!/^[0-9]{1,18}$/.test(id)) throw notFound('核算批次');
    const [b] = await q.query<Record<string, unknown>>(
      `SELECT id::text AS id, ym, org_unit_code, org_path, status, bills, kwh, amount_fen, exceptions, issued, created_by, created_at, issued_at, version
         FROM billing_batch WHERE id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!b) throw notFound('核算批次');
    const orgPath = (b['org_path'] as string | null) ?? null;
    // A batch is in scope when its unit is (a whole-scope batch only for an unrestricted caller).
    if (scope && (orgPath === null || !orgPathInScope(orgPath, scope))) throw notFound('核算批次');
    return {
      id: String(b['id']),
      ym: String(b['ym']),
      orgUnitCode: (b['org_unit_code'] as string | null) ?? null,
      orgPath,
      status: b['status'] as CalcBatch['status'],
      bills: Number(b['bills']),
      kwh: Number(b['kwh']),
      amountFen: Number(b['amount_fen']),
      exceptions: Number(b['exceptions']),
      issued: Number(b['issued']),
      createdBy: String(b['created_by']),
      createdAt: iso(b['created_at'] as Date)!,
      issuedAt: iso((b['issued_at'] as Date | null) ?? null),
      version: Number(b['version']),
    };
  }

  const dueOf = (ym: string, at: Date): string => (monthEnd(ym) >= cstDate(at) ? monthEnd(ym) : cstDate(new Date(at.getTime() + 15 * 24 * HOUR)));

  /** 发行 of a batch's bills without exceptions (or only `consNos`): one receivable per (户号, 年月), then 预存. */
  async function issueBills(tx: Queryable, batchId: string, due: string, at: Date, consNos?: readonly string[]): Promise<number> {
    // Set-based (P15, ADR 0060): the receivables in one statement answering their 供电所 and 年月 per row (the facts'
    // keys, no read-back), then every 预存 balance of the batch drawn in one more. In 户号 order, the order of the
    // receivables' unique key, so that consecutive rows fill the same pages of it (ADR 0082).
    const inserted = await tx.query<{ n: number; org_unit_code: string; ym: string }>(
      `WITH ins AS (
         INSERT INTO billing_receivable (cons_no, ym, org_unit_code, org_path, tariff_code, resident, kwh, lines, amount_fen, due_date, batch_id, issued_at)
         SELECT b.cons_no, b.ym, a.org_unit_code, a.org_path, b.tariff_code, a.resident, b.kwh, b.lines, b.amount_fen, $2::date, b.batch_id, $3
           FROM billing_bill b JOIN billing_account a ON a.cons_no = b.cons_no
          WHERE b.batch_id = $1 AND b.exception IS NULL ${consNos ? 'AND b.cons_no = ANY($4::text[])' : ''}
          ORDER BY b.cons_no
         ON CONFLICT (cons_no, ym, adjustment_id) DO NOTHING
         RETURNING org_unit_code, ym)
       SELECT count(*)::int AS n, org_unit_code, ym FROM ins GROUP BY org_unit_code, ym`,
      consNos ? [batchId, due, at, consNos] : [batchId, due, at],
    );
    await emitBillingFacts(tx, BILLING_FACT_TOPICS.issued, inserted.map((r) => ({ orgUnitCode: r.org_unit_code, yms: [r.ym], text: '电费发行' })), at);
    await drawPrepaidOfBatch(tx, batchId, at, consNos);
    return inserted.reduce((sum, r) => sum + r.n, 0);
  }

  /**
   * 预存 of a batch's customers drawn on their open receivables in one statement — the same rule as `applyPrepaid`
   * (principal only, oldest first, the balance shrinks by what was drawn): a running sum per customer decides how
   * much of each receivable the balance covers.
   */
  async function drawPrepaidOfBatch(tx: Queryable, batchId: string, at: Date, consNos?: readonly string[]): Promise<void> {
    const settled = await tx.query<{ org_unit_code: string; ym: string }>(
      `WITH acc AS MATERIALIZED (
         SELECT a.cons_no, a.prepaid_fen FROM billing_account a
          WHERE a.prepaid_fen > 0
            AND a.cons_no IN (SELECT b.cons_no FROM billing_bill b WHERE b.batch_id = $1 AND b.exception IS NULL ${consNos ? 'AND b.cons_no = ANY($3::text[])' : ''})
          FOR UPDATE),
       open AS (
         SELECT r.id, r.cons_no, r.amount_fen - r.paid_fen AS due,
                sum(r.amount_fen - r.paid_fen) OVER (PARTITION BY r.cons_no ORDER BY r.ym, r.id) AS upto
           FROM billing_receivable r JOIN acc ON acc.cons_no = r.cons_no
          WHERE r.paid_fen < r.amount_fen),
       draw AS (
         SELECT o.id, LEAST(o.due, acc.prepaid_fen - (o.upto - o.due))::bigint AS principal
           FROM open o JOIN acc ON acc.cons_no = o.cons_no
          WHERE o.upto - o.due < acc.prepaid_fen),
       upd AS (
         UPDATE billing_receivable r SET paid_fen = r.paid_fen + d.principal FROM draw d WHERE r.id = d.id
         RETURNING r.id, r.cons_no, r.org_unit_code, r.ym, d.principal),
       alloc AS (
         INSERT INTO billing_allocation (payment_id, receivable_id, principal_fen, penalty_fen, at) SELECT NULL, id, principal, 0, $2 FROM upd),
       used AS (
         UPDATE billing_account a SET prepaid_fen = a.prepaid_fen - s.used, version = a.version + 1, updated_at = $2
           FROM (SELECT cons_no, sum(principal) AS used FROM upd GROUP BY cons_no) s WHERE a.cons_no = s.cons_no)
       SELECT DISTINCT org_unit_code, ym FROM upd`,
      consNos ? [batchId, at, consNos] : [batchId, at],
    );
    await emitBillingFacts(tx, BILLING_FACT_TOPICS.settled, settled.map((r) => ({ orgUnitCode: r.org_unit_code, yms: [r.ym], text: '预存冲抵电费' })), at);
  }

  const stripPath = ({ orgPath: _p, ...batch }: CalcBatch & { orgPath: string | null }): CalcBatch => batch;

  return {
    settings,
    today,
    /** Building blocks for the module's other operations (collection.ts), each in the caller's transaction. */
    internals: { account, receivablesOf, applyPrepaid, payIn, owing, requireVersion, paymentIn, readingsIn, startBound, startRestoreTasks, mayActOn, withdrawBound },
    accountView: (consNo: string, scope: BillingScope) => accountView(db, consNo, scope),

    /** 抄表 manual entry: creates or replaces the reading of a month not yet issued (replacing needs If-Match). */
    async enterReading(ctx: BillingContext, input: ReadingEntry): Promise<Reading> {
      return engine.runInTransaction(db, async (tx) => {
        const a = await account(tx, input.consNo, ctx.scope, true);
        const reading = await writeReading(tx, ctx, input, false);
        // 复核: an exceptional reading becomes a task of the customer's 抄表员 (one per 户 and month).
        if (reading.exception && !(await engine.findOpenTask(tx, businessKeys.reading(input.consNo, input.ym)))) {
          await startBound(tx, BILLING_PROCESSES.readingReview, businessKeys.reading(input.consNo, input.ym), `抄表复核 ${a.name} ${input.ym}`, a.org_unit_code, {
            consNo: input.consNo, ym: input.ym, exception: reading.exception,
          });
        }
        return reading;
      });
    },

    /**
     * 抄表复核 (bound task `review`): the 抄表员 confirms the reading as it is or corrects the index; 核算 then
     * bills it. Refused when no review is open, by anyone but the task's handler, or once the month is issued.
     */
    async reviewReading(ctx: BillingContext, consNo: string, ym: string, input: ReadingReview): Promise<Reading> {
      return engine.runInTransaction(db, async (tx) => {
        await account(tx, consNo, ctx.scope, true);
        const task = await engine.findOpenTask(tx, businessKeys.reading(consNo, ym), 'review');
        if (!task) throw conflict('该示数没有待办的抄表复核');
        const principal = await mayActOn(tx, ctx, task);
        const [current] = await tx.query<{ version: number }>('SELECT version FROM billing_reading WHERE cons_no = $1 AND ym = $2 FOR UPDATE', [consNo, ym]);
        if (!current) throw notFound('示数');
        requireVersion(ctx, current.version, '示数已被他人修改，请刷新后重试');
        if (input.currIndex !== undefined) {
          await writeReading(tx, { ...ctx, version: current.version }, { consNo, ym, currIndex: input.currIndex }, true);
        } else {
          const [issued] = await tx.query('SELECT 1 FROM billing_receivable WHERE cons_no = $1 AND ym = $2', [consNo, ym]);
          if (issued) throw conflict('该月电费已发行，示数不能再修改');
        }
        await tx.query('UPDATE billing_reading SET reviewed_by = $3, reviewed_at = $4, version = version + 1 WHERE cons_no = $1 AND ym = $2', [consNo, ym, ctx.actor.username, now()]);
        await engine.complete(tx, principal, task.id, { opinion: input.opinion, form: { opinion: input.opinion, ...(input.currIndex === undefined ? {} : { currIndex: input.currIndex }) }, domain: 'billing', views: false });
        return (await readingsIn(tx, consNo, ym))[0]!;
      });
    },


    readings: async (consNo: string, scope: BillingScope): Promise<Reading[]> => {
      await account(db, consNo, scope);
      return readingsIn(db, consNo);
    },

    /** 核算: a batch of the month for a unit (or the caller's whole scope); replaces an unissued batch of the same unit and month. */
    async calculate(ctx: BillingContext, input: { ym: string; orgUnitCode?: string | undefined }): Promise<CalcBatch> {
      return engine.runInTransaction(db, async (tx) => {
        const where = new SqlConditions();
        where.scope('a.org_path', ctx.scope);
        let orgPath: string | null = null;
        if (input.orgUnitCode) {
          const unit = await identityDirectory.orgUnit(tx, input.orgUnitCode);
          if (!unit) throw badField('orgUnitCode', '核算单位不存在');
          orgPath = unit.path;
          if (!orgPathInScope(orgPath, ctx.scope)) throw badField('orgUnitCode', '该单位不在您的数据范围内');
          where.subtree('a.org_path', orgPath);
          const [any] = await tx.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM billing_account a WHERE ${where.all()}) AS found`, where.params);
          if (!any?.found) throw badField('orgUnitCode', '该单位下没有电费客户');
        } else if (ctx.scope) {
          throw badField('orgUnitCode', '请选择核算单位');
        }
        const ym = where.param(input.ym);
        const pending = `${where.all()} AND ${notIssuedIn('a', ym)}`;
        // Set-based (ADR 0049, P15): each distinct usage of the month (tariff, capacity, kWh, bands, kvarh, demand) is
        // priced once by the pure `calculateBill` — customers with the same usage share one calculation — and the
        // bills are one INSERT … SELECT joined to that price table, exceptions decided in the same statement. The
        // usages are those of every account in the unit: an already issued one adds at most a price nobody joins,
        // and the issued check runs once, in the bills' statement (ADR 0082).
        const usages = await tx.query<{ tariff_code: string; capacity_kva: number; kwh: number; peak_kwh: number; valley_kwh: number; kvarh: number; demand_kw: number }>(
          `SELECT DISTINCT a.tariff_code, a.capacity_kva, m.kwh, m.peak_kwh, m.valley_kwh, m.kvarh, m.demand_kw
             FROM billing_account a JOIN billing_reading m ON m.cons_no = a.cons_no AND m.ym = ${ym} WHERE ${where.all()}`,
          where.params,
        );
        const priced = usages.flatMap((u) => {
          const tariff = tariffFor(u.tariff_code, input.ym);
          if (!tariff) return [];
          const bill = calculateBill(tariff, { kwh: u.kwh, peakKwh: u.peak_kwh, valleyKwh: u.valley_kwh, kvarh: u.kvarh, demandKw: u.demand_kw, capacityKva: u.capacity_kva });
          return [{ ...u, bill_tariff: tariff.code, bill_kwh: bill.kwh, lines: bill.lines, amount_fen: bill.amountFen }];
        });
        await tx.query(`CREATE TEMP TABLE IF NOT EXISTS billing_calc_price (tariff_code text, capacity_kva int, kwh int, peak_kwh int, valley_kwh int, kvarh int, demand_kw int,
          bill_tariff text, bill_kwh int, lines jsonb, amount_fen bigint) ON COMMIT DROP`);
        for (let i = 0; i < priced.length; i += 5000) {
          await tx.query(
            `INSERT INTO billing_calc_price SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(tariff_code text, capacity_kva int, kwh int, peak_kwh int, valley_kwh int, kvarh int,
               demand_kw int, bill_tariff text, bill_kwh int, lines jsonb, amount_fen bigint)`,
            [JSON.stringify(priced.slice(i, i + 5000))],
          );
        }
        // A temporary table has no statistics: without them the planner would loop over it for every customer.
        await tx.query('ANALYZE billing_calc_price');
        // The bills of a replaced batch go with it (billing_bill has no foreign key to its batch: P15, ADR 0060).
        const replaced = await tx.query<{ id: string }>(
          `WITH gone AS (DELETE FROM billing_batch WHERE ym = $1 AND status = 'CALCULATED' AND org_path IS NOT DISTINCT FROM $2 RETURNING id),
                bills AS (DELETE FROM billing_bill b USING gone WHERE b.batch_id = gone.id)
           SELECT id::text AS id FROM gone`,
          [input.ym, orgPath],
        );
        for (const old of replaced) await withdrawBound(tx, businessKeys.audit(old.id), '重新核算，原批次作废');
        const [batch] = await tx.query<{ id: string }>(
          `INSERT INTO billing_batch (ym, org_unit_code, org_path, status, created_by, created_at) VALUES ($1, $2, $3, 'CALCULATED', $4, $5) RETURNING id::text AS id`,
          [input.ym, input.orgUnitCode ?? null, orgPath, ctx.actor.username, now()],
        );
        const batchId = where.param(batch!.id);
        await tx.query(
          // In 户号 order (ADR 0082): the price join sorts by usage, and bills written in that order would be read,
          // probed for their last bill and issued in random 户号 order — every receivable then lands on another page of
          // the unique key, and each page written after a checkpoint goes to the WAL whole. The sort is in the subquery
          // so that the last-bill look-up below runs in 户号 order too.
          `INSERT INTO billing_bill (batch_id, cons_no, ym, tariff_code, kwh, lines, amount_fen, exception)
           SELECT ${batchId}::bigint, s.cons_no, ${ym}, COALESCE(s.bill_tariff, s.tariff_code), COALESCE(s.bill_kwh, s.kwh, 0), COALESCE(s.lines, '[]'::jsonb), COALESCE(s.amount_fen, 0),
                  CASE WHEN s.kwh IS NULL THEN '缺少抄表示数'
                       WHEN s.bill_tariff IS NULL THEN '无适用电价'
                       WHEN s.exception IS NOT NULL AND s.reviewed_by IS NULL THEN '抄表异常：' || s.exception
                       WHEN s.amount_fen < 0 THEN '电费为负'
                       -- The last issued bill is looked up only for a bill above 100 元 (a scalar subquery runs when reached),
                       -- not joined for every customer (P15, ADR 0060); no last bill = no jump.
                       WHEN s.amount_fen > 10000 AND s.amount_fen > ${AMOUNT_JUMP_RATIO} * COALESCE(
                              (SELECT r.amount_fen FROM billing_receivable r WHERE r.cons_no = s.cons_no AND r.ym < ${ym} AND r.adjustment_id = 0 ORDER BY r.ym DESC LIMIT 1),
                              s.amount_fen) THEN '电费突增' END
             FROM (SELECT a.cons_no, a.tariff_code, m.kwh, m.exception, m.reviewed_by, p.bill_tariff, p.bill_kwh, p.lines, p.amount_fen
                     FROM billing_account a
                     LEFT JOIN billing_reading m ON m.cons_no = a.cons_no AND m.ym = ${ym}
                     LEFT JOIN billing_calc_price p ON p.tariff_code = a.tariff_code AND p.capacity_kva = a.capacity_kva AND p.kwh = m.kwh AND p.peak_kwh = m.peak_kwh
                          AND p.valley_kwh = m.valley_kwh AND p.kvarh = m.kvarh AND p.demand_kw = m.demand_kw
                    WHERE ${pending}
                    ORDER BY a.cons_no) s`,
          where.params,
        );
        const [totals] = await tx.query<{ bills: number; ok: number; kwh: string; amount: string }>(
          `SELECT count(*)::int AS bills, count(*) FILTER (WHERE exception IS NULL)::int AS ok, COALESCE(sum(kwh) FILTER (WHERE exception IS NULL), 0)::text AS kwh,
                  COALESCE(sum(amount_fen) FILTER (WHERE exception IS NULL), 0)::text AS amount FROM billing_bill WHERE batch_id = $1`,
          [batch!.id],
        );
        if (!totals || totals.bills === 0) throw conflict('该单位本月已全部发行或没有电费客户');
        await tx.query('DROP TABLE billing_calc_price');
        await tx.query('UPDATE billing_batch SET bills = $2, kwh = $3, amount_fen = $4, exceptions = $5 WHERE id = $1', [
          batch!.id, totals.bills, n(totals.kwh), n(totals.amount), totals.bills - totals.ok,
        ]);
        const exceptions = totals.bills - totals.ok;
        // 量费审核: a batch with exceptions becomes one task of the county's 核算员 (ADR 0049).
        const unit = auditUnit(orgPath, input.orgUnitCode ?? null);
        if (exceptions > 0 && unit) {
          await startBound(tx, BILLING_PROCESSES.billAudit, businessKeys.audit(batch!.id), `量费审核 ${input.ym} 批次 ${batch!.id}（${exceptions} 户异常）`, unit, {
            ym: input.ym, exceptions,
          });
        }
        return stripPath(await batchRow(tx, batch!.id, ctx.scope));
      });
    },

    batch: async (id: string, scope: BillingScope) => {
      const batch = stripPath(await batchRow(db, id, scope));
      const bills = await db.query<{ cons_no: string; tariff_code: string; kwh: number; amount_fen: string; exception: string | null }>(
        `SELECT cons_no, tariff_code, kwh, amount_fen, exception FROM billing_bill WHERE batch_id = $1 ORDER BY exception IS NULL, cons_no LIMIT 200`,
        [id],
      );
      return { batch, bills: bills.map((b) => ({ consNo: b.cons_no, tariffCode: b.tariff_code, kwh: b.kwh, amountFen: n(b.amount_fen), exception: b.exception })) };
    },

    async batches(scope: BillingScope, ym?: string): Promise<CalcBatch[]> {
      const where = new SqlConditions();
      if (scope) where.add(`org_path IS NOT NULL`).scope('org_path', scope);
      if (ym) where.addWith('ym = ?', ym);
      const rows = await db.query<{ id: string }>(`SELECT id::text AS id FROM billing_batch ${where.where()} ORDER BY id DESC LIMIT 50`, where.params);
      return Promise.all(rows.map(async (r) => stripPath(await batchRow(db, r.id, scope))));
    },

    /** 发行: receivables for the batch's bills without exceptions; a second 发行 creates none. */
    async issue(ctx: BillingContext, id: string): Promise<CalcBatch> {
      return db.transaction(async (tx) => {
        const batch = await batchRow(tx, id, ctx.scope, true);
        requireVersion(ctx, batch.version, '核算批次已被他人更新，请刷新后重试');
        if (batch.status === 'ISSUED') return stripPath(batch);
        const at = now();
        const due = dueOf(batch.ym, at);
        const inserted = await issueBills(tx, id, due, at);
        await tx.query(`UPDATE billing_batch SET status = 'ISSUED', issued = $2, issued_at = $3, version = version + 1 WHERE id = $1`, [id, inserted, at]);
        return stripPath(await batchRow(tx, id, ctx.scope));
      });
    },

    /**
     * 量费审核 (bound task `audit`): the 核算员 passes exception bills (`approve`) for 发行 — at once when the batch
     * is already issued — and the others stay out until the next 核算. Bills without a reading or tariff cannot pass.
     */
    async auditBatch(ctx: BillingContext, id: string, input: { approve: string[]; opinion: string }): Promise<CalcBatch> {
      return engine.runInTransaction(db, async (tx) => {
        const batch = await batchRow(tx, id, ctx.scope, true);
        requireVersion(ctx, batch.version, '核算批次已被他人更新，请刷新后重试');
        const task = await engine.findOpenTask(tx, businessKeys.audit(id), 'audit');
        if (!task) throw conflict('该批次没有待办的量费审核');
        const principal = await mayActOn(tx, ctx, task);
        const approve = [...new Set(input.approve)];
        const candidates = await tx.query<{ cons_no: string; exception: string }>(
          `SELECT cons_no, exception FROM billing_bill WHERE batch_id = $1 AND cons_no = ANY($2::text[]) AND exception IS NOT NULL`,
          [id, approve],
        );
        const found = new Map(candidates.map((c) => [c.cons_no, c.exception]));
        for (const consNo of approve) {
          const exception = found.get(consNo);
          if (exception === undefined) throw badField('approve', `户号 ${consNo} 不是本批次的异常电费`);
          if (exception === '缺少抄表示数' || exception === '无适用电价') throw badField('approve', `户号 ${consNo}：${exception}，不能审核通过`);
        }
        if (approve.length > 0) {
          await tx.query('UPDATE billing_bill SET audit_note = exception, exception = NULL WHERE batch_id = $1 AND cons_no = ANY($2::text[])', [id, approve]);
          const [sum] = await tx.query<{ kwh: string; amount: string }>(
            'SELECT COALESCE(sum(kwh), 0)::text AS kwh, COALESCE(sum(amount_fen), 0)::text AS amount FROM billing_bill WHERE batch_id = $1 AND cons_no = ANY($2::text[])',
            [id, approve],
          );
          const issued = batch.status === 'ISSUED' ? await issueBills(tx, id, dueOf(batch.ym, now()), now(), approve) : 0;
          await tx.query('UPDATE billing_batch SET exceptions = exceptions - $2, kwh = kwh + $3, amount_fen = amount_fen + $4, issued = issued + $5, version = version + 1 WHERE id = $1', [
            id, approve.length, n(sum!.kwh), n(sum!.amount), issued,
          ]);
        } else {
          await tx.query('UPDATE billing_batch SET version = version + 1 WHERE id = $1', [id]);
        }
        await engine.complete(tx, principal, task.id, { opinion: input.opinion, form: { opinion: input.opinion, approved: approve.length }, domain: 'billing', views: false });
        return stripPath(await batchRow(tx, id, ctx.scope));
      });
    },

    /** 收费: see the module comment. A retry with the same Idempotency-Key answers the first payment. */
    async pay(ctx: BillingContext, input: { consNo: string; amountFen: number; method: Payment['method'] }, idempotencyKey: string | undefined): Promise<{ payment: Payment; replayed: boolean }> {
      const at = now();
      const { answer, replayed } = await engine.runInTransaction(db, (tx) =>
        idempotent(tx, IDEMPOTENCY, { username: ctx.actor.username, key: idempotencyKey, body: input, now: at }, async () => ({ paymentId: (await payIn(tx, ctx, input, at)).paymentId })),
      );
      return { payment: await paymentIn(db, answer.paymentId, ctx.scope), replayed };
    },

    payment: (id: string, scope: BillingScope) => paymentIn(db, id, scope),

    /** The collector's payments of a China day (解款/对账). */
    async dailyPayments(scope: BillingScope, collector: string, date: string): Promise<{ items: Payment[]; totalFen: number; reversedFen: number }> {
      const where = new SqlConditions().scope('org_path', scope).addWith('collector = ?', collector);
      where.addWith("paid_at >= (?::date - interval '8 hours') AND paid_at < (?::date + interval '16 hours')", date, date);
      const rows = await db.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM billing_payment ${where.where()} ORDER BY paid_at, id`, where.params);
      const allocations = await allocationsOf(db, rows.map((r) => r.id));
      const items = rows.map((r) => toPayment(r, allocations.get(r.id) ?? []));
      return {
        items,
        totalFen: items.filter((p) => !p.reversed).reduce((s, p) => s + p.amountFen, 0),
        reversedFen: items.filter((p) => p.reversed).reduce((s, p) => s + p.amountFen, 0),
      };
    },

    /** 冲正 by a second person: undoes the allocations and the 预存 part. */
    async reverse(ctx: BillingContext, id: string, reason: string): Promise<Payment> {
      await engine.runInTransaction(db, async (tx) => {
        if (!/^[0-9]{1,18}$/.test(id)) throw notFound('缴费记录');
        const [p] = await tx.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM billing_payment WHERE id = $1 FOR UPDATE`, [id]);
        if (!p || !orgPathInScope(p.org_path, ctx.scope)) throw notFound('缴费记录');
        requireVersion(ctx, p.version, '缴费记录已被他人更新，请刷新后重试');
        if (p.reversed) throw conflict('该笔缴费已冲正');
        if (p.collector === ctx.actor.username) throw new AppError(403, ErrorCode.NotAllowed, '冲正须由收费员以外的另一人办理');
        const [a] = await tx.query<{ prepaid_fen: string }>('SELECT prepaid_fen FROM billing_account WHERE cons_no = $1 FOR UPDATE', [p.cons_no]);
        if (n(a?.prepaid_fen ?? 0) < n(p.prepaid_fen)) throw conflict('该笔缴费的预存余额已被使用，不能冲正');
        const allocations = await tx.query<{ id: string; receivable_id: string; principal_fen: string; penalty_fen: string }>(
          'SELECT id::text AS id, receivable_id::text AS receivable_id, principal_fen, penalty_fen FROM billing_allocation WHERE payment_id = $1 AND NOT reversed',
          [id],
        );
        for (const al of allocations) {
          await tx.query('UPDATE billing_receivable SET paid_fen = paid_fen - $2, penalty_paid_fen = penalty_paid_fen - $3 WHERE id = $1', [al.receivable_id, al.principal_fen, al.penalty_fen]);
        }
        await tx.query('UPDATE billing_allocation SET reversed = true WHERE payment_id = $1', [id]);
        await tx.query('UPDATE billing_account SET prepaid_fen = prepaid_fen - $2, version = version + 1, updated_at = $3 WHERE cons_no = $1', [p.cons_no, p.prepaid_fen, now()]);
        // A 复电 order this payment created and not yet carried out is withdrawn with it.
        if (p.restore_order_id) {
          await tx.query(`UPDATE billing_order SET status = 'FAILED', note = '缴费已冲正，复电撤销', done_at = $2, version = version + 1 WHERE id = $1 AND status = 'OPEN'`, [p.restore_order_id, now()]);
          await withdrawBound(tx, businessKeys.order('RESTORE', p.restore_order_id), '缴费已冲正，复电撤销');
        }
        await tx.query('UPDATE billing_payment SET reversed = true, reversed_by = $2, reversed_at = $3, reverse_reason = $4, version = version + 1 WHERE id = $1', [
          id, ctx.actor.username, now(), reason,
        ]);
        await emitReceivableFacts(tx, BILLING_FACT_TOPICS.reversed, allocations.map((al) => al.receivable_id), now(), {
          ...(p.restore_order_id ? { orderIds: [p.restore_order_id] } : {}),
          text: '缴费冲正',
        });
      });
      return paymentIn(db, id, ctx.scope);
    },

    /** 欠费台账: customers with open receivables, by age band of the oldest one. */
    async arrears(scope: BillingScope, query: ArrearsQuery): Promise<ArrearsPage> {
      const asOf = today();
      const where = new SqlConditions().scope('r.org_path', scope);
      where.add('(r.paid_fen < r.amount_fen OR r.penalty_paid_fen < r.penalty_fen)');
      await whereUnderUnit(db, where, 'r.org_path', query.orgUnitCode);
      const asOfParam = where.param(asOf);
      const band = `CASE WHEN age <= 30 THEN 'D30' WHEN age <= 90 THEN 'D90' WHEN age <= 180 THEN 'D180' WHEN age <= 365 THEN 'D365' ELSE 'OVER' END`;
      const grouped = `
        SELECT g.*, ${band} AS age_band FROM (
          SELECT r.cons_no, min(r.ym) AS oldest_ym, count(*)::int AS months, sum(r.amount_fen - r.paid_fen)::bigint AS owe_fen,
                 sum(r.penalty_fen - r.penalty_paid_fen)::bigint AS charged_penalty,
                 greatest(0, ${asOfParam}::date - min(r.due_date))::int AS age
            FROM billing_receivable r ${where.where()} GROUP BY r.cons_no) g`;
      const filters: string[] = [];
      if (query.ageBand) filters.push(`x.age_band = ${where.param(query.ageBand)}`);
      if (query.minOweFen !== undefined) filters.push(`x.owe_fen >= ${where.param(query.minOweFen)}`);
      if (query.powerState) filters.push(`a.power_state = ${where.param(query.powerState)}`);
      if (query.tariffKind) filters.push(`a.tariff_code LIKE ${where.param(`${TARIFF_PREFIX[query.tariffKind]}%`)}`);
      const base = `FROM (${grouped}) x JOIN billing_account a ON a.cons_no = x.cons_no ${filters.length ? `WHERE ${filters.join(' AND ')}` : ''}`;
      const totals = await db.query<{ age_band: string; customers: number; owe_fen: string }>(
        `SELECT x.age_band, count(*)::int AS customers, sum(x.owe_fen)::bigint AS owe_fen ${base} GROUP BY x.age_band`,
        where.params,
      );
      const limit = where.param(query.pageSize);
      const offset = where.param((query.page - 1) * query.pageSize);
      const rows = await db.query<{ cons_no: string; name: string; org_unit_code: string; months: number; oldest_ym: string; age: number; age_band: ArrearsPage['items'][number]['ageBand']; owe_fen: string; power_state: 'ON' | 'OFF'; protected_flag: boolean }>(
        `SELECT x.cons_no, a.name, a.org_unit_code, x.months, x.oldest_ym, x.age, x.age_band, x.owe_fen, a.power_state, a.protected_flag ${base}
          ORDER BY x.age DESC, x.owe_fen DESC, x.cons_no LIMIT ${limit} OFFSET ${offset}`,
        where.params,
      );
      const items = await Promise.all(
        rows.map(async (r) => {
          const { penaltyFen } = owing((await receivablesOf(db, r.cons_no, true)), asOf);
          return {
            consNo: r.cons_no, name: r.name, orgUnitCode: r.org_unit_code, months: r.months, oldestYm: r.oldest_ym, ageDays: r.age, ageBand: r.age_band,
            oweFen: n(r.owe_fen), penaltyFen, powerState: r.power_state, protectedFlag: r.protected_flag,
          };
        }),
      );
      const byBand: ArrearsPage['totals']['byBand'] = {};
      for (const t of totals) byBand[t.age_band] = { customers: t.customers, oweFen: n(t.owe_fen) };
      return {
        items,
        total: totals.reduce((s, t) => s + t.customers, 0),
        page: query.page,
        pageSize: query.pageSize,
        totals: { customers: totals.reduce((s, t) => s + t.customers, 0), oweFen: totals.reduce((s, t) => s + n(t.owe_fen), 0), byBand },
      };
    },

    /** 保电/敏感 flag of an account (If-Match: the account's version). */
    async setProtected(ctx: BillingContext, consNo: string, protectedFlag: boolean): Promise<Account> {
      await db.transaction(async (tx) => {
        const a = await account(tx, consNo, ctx.scope, true);
        requireVersion(ctx, a.version, '账户已被他人更新，请刷新后重试');
        await tx.query('UPDATE billing_account SET protected_flag = $2, version = version + 1, updated_at = $3 WHERE cons_no = $1', [consNo, protectedFlag, now()]);
      });
      return accountView(db, consNo, ctx.scope);
    },

    /** 停电通知 (催费's last step): starts the notice period. */
    async notice(ctx: BillingContext, consNo: string): Promise<Account> {
      await db.transaction(async (tx) => {
        const a = await account(tx, consNo, ctx.scope, true);
        requireVersion(ctx, a.version, '账户已被他人更新，请刷新后重试');
        const { oweFen } = owing(await receivablesOf(tx, consNo, true), today());
        if (oweFen <= 0) throw conflict('该客户没有欠费，无需停电通知');
        if (a.protected_flag) throw conflict('保电/敏感客户不发停电通知');
        await tx.query('UPDATE billing_account SET notice_at = $2, version = version + 1, updated_at = $2 WHERE cons_no = $1', [consNo, now()]);
      });
      return accountView(db, consNo, ctx.scope);
    },

    /** 欠费停电 order, under the rules (module comment). */
    async cutoff(ctx: BillingContext, consNo: string, plannedAt: Date | undefined): Promise<Order> {
      const id = await engine.runInTransaction(db, async (tx) => {
        const a = await account(tx, consNo, ctx.scope, true);
        const at = plannedAt ?? now();
        if (at.getTime() < now().getTime() - 60_000) throw badField('plannedAt', '计划停电时间不能早于当前时间');
        if (a.protected_flag) throw conflict('保电/敏感客户不得欠费停电');
        if (a.power_state === 'OFF') throw conflict('该客户已停电');
        const { oweFen } = owing(await receivablesOf(tx, consNo, true), today());
        if (oweFen <= 0) throw conflict('该客户没有欠费，不能停电');
        if (!a.notice_at) throw conflict('尚未送达停电通知，不能停电');
        const noticeEnds = new Date(new Date(a.notice_at).getTime() + settings.noticeDays * 24 * HOUR);
        if (at < noticeEnds) throw conflict(`停电通知送达未满 ${settings.noticeDays} 天，不能停电`);
        if (!isWorkday(cstDate(at), await engine.holidays(tx))) throw conflict('节假日和周末不得停电');
        const hour = Number(cstDateTime(at).slice(11, 13)); // the China-time hour, as the calendar reads it
        if (hour < settings.cutoffHours[0] || hour >= settings.cutoffHours[1]) throw conflict(`只能在 ${settings.cutoffHours[0]}:00–${settings.cutoffHours[1]}:00 停电`);
        const [order] = await tx.query<{ id: string }>(
          `INSERT INTO billing_order (kind, cons_no, org_unit_code, org_path, status, planned_at, due_at, created_by, created_at)
           VALUES ('CUTOFF', $1, $2, $3, 'OPEN', $4, NULL, $5, $6) ON CONFLICT DO NOTHING RETURNING id::text AS id`,
          [consNo, a.org_unit_code, a.org_path, at, ctx.actor.username, now()],
        );
        if (!order) throw conflict('该客户已有待执行的停电工单');
        // Executed by the 台区经理 of the customer's 供电所, through this service only (ADR 0049).
        await startBound(tx, BILLING_PROCESSES.cutoff, businessKeys.order('CUTOFF', order.id), `欠费停电 ${a.name}（${consNo}）`, a.org_unit_code, { consNo, kind: 'CUTOFF' });
        return order.id;
      });
      return orderIn(db, id, ctx.scope);
    },

    /**
     * Carries out an order through its bound task (ADR 0049): 停电 → power OFF, 复电 → ON, and the customer archive's
     * 状态 follows (已停电 / 正常用电). Only the task's handler (the 台区经理 of the customer's 供电所) may. A failed
     * 复电 stays FAILED on the board and goes on to 现场复电（督办）, which is completed the same way once power is back.
     * Orders from before the bound processes (no task, no instance) are completed by the order right alone.
     */
    async completeOrder(ctx: BillingContext, id: string, success: boolean, note: string | undefined): Promise<Order> {
      await engine.runInTransaction(db, async (tx) => {
        const o = await orderIn(tx, id, ctx.scope, true);
        requireVersion(ctx, o.version, '工单已被他人更新，请刷新后重试');
        const key = businessKeys.order(o.kind, id);
        const task = await engine.findOpenTask(tx, key);
        const onsite = task?.nodeKey === 'onsite';
        if (o.status !== 'OPEN' && !(onsite && o.status === 'FAILED')) throw conflict('该工单已处理');
        if (onsite && !success) throw conflict('现场复电（督办）环节只能在恢复供电后办结');
        if (!task && (await engine.getInstanceByBusinessKey(tx, key))) throw conflict('该工单的流程已结束或已撤销');
        const principal = task ? await mayActOn(tx, ctx, task) : null;
        if (o.kind === 'CUTOFF' && success) {
          const { oweFen } = owing(await receivablesOf(tx, o.consNo, true), today());
          if (oweFen <= 0) throw conflict('客户已结清欠费，不能停电');
        }
        await tx.query('UPDATE billing_order SET status = $2, done_at = $3, note = $4, version = version + 1 WHERE id = $1', [id, success ? 'DONE' : 'FAILED', now(), note ?? null]);
        // 营销运营监测 (ADR 0047, 0061): the order's facts (复电及时率) follow through the event stream.
        await emitReceivableFacts(tx, o.kind === 'CUTOFF' ? BILLING_FACT_TOPICS.cutOff : BILLING_FACT_TOPICS.restored, [], now(), {
          orderIds: [id],
          text: o.kind === 'CUTOFF' ? (success ? '欠费停电执行' : '欠费停电未执行') : success ? '复电完成' : '远程复电失败，转现场复电',
        });
        if (success) {
          await tx.query('UPDATE billing_account SET power_state = $2, version = version + 1, updated_at = $3 WHERE cons_no = $1', [o.consNo, o.kind === 'CUTOFF' ? 'OFF' : 'ON', now()]);
          await setCustomersPowerCut(tx, [o.consNo], o.kind === 'CUTOFF');
        }
        if (task && principal) {
          await engine.complete(tx, principal, task.id, {
            outcome: success ? 'done' : 'fail',
            ...(note ? { opinion: note } : {}),
            form: { note: note ?? '' },
            domain: 'billing',
            views: false,
          });
        }
      });
      return orderIn(db, id, ctx.scope);
    },

    order: (id: string, scope: BillingScope) => orderIn(db, id, scope),

    async orders(scope: BillingScope, query: { kind?: 'CUTOFF' | 'RESTORE' | undefined; status?: 'OPEN' | 'DONE' | 'FAILED' | undefined; page: number; pageSize: number }) {
      const where = new SqlConditions().scope('o.org_path', scope);
      if (query.kind) where.addWith('o.kind = ?', query.kind);
      if (query.status) where.addWith('o.status = ?', query.status);
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM billing_order o ${where.where()}`, where.params);
      const rows = await db.query<OrderRow>(
        `SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} ${where.where()} ORDER BY o.status = 'OPEN' DESC, o.due_at NULLS LAST, o.id DESC
          LIMIT ${where.param(query.pageSize)} OFFSET ${where.param((query.page - 1) * query.pageSize)}`,
        where.params,
      );
      return { items: rows.map(toOrder), total: count?.n ?? 0, page: query.page, pageSize: query.pageSize };
    },
  };

  /**
   * 收费 inside the caller's transaction (counter, bank 代扣, 掌上电力): see the module comment. Returns the payment and the
   * 复电 order it created. The allocation is worked out in memory and written in one statement (ADR 0090): the payment,
   * every open month, the allocations, the account, the 催费 it ends and the event, so the account and the order a
   * caller holds stay locked for little longer than three round trips (P16). `restoreTask: 'after-commit'` (online
   * payments, ADR 0097): the 复电 order is created here, but its bound task is started by billing's outbox consumer after
   * the commit (an event of `RESTORE_TASK_TOPIC` in the same statement), not in the caller's transaction.
   */
  async function payIn(
    tx: Queryable,
    ctx: BillingContext,
    input: { consNo: string; amountFen: number; method: Payment['method'] },
    at: Date,
    options: { restoreTask?: 'now' | 'after-commit' } = {},
  ): Promise<{ paymentId: string; restoreOrderId: string | null }> {
    const a = await account(tx, input.consNo, ctx.scope, true);
    const asOf = cstDate(at);
    const open = await receivablesOf(tx, input.consNo, true, true);
    let left = input.amountFen;
    let stillOwed = 0;
    const months = open.map((r) => {
      // Charge the penalty accrued to today (it stays charged whatever is paid now).
      const add = n(r.paid_fen) < n(r.amount_fen) ? accrued(r, asOf) : 0;
      const through = daysLate(dateOnly(r.due_date), asOf) > 0 ? asOf : r.penalty_through;
      const penaltyDue = n(r.penalty_fen) + add - n(r.penalty_paid_fen);
      const penalty = Math.min(left, penaltyDue);
      left -= penalty;
      const principal = Math.min(left, n(r.amount_fen) - n(r.paid_fen));
      left -= principal;
      stillOwed += penaltyDue - penalty + (n(r.amount_fen) - n(r.paid_fen) - principal);
      return { id: r.id, add, penalty, principal, through };
    });
    const cleared = stillOwed === 0;
    let restoreOrderId: string | null = null;
    if (a.power_state === 'OFF' && cleared) {
      // 复电: the payment that clears the arrears of a cut-off customer orders it, due within restoreHours.
      const [order] = await tx.query<{ id: string }>(
        `INSERT INTO billing_order (kind, cons_no, org_unit_code, org_path, status, planned_at, due_at, created_by, created_at)
         VALUES ('RESTORE', $1, $2, $3, 'OPEN', $4, $5, $6, $4) ON CONFLICT DO NOTHING RETURNING id::text AS id`,
        [a.cons_no, a.org_unit_code, a.org_path, at, new Date(at.getTime() + settings.restoreHours * HOUR), ctx.actor.username],
        PREPARED,
      );
      restoreOrderId = order?.id ?? null;
      if (order && options.restoreTask !== 'after-commit') await startRestoreTask(tx, { id: order.id, consNo: a.cons_no, name: a.name, orgUnitCode: a.org_unit_code }, at);
    }
    // 营销运营监测 (ADR 0047, 0061): the months this payment settled (电费回收率, 欠费余额) and its 复电 order, named from
    // the rows already read (the account's 供电所 is the order's).
    const text = input.method === 'BANK' ? '银行代扣入账' : input.method === 'ONLINE' ? '线上缴费入账' : '柜台收费入账';
    const events: Array<{ topic: string; payload: Record<string, unknown> }> = billingFactRows(BILLING_FACT_TOPICS.paid, [
      ...open.map((r) => ({ orgUnitCode: r.org_unit_code, yms: [r.ym], text })),
      ...(restoreOrderId ? [{ orgUnitCode: a.org_unit_code, orderIds: [restoreOrderId], text }] : []),
    ]);
    if (restoreOrderId && options.restoreTask === 'after-commit') events.push({ topic: RESTORE_TASK_TOPIC, payload: { orderId: restoreOrderId } });
    const params: unknown[] = [
      input.consNo, a.org_path, input.amountFen, input.method, ctx.actor.username, at, left, restoreOrderId,
      months.map((m) => m.id), months.map((m) => m.add), months.map((m) => m.penalty), months.map((m) => m.principal), months.map((m) => m.through),
      cleared, BILLING_SYSTEM_ACTOR.username,
    ];
    // One statement: the payment with its 预存 share; every open month (its penalty charged through today) and this
    // payment's allocations, oldest first; the account's 预存 (and its notice, once cleared); the open 电话/上门催费
    // it ends (ADR 0060; their tasks are withdrawn below); and the event.
    const [written] = await tx.query<{ id: string; dunning: string[] }>(
      `WITH p AS (
         INSERT INTO billing_payment (cons_no, org_path, amount_fen, method, collector, paid_at, prepaid_fen, restore_order_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::bigint) RETURNING id
       ), v AS (
         SELECT * FROM unnest($9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::date[]) WITH ORDINALITY AS v(id, add_fen, penalty_fen, principal_fen, through, ord)
       ), months AS (
         UPDATE billing_receivable r SET penalty_fen = r.penalty_fen + v.add_fen, penalty_paid_fen = r.penalty_paid_fen + v.penalty_fen,
                paid_fen = r.paid_fen + v.principal_fen, penalty_through = v.through
           FROM v WHERE r.id = v.id
       ), allocations AS (
         INSERT INTO billing_allocation (payment_id, receivable_id, principal_fen, penalty_fen, at)
         SELECT p.id, v.id, v.principal_fen, v.penalty_fen, $6 FROM v CROSS JOIN p WHERE v.penalty_fen + v.principal_fen > 0 ORDER BY v.ord
       ), account AS (
         UPDATE billing_account SET prepaid_fen = prepaid_fen + $7, notice_at = CASE WHEN $14::boolean THEN NULL ELSE notice_at END,
                version = version + 1, updated_at = $6
          WHERE cons_no = $1
       ), dunning AS (
         UPDATE billing_dunning SET status = 'DONE', done_by = $15, done_at = $6, note = '客户已缴清欠费', version = version + 1
          WHERE $14::boolean AND cons_no = $1 AND status = 'OPEN' RETURNING id
       )${events.length > 0 ? `, events AS (${insertEventsSql(events, params, '$6::timestamptz')})` : ''}
       SELECT p.id::text AS id, ARRAY(SELECT id::text FROM dunning) AS dunning FROM p`,
      params,
      // Its text varies only with the number of events (one per 供电所 of the months, plus the 复电 task's).
      PREPARED,
    );
    // Arrears cleared: the 催费 just ended lose their tasks too; nobody has to call or visit any more.
    for (const id of written!.dunning) await withdrawBound(tx, businessKeys.dunning(id), '客户已缴清欠费，催费结束');
    return { paymentId: written!.id, restoreOrderId };
  }

  /** Creates or replaces the reading of a month not yet issued (replacing needs If-Match); `reviewed`: a 复核 correction. */
  async function writeReading(tx: Queryable, ctx: BillingContext, input: ReadingEntry, reviewed: boolean): Promise<Reading> {
    const [issued] = await tx.query('SELECT 1 FROM billing_receivable WHERE cons_no = $1 AND ym = $2', [input.consNo, input.ym]);
    if (issued) throw conflict('该月电费已发行，示数不能再修改');
    const [existing] = await tx.query<{ version: number }>('SELECT version FROM billing_reading WHERE cons_no = $1 AND ym = $2 FOR UPDATE', [input.consNo, input.ym]);
    if (existing) requireVersion(ctx, existing.version, '示数已被他人修改，请刷新后重试');
    const history = await tx.query<{ curr_index: string; kwh: number; multiplier: number }>(
      'SELECT curr_index, kwh, multiplier FROM billing_reading WHERE cons_no = $1 AND ym < $2 ORDER BY ym DESC LIMIT 3',
      [input.consNo, input.ym],
    );
    const prevIndex = n(history[0]?.curr_index ?? 0);
    const multiplier = history[0]?.multiplier ?? 1;
    const delta = input.currIndex - prevIndex;
    const kwh = Math.max(0, delta) * multiplier;
    const peak = input.peakKwh ?? 0;
    const valley = input.valleyKwh ?? 0;
    if (peak + valley > kwh) throw badField('peakKwh', '峰谷电量之和不能大于总电量');
    const average = history.length ? history.reduce((s, h) => s + h.kwh, 0) / history.length : 0;
    const exception = reviewed ? null : delta < 0 ? 'REVERSE' : input.estimated ? 'ESTIMATED' : kwh === 0 ? 'ZERO' : average > 0 && kwh > average * JUMP_RATIO ? 'JUMP' : null;
    const source = input.estimated ? 'ESTIMATED' : 'MANUAL';
    // Tied to the 抄表 plan: the 抄表段 the customer is read in (ADR 0043).
    const mrSectNo = await readingSectionOf(tx, input.consNo);
    await tx.query(
      `INSERT INTO billing_reading (cons_no, ym, source, prev_index, curr_index, multiplier, kwh, peak_kwh, flat_kwh, valley_kwh, kvarh, demand_kw, exception, updated_at, mr_sect_no)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (cons_no, ym) DO UPDATE SET source = EXCLUDED.source, prev_index = EXCLUDED.prev_index, curr_index = EXCLUDED.curr_index,
         kwh = EXCLUDED.kwh, peak_kwh = EXCLUDED.peak_kwh, flat_kwh = EXCLUDED.flat_kwh, valley_kwh = EXCLUDED.valley_kwh, kvarh = EXCLUDED.kvarh,
         demand_kw = EXCLUDED.demand_kw, exception = EXCLUDED.exception, mr_sect_no = EXCLUDED.mr_sect_no, reviewed_by = NULL, reviewed_at = NULL,
         version = billing_reading.version + 1, updated_at = EXCLUDED.updated_at`,
      [input.consNo, input.ym, source, prevIndex, input.currIndex, multiplier, kwh, peak, kwh - peak - valley, valley, input.kvarh ?? 0, input.demandKw ?? 0, exception, now(), mrSectNo],
    );
    const [unit] = await tx.query<{ org_unit_code: string }>('SELECT org_unit_code FROM billing_account WHERE cons_no = $1', [input.consNo]);
    if (unit) await emitBillingFacts(tx, BILLING_FACT_TOPICS.read, [{ orgUnitCode: unit.org_unit_code, yms: [input.ym] }], now());
    return (await readingsIn(tx, input.consNo, input.ym))[0]!;
  }

  async function readingsIn(q: Queryable, consNo: string, ym?: string): Promise<Reading[]> {
    const rows = await q.query<Record<string, unknown>>(
      `SELECT cons_no, ym, source, prev_index, curr_index, multiplier, kwh, peak_kwh, flat_kwh, valley_kwh, kvarh, demand_kw, exception, mr_sect_no, reviewed_by, version
         FROM billing_reading WHERE cons_no = $1 ${ym ? 'AND ym = $2' : ''} ORDER BY ym DESC LIMIT 24`,
      ym ? [consNo, ym] : [consNo],
    );
    return rows.map((r) => ({
      consNo: String(r['cons_no']),
      ym: String(r['ym']),
      source: r['source'] as Reading['source'],
      prevIndex: Number(r['prev_index']),
      currIndex: Number(r['curr_index']),
      multiplier: Number(r['multiplier']),
      kwh: Number(r['kwh']),
      peakKwh: Number(r['peak_kwh']),
      flatKwh: Number(r['flat_kwh']),
      valleyKwh: Number(r['valley_kwh']),
      kvarh: Number(r['kvarh']),
      demandKw: Number(r['demand_kw']),
      exception: (r['exception'] as Reading['exception']) ?? null,
      mrSectNo: (r['mr_sect_no'] as string | null) ?? null,
      reviewedBy: (r['reviewed_by'] as string | null) ?? null,
      version: Number(r['version']),
    }));
  }

  async function paymentIn(q: Queryable, id: string, scope: BillingScope): Promise<Payment> {
    if (!/^[0-9]{1,18}$/.test(id)) throw notFound('缴费记录');
    const [p] = await q.query<PaymentRow>(`SELECT ${PAYMENT_COLUMNS} FROM billing_payment WHERE id = $1`, [id]);
    if (!p || !orgPathInScope(p.org_path, scope)) throw notFound('缴费记录');
    return toPayment(p, (await allocationsOf(q, [id])).get(id) ?? []);
  }

  async function orderIn(q: Queryable, id: string, scope: BillingScope, lock = false): Promise<Order> {
    if (!/^[0-9]{1,18}$/.test(id)) throw notFound('工单');
    const [o] = await q.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM ${ORDER_FROM} WHERE o.id = $1${lock ? ' FOR UPDATE OF o' : ''}`, [id]);
    if (!o || !orgPathInScope(o.org_path, scope)) throw notFound('工单');
    return toOrder(o);
  }
}

export type BillingOperations = ReturnType<typeof createBillingOperations>;
