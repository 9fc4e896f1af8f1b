/**
 * The simulated payment provider (ADR 0046): a stand-in for a real mobile-payment channel, inside the server but
 * with its own books (`sim_pay_trade`) and its own pages, talking to our side only as a real one would:
 *
 * - 统一下单: `createOrder` keeps one trade per (商户号, out_trade_no) and answers its checkout page URL;
 * - 收银台: `GET …/sim-pay/checkout/:transactionId` is an HTML page (no script) with 确认支付 / 取消; the form posts
 *   back (no cookie is involved: the 128-bit transaction id is the capability) and the browser is sent to the
 *   merchant's return URL at once, whatever the notification does;
 * - 支付结果通知: after payment the provider POSTs a JSON body signed with the merchant key to the notify URL
 *   (through the HTTP stack, `inject`), and retries until the merchant answers `SUCCESS` (delays configurable);
 * - 订单查询 and the 对账单 of a day.
 *
 * Tests switch `autoNotify` off and call `deliver` themselves to duplicate, delay or drop notifications.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { z } from 'zod';
import type { Db } from '@wb/server-kit';
import { hasValidSignature, parseProviderTime, providerTime, signFields, type PaymentProvider, type ProviderTrade, type ReconciliationLine } from './provider.ts';

export interface SimulatedProviderOptions {
  /** 商户号. */
  mchId?: string;
  /** The merchant key both sides sign with (PAY_SIM_KEY in a deployment; a development default otherwise). */
  key?: string;
  /** Deliver notifications by itself after payment (default true). */
  autoNotify?: boolean;
  /** Delays before the 1st, 2nd, … delivery attempt (default 0, 2 s, 10 s, 60 s, 5 min). */
  retryDelaysMs?: readonly number[];
}

interface Bound {
  db: Db;
  now: () => Date;
  inject: (options: InjectOptions) => Promise<LightMyRequestResponse>;
  /** The service's mount point, e.g. `/api/svc/customer-portal/v1`. */
  base: string;
}

interface TradeRow {
  transaction_id: string;
  mch_id: string;
  out_trade_no: string;
  amount_fen: string | number;
  subject: string;
  notify_url: string;
  return_url: string;
  status: 'NOTPAY' | 'SUCCESS' | 'CLOSED';
  paid_at: Date | string | null;
  notified_at: Date | string | null;
}

export const DEV_PROVIDER_KEY = 'wb-sim-pay-development-key-not-for-production';
const DEFAULT_DELAYS = [0, 2_000, 10_000, 60_000, 300_000];

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const yuan = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

export interface Delivery {
  acknowledged: boolean;
  status: number;
  body: string;
  /** The merchant's answer time in ms; 0 when nothing was sent. */
  merchantMs: number;
}

export interface SimulatedProvider {
  provider: PaymentProvider;
  bind(deps: Bound): void;
  /** The checkout page and its form (registered by the service plugin). */
  registerRoutes(scope: FastifyInstance): void;
  /** The customer confirms on the checkout page. */
  pay(transactionId: string): Promise<boolean>;
  /**
   * One notification attempt; answers whether the merchant acknowledged it and how long the merchant took to answer
   * (`merchantMs`: from sending the POST to its answer, without the provider's own bookkeeping before and after).
   */
  deliver(outTradeNo: string, tamper?: (fields: Record<string, string>) => Record<string, string>): Promise<Delivery>;
  transactionOf(outTradeNo: string): Promise<string | null>;
  /** Stops pending retries (server close). */
  close(): void;
}

