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
import { versionTag } from '@wb/contracts';
import { bodyOrEmpty, idempotencyKeyOf, requires, withEtag } from '@wb/server-kit';
import type { BillingOperations } from './operations.ts';
import { billingContextOf, type BillingScopeResolver } from './scope.ts';
import { TARIFFS } from './tariff.ts';
import { registerCounterRoutes } from './counter-routes.ts';

export interface BillingRouteDeps {
  operations: BillingOperations;
  resolveScope: BillingScopeResolver;
}

/** Path parameters, validated before the handler (a bad 户号 is 400 with the field's message). */
const consParams = z.strictObject({ consNo: consNoParamSchema });
const idParams = z.strictObject({ id: z.string() });

export function registerBillingRoutes(app: FastifyInstance, deps: BillingRouteDeps): void {
  const ops = deps.operations;
  // Every route has a zod route schema: query, params and body are validated before the handler (ADR 0036).
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const scope = (request: FastifyRequest) => deps.resolveScope(request);
  const context = (request: FastifyRequest) => billingContextOf(request, deps.resolveScope);

  // ---- configuration -------------------------------------------------------------------------------------------
  routes.get('/tariffs', { config: requires(DF_BILL_VIEW) }, async () => ({ items: TARIFFS, note: TARIFFS_NOTE }));
  routes.get('/config', { config: requires(DF_BILL_VIEW) }, async () => ops.settings);

  // ---- 抄表 -----------------------------------------------------------------------------------------------------
  routes.post('/readings', { config: requires(DF_READING_ENTER), schema: { body: bodyOrEmpty(readingEntrySchema) } }, async (request, reply) => withEtag(reply, await ops.enterReading(context(request), request.body)));
  // 抄表复核 (bound task, ADR 0049): confirm or correct an exceptional reading (If-Match: the reading's version).
  routes.post('/readings/:consNo/:ym/review', { config: requires(DF_READING_ENTER), schema: { params: readingKeyParamsSchema, body: bodyOrEmpty(readingReviewSchema) } }, async (request, reply) => withEtag(reply, await ops.reviewReading(context(request), request.params.consNo, request.params.ym, request.body)));
  routes.get('/customers/:consNo/readings', { config: requires(DF_BILL_VIEW), schema: { params: consParams } }, async (request) => ({
    items: await ops.readings(request.params.consNo, scope(request)),
  }));

  // ---- 核算 and 发行 ---------------------------------------------------------------------------------------------
  routes.post('/calc-batches', { config: requires(DF_BILL_CALC), schema: { body: bodyOrEmpty(calcBatchRequestSchema) } }, async (request, reply) => withEtag(reply, await ops.calculate(context(request), request.body), 201));
  routes.get('/calc-batches', { config: requires(DF_BILL_VIEW), schema: { querystring: batchListQuerySchema } }, async (request) => {
    return { items: await ops.batches(scope(request), request.query.ym) };
  });
  routes.get('/calc-batches/:id', { config: requires(DF_BILL_VIEW), schema: { params: idParams } }, async (request, reply) => {
    const detail = await ops.batch(request.params.id, scope(request));
    void reply.header('etag', versionTag(detail.batch.version));
    return detail;
  });
  routes.post('/calc-batches/:id/issue', { config: requires(DF_BILL_CALC), schema: { params: idParams } }, async (request, reply) => withEtag(reply, await ops.issue(context(request), request.params.id)));

  // 量费审核 (bound task, ADR 0049): pass exception bills for 发行 (If-Match: the batch's version).
  routes.post('/calc-batches/:id/audit', { config: requires(DF_BILL_CALC), schema: { params: idParams, body: bodyOrEmpty(batchAuditSchema) } }, async (request, reply) => withEtag(reply, await ops.auditBatch(context(request), request.params.id, request.body)));

  // ---- 收费, 冲正 -----------------------------------------------------------------------------------------------
  routes.post('/payments', { config: requires(DF_PAY_COLLECT), schema: { body: bodyOrEmpty(paymentRequestSchema) } }, async (request, reply): Promise<PayResult> => {
    const input = request.body;
    const { payment, replayed } = await ops.pay(context(request), input, idempotencyKeyOf(request));
    if (!replayed) {
      await app.audit(request, { action: 'billing.payment', target: `cons ${payment.consNo}`, result: 'success', detail: { paymentId: payment.id, amountFen: payment.amountFen, method: payment.method } });
    }
    withEtag(reply, payment, replayed ? 200 : 201);
    return { payment, account: await ops.accountView(payment.consNo, scope(request)) };
  });
  routes.get('/payments', { config: requires(DF_BILL_VIEW), schema: { querystring: dailyPaymentsQuerySchema } }, async (request) => {
    const { collector, date } = request.query;
    return ops.dailyPayments(scope(request), collector, date);
  });
  routes.get('/payments/:id', { config: requires(DF_BILL_VIEW), schema: { params: idParams } }, async (request, reply) => withEtag(reply, await ops.payment(request.params.id, scope(request))));
  routes.post('/payments/:id/reverse', { config: requires(DF_PAY_REVERSE), schema: { params: idParams, body: bodyOrEmpty(reversalRequestSchema) } }, async (request, reply) => {
    const { reason } = request.body;
    const payment = await ops.reverse(context(request), request.params.id, reason);
    await app.audit(request, { action: 'billing.payment.reverse', target: `payment ${payment.id}`, result: 'success', detail: { consNo: payment.consNo, amountFen: payment.amountFen, collector: payment.collector, reason } });
    return withEtag(reply, payment);
  });

  // ---- accounts, arrears ---------------------------------------------------------------------------------------
  routes.get('/customers/:consNo/account', { config: requires(DF_BILL_VIEW), schema: { params: consParams } }, async (request, reply) => withEtag(reply, await ops.accountView(request.params.consNo, scope(request))));
  routes.put('/customers/:consNo/account', { config: requires(DF_ORDER_MANAGE), schema: { params: consParams, body: bodyOrEmpty(protectRequestSchema) } }, async (request, reply) => withEtag(reply, await ops.setProtected(context(request), request.params.consNo, request.body.protectedFlag)));
  routes.post('/customers/:consNo/notice', { config: requires(DF_ORDER_MANAGE), schema: { params: consParams } }, async (request, reply) => withEtag(reply, await ops.notice(context(request), request.params.consNo)));
  routes.get('/arrears', { config: requires(DF_BILL_VIEW), schema: { querystring: arrearsQuerySchema } }, async (request) => ops.arrears(scope(request), request.query));

  // ---- 停电/复电 orders -------------------------------------------------------------------------------------------
  routes.get('/orders', { config: requires(DF_BILL_VIEW), schema: { querystring: orderListQuerySchema } }, async (request) => ops.orders(scope(request), request.query));
  routes.post('/orders', { config: requires(DF_ORDER_MANAGE), schema: { body: bodyOrEmpty(cutoffRequestSchema) } }, async (request, reply) => {
    const { consNo, plannedAt } = request.body;
    return withEtag(reply, await ops.cutoff(context(request), consNo, plannedAt ? new Date(plannedAt) : undefined), 201);
  });
  routes.get('/orders/:id', { config: requires(DF_BILL_VIEW), schema: { params: idParams } }, async (request, reply) => withEtag(reply, await ops.order(request.params.id, scope(request))));
  routes.post('/orders/:id/complete', { config: requires(DF_ORDER_MANAGE), schema: { params: idParams, body: bodyOrEmpty(orderCompleteSchema) } }, async (request, reply) => {
    const { success, note } = request.body;
    return withEtag(reply, await ops.completeOrder(context(request), request.params.id, success, note));
  });

  registerCounterRoutes(app, deps); // 收费台 lookup and 欠费台账 export (counter-routes.ts, ADR 0042)
}
