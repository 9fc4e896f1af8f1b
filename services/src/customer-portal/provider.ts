/**
 * The payment provider port (ADR 0046). Our side (payments.ts) knows a provider only through this interface, modelled
 * on the mobile-payment protocols in use (WeChat Pay / Alipay style): an order under our 商户订单号 `out_trade_no`
 * with a fixed amount in 分, a checkout page the browser is sent to, an asynchronous notification to our notify URL
 * signed with the merchant key (HMAC-SHA256 over the sorted `key=value` pairs), a query API, and a daily
 * reconciliation file (对账单). The simulated provider (sim-provider.ts) is one implementation.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface ProviderOrderInput {
  outTradeNo: string;
  amountFen: number;
  subject: string;
  /** Absolute path (or URL) the provider posts the notification to. */
  notifyUrl: string;
  /** Where the checkout sends the browser back. */
  returnUrl: string;
}

export type ProviderTradeState = 'SUCCESS' | 'NOTPAY' | 'CLOSED' | 'NOT_FOUND';

export interface ProviderTrade {
  state: ProviderTradeState;
  outTradeNo: string;
  transactionId: string | null;
  amountFen: number | null;
  paidAt: Date | null;
}

/** A verified notification: the provider says this order was paid. */
export interface ProviderNotification {
  outTradeNo: string;
  transactionId: string;
  amountFen: number;
  paidAt: Date;
}

export interface ReconciliationLine {
  outTradeNo: string;
  transactionId: string;
  amountFen: number;
  paidAt: Date;
}

export interface PaymentProvider {
  readonly name: string;
  /** Creates (or, for the same `outTradeNo`, returns again) the provider's order; answers the checkout URL. */
  createOrder(input: ProviderOrderInput): Promise<{ checkoutUrl: string }>;
  /** The provider's view of an order (订单查询). */
  query(outTradeNo: string): Promise<ProviderTrade>;
  /** Checks the signature and fields of a notification body; null when it is not authentic. */
  verifyNotification(body: Record<string, unknown>): ProviderNotification | null;
  /** The answer the provider expects when we accepted (or already had) a notification, and when we refuse one. */
  ack(accepted: boolean, message?: string): Record<string, string>;
  /** The 对账单 of a China day (`YYYY-MM-DD`): every successful trade, parsed. */
  reconciliation(date: string): Promise<ReconciliationLine[]>;
}

/** `a=1&b=2` of the non-empty fields but `sign`, keys sorted (the common mobile-payment signing string). */
export function signingString(fields: Record<string, unknown>): string {
  return Object.keys(fields)
    .filter((k) => k !== 'sign' && fields[k] !== undefined && fields[k] !== null && fields[k] !== '')
    .sort()
    .map((k) => `${k}=${String(fields[k])}`)
    .join('&');
}

/** HMAC-SHA256 with the merchant key, upper-case hex. */
export function signFields(fields: Record<string, unknown>, key: string): string {
  return createHmac('sha256', key).update(`${signingString(fields)}&key=${key}`).digest('hex').toUpperCase();
}

export function hasValidSignature(fields: Record<string, unknown>, key: string): boolean {
  const given = typeof fields['sign'] === 'string' ? fields['sign'] : '';
  const want = signFields(fields, key);
  const a = Buffer.from(given);
  const b = Buffer.from(want);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `yyyyMMddHHmmss` in China time, the providers' time format. */
export function providerTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export function parseProviderTime(value: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(value);
  if (!m) return null;
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]) - 8, Number(m[5]), Number(m[6])));
  return Number.isNaN(at.getTime()) ? null : at;
}