export function createSimulatedProvider(options: SimulatedProviderOptions = {}): SimulatedProvider {
  const mchId = options.mchId ?? '1900000109';
  const key = options.key ?? DEV_PROVIDER_KEY;
  const autoNotify = options.autoNotify ?? true;
  const delays = options.retryDelaysMs ?? DEFAULT_DELAYS;
  const timers = new Set<NodeJS.Timeout>();
  let bound: Bound | null = null;
  const deps = (): Bound => {
    if (!bound) throw new Error('simulated provider: not bound to a server');
    return bound;
  };

  async function tradeBy(column: 'transaction_id' | 'out_trade_no', value: string): Promise<TradeRow | undefined> {
    const [row] = await deps().db.query<TradeRow>(`SELECT * FROM sim_pay_trade WHERE mch_id = $1 AND ${column} = $2`, [mchId, value]);
    return row;
  }

  function schedule(outTradeNo: string, attempt: number): void {
    if (!autoNotify || attempt >= delays.length) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      void deliver(outTradeNo)
        .then((r) => {
          if (!r.acknowledged) schedule(outTradeNo, attempt + 1);
        })
        .catch(() => schedule(outTradeNo, attempt + 1));
    }, delays[attempt]);
    timer.unref();
    timers.add(timer);
  }

  async function deliver(outTradeNo: string, tamper?: (fields: Record<string, string>) => Record<string, string>): Promise<Delivery> {
    const d = deps();
    // The paid trade, its attempt counted in the same statement.
    const [trade] = await d.db.query<TradeRow>(
      `UPDATE sim_pay_trade SET notify_attempts = notify_attempts + 1 WHERE mch_id = $1 AND out_trade_no = $2 AND status = 'SUCCESS' RETURNING *`,
      [mchId, outTradeNo],
      { prepare: true },
    );
    if (!trade) return { acknowledged: false, status: 0, body: 'no paid trade', merchantMs: 0 };
    const fields: Record<string, string> = {
      mch_id: trade.mch_id,
      out_trade_no: trade.out_trade_no,
      transaction_id: trade.transaction_id,
      total_fee: String(Number(trade.amount_fen)),
      trade_state: 'SUCCESS',
      time_end: providerTime(new Date(trade.paid_at!)),
      nonce_str: randomBytes(8).toString('hex'),
    };
    fields['sign'] = signFields(fields, key);
    const body = tamper ? tamper(fields) : fields;
    const sent = performance.now();
    const response = await d.inject({ method: 'POST', url: trade.notify_url, payload: body, headers: { 'content-type': 'application/json' } });
    const merchantMs = performance.now() - sent;
    let acknowledged: boolean;
    try {
      acknowledged = response.statusCode === 200 && (JSON.parse(response.body) as { code?: string }).code === 'SUCCESS';
    } catch {
      acknowledged = false;
    }
    if (acknowledged && !trade.notified_at) await d.db.query('UPDATE sim_pay_trade SET notified_at = COALESCE(notified_at, $2) WHERE transaction_id = $1', [trade.transaction_id, d.now()], { prepare: true });
    return { acknowledged, status: response.statusCode, body: response.body, merchantMs };
  }

  async function pay(transactionId: string): Promise<boolean> {
    const d = deps();
    const rows = await d.db.query<{ out_trade_no: string }>(
      `UPDATE sim_pay_trade SET status = 'SUCCESS', paid_at = $2 WHERE transaction_id = $1 AND status = 'NOTPAY' RETURNING out_trade_no`,
      [transactionId, d.now()],
    );
    if (rows[0]) schedule(rows[0].out_trade_no, 0);
    return rows.length > 0;
  }

  const provider: PaymentProvider = {
    name: 'SIMPAY',
    async createOrder(input) {
      const d = deps();
      const transactionId = `42${providerTime(d.now())}${randomBytes(12).toString('hex')}`;
      const [created] = await d.db.query<{ transaction_id: string }>(
        `INSERT INTO sim_pay_trade (transaction_id, mch_id, out_trade_no, amount_fen, subject, notify_url, return_url, status, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'NOTPAY', $8) ON CONFLICT (mch_id, out_trade_no) DO NOTHING RETURNING transaction_id`,
        [transactionId, mchId, input.outTradeNo, input.amountFen, input.subject, input.notifyUrl, input.returnUrl, d.now()],
        { prepare: true },
      );
      // The same out_trade_no again: its first trade.
      const trade = created ?? (await tradeBy('out_trade_no', input.outTradeNo));
      return { checkoutUrl: `${d.base}/sim-pay/checkout/${trade!.transaction_id}` };
    },
    async query(outTradeNo): Promise<ProviderTrade> {
      const t = await tradeBy('out_trade_no', outTradeNo);
      if (!t) return { state: 'NOT_FOUND', outTradeNo, transactionId: null, amountFen: null, paidAt: null };
      return { state: t.status, outTradeNo, transactionId: t.transaction_id, amountFen: Number(t.amount_fen), paidAt: t.paid_at ? new Date(t.paid_at) : null };
    },
    verifyNotification(body) {
      if (!hasValidSignature(body, key) || body['mch_id'] !== mchId || body['trade_state'] !== 'SUCCESS') return null;
      const amount = Number(body['total_fee']);
      const paidAt = typeof body['time_end'] === 'string' ? parseProviderTime(body['time_end']) : null;
      if (!Number.isSafeInteger(amount) || amount <= 0 || !paidAt || typeof body['out_trade_no'] !== 'string' || typeof body['transaction_id'] !== 'string') return null;
      return { outTradeNo: body['out_trade_no'], transactionId: body['transaction_id'], amountFen: amount, paidAt };
    },
    ack: (accepted, message) => (accepted ? { code: 'SUCCESS', message: '成功' } : { code: 'FAIL', message: message ?? '失败' }),
    async reconciliation(date): Promise<ReconciliationLine[]> {
      // The 对账单 as the provider would publish it (CSV), parsed back: what a real adapter downloads and reads.
      const rows = await deps().db.query<TradeRow>(
        `SELECT * FROM sim_pay_trade WHERE mch_id = $1 AND status = 'SUCCESS'
            AND paid_at >= ($2::date - interval '8 hours') AND paid_at < ($2::date + interval '16 hours') ORDER BY paid_at, transaction_id`,
        [mchId, date],
      );
      const csv = ['交易时间,商户订单号,渠道交易号,金额(分),状态', ...rows.map((r) => `${providerTime(new Date(r.paid_at!))},${r.out_trade_no},${r.transaction_id},${Number(r.amount_fen)},SUCCESS`)].join('\n');
      return csv
        .split('\n')
        .slice(1)
        .filter(Boolean)
        .map((line) => {
          const [time, outTradeNo, transactionId, fen] = line.split(',');
          return { outTradeNo: outTradeNo!, transactionId: transactionId!, amountFen: Number(fen), paidAt: parseProviderTime(time!)! };
        });
    },
  };

  function checkoutPage(t: TradeRow): string {
    const paid = t.status === 'SUCCESS';
    return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>模拟支付收银台</title>
<style>body{font-family:system-ui,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;background:#f5f5f5;color:#222}
main{max-width:420px;margin:0 auto;padding:24px 16px}.card{background:#fff;border-radius:12px;padding:20px;margin-bottom:16px}
.amount{font-size:36px;font-weight:600;margin:8px 0}.muted{color:#888;font-size:14px}
button{display:block;width:100%;font-size:18px;padding:14px;border:0;border-radius:8px;margin-top:12px}
.pay{background:#07c160;color:#fff}.cancel{background:#fff;color:#333;border:1px solid #ddd}</style></head>
<body><main><p class="muted">模拟支付渠道（测试环境，不会真实扣款）</p>
<div class="card"><div class="muted">${escapeHtml(t.subject)}</div><div class="amount">¥${yuan(Number(t.amount_fen))}</div>
<div class="muted">商户订单号 ${escapeHtml(t.out_trade_no)}</div></div>
${paid ? '<div class="card">该订单已支付</div>' : ''}
<form method="post"><input type="hidden" name="action" value="pay">${paid ? '' : '<button class="pay" type="submit">确认支付</button>'}</form>
<form method="post"><input type="hidden" name="action" value="cancel"><button class="cancel" type="submit">${paid ? '返回商户' : '取消支付'}</button></form>
</main></body></html>`;
  }

  const params = z.strictObject({ transactionId: z.string().regex(/^42\d{14}[0-9a-f]{24}$/, '交易号不正确') });

  function registerRoutes(scope: FastifyInstance): void {
    // The checkout's form posts are urlencoded; only this scope parses them.
    if (!scope.hasContentTypeParser('application/x-www-form-urlencoded')) {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_req, body, done) => {
        done(null, Object.fromEntries(new URLSearchParams(String(body))));
      });
    }
    scope.get('/sim-pay/checkout/:transactionId', { config: { access: 'public' }, schema: { params } }, async (request, reply) => {
      const { transactionId } = request.params as z.infer<typeof params>;
      const t = await tradeBy('transaction_id', transactionId);
      if (!t) return reply.status(404).type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><p>交易不存在</p>');
      return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(checkoutPage(t));
    });
    const formBody = z.object({ action: z.enum(['pay', 'cancel'], '操作不正确') });
    scope.post(
      '/sim-pay/checkout/:transactionId',
      // The provider's own page: no cookie of ours, the unguessable transaction id is the capability (ADR 0046).
      { config: { access: 'public', csrf: false }, schema: { params, body: formBody } },
      async (request, reply) => {
        const { transactionId } = request.params as z.infer<typeof params>;
        const { action } = request.body as z.infer<typeof formBody>;
        const t = await tradeBy('transaction_id', transactionId);
        if (!t) return reply.status(404).type('text/html; charset=utf-8').send('<!doctype html><meta charset="utf-8"><p>交易不存在</p>');
        if (action === 'pay') await pay(transactionId);
        const back = new URL(t.return_url, 'http://x');
        back.searchParams.set('outTradeNo', t.out_trade_no);
        return reply.redirect(`${back.pathname}${back.search}`, 303);
      },
    );
  }

  return {
    provider,
    bind: (d) => {
      bound = d;
    },
    registerRoutes,
    pay,
    deliver,
    transactionOf: async (outTradeNo) => (await tradeBy('out_trade_no', outTradeNo))?.transaction_id ?? null,
    close: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
}
