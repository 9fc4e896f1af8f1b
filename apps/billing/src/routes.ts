import type { RouteMatch, RouteTable } from '@wb/sdk';

/**
 * Routes of 电费账务 below its base path (SDK `matchRoutes` patterns, ADR 0027). The counter keeps the customer in
 * the path (`/counter/<户号>`), so a reload or a link shows the same account; a receipt is `/receipts/<缴费编号>`.
 */
export const ROUTES = {
  home: '',
  counter: '/counter/:consNo?',
  receipt: '/receipts/:paymentId',
  arrears: '/arrears',
  orders: '/orders',
  batches: '/batches',
  batch: '/batches/:id',
  order: '/orders/:key',
  readings: '/readings/:key?',
  reversals: '/reversals/:consNo?',
  portalAccounts: '/portal-accounts/:id?',
} as const satisfies RouteTable<string>;

export type BillingRoute =
  | { kind: 'home' }
  | { kind: 'counter'; consNo: string | null }
  | { kind: 'receipt'; paymentId: string }
  | { kind: 'arrears' }
  | { kind: 'orders' }
  | { kind: 'batches' }
  | { kind: 'batch'; id: string }
  | { kind: 'order'; id: string }
  | { kind: 'readings'; consNo: string | null; ym: string | null }
  | { kind: 'reversals'; consNo: string | null }
  | { kind: 'portalAccounts'; id: string | null }
  | { kind: 'notFound' };

/** 户号: ten digits. */
export const CONS_NO = /^\d{10}$/;
/** Ids of payments, batches and orders: bigint serials. */
const ID = /^\d{1,18}$/;

/** The page of a route match, with 户号 and ids validated (anything else is the app's 404). */
export function toBillingRoute(match: RouteMatch<keyof typeof ROUTES> | null): BillingRoute {
  switch (match?.route) {
    case undefined:
      return { kind: 'notFound' };
    case 'home':
    case 'arrears':
    case 'orders':
    case 'batches':
      return { kind: match.route };
    case 'counter': {
      const consNo = match.params['consNo'];
      if (consNo === undefined) return { kind: 'counter', consNo: null };
      return CONS_NO.test(consNo) ? { kind: 'counter', consNo } : { kind: 'notFound' };
    }
    case 'receipt': {
      const paymentId = match.params['paymentId'] ?? '';
      return ID.test(paymentId) ? { kind: 'receipt', paymentId } : { kind: 'notFound' };
    }
    case 'batch': {
      // From the inbox, a 量费审核 task's business key is `HS<batch id>` (ADR 0049).
      const id = (match.params['id'] ?? '').replace(/^HS/, '');
      return ID.test(id) ? { kind: 'batch', id } : { kind: 'notFound' };
    }
    case 'order': {
      // A 停电/复电 task's business key: `TD<id>` / `FD<id>` (ADR 0049); a plain id works too.
      const id = (match.params['key'] ?? '').replace(/^(TD|FD)/, '');
      return ID.test(id) ? { kind: 'order', id } : { kind: 'notFound' };
    }
    case 'readings': {
      // `/readings/<户号>` (entry and history) or `/readings/<户号>-<年月>` (a 抄表复核 task's business key).
      const key = match.params['key'];
      if (key === undefined) return { kind: 'readings', consNo: null, ym: null };
      const m = /^(\d{10})(?:-((?:19|20)\d{2}(?:0[1-9]|1[0-2])))?$/.exec(key);
      return m ? { kind: 'readings', consNo: m[1]!, ym: m[2] ?? null } : { kind: 'notFound' };
    }
    case 'reversals': {
      const consNo = match.params['consNo'];
      if (consNo === undefined) return { kind: 'reversals', consNo: null };
      return CONS_NO.test(consNo) ? { kind: 'reversals', consNo } : { kind: 'notFound' };
    }
    case 'portalAccounts': {
      // 掌上电力 accounts (ADR 0060): `/portal-accounts/<account id>` shows one.
      const id = match.params['id'];
      if (id === undefined) return { kind: 'portalAccounts', id: null };
      return ID.test(id) ? { kind: 'portalAccounts', id } : { kind: 'notFound' };
    }
  }
}

/** Routes (below the basePath) for `<Link to>` and `navigate`. */
export const counterRoute = (consNo?: string): string => (consNo ? `/counter/${consNo}` : '/counter');
export const receiptRoute = (paymentId: string): string => `/receipts/${paymentId}`;
export const batchRoute = (id: string): string => `/batches/${id}`;
export const readingsRoute = (consNo?: string, ym?: string): string => (consNo ? `/readings/${consNo}${ym ? `-${ym}` : ''}` : '/readings');
export const reversalRoute = (consNo?: string): string => (consNo ? `/reversals/${consNo}` : '/reversals');
export const portalAccountRoute = (id?: string): string => (id ? `/portal-accounts/${id}` : '/portal-accounts');

/** The service's PDF receipt of a payment (`GET /payments/:id/receipt.pdf`, ADR 0043), through the gateway. */
export const receiptPdfHref = (services: Readonly<Record<string, string>>, paymentId: string): string => `${services['billing'] ?? ''}/payments/${paymentId}/receipt.pdf`;
