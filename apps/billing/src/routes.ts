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
} as const satisfies RouteTable<string>;

export type BillingRoute =
  | { kind: 'home' }
  | { kind: 'counter'; consNo: string | null }
  | { kind: 'receipt'; paymentId: string }
  | { kind: 'arrears' }
  | { kind: 'orders' }
  | { kind: 'batches' }
  | { kind: 'batch'; id: string }
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
      const id = match.params['id'] ?? '';
      return ID.test(id) ? { kind: 'batch', id } : { kind: 'notFound' };
    }
  }
}

/** Routes (below the basePath) for `<Link to>` and `navigate`. */
export const counterRoute = (consNo?: string): string => (consNo ? `/counter/${consNo}` : '/counter');
export const receiptRoute = (paymentId: string): string => `/receipts/${paymentId}`;
export const batchRoute = (id: string): string => `/batches/${id}`;

/** The service's PDF receipt of a payment (`GET /payments/:id/receipt.pdf`, ADR 0043), through the gateway. */
export const receiptPdfHref = (services: Readonly<Record<string, string>>, paymentId: string): string => `${services['billing'] ?? ''}/payments/${paymentId}/receipt.pdf`;
