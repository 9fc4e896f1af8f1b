/**
 * Online payment, exactly once (ADR 0046).
 *
 * - An order (商户订单号 `out_trade_no`) fixes the amount of the chosen open bills (or all arrears) with 违约金 as of
 *   today; creating it takes an Idempotency-Key (a double tap answers the same order) and then asks the provider
 *   for its checkout (idempotent on `out_trade_no` at the provider too).
 * - `settle` is the one way an order becomes paid, whoever reports it (the notification, or our query of the
 *   provider): in one transaction it locks the order row, refuses an amount that is not the order's, answers a
 *   paid order as already done, and otherwise writes the payment off through billing's own 收费 (`payIn`: oldest
 *   first, 违约金 first, the rest to 预存, and the 复电 order when a cut-off customer is cleared, its bound task
 *   started by billing's outbox consumer after the commit, ADR 0097). The order's
 *   `payment_id` is unique: one order, one payment, one write-off. A counter payment at the same moment waits on
 *   billing's account lock and allocates what is left; the surplus becomes 预存.
 * - A notification that finds the order held by another settlement (the provider's duplicate racing the first
 *   delivery) does not wait for it: it answers from the committed order, and acknowledges only after recording itself
 *   (NOTIFY_IN_FLIGHT); if the other settlement rolls back, the sweep writes the order off from that record (ADR 0083).
 * - Orders with no notification are settled by querying the provider (on the customer's return and by a sweep).
 * - The daily reconciliation compares the provider's 对账单 with our paid orders and lists every difference.
 */
import { randomInt } from 'node:crypto';
import { ErrorCode } from '@wb/contracts';
import type { PayOrder, Reconciliation } from '@wb/contracts/customer-portal';
import { AppError, idempotent } from '@wb/server-kit';
import type { Db, IdempotencyStore, Queryable } from '@wb/server-kit';
import type { BillingOperations } from '../billing/index.ts';
import type { WorkflowEngine } from '../workflow/index.ts';
import { cstDate } from '../workflow/index.ts';
import type { CustomerPrincipal } from './realm.ts';
import { providerTime, type PaymentProvider, type ProviderNotification } from './provider.ts';

/** billing's `collector` of online payments (receipts print it as 收费员). */
export const ONLINE_COLLECTOR = '掌上电力';

export interface PaymentEvent {
  kind: 'NOTIFY_ACCEPTED' | 'NOTIFY_DUPLICATE' | 'NOTIFY_IN_FLIGHT' | 'QUERY_SETTLED' | 'BAD_SIGNATURE' | 'BAD_AMOUNT' | 'UNKNOWN_ORDER' | 'SECOND_TRADE';
  outTradeNo: string;
  detail: Record<string, unknown>;
}

interface OrderRow {
  out_trade_no: string;
  customer_id: string;
  cons_no: string;
  amount_fen: string | number;
  receivable_ids: string[] | null;
  status: 'CREATED' | 'PAID' | 'CLOSED';
  checkout_url: string | null;
  return_path: string | null;
  provider_trade_no: string | null;
  payment_id: string | null;
  restore_order_id: string | null;
  created_at: Date | string;
  paid_at: Date | string | null;
}

const ORDER_COLUMNS = `out_trade_no, customer_id::text AS customer_id, cons_no, amount_fen, receivable_ids, status, checkout_url, return_path,
  provider_trade_no, payment_id::text AS payment_id, restore_order_id::text AS restore_order_id, created_at, paid_at`;

const IDEMPOTENCY: IdempotencyStore<{ outTradeNo: string }> = {
  table: 'cp_idempotency',
  columns: ['out_trade_no'],
  toRow: (a) => [a.outTradeNo],
  fromRow: (row) => ({ outTradeNo: String(row['out_trade_no']) }),
  reusedMessage: '该支付请求编号已用于另一笔订单，请刷新后重新发起支付',
};

const n = (v: string | number | null | undefined): number => Number(v ?? 0);
/** The payment path's fixed statements go prepared (ADR 0094; named per connection on PostgreSQL, ADR 0097). */
const PREPARED = { prepare: true } as const;
const conflict = (message: string): AppError => new AppError(409, ErrorCode.Conflict, message);
const badField = (field: string, message: string): AppError => new AppError(400, ErrorCode.BadRequest, message, { [field]: message });

