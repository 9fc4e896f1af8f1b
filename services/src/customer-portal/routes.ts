/**
 * HTTP routes of customer-portal v1 (`/api/svc/customer-portal/v1`). Customer routes declare `access: 'customer'`:
 * the service's hook (plugin.ts) resolves the customer session; `customerOf` refuses a request without one, so a
 * route that forgot the hook still fails closed. Public: the login-code and login routes, the provider's signed
 * notification, the simulated provider's checkout, and (outside production) the development SMS page.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ErrorCode, text } from '@wb/contracts';
import { DF_PAY_REVERSE } from '@wb/contracts/billing';
import {
  bindRequestSchema,
  bindingCodeRequestSchema,
  customerLoginSchema,
  customerPasswordSchema,
  customerPhoneSchema,
  outTradeNoSchema,
  payOrderRequestSchema,
  portalConsNoSchema,
  reconciliationQuerySchema,
  repairRequestSchema,
  applicationNoParamSchema,
  sendLoginCodeSchema,
  type PayOrder,
  type PortalAccount,
  type PortalPayment,
} from '@wb/contracts/customer-portal';
import { AppError, bodyOrEmpty, idempotencyKeyOf, requires } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { customersByConsNos, receiptNumber, renderReceipt, type BillingOperations } from './ports.ts';
import type { Services } from './services.ts';
import type { Payments } from './payments.ts';
import type { PaymentProvider } from './provider.ts';
import type { CustomerPrincipal, Realm } from './realm.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The customer of a customer-realm request (customer-portal service only). */
    customer: CustomerPrincipal | null;
  }
}

export interface PortalRouteDeps {
  db: Db;
  realm: Realm;
  payments: Payments;
  provider: PaymentProvider;
  billing: BillingOperations;
  services: Services;
  devSms: boolean;
  receiptFontPath?: string | undefined;
}

const CUSTOMER = { access: 'customer' } as const;
const PUBLIC = { access: 'public' } as const;
const consParams = z.strictObject({ consNo: portalConsNoSchema });
const tradeParams = z.strictObject({ outTradeNo: outTradeNoSchema });
/** A provider notification: flat string fields (names and values checked before the signature is). */
const notifyBodySchema = z.record(z.string().regex(/^[a-z_]{1,32}$/, '通知字段名不正确'), text({ label: '通知字段' }).max(256, '通知字段过长'));
const idParams = z.strictObject({ id: z.string().regex(/^[0-9]{1,18}$/, '缴费记录编号不正确') });

export function customerOf(request: FastifyRequest): CustomerPrincipal {
  if (!request.customer) throw new AppError(401, ErrorCode.Unauthenticated, '请先登录掌上电力');
  return request.customer;
}

function tierOf(lines: Array<{ kind: string; name: string; quantity: number }>, resident: boolean): number | null {
  if (!resident) return null;
  if (lines.some((l) => l.kind === 'TIER' && l.name.includes('第三档') && l.quantity > 0)) return 3;
  if (lines.some((l) => l.kind === 'TIER' && l.name.includes('第二档') && l.quantity > 0)) return 2;
  return 1;
}

