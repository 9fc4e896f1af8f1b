/**
 * Billing routes of ADR 0043 (receipt PDF, 退补, 银行代扣 import, 解款/对账 report, 催费 and its messages), with zod
 * route schemas (validated before the handler, documented at /api/docs). Like the core routes: a permission per
 * route, the `bill` data scope inside every query (out of scope = 404), If-Match on mutable resources.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import {
  DF_BILL_CALC,
  DF_BILL_VIEW,
  DF_ORDER_MANAGE,
  DF_PAY_COLLECT,
  DF_PAY_REVERSE,
  adjustmentDecisionSchema,
  adjustmentListQuerySchema,
  adjustmentRequestSchema,
  bankImportRequestSchema,
  dunningCompleteSchema,
  dunningListQuerySchema,
  dunningRunRequestSchema,
  idParamsSchema,
  readPlanParamsSchema,
  readPlanQuerySchema,
  remittanceQuerySchema,
  smsListQuerySchema,
} from '@wb/contracts/billing';
import { requires, withEtag } from '@wb/server-kit';
import type { CollectionOperations } from './collection.ts';
import type { BillingOperations } from './operations.ts';
import { receiptNumber, renderReceipt } from './receipt.ts';
import { billingContextOf, type BillingScopeResolver } from './scope.ts';

export interface CollectionRouteDeps {
  operations: BillingOperations;
  collection: CollectionOperations;
  resolveScope: BillingScopeResolver;
  /** The receipt's CJK font file (default: Debian's fonts-noto-cjk). */
  receiptFontPath?: string | undefined;
}


export function registerCollectionRoutes(app: FastifyInstance, deps: CollectionRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { operations: ops, collection } = deps;
  const scope = (request: FastifyRequest) => deps.resolveScope(request);
  const context = (request: FastifyRequest) => billingContextOf(request, deps.resolveScope);

  // ---- 抄表 plans --------------------------------------------------------------------------------------------------
  routes.get('/read-plans', { config: requires(DF_BILL_VIEW), schema: { querystring: readPlanQuerySchema } }, async (request) => collection.readPlans(scope(request), request.query));
  routes.get('/read-plans/:mrSectNo', { config: requires(DF_BILL_VIEW), schema: { params: readPlanParamsSchema, querystring: readPlanQuerySchema } }, async (request) =>
    collection.readPlan(scope(request), request.params.mrSectNo, request.query),
  );

  // ---- receipt ---------------------------------------------------------------------------------------------------
  routes.get('/payments/:id/receipt.pdf', { config: requires(DF_BILL_VIEW), schema: { params: idParamsSchema } }, async (request, reply) => {
    const payment = await ops.payment(request.params.id, scope(request));
    const account = await ops.accountView(payment.consNo, scope(request));
    const pdf = await renderReceipt({ payment, account }, deps.receiptFontPath);
    const number = receiptNumber(payment);
    await app.audit(request, { action: 'billing.receipt.print', target: `payment ${payment.id}`, result: 'success', detail: { consNo: payment.consNo, receiptNo: number } });
    void reply.type('application/pdf').header('content-disposition', `inline; filename="${number}.pdf"`).header('cache-control', 'no-store');
    return pdf;
  });

  // ---- 退补 -------------------------------------------------------------------------------------------------------
  routes.post('/adjustments', { config: requires(DF_BILL_CALC), schema: { body: adjustmentRequestSchema } }, async (request, reply) => {
    const adjustment = await collection.requestAdjustment(context(request), request.body);
    await app.audit(request, { action: 'billing.adjustment.request', target: `cons ${adjustment.consNo}`, result: 'success', detail: { adjustmentId: adjustment.id, kind: adjustment.kind, amountFen: adjustment.amountFen, ym: adjustment.ym } });
    return withEtag(reply, adjustment, 201);
  });
  routes.get('/adjustments', { config: requires(DF_BILL_VIEW), schema: { querystring: adjustmentListQuerySchema } }, async (request) => collection.adjustments(scope(request), request.query));
  routes.get('/adjustments/:id', { config: requires(DF_BILL_VIEW), schema: { params: idParamsSchema } }, async (request, reply) => withEtag(reply, await collection.adjustment(request.params.id, scope(request))));
  for (const [verb, approve] of [['approve', true], ['reject', false]] as const) {
    routes.post(`/adjustments/:id/${verb}`, { config: requires(DF_PAY_REVERSE), schema: { params: idParamsSchema, body: adjustmentDecisionSchema.optional() } }, async (request, reply) => {
      const adjustment = await collection.decideAdjustment(context(request), request.params.id, approve, request.body?.note);
      await app.audit(request, { action: `billing.adjustment.${verb}`, target: `cons ${adjustment.consNo}`, result: 'success', detail: { adjustmentId: adjustment.id, kind: adjustment.kind, amountFen: adjustment.amountFen } });
      return withEtag(reply, adjustment);
    });
  }

  // ---- 银行代扣 ----------------------------------------------------------------------------------------------------
  routes.post('/bank-imports', { config: requires(DF_PAY_COLLECT), bodyLimit: 4 * 1024 * 1024, schema: { body: bankImportRequestSchema } }, async (request, reply) => {
    const result = await collection.importBankFile(context(request), request.body);
    await app.audit(request, { action: 'billing.bank.import', target: `file ${result.fileName}`, result: 'success', detail: { importId: result.id, lines: result.lines, applied: result.applied, duplicates: result.duplicates, errors: result.errors, appliedFen: result.appliedFen } });
    void reply.status(201);
    return result;
  });
  routes.get('/bank-imports/:id', { config: requires(DF_PAY_COLLECT), schema: { params: idParamsSchema } }, async (request) => collection.bankImport(request.params.id, context(request)));

  // ---- 解款/对账 ----------------------------------------------------------------------------------------------------
  routes.get('/reports/remittance', { config: requires(DF_BILL_VIEW), schema: { querystring: remittanceQuerySchema } }, async (request) => collection.remittance(scope(request), request.query));

  // ---- 催费 -------------------------------------------------------------------------------------------------------
  routes.post('/dunning/run', { config: requires(DF_ORDER_MANAGE), schema: { body: dunningRunRequestSchema.optional() } }, async (request) => {
    const result = await collection.runDunning(context(request), request.body ?? {});
    await app.audit(request, { action: 'billing.dunning.run', target: request.body?.orgUnitCode ? `org ${request.body.orgUnitCode}` : null, result: 'success', detail: { customers: result.customers, created: result.created } });
    return result;
  });
  routes.get('/dunning', { config: requires(DF_BILL_VIEW), schema: { querystring: dunningListQuerySchema } }, async (request) => collection.dunningActions(scope(request), request.query));
  routes.post('/dunning/:id/complete', { config: requires(DF_ORDER_MANAGE), schema: { params: idParamsSchema, body: dunningCompleteSchema } }, async (request, reply) => withEtag(reply, await collection.completeDunning(context(request), request.params.id, request.body.note)));
  routes.get('/sms-messages', { config: requires(DF_BILL_VIEW), schema: { querystring: smsListQuerySchema } }, async (request) => collection.smsMessages(scope(request), request.query));
}
