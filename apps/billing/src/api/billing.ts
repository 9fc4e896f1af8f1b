import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  BILLING_SERVICE,
  accountSchema,
  arrearsPageSchema,
  calcBatchSchema,
  orderSchema,
  payResultSchema,
  paymentSchema,
  readingListSchema,
  readingSchema,
  type ArrearsQuery,
  type BatchAudit,
  type Payment,
  type ReadingEntry,
  type ReadingReview,
  type CalcBatchRequest,
  type Order,
  type PaymentRequest,
} from '@wb/contracts/billing';
import { batchDetailSchema, batchListSchema, counterLookupResultSchema, counterUnitsSchema, orderPageSchema } from '@wb/contracts/billing-counter';
import type { QueryParams, ServiceClient } from '@wb/sdk';
import { dropEmpty, useServiceClient } from '@wb/sdk/react';

/** Every query key of 电费账务, built here only (invalidation by prefix: `accounts()` hits every customer). */
export const billingKeys = {
  all: ['billing'] as const,
  lookup: (q: string) => [...billingKeys.all, 'lookup', q] as const,
  units: () => [...billingKeys.all, 'units'] as const,
  accounts: () => [...billingKeys.all, 'account'] as const,
  account: (consNo: string) => [...billingKeys.accounts(), consNo] as const,
  payment: (id: string) => [...billingKeys.all, 'payment', id] as const,
  arrearsAll: () => [...billingKeys.all, 'arrears'] as const,
  arrears: (query: ArrearsFilter) => [...billingKeys.arrearsAll(), query] as const,
  ordersAll: () => [...billingKeys.all, 'orders'] as const,
  orders: (query: OrdersFilter) => [...billingKeys.ordersAll(), query] as const,
  batches: () => [...billingKeys.all, 'batches'] as const,
  batch: (id: string) => [...billingKeys.all, 'batch', id] as const,
  order: (id: string) => [...billingKeys.ordersAll(), 'one', id] as const,
  readings: (consNo: string) => [...billingKeys.all, 'readings', consNo] as const,
};


/** The ledger's filters as the screen holds them (page and size included). */
export type ArrearsFilter = Partial<Omit<ArrearsQuery, 'page' | 'pageSize'>> & { page: number; pageSize: number };
export interface OrdersFilter {
  kind?: Order['kind'];
  status?: Order['status'];
  page: number;
  pageSize: number;
}


/** A filter as query parameters: what is not chosen (`undefined`, `''`) is not sent (the SDK's `dropEmpty`). */
const params = (query: object): QueryParams => dropEmpty(query as Record<string, unknown>) as QueryParams;

/** The reads of 电费账务 as `queryOptions` (key and fetch together). */
export const billingQueries = {
  lookup: (client: ServiceClient, q: string) =>
    queryOptions({
      queryKey: billingKeys.lookup(q),
      queryFn: ({ signal }) => client.get('/counter/customers', { query: { q }, schema: counterLookupResultSchema, signal }),
    }),
  units: (client: ServiceClient) =>
    queryOptions({ queryKey: billingKeys.units(), queryFn: ({ signal }) => client.get('/counter/units', { schema: counterUnitsSchema, signal }), staleTime: 10 * 60_000 }),
  account: (client: ServiceClient, consNo: string) =>
    queryOptions({
      queryKey: billingKeys.account(consNo),
      queryFn: ({ signal }) => client.get(`/customers/${consNo}/account`, { schema: accountSchema, signal }),
    }),
  payment: (client: ServiceClient, id: string) =>
    queryOptions({ queryKey: billingKeys.payment(id), queryFn: ({ signal }) => client.get(`/payments/${id}`, { schema: paymentSchema, signal }) }),
  arrears: (client: ServiceClient, query: ArrearsFilter) =>
    queryOptions({ queryKey: billingKeys.arrears(query), queryFn: ({ signal }) => client.get('/arrears', { query: params(query), schema: arrearsPageSchema, signal }) }),
  orders: (client: ServiceClient, query: OrdersFilter) =>
    queryOptions({ queryKey: billingKeys.orders(query), queryFn: ({ signal }) => client.get('/orders', { query: params(query), schema: orderPageSchema, signal }) }),
  batches: (client: ServiceClient) =>
    queryOptions({ queryKey: billingKeys.batches(), queryFn: ({ signal }) => client.get('/calc-batches', { schema: batchListSchema, signal }) }),
  batch: (client: ServiceClient, id: string) =>
    queryOptions({ queryKey: billingKeys.batch(id), queryFn: ({ signal }) => client.get(`/calc-batches/${id}`, { schema: batchDetailSchema, signal }) }),
  order: (client: ServiceClient, id: string) =>
    queryOptions({ queryKey: billingKeys.order(id), queryFn: ({ signal }) => client.get(`/orders/${id}`, { schema: orderSchema, signal }) }),
  readings: (client: ServiceClient, consNo: string) =>
    queryOptions({ queryKey: billingKeys.readings(consNo), queryFn: ({ signal }) => client.get(`/customers/${consNo}/readings`, { schema: readingListSchema, signal }) }),
};

export const useBillingClient = () => useServiceClient(BILLING_SERVICE.name);

export function useCounterLookup(q: string) {
  return useQuery({ ...billingQueries.lookup(useBillingClient(), q), enabled: q.trim().length >= 2 });
}

/** The 供电所 in the user's scope (unit pickers of the ledger and 核算). */
export function useUnits() {
  return useQuery(billingQueries.units(useBillingClient()));
}