export function registerPortalRoutes(app: FastifyInstance, deps: PortalRouteDeps): void {
  const { realm, payments, billing } = deps;
  const routes = app.withTypeProvider<ZodTypeProvider>();

  // ---- realm ------------------------------------------------------------------------------------------------------
  routes.post('/login-codes', { config: PUBLIC, schema: { body: bodyOrEmpty(sendLoginCodeSchema) } }, async (request) => realm.sendLoginCode(request.body.phone, request.ip));
  routes.post('/login', { config: PUBLIC, schema: { body: bodyOrEmpty(customerLoginSchema) } }, async (request, reply) => {
    const me = await realm.login(request, reply, request.body);
    void app.audit(request, { action: 'cportal.login', target: `customer ${me.id}`, result: 'success', detail: { by: 'code' in request.body ? 'code' : 'password' } });
    return me;
  });
  routes.post('/logout', { config: CUSTOMER }, async (request, reply) => {
    await realm.logout(request, reply, customerOf(request));
    return reply.status(204).send();
  });
  routes.get('/me', { config: CUSTOMER }, async (request) => realm.me(customerOf(request).id));
  routes.put('/me/password', { config: CUSTOMER, schema: { body: bodyOrEmpty(customerPasswordSchema) } }, async (request, reply) => {
    await realm.setPassword(customerOf(request), request.body.password);
    return reply.status(204).send();
  });

  // ---- binding ----------------------------------------------------------------------------------------------------
  routes.post('/binding-codes', { config: CUSTOMER, schema: { body: bodyOrEmpty(bindingCodeRequestSchema) } }, async (request) =>
    realm.sendBindingCode(customerOf(request), request.body.consNo, request.body.holderName, request.ip),
  );
  routes.post('/bindings', { config: CUSTOMER, schema: { body: bodyOrEmpty(bindRequestSchema) } }, async (request, reply) => {
    const { consNo, holderName, code } = request.body;
    const items = await realm.bind(customerOf(request), consNo, holderName, code);
    void app.audit(request, { action: 'cportal.bind', target: `cons ${consNo}`, result: 'success', detail: { customerId: customerOf(request).id } });
    void reply.status(201);
    return { items };
  });
  routes.delete('/bindings/:consNo', { config: CUSTOMER, schema: { params: consParams } }, async (request) => ({ items: await realm.unbind(customerOf(request), request.params.consNo) }));

  // ---- bills ------------------------------------------------------------------------------------------------------
  routes.get('/accounts/:consNo', { config: CUSTOMER, schema: { params: consParams } }, async (request): Promise<PortalAccount> => {
    const { consNo } = request.params;
    await realm.requireBound(customerOf(request), consNo);
    const account = await billing.accountView(consNo, undefined);
    const [archive] = await customersByConsNos(deps.db, [consNo]);
    // 复电 pending: an open 复电 order that one of the recent payments created (billing's rule).
    const restoreIds = account.payments.filter((p) => p.restoreOrderId && !p.reversed).map((p) => p.restoreOrderId!);
    const restore = (await Promise.all(restoreIds.map((id) => billing.order(id, undefined)))).some((o) => o.status === 'OPEN');
    const today = billing.today();
    const resident = account.tariffCode.startsWith('RES');
    return {
      consNo,
      name: account.name,
      address: archive?.address ?? '',
      orgUnitName: archive?.orgUnitName ?? '',
      tgName: archive?.tgName ?? null,
      powerState: account.powerState,
      restorePending: restore,
      oweFen: account.oweFen,
      penaltyFen: account.penaltyFen,
      totalDueFen: account.totalDueFen,
      prepaidFen: account.prepaidFen,
      bills: account.receivables.map((r) => {
        const penalty = r.penaltyFen - r.penaltyPaidFen + r.accruedPenaltyFen;
        return {
          receivableId: r.id,
          ym: r.ym,
          kwh: r.kwh,
          tier: tierOf(r.lines, resident),
          amountFen: r.amountFen,
          paidFen: r.paidFen,
          penaltyFen: penalty,
          dueFen: r.amountFen - r.paidFen + penalty,
          dueDate: r.dueDate,
          overdue: r.status !== 'PAID' && r.dueDate < today,
          status: r.status,
        };
      }),
    };
  });

  // ---- payments ---------------------------------------------------------------------------------------------------
  routes.post('/pay-orders', { config: CUSTOMER, schema: { body: bodyOrEmpty(payOrderRequestSchema) } }, async (request, reply): Promise<PayOrder> => {
    const customer = customerOf(request);
    await realm.requireBound(customer, request.body.consNo);
    const { order, replayed } = await payments.createOrder(customer, request.body, idempotencyKeyOf(request));
    void reply.status(replayed ? 200 : 201);
    return order;
  });
  routes.get('/pay-orders/:outTradeNo', { config: CUSTOMER, schema: { params: tradeParams } }, async (request) => payments.order(customerOf(request), request.params.outTradeNo));
  routes.get('/accounts/:consNo/payments', { config: CUSTOMER, schema: { params: consParams } }, async (request): Promise<{ items: PortalPayment[] }> => {
    const { consNo } = request.params;
    await realm.requireBound(customerOf(request), consNo);
    const account = await billing.accountView(consNo, undefined);
    return {
      items: account.payments.map((p) => ({
        id: p.id,
        consNo: p.consNo,
        amountFen: p.amountFen,
        method: p.method,
        paidAt: p.paidAt,
        prepaidFen: p.prepaidFen,
        reversed: p.reversed,
        months: [...new Set(p.allocations.map((a) => a.ym).filter((ym): ym is string => typeof ym === 'string'))],
        receiptNo: receiptNumber(p),
      })),
    };
  });
  routes.get('/payments/:id/receipt.pdf', { config: CUSTOMER, schema: { params: idParams } }, async (request, reply) => {
    // Not found is an answer; anything else (the database gone) stays the error it is.
    const payment = await billing.payment(request.params.id, undefined).catch((error: unknown) => {
      if (error instanceof AppError && error.statusCode === 404) return null;
      throw error;
    });
    // Another 户's payment is answered as one that does not exist: the numbers are not to be probed.
    if (!payment || !(await realm.isBound(customerOf(request), payment.consNo))) throw new AppError(404, ErrorCode.NotFound, '未找到该缴费记录');
    const account = await billing.accountView(payment.consNo, undefined);
    const pdf = await renderReceipt({ payment, account }, deps.receiptFontPath);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="${receiptNumber(payment)}.pdf"`)
      .header('cache-control', 'no-store');
    return reply.send(pdf);
  });

  // The provider's asynchronous notification: no cookie, the body is signed with the merchant key (ADR 0046).
  routes.post(
    '/pay/notify',
    { config: { access: 'public', csrf: false }, schema: { body: notifyBodySchema } },
    async (request, reply) => {
      const report = deps.provider.verifyNotification(request.body);
      if (!report) {
        const outTradeNo = typeof request.body['out_trade_no'] === 'string' ? request.body['out_trade_no'].slice(0, 40) : '';
        await deps.db.query('INSERT INTO cp_pay_event (out_trade_no, kind, detail, at) VALUES ($1, $2, $3::jsonb, $4)', [
          outTradeNo, 'BAD_SIGNATURE', JSON.stringify({ ip: request.ip }), app.now(),
        ]);
        await app.audit(request, { action: 'cportal.pay.notify', target: `order ${outTradeNo}`, result: 'denied', detail: { reason: 'bad signature' } });
        return reply.status(400).send(deps.provider.ack(false, '签名校验失败'));
      }
      const result = await payments.settle(report, 'NOTIFY');
      if (!result.accepted) {
        await app.audit(request, { action: 'cportal.pay.notify', target: `order ${report.outTradeNo}`, result: 'denied', detail: { reason: result.message, amountFen: report.amountFen } });
        return reply.status(400).send(deps.provider.ack(false, result.message));
      }
      return deps.provider.ack(true);
    },
  );

  // 对账 (staff): the provider's 对账单 of a day against our written-off orders.
  routes.get('/reconciliation', { config: requires(DF_PAY_REVERSE), schema: { querystring: reconciliationQuerySchema } }, async (request) =>
    payments.reconcile(request.query.date),
  );

  // ---- 停电信息, 报修, 业扩 ---------------------------------------------------------------------------------------------
  routes.get('/accounts/:consNo/outages', { config: CUSTOMER, schema: { params: consParams } }, async (request) => {
    await realm.requireBound(customerOf(request), request.params.consNo);
    return { items: await deps.services.outages(request.params.consNo) };
  });
  routes.post('/repairs', { config: CUSTOMER, schema: { body: bodyOrEmpty(repairRequestSchema) } }, async (request, reply) => {
    const customer = customerOf(request);
    await realm.requireBound(customer, request.body.consNo);
    const { ticket, replayed } = await deps.services.reportFault(customer, request.body.consNo, request.body.content, idempotencyKeyOf(request));
    if (!replayed) void app.audit(request, { action: 'cportal.repair', target: `ticket ${ticket.ticketNo}`, result: 'success', detail: { consNo: request.body.consNo } });
    // A retry with the same Idempotency-Key answers the same report, 200 (as a replayed pay order).
    void reply.status(replayed ? 200 : 201);
    return ticket;
  });
  routes.get('/accounts/:consNo/repairs', { config: CUSTOMER, schema: { params: consParams } }, async (request) => {
    await realm.requireBound(customerOf(request), request.params.consNo);
    return { items: await deps.services.reports(customerOf(request), request.params.consNo) };
  });
  routes.get('/applications/:appNo', { config: CUSTOMER, schema: { params: z.strictObject({ appNo: applicationNoParamSchema }) } }, async (request) =>
    deps.services.application(customerOf(request), request.params.appNo),
  );

  // ---- development: the SMS the default adapter recorded (never in production) -------------------------------------
  if (deps.devSms) {
    const q = z.strictObject({ phone: customerPhoneSchema });
    routes.get('/dev/sms-messages', { config: PUBLIC, schema: { querystring: q } }, async (request) => {
      const rows = await deps.db.query<{ id: string; phone: string; text: string; created_at: Date }>(
        'SELECT id::text AS id, phone, text, created_at FROM cp_sms_message WHERE phone = $1 ORDER BY id DESC LIMIT 10',
        [request.query.phone],
      );
      return { items: rows.map((r) => ({ id: r.id, phone: r.phone, text: r.text, createdAt: new Date(r.created_at).toISOString() })) };
    });
  }
}
