/**
 * HTTP routes of billing service v1, relative to its mount point (`/api/svc/billing/v1`). Every route declares its
 * permission and applies the `bill` data scope (out of scope → 404). Writes are domain operations; a payment takes
 * an Idempotency-Key; mutable resources (batch, payment, account flags, order) take If-Match with their version.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DF_BILL_CALC, DF_BILL_VIEW, DF_ORDER_MANAGE, DF_PAY_COLLECT, DF_PAY_REVERSE, DF_READING_ENTER } from '@wb/contracts/billing';
import {
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
  readingKeyParamsSchema,
  readingReviewSchema,
  batchAuditSchema,
  reversalRequestSchema,
  type PayResult,
} from '@wb/contracts/billing';
import { bodyOrEmpty, idempotencyKeyOf, ifMatchVersion, principalOf } from '@wb/server-kit';
import type { BillingContext, BillingOperations } from './operations.ts';
import type { BillingScopeResolver } from './scope.ts';
import { TARIFFS } from './tariff.ts';
import { registerCounterRoutes } from './counter-routes.ts';

export interface BillingRouteDeps {
  operations: BillingOperations;
  resolveScope: BillingScopeResolver;
}

const access = (permission: string): { access: { permission: string } } => ({ access: { permission } });
/** Path parameters, validated before the handler (a bad 户号 is 400 with the field's message). */
const consParams = z.strictObject({ consNo: consNoParamSchema });
const idParams = z.strictObject({ id: z.string() });