export function useAccount(consNo: string | null) {
  return useQuery({ ...billingQueries.account(useBillingClient(), consNo ?? ''), enabled: !!consNo });
}

export function usePayment(id: string) {
  return useQuery(billingQueries.payment(useBillingClient(), id));
}

export function useArrears(query: ArrearsFilter) {
  return useQuery({ ...billingQueries.arrears(useBillingClient(), query), placeholderData: keepPreviousData });
}

/** The 停复电 board refetches every 30 s: new 复电 orders arrive from the counter. */
export const ORDERS_REFRESH_MS = 30_000;

export function useOrders(query: OrdersFilter) {
  return useQuery({ ...billingQueries.orders(useBillingClient(), query), placeholderData: keepPreviousData, refetchInterval: ORDERS_REFRESH_MS });
}

export function useBatches() {
  return useQuery(billingQueries.batches(useBillingClient()));
}

export function useBatch(id: string) {
  return useQuery(billingQueries.batch(useBillingClient(), id));
}

/**
 * 收费: one Idempotency-Key per attempt (useWorkbenchForm keeps it across retries and double clicks), so the
 * service charges once; the answer's account replaces the cached one, and lists that show arrears or orders reload.
 */
export function usePay() {
  const client = useBillingClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: PaymentRequest; idempotencyKey: string }) =>
      client.post('/payments', body, { schema: payResultSchema, idempotencyKey }),
    onSuccess: ({ payment, account }) => {
      queryClient.setQueryData(billingKeys.account(account.consNo), account);
      queryClient.setQueryData(billingKeys.payment(payment.id), payment);
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: billingKeys.arrearsAll() }),
        queryClient.invalidateQueries({ queryKey: billingKeys.ordersAll() }),
        queryClient.invalidateQueries({ queryKey: [...billingKeys.all, 'lookup'] }),
      ]),
  });
}

/** Carries out a 停电/复电 order (If-Match: the order's version); a refusal reloads the board. */
export function useCompleteOrder() {
  const client = useBillingClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ order, success, note }: { order: Order; success: boolean; note?: string }) =>
      client.post(`/orders/${order.id}/complete`, { success, ...(note ? { note } : {}) }, { schema: orderSchema, ifMatch: order.version }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: billingKeys.ordersAll() }), queryClient.invalidateQueries({ queryKey: billingKeys.accounts() })]),
  });
}

/** 核算 of a month for a unit: a new batch (replacing an unissued one of the same unit and month). */
export function useCalculate() {
  const client = useBillingClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CalcBatchRequest) => client.post('/calc-batches', body, { schema: calcBatchSchema }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: billingKeys.batches() }),
  });
}

/** 发行 of a reviewed batch (If-Match); twice is once on the server. */
export function useIssue(id: string) {
  const client = useBillingClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => client.post(`/calc-batches/${id}/issue`, {}, { schema: calcBatchSchema, ifMatch: version }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: billingKeys.batch(id) }),
        queryClient.invalidateQueries({ queryKey: billingKeys.batches() }),
        queryClient.invalidateQueries({ queryKey: billingKeys.arrearsAll() }),
      ]),
  });
}

export function useOrder(id: string | null) {
  return useQuery({ ...billingQueries.order(useBillingClient(), id ?? ''), enabled: !!id });
}

export function useReadings(consNo: string | null) {
  return useQuery({ ...billingQueries.readings(useBillingClient(), consNo ?? ''), enabled: !!consNo });
}

/** 抄表 manual entry where 采集 failed (If-Match when replacing the month's reading). */
export function useEnterReading() {
  const client = useBillingClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: ReadingEntry; version?: number | undefined }) =>
      client.post('/readings', body, { schema: readingSchema, ...(version === undefined ? {} : { ifMatch: version }) }),
    onSettled: (_d, _e, { body }) => queryClient.invalidateQueries({ queryKey: billingKeys.readings(body.consNo) }),
  });
}

/** 抄表复核 (bound task, ADR 0049): confirm or correct an exceptional reading (If-Match: the reading's version). */
export function useReviewReading() {
  const client = useBillingClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ consNo, ym, body, version }: { consNo: string; ym: string; body: ReadingReview; version: number }) =>
      client.post(`/readings/${consNo}/${ym}/review`, body, { schema: readingSchema, ifMatch: version }),
    onSettled: (_d, _e, { consNo }) => queryClient.invalidateQueries({ queryKey: billingKeys.readings(consNo) }),
  });
}

/** 量费审核 (bound task, ADR 0049): pass exception bills for 发行 (If-Match: the batch's version). */
export function useAuditBatch(id: string) {
  const client = useBillingClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: BatchAudit; version: number }) => client.post(`/calc-batches/${id}/audit`, body, { schema: calcBatchSchema, ifMatch: version }),
    onSettled: () => Promise.all([queryClient.invalidateQueries({ queryKey: billingKeys.batch(id) }), queryClient.invalidateQueries({ queryKey: billingKeys.batches() })]),
  });
}

/** 冲正 of a payment by a second person (If-Match: the payment's version); the account and lists reload. */
export function useReversePayment() {
  const client = useBillingClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ payment, reason }: { payment: Payment; reason: string }) =>
      client.post(`/payments/${payment.id}/reverse`, { reason }, { schema: paymentSchema, ifMatch: payment.version }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: billingKeys.accounts() }),
        queryClient.invalidateQueries({ queryKey: billingKeys.arrearsAll() }),
        queryClient.invalidateQueries({ queryKey: billingKeys.ordersAll() }),
      ]),
  });
}
