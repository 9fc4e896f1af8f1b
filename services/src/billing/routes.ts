/**
 * HTTP routes of billing service v1, relative to its mount point (`/api/svc/billing/v1`). Every route declares its
 * permission and applies the `bill` data scope (out of scope → 404). Writes are domain operations; a payment takes
 * an Idempotency-Key; mutable resources (batch, payment, account flags, order) take If-Match with their version.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  DF_BILL_CALC,
  DF_BILL_VIEW,
  DF_ORDER_MANAGE,
  DF_PAY_COLLECT,
  DF_PAY_REVERSE,
  DF_READING_ENTER,
  TARIFFS_NOTE,
  arrearsQuerySchema,
  batchListQuerySchema,
  calcBatchRequestSchema,
  consNoParamSchema,
  cutoffRequestSchema,
  dailyPaymentsQuerySchema,
  orderCompleteSchema,
  orderListQuerySchema,
  paymentRequestSchema,
  protectRequestSchema,
  readingEntrySchema,
  reversalRequestSchema,
  type PayResult,
} from '@wb/contracts/billing';
import { idempotencyKeyOf, ifMatchVersion, parseOrThrow, principalOf } from '@wb/server-kit';
import type { BillingContext, BillingOperations } from './operations.ts';
import type { BillingScopeResolver } from './scope.ts';
import { TARIFFS } from './tariff.ts';
import { registerCounterRoutes } from './counter-routes.ts';

export interface BillingRouteDeps {
  operations: BillingOperations;
  resolveScope: BillingScopeResolver;
}

const access = (permission: string): { access: { permission: string } } => ({ access: { permission } });
type WithCons = FastifyRequest<{ Params: { consNo: string } }>;
type WithId = FastifyRequest<{ Params: { id: string } }>;

export function registerBillingRoutes(app: FastifyInstance, deps: BillingRouteDeps): void {
  const ops = deps.operations;
  const scope = (request: FastifyRequest) => deps.resolveScope(request);
  const context = (request: FastifyRequest): BillingContext => ({ actor: principalOf(request), scope: scope(request), version: ifMatchVersion(request) });
  const consNoOf = (request: WithCons): string => parseOrThrow(consNoParamSchema, request.params.consNo);

  // ---- configuration -------------------------------------------------------------------------------------------
  app.get('/tariffs', { config: access(DF_BILL_VIEW) }, async () => ({ items: TARIFFS, note: TARIFFS_NOTE }));
  app.get('/config', { config: access(DF_BILL_VIEW) }, async () => ops.settings);

  // ---- 抄表 -----------------------------------------------------------------------------------------------------
  app.post('/readings', { config: access(DF_READING_ENTER) }, async (request, reply) => {
    const reading = await ops.enterReading(context(request), parseOrThrow(readingEntrySchema, request.body));
    void reply.header('etag', `"${reading.version}"`);
    return reading;
  });
  app.get<{ Params: { consNo: string } }>('/customers/:consNo/readings', { config: access(DF_BILL_VIEW) }, async (request) => ({
    items: await ops.readings(consNoOf(request), scope(request)),
  }));

  // ---- 核算 and 发行 ---------------------------------------------------------------------------------------------
  app.post('/calc-batches', { config: access(DF_BILL_CALC) }, async (request, reply) => {
    const batch = await ops.calculate(context(request), parseOrThrow(calcBatchRequestSchema, request.body));
    void reply.status(201).header('etag', `"${batch.version}"`);
    return batch;
  });
  app.get('/calc-batches', { config: access(DF_BILL_VIEW) }, async (request) => {
    const { ym } = parseOrThrow(batchListQuerySchema, request.query);
    return { items: await ops.batches(scope(request), ym) };
  });
  app.get<{ Params: { id: string } }>('/calc-batches/:id', { config: access(DF_BILL_VIEW) }, async (request: WithId, reply) => {
    const detail = await ops.batch(request.params.id, scope(request));
    void reply.header('etag', `"${detail.batch.version}"`);
    return detail;
  });
  app.post<{ Params: { id: string } }>('/calc-batches/:id/issue', { config: access(DF_BILL_CALC) }, async (request: WithId, reply) => {
    const batch = await ops.issue(context(request), request.params.id);
    void reply.header('etag', `"${batch.version}"`);
    return batch;
  });

  // ---- 收费, 冲正 -----------------------------------------------------------------------------------------------
  app.post('/payments', { config: access(DF_PAY_COLLECT) }, async (request, reply): Promise<PayResult> => {
    const input = parseOrThrow(paymentRequestSchema, request.body);
    const { payment, replayed } = await ops.pay(context(request), input, idempotencyKeyOf(request));
    if (!replayed) {
      await app.audit(request, { action: 'billing.payment', target: `cons ${payment.consNo}`, result: 'success', detail: { paymentId: payment.id, amountFen: payment.amountFen, method: payment.method } });
    }
    void reply.status(replayed ? 200 : 201).header('etag', `"${payment.version}"`);
    return { payment, account: await ops.accountView(payment.consNo, scope(request)) };
  });
  app.get('/payments', { config: access(DF_BILL_VIEW) }, async (request) => {
    const { collector, date } = parseOrThrow(dailyPaymentsQuerySchema, request.query);
    return ops.dailyPayments(scope(request), collector, date);
  });
  app.get<{ Params: { id: string } }>('/payments/:id', { config: access(DF_BILL_VIEW) }, async (request: WithId, reply) => {
    const payment = await ops.payment(request.params.id, scope(request));
    void reply.header('etag', `"${payment.version}"`);
    return payment;
  });
  app.post<{ Params: { id: string } }>('/payments/:id/reverse', { config: access(DF_PAY_REVERSE) }, async (request: WithId, reply) => {
    const { reason } = parseOrThrow(reversalRequestSchema, request.body);
    const payment = await ops.reverse(context(request), request.params.id, reason);
    await app.audit(request, { action: 'billing.payment.reverse', target: `payment ${payment.id}`, result: 'success', detail: { consNo: payment.consNo, amountFen: payment.amountFen, collector: payment.collector, reason } });
    void reply.header('etag', `"${payment.version}"`);
    return payment;
  });

  // ---- accounts, arrears ---------------------------------------------------------------------------------------
  app.get<{ Params: { consNo: string } }>('/customers/:consNo/account', { config: access(DF_BILL_VIEW) }, async (request, reply) => {
    const account = await ops.accountView(consNoOf(request), scope(request));
    void reply.header('etag', `"${account.version}"`);
    return account;
  });
  app.put<{ Params: { consNo: string } }>('/customers/:consNo/account', { config: access(DF_ORDER_MANAGE) }, async (request, reply) => {
    const { protectedFlag } = parseOrThrow(protectRequestSchema, request.body);
    const account = await ops.setProtected(context(request), consNoOf(request), protectedFlag);
    void reply.header('etag', `"${account.version}"`);
    return account;
  });
  app.post<{ Params: { consNo: string } }>('/customers/:consNo/notice', { config: access(DF_ORDER_MANAGE) }, async (request, reply) => {
    const account = await ops.notice(context(request), consNoOf(request));
    void reply.header('etag', `"${account.version}"`);
    return account;
  });
  app.get('/arrears', { config: access(DF_BILL_VIEW) }, async (request) => ops.arrears(scope(request), parseOrThrow(arrearsQuerySchema, request.query)));

  // ---- 停电/复电 orders -------------------------------------------------------------------------------------------
  app.get('/orders', { config: access(DF_BILL_VIEW) }, async (request) => ops.orders(scope(request), parseOrThrow(orderListQuerySchema, request.query)));
  app.post('/orders', { config: access(DF_ORDER_MANAGE) }, async (request, reply) => {
    const { consNo, plannedAt } = parseOrThrow(cutoffRequestSchema, request.body);
    const order = await ops.cutoff(context(request), consNo, plannedAt ? new Date(plannedAt) : undefined);
    void reply.status(201).header('etag', `"${order.version}"`);
    return order;
  });
  app.get<{ Params: { id: string } }>('/orders/:id', { config: access(DF_BILL_VIEW) }, async (request: WithId, reply) => {
    const order = await ops.order(request.params.id, scope(request));
    void reply.header('etag', `"${order.version}"`);
    return order;
  });
  app.post<{ Params: { id: string } }>('/orders/:id/complete', { config: access(DF_ORDER_MANAGE) }, async (request: WithId, reply) => {
    const { success, note } = parseOrThrow(orderCompleteSchema, request.body ?? {});
    const order = await ops.completeOrder(context(request), request.params.id, success, note);
    void reply.header('etag', `"${order.version}"`);
    return order;
  });

  registerCounterRoutes(app, deps); // 收费台 lookup and 欠费台账 export (counter-routes.ts, ADR 0042)
}