export function registerBillingRoutes(app: FastifyInstance, deps: BillingRouteDeps): void {
  const ops = deps.operations;
  // Every route has a zod route schema: query, params and body are validated before the handler (ADR 0036).
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const scope = (request: FastifyRequest) => deps.resolveScope(request);
  const context = (request: FastifyRequest): BillingContext => {
    const principal = principalOf(request);
    return { actor: principal, principal, scope: scope(request), version: ifMatchVersion(request) };
  };

  // ---- configuration -------------------------------------------------------------------------------------------
  routes.get('/tariffs', { config: access(DF_BILL_VIEW) }, async () => ({ items: TARIFFS, note: TARIFFS_NOTE }));
  routes.get('/config', { config: access(DF_BILL_VIEW) }, async () => ops.settings);

  // ---- 抄表 -----------------------------------------------------------------------------------------------------
  routes.post('/readings', { config: access(DF_READING_ENTER), schema: { body: bodyOrEmpty(readingEntrySchema) } }, async (request, reply) => {
    const reading = await ops.enterReading(context(request), request.body);
    void reply.header('etag', `"${reading.version}"`);
    return reading;
  });
  // 抄表复核 (bound task, ADR 0049): confirm or correct an exceptional reading (If-Match: the reading's version).
  routes.post('/readings/:consNo/:ym/review', { config: access(DF_READING_ENTER), schema: { params: readingKeyParamsSchema, body: bodyOrEmpty(readingReviewSchema) } }, async (request, reply) => {
    const reading = await ops.reviewReading(context(request), request.params.consNo, request.params.ym, request.body);
    void reply.header('etag', `"${reading.version}"`);
    return reading;
  });
  routes.get('/customers/:consNo/readings', { config: access(DF_BILL_VIEW), schema: { params: consParams } }, async (request) => ({
    items: await ops.readings(request.params.consNo, scope(request)),
  }));

  // ---- 核算 and 发行 ---------------------------------------------------------------------------------------------
  routes.post('/calc-batches', { config: access(DF_BILL_CALC), schema: { body: bodyOrEmpty(calcBatchRequestSchema) } }, async (request, reply) => {
    const batch = await ops.calculate(context(request), request.body);
    void reply.status(201).header('etag', `"${batch.version}"`);
    return batch;
  });
  routes.get('/calc-batches', { config: access(DF_BILL_VIEW), schema: { querystring: batchListQuerySchema } }, async (request) => {
    return { items: await ops.batches(scope(request), request.query.ym) };
  });
  routes.get('/calc-batches/:id', { config: access(DF_BILL_VIEW), schema: { params: idParams } }, async (request, reply) => {
    const detail = await ops.batch(request.params.id, scope(request));
    void reply.header('etag', `"${detail.batch.version}"`);
    return detail;
  });
  routes.post('/calc-batches/:id/issue', { config: access(DF_BILL_CALC), schema: { params: idParams } }, async (request, reply) => {
    const batch = await ops.issue(context(request), request.params.id);
    void reply.header('etag', `"${batch.version}"`);
    return batch;
  });

  // 量费审核 (bound task, ADR 0049): pass exception bills for 发行 (If-Match: the batch's version).
  routes.post('/calc-batches/:id/audit', { config: access(DF_BILL_CALC), schema: { params: idParams, body: bodyOrEmpty(batchAuditSchema) } }, async (request, reply) => {
    const batch = await ops.auditBatch(context(request), request.params.id, request.body);
    void reply.header('etag', `"${batch.version}"`);
    return batch;
  });

  // ---- 收费, 冲正 -----------------------------------------------------------------------------------------------
  routes.post('/payments', { config: access(DF_PAY_COLLECT), schema: { body: bodyOrEmpty(paymentRequestSchema) } }, async (request, reply): Promise<PayResult> => {
    const input = request.body;
    const { payment, replayed } = await ops.pay(context(request), input, idempotencyKeyOf(request));
    if (!replayed) {
      await app.audit(request, { action: 'billing.payment', target: `cons ${payment.consNo}`, result: 'success', detail: { paymentId: payment.id, amountFen: payment.amountFen, method: payment.method } });
    }
    void reply.status(replayed ? 200 : 201).header('etag', `"${payment.version}"`);
    return { payment, account: await ops.accountView(payment.consNo, scope(request)) };
  });
  routes.get('/payments', { config: access(DF_BILL_VIEW), schema: { querystring: dailyPaymentsQuerySchema } }, async (request) => {
    const { collector, date } = request.query;
    return ops.dailyPayments(scope(request), collector, date);
  });
  routes.get('/payments/:id', { config: access(DF_BILL_VIEW), schema: { params: idParams } }, async (request, reply) => {
    const payment = await ops.payment(request.params.id, scope(request));
    void reply.header('etag', `"${payment.version}"`);
    return payment;
  });
  routes.post('/payments/:id/reverse', { config: access(DF_PAY_REVERSE), schema: { params: idParams, body: bodyOrEmpty(reversalRequestSchema) } }, async (request, reply) => {
    const { reason } = request.body;
    const payment = await ops.reverse(context(request), request.params.id, reason);
    await app.audit(request, { action: 'billing.payment.reverse', target: `payment ${payment.id}`, result: 'success', detail: { consNo: payment.consNo, amountFen: payment.amountFen, collector: payment.collector, reason } });
    void reply.header('etag', `"${payment.version}"`);
    return payment;
  });

  // ---- accounts, arrears ---------------------------------------------------------------------------------------
  routes.get('/customers/:consNo/account', { config: access(DF_BILL_VIEW), schema: { params: consParams } }, async (request, reply) => {
    const account = await ops.accountView(request.params.consNo, scope(request));
    void reply.header('etag', `"${account.version}"`);
    return account;
  });
  routes.put('/customers/:consNo/account', { config: access(DF_ORDER_MANAGE), schema: { params: consParams, body: bodyOrEmpty(protectRequestSchema) } }, async (request, reply) => {
    const account = await ops.setProtected(context(request), request.params.consNo, request.body.protectedFlag);
    void reply.header('etag', `"${account.version}"`);
    return account;
  });
  routes.post('/customers/:consNo/notice', { config: access(DF_ORDER_MANAGE), schema: { params: consParams } }, async (request, reply) => {
    const account = await ops.notice(context(request), request.params.consNo);
    void reply.header('etag', `"${account.version}"`);
    return account;
  });
  routes.get('/arrears', { config: access(DF_BILL_VIEW), schema: { querystring: arrearsQuerySchema } }, async (request) => ops.arrears(scope(request), request.query));

  // ---- 停电/复电 orders -------------------------------------------------------------------------------------------
  routes.get('/orders', { config: access(DF_BILL_VIEW), schema: { querystring: orderListQuerySchema } }, async (request) => ops.orders(scope(request), request.query));
  routes.post('/orders', { config: access(DF_ORDER_MANAGE), schema: { body: bodyOrEmpty(cutoffRequestSchema) } }, async (request, reply) => {
    const { consNo, plannedAt } = request.body;
    const order = await ops.cutoff(context(request), consNo, plannedAt ? new Date(plannedAt) : undefined);
    void reply.status(201).header('etag', `"${order.version}"`);
    return order;
  });
  routes.get('/orders/:id', { config: access(DF_BILL_VIEW), schema: { params: idParams } }, async (request, reply) => {
    const order = await ops.order(request.params.id, scope(request));
    void reply.header('etag', `"${order.version}"`);
    return order;
  });
  routes.post('/orders/:id/complete', { config: access(DF_ORDER_MANAGE), schema: { params: idParams, body: bodyOrEmpty(orderCompleteSchema) } }, async (request, reply) => {
    const { success, note } = request.body;
    const order = await ops.completeOrder(context(request), request.params.id, success, note);
    void reply.header('etag', `"${order.version}"`);
    return order;
  });

  registerCounterRoutes(app, deps); // 收费台 lookup and 欠费台账 export (counter-routes.ts, ADR 0042)
}