export interface PaymentsDeps {
  db: Db;
  engine: WorkflowEngine;
  now: () => Date;
  billing: BillingOperations;
  provider: PaymentProvider;
  /** Our notify URL and the mount of the customer app's result page. */
  notifyUrl: string;
  /** Records an event (audit and `cp_pay_event`). */
  record: (event: PaymentEvent) => Promise<void>;
}

export function createPayments(deps: PaymentsDeps) {
  const { db, engine, now, billing, provider } = deps;
  const { internals } = billing;

  function toOrder(o: OrderRow): PayOrder {
    return {
      outTradeNo: o.out_trade_no,
      consNo: o.cons_no,
      amountFen: n(o.amount_fen),
      status: o.status,
      checkoutUrl: o.checkout_url ?? '',
      createdAt: new Date(o.created_at).toISOString(),
      paidAt: o.paid_at ? new Date(o.paid_at).toISOString() : null,
      paymentId: o.payment_id,
      restoreOrderId: o.restore_order_id,
    };
  }

  /** An order; `lock` waits for its row. */
  async function orderRow(q: Queryable, outTradeNo: string, how: 'read' | 'lock' = 'read'): Promise<OrderRow | undefined> {
    const [row] = await q.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM cp_pay_order WHERE out_trade_no = $1${how === 'lock' ? ' FOR UPDATE' : ''}`, [outTradeNo], PREPARED);
    return row;
  }

  /**
   * An order locked, or, while another transaction holds its row, as committed (`held`), in one statement (ADR 0090).
   * A row this statement locks is the latest version (the CTE's `FOR UPDATE`), never the snapshot's: a settlement that
   * committed just before the lock is seen as PAID.
   */
  async function lockedOrHeld(q: Queryable, outTradeNo: string): Promise<{ row: OrderRow; held: boolean } | undefined> {
    const [row] = await q.query<OrderRow & { held: boolean }>(
      `WITH l AS MATERIALIZED (SELECT ${ORDER_COLUMNS} FROM cp_pay_order WHERE out_trade_no = $1 FOR UPDATE SKIP LOCKED)
       SELECT l.*, false AS held FROM l
       UNION ALL
       SELECT ${ORDER_COLUMNS}, true AS held FROM cp_pay_order WHERE out_trade_no = $1 AND NOT EXISTS (SELECT 1 FROM l)`,
      [outTradeNo],
      PREPARED,
    );
    if (!row) return undefined;
    const { held, ...order } = row;
    return { row: order, held };
  }

  /** The open bills of a 户 with what paying each costs today, oldest first. */
  async function openBills(q: Queryable, consNo: string): Promise<Array<{ id: string; ym: string; dueFen: number }>> {
    const asOf = billing.today();
    const rows = await internals.receivablesOf(q, consNo, true);
    return rows.map((r) => {
      const { oweFen, penaltyFen } = internals.owing([r], asOf);
      return { id: r.id, ym: r.ym, dueFen: oweFen + penaltyFen };
    });
  }

  function newOutTradeNo(at: Date): string {
    return `CP${providerTime(at)}${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;
  }

  /** Asks the provider for the checkout of a CREATED order (again after a retry: idempotent on out_trade_no). */
  async function ensureCheckout(o: OrderRow): Promise<OrderRow> {
    if (o.status !== 'CREATED' || o.checkout_url) return o;
    const returnUrl = `${o.return_path ?? '/c/pay/result'}`;
    const { checkoutUrl } = await provider.createOrder({
      outTradeNo: o.out_trade_no,
      amountFen: n(o.amount_fen),
      subject: `电费缴纳-户号${o.cons_no}`,
      notifyUrl: deps.notifyUrl,
      returnUrl,
    });
    await db.query('UPDATE cp_pay_order SET checkout_url = $2 WHERE out_trade_no = $1', [o.out_trade_no, checkoutUrl], PREPARED);
    return { ...o, checkout_url: checkoutUrl };
  }

  /**
   * The one way an order becomes paid; see the module comment. `answer`: a notification is answered at once when
   * another settlement of the order holds its row (below); the sweep and the customer's query wait for the row.
   */
  async function settle(report: ProviderNotification, by: 'NOTIFY' | 'QUERY', mode: 'answer' | 'wait' = by === 'NOTIFY' ? 'answer' : 'wait'): Promise<{ accepted: boolean; message?: string; order?: PayOrder }> {
    let event: PaymentEvent | null = null;
    let wroteOff = false;
    const result = await db.transaction(async (tx): Promise<{ accepted: boolean; message?: string; row?: OrderRow }> => {
      // Held: another settlement of this order is in its transaction (the provider's duplicate racing the first
      // delivery, as providers send them). Not waiting for its commit, this one answers from what is committed, and
      // a success only after the notification itself is recorded (NOTIFY_IN_FLIGHT, committed before the answer):
      // should the other roll back, the sweep writes the order off from that record (ADR 0083).
      const found = mode === 'answer' ? await lockedOrHeld(tx, report.outTradeNo) : undefined;
      const o = mode === 'answer' ? found?.row : await orderRow(tx, report.outTradeNo, 'lock');
      const held = found?.held ?? false;
      if (!o) {
        event = { kind: 'UNKNOWN_ORDER', outTradeNo: report.outTradeNo, detail: { by, transactionId: report.transactionId, amountFen: report.amountFen } };
        return { accepted: false, message: '订单不存在' };
      }
      if (report.amountFen !== n(o.amount_fen)) {
        event = { kind: 'BAD_AMOUNT', outTradeNo: o.out_trade_no, detail: { by, reportedFen: report.amountFen, orderFen: n(o.amount_fen), transactionId: report.transactionId } };
        return { accepted: false, message: '金额与订单不符' };
      }
      if (o.status === 'PAID') {
        event =
          o.provider_trade_no === report.transactionId
            ? { kind: 'NOTIFY_DUPLICATE', outTradeNo: o.out_trade_no, detail: { by, transactionId: report.transactionId } }
            : { kind: 'SECOND_TRADE', outTradeNo: o.out_trade_no, detail: { by, transactionId: report.transactionId, settledWith: o.provider_trade_no } };
        return { accepted: true, row: o };
      }
      if (held) {
        event = { kind: 'NOTIFY_IN_FLIGHT', outTradeNo: o.out_trade_no, detail: { transactionId: report.transactionId, amountFen: report.amountFen, paidAt: report.paidAt.toISOString() } };
        return { accepted: true, row: o };
      }
      // CREATED (or CLOSED by us while the customer paid anyway): the money arrived, so it is written off.
      const { paymentId, restoreOrderId } = await internals.payIn(
        tx,
        { actor: { username: ONLINE_COLLECTOR }, scope: undefined },
        { consNo: o.cons_no, amountFen: n(o.amount_fen), method: 'ONLINE' },
        now(),
        // The 复电 order is created here, its bound task by billing's consumer after the commit (ADR 0097).
        { restoreTask: 'after-commit' },
      );
      // The order paid and its event recorded in one statement, committed with the write-off (ADR 0090).
      const [paid] = await tx.query<OrderRow>(
        `WITH e AS (INSERT INTO cp_pay_event (out_trade_no, kind, detail, at) VALUES ($1, $7, $8::jsonb, $9))
         UPDATE cp_pay_order SET status = 'PAID', provider_trade_no = $2, payment_id = $3, restore_order_id = $4, settled_by = $5, paid_at = $6
          WHERE out_trade_no = $1 RETURNING ${ORDER_COLUMNS}`,
        [
          o.out_trade_no, report.transactionId, paymentId, restoreOrderId, by, report.paidAt,
          by === 'NOTIFY' ? 'NOTIFY_ACCEPTED' : 'QUERY_SETTLED', JSON.stringify({ transactionId: report.transactionId, paymentId, amountFen: n(o.amount_fen) }), now(),
        ],
        PREPARED,
      );
      wroteOff = true;
      return { accepted: true, row: paid! };
    });
    // Only a write-off wrote events (billing's): the outbox is woken for it, not for an answer that wrote nothing.
    if (wroteOff) engine.afterCommit();
    if (event) await deps.record(event);
    return { accepted: result.accepted, ...(result.message ? { message: result.message } : {}), ...(result.row ? { order: toOrder(result.row) } : {}) };
  }

  /** Asks the provider about a CREATED order and settles it when paid there. */
  async function settleByQuery(outTradeNo: string): Promise<void> {
    const trade = await provider.query(outTradeNo);
    if (trade.state === 'SUCCESS' && trade.transactionId && trade.amountFen !== null && trade.paidAt) {
      await settle({ outTradeNo, transactionId: trade.transactionId, amountFen: trade.amountFen, paidAt: trade.paidAt }, 'QUERY');
    }
  }

  return {
    openBills,
    settle,
    settleByQuery,

    /** Creates the order (Idempotency-Key: a double tap makes one), then its checkout at the provider. */
    async createOrder(customer: CustomerPrincipal, input: { consNo: string; receivableIds?: string[] | undefined; returnPath?: string | undefined }, key: string | undefined): Promise<{ order: PayOrder; replayed: boolean }> {
      if (!key) throw new AppError(400, ErrorCode.BadRequest, '缺少支付请求编号（Idempotency-Key），请刷新后重试', { 'idempotency-key': '必填' });
      const at = now();
      // The row this request inserted (a replay reads the first request's below).
      let inserted: OrderRow | undefined;
      const { answer, replayed } = await db.transaction((tx) =>
        idempotent(tx, IDEMPOTENCY, { username: `customer:${customer.id}`, key, body: input, now: at }, async () => {
          const bills = await openBills(tx, input.consNo);
          let chosen = bills;
          if (input.receivableIds) {
            const wanted = new Set(input.receivableIds);
            if (wanted.size !== input.receivableIds.length) throw badField('receivableIds', '账单重复');
            const unknown = input.receivableIds.filter((id) => !bills.some((b) => b.id === id));
            if (unknown.length > 0) throw conflict('所选账单已结清或不存在，请刷新后重试');
            // 销账 is oldest first (billing's rule): the chosen bills must be the oldest open ones.
            chosen = bills.slice(0, wanted.size);
            if (!chosen.every((b) => wanted.has(b.id))) throw badField('receivableIds', '请从最早的欠费月份开始缴纳');
          }
          const amount = chosen.reduce((s, b) => s + b.dueFen, 0);
          if (amount <= 0) throw conflict('该户号当前没有需要缴纳的电费');
          const outTradeNo = newOutTradeNo(at);
          [inserted] = await tx.query<OrderRow>(
            `INSERT INTO cp_pay_order (out_trade_no, customer_id, cons_no, amount_fen, receivable_ids, status, provider, return_path, created_at)
             VALUES ($1, $2, $3, $4, $5::jsonb, 'CREATED', $6, $7, $8) RETURNING ${ORDER_COLUMNS}`,
            [outTradeNo, customer.id, input.consNo, amount, input.receivableIds ? JSON.stringify(chosen.map((b) => b.id)) : null, provider.name, input.returnPath ?? null, at],
            PREPARED,
          );
          return { outTradeNo };
        }),
      );
      const row = await ensureCheckout((replayed ? undefined : inserted) ?? (await orderRow(db, answer.outTradeNo))!);
      return { order: toOrder(row), replayed };
    },

    /** One order of the customer; a CREATED one is checked with the provider first (the browser may be back before the notification). */
    async order(customer: CustomerPrincipal, outTradeNo: string): Promise<PayOrder> {
      let o = await orderRow(db, outTradeNo);
      if (!o || o.customer_id !== customer.id) throw new AppError(404, ErrorCode.NotFound, '未找到该支付订单');
      if (o.status === 'CREATED') {
        await settleByQuery(outTradeNo);
        o = (await orderRow(db, outTradeNo))!;
      }
      return toOrder(o);
    },

    async orders(customer: CustomerPrincipal, consNo: string): Promise<PayOrder[]> {
      const rows = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM cp_pay_order WHERE customer_id = $1 AND cons_no = $2 ORDER BY created_at DESC LIMIT 50`, [customer.id, consNo]);
      return rows.map(toOrder);
    },

    /**
     * The sweep: a notification answered while another settlement held the order (NOTIFY_IN_FLIGHT, within a day)
     * is written off from that record if the order is still unpaid; CREATED orders older than `olderThanMs` are
     * queried; those unpaid after a day are closed. One order failing does not stop the others (all are tried,
     * then the failures are thrown together).
     */
    async settlePending(olderThanMs: number): Promise<number> {
      const at = now();
      const dayAgo = new Date(at.getTime() - 24 * 3_600_000);
      const notices = await db.query<{ out_trade_no: string; detail: { transactionId: string; amountFen: number; paidAt: string } }>(
        `SELECT DISTINCT ON (e.out_trade_no) e.out_trade_no, e.detail FROM cp_pay_event e JOIN cp_pay_order o ON o.out_trade_no = e.out_trade_no
          WHERE e.kind = 'NOTIFY_IN_FLIGHT' AND e.at > $1 AND o.status <> 'PAID' ORDER BY e.out_trade_no, e.id DESC LIMIT 200`,
        [dayAgo],
      );
      const pending = await db.query<{ out_trade_no: string }>(
        `SELECT out_trade_no FROM cp_pay_order WHERE status = 'CREATED' AND created_at <= $1 ORDER BY created_at LIMIT 200`,
        [new Date(at.getTime() - olderThanMs)],
      );
      const noticed = new Set(notices.map((e) => e.out_trade_no));
      const failures: unknown[] = [];
      const attempt = (work: Promise<unknown>) => work.catch((err: unknown) => failures.push(err));
      for (const { out_trade_no: outTradeNo, detail: d } of notices) {
        await attempt(settle({ outTradeNo, transactionId: d.transactionId, amountFen: d.amountFen, paidAt: new Date(d.paidAt) }, 'NOTIFY', 'wait'));
      }
      for (const r of pending) if (!noticed.has(r.out_trade_no)) await attempt(settleByQuery(r.out_trade_no));
      await db.query(`UPDATE cp_pay_order SET status = 'CLOSED' WHERE status = 'CREATED' AND created_at <= $1`, [dayAgo]);
      if (failures.length > 0) throw new AggregateError(failures, `payment sweep: ${failures.length} orders not settled`);
      return notices.length + pending.length;
    },

    /** 对账: the provider's 对账单 of a China day against our paid orders of that day. */
    async reconcile(date: string): Promise<Reconciliation> {
      const theirs = await provider.reconciliation(date);
      const paid = await db.query<{ out_trade_no: string; amount_fen: string; provider_trade_no: string | null; payment_id: string }>(
        `SELECT o.out_trade_no, o.amount_fen, o.provider_trade_no, o.payment_id::text AS payment_id FROM cp_pay_order o
          WHERE o.status = 'PAID' AND o.provider = $2 AND o.paid_at >= ($1::date - interval '8 hours') AND o.paid_at < ($1::date + interval '16 hours')`,
        [date, provider.name],
      );
      // Reversed at the counter afterwards (冲正): billing's payment says so.
      const ours = await Promise.all(paid.map(async (o) => ({ ...o, reversed: (await billing.payment(o.payment_id, undefined)).reversed })));
      const ourBy = new Map(ours.map((o) => [o.out_trade_no, o]));
      const theirBy = new Map(theirs.map((t) => [t.outTradeNo, t]));
      const differences: Reconciliation['differences'] = [];
      for (const t of theirs) {
        const o = ourBy.get(t.outTradeNo);
        if (!o) {
          // Paid there on this day but not here (or written off on another day: the later check finds it).
          const [any] = await db.query<{ status: string; amount_fen: string }>('SELECT status, amount_fen FROM cp_pay_order WHERE out_trade_no = $1', [t.outTradeNo]);
          if (any?.status === 'PAID' && n(any.amount_fen) === t.amountFen) continue;
          differences.push({ kind: 'MISSING_HERE', outTradeNo: t.outTradeNo, providerFen: t.amountFen, ourFen: any?.status === 'PAID' ? n(any.amount_fen) : null });
        } else if (n(o.amount_fen) !== t.amountFen) {
          differences.push({ kind: 'AMOUNT', outTradeNo: t.outTradeNo, providerFen: t.amountFen, ourFen: n(o.amount_fen) });
        } else if (o.reversed) {
          differences.push({ kind: 'REVERSED', outTradeNo: t.outTradeNo, providerFen: t.amountFen, ourFen: n(o.amount_fen) });
        }
      }
      for (const o of ours) {
        if (!theirBy.has(o.out_trade_no)) {
          const trade = await provider.query(o.out_trade_no);
          if (trade.state === 'SUCCESS' && trade.paidAt && cstDate(trade.paidAt) !== date) continue; // on their file of another day
          differences.push({ kind: 'MISSING_THERE', outTradeNo: o.out_trade_no, providerFen: null, ourFen: n(o.amount_fen) });
        }
      }
      return {
        date,
        provider: provider.name,
        providerCount: theirs.length,
        providerFen: theirs.reduce((s, t) => s + t.amountFen, 0),
        ourCount: ours.length,
        ourFen: ours.reduce((s, o) => s + n(o.amount_fen), 0),
        differences,
      };
    },
  };
}

export type Payments = ReturnType<typeof createPayments>;
