import type { FastifyPluginAsync } from 'fastify';
import { ErrorCode, servicePath } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import { CUSTOMER_PORTAL_SERVICE } from '@wb/contracts/customer-portal';
import type { Queryable } from '@wb/server-kit';
import type { OutboxEvent, WorkflowEngine } from '../workflow/index.ts';
import { createPayments, type PaymentEvent, type Payments } from './payments.ts';
import { createBillingOperations } from './ports.ts';
import type { PaymentProvider } from './provider.ts';
import { CUSTOMER_SMS_TOPIC, createRealm, type RealmSettings } from './realm.ts';
import { registerPortalRoutes } from './routes.ts';
import { createServices } from './services.ts';
import { createSimulatedProvider, type SimulatedProvider } from './sim-provider.ts';
import { createStaffAccounts, registerStaffRoutes } from './staff.ts';

export const CUSTOMER_SMS_CONSUMER = 'customer-portal.sms-gateway';

/** Where verification codes go; the default records them in `cp_sms_message` (the development page reads them). */
export interface CustomerSmsGateway {
  send(tx: Queryable, message: { codeId: string; phone: string; text: string }, at: Date): Promise<void>;
}

export const recordingCustomerSms: CustomerSmsGateway = {
  async send(tx, m, at) {
    await tx.query('INSERT INTO cp_sms_message (code_id, phone, text, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (code_id) DO NOTHING', [m.codeId, m.phone, m.text, at]);
  },
};

export interface CustomerPortalOptions {
  engine: WorkflowEngine;
  /** The payment provider; default the simulated one (below). */
  provider?: PaymentProvider;
  /** The simulated provider, when it is the provider (its checkout page is served here). Default: one created here. */
  simulator?: SimulatedProvider;
  smsGateway?: CustomerSmsGateway;
  realm?: Partial<RealmSettings>;
  /** Serve the development SMS page (default: outside production). */
  devSms?: boolean;
  /** Query the provider about unpaid orders this often (ms; 0 = never, tests call `settlePending`). Default 60 s. */
  sweepMs?: number;
  /** Receives the service's payments once built (tests run the sweep with it). */
  onPayments?: (payments: Payments) => void;
  receiptFontPath?: string;
}

/**
 * 掌上电力 (issue 14), v1: the customer realm and online payment. Encapsulated: the gateway registers it under
 * `/api/svc/customer-portal/v1`; its routes are `access: 'customer'` (checked by the hook below) or public.
 */
export const customerPortalPlugin: FastifyPluginAsync<CustomerPortalOptions> = async (app, options) => {
  const now = (): Date => app.now();
  const base = servicePath(CUSTOMER_PORTAL_SERVICE);
  const simulator = options.provider ? options.simulator : (options.simulator ?? createSimulatedProvider({ key: process.env['PAY_SIM_KEY'] || undefined }));
  simulator?.bind({ db: app.db, now, inject: (o) => app.inject(o), base });
  const provider = options.provider ?? simulator!.provider;
  const billing = createBillingOperations({ db: app.db, engine: options.engine, now });
  const realm = createRealm({ db: app.db, engine: options.engine, now, hasher: () => app.passwordHasher, settings: options.realm });
  const record = async (e: PaymentEvent): Promise<void> => {
    await app.db.query('INSERT INTO cp_pay_event (out_trade_no, kind, detail, at) VALUES ($1, $2, $3::jsonb, $4)', [e.outTradeNo, e.kind, JSON.stringify(e.detail), now()]);
    if (e.kind === 'BAD_AMOUNT' || e.kind === 'UNKNOWN_ORDER' || e.kind === 'SECOND_TRADE') {
      // Awaited: the refusal's audit record is written before the provider gets its answer (audit() logs its own
      // failure and never throws).
      await app.audit(null, { action: `cportal.pay.${e.kind.toLowerCase()}`, target: `order ${e.outTradeNo}`, result: 'failure', detail: e.detail });
    }
  };
  const payments = createPayments({ db: app.db, engine: options.engine, now, billing, provider, notifyUrl: `${base}/pay/notify`, record });
  options.onPayments?.(payments);

  // The customer realm's session, for this service's routes only (a staff cookie is never read here).
  app.decorateRequest('customer', null);
  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.access !== 'customer') return;
    request.customer = await realm.resolve(request);
    if (!request.customer) throw new AppError(401, ErrorCode.Unauthenticated, '请先登录掌上电力');
  });

  registerPortalRoutes(app, {
    db: app.db,
    realm,
    payments,
    provider,
    billing,
    services: createServices({ db: app.db, engine: options.engine, now }),
    // Outside production, or where a test deployment asks for it (CUSTOMER_SMS_DEV_PAGE=true: the browser tests).
    devSms: options.devSms ?? (process.env['NODE_ENV'] !== 'production' || process.env['CUSTOMER_SMS_DEV_PAGE'] === 'true'),
    receiptFontPath: options.receiptFontPath,
  });
  simulator?.registerRoutes(app);
  registerStaffRoutes(app, createStaffAccounts({ db: app.db }));

  const unregister = options.engine.consume(CUSTOMER_SMS_CONSUMER, [CUSTOMER_SMS_TOPIC], async (event: OutboxEvent, tx) => {
    const p = event.payload;
    await (options.smsGateway ?? recordingCustomerSms).send(tx, { codeId: String(p['codeId']), phone: String(p['phone']), text: String(p['text']) }, now());
  });
  const sweepMs = options.sweepMs ?? 60_000;
  const timer = sweepMs > 0 ? setInterval(() => void payments.settlePending(5 * 60_000).catch((err: unknown) => app.log.warn({ err }, 'payment sweep failed')), sweepMs) : null;
  timer?.unref();
  app.addHook('onClose', async () => {
    unregister();
    if (timer) clearInterval(timer);
    simulator?.close();
  });
};
