import type { FastifyPluginAsync } from 'fastify';
import type { BillingSettings } from '@wb/contracts/billing';
import type { WorkflowEngine } from '../workflow/index.ts';
import { createCollectionOperations } from './collection.ts';
import { BILLING_DOMAIN } from './domain.ts';
import { registerCollectionRoutes } from './collection-routes.ts';
import { createBillingOperations } from './operations.ts';
import { registerBillingRoutes } from './routes.ts';
import { billingScopeFromAccess, type BillingScopeResolver } from './scope.ts';
import { recordingSmsGateway, registerSmsConsumer, type SmsGateway } from './sms.ts';
import { registerRestoreTaskConsumer } from './restore-tasks.ts';

export interface BillingServiceOptions {
  /** The workflow engine (calendar for 停电 rules; one transaction runner with the other domain services). */
  engine: WorkflowEngine;
  /** Data scope per request. Default: the principal's `bill` scope from the access model. */
  resolveScope?: BillingScopeResolver;
  /** 违约金, 停复电 and 催费 rules (defaults: contracts `DEFAULT_BILLING_SETTINGS`). */
  settings?: Partial<BillingSettings>;
  /** Where 催费 messages go (default: recorded in `billing_sms_message`, ADR 0043). */
  smsGateway?: SmsGateway;
  /** The receipt PDF's CJK font file (default: Debian's fonts-noto-cjk). */
  receiptFontPath?: string;
}

/**
 * The billing domain service (电费账务), v1. Encapsulated (no fastify-plugin): the gateway registers it under
 * `/api/svc/billing/v1`.
 */
export const billingServicePlugin: FastifyPluginAsync<BillingServiceOptions> = async (app, options) => {
  const now = (): Date => app.now();
  // Its processes (抄表复核, 量费审核, 停电, 复电) are bound to it (ADR 0021, ADR 0049).
  options.engine.registerDomain(BILLING_DOMAIN);
  const operations = createBillingOperations({ db: app.db, engine: options.engine, now, settings: options.settings });
  const resolveScope = options.resolveScope ?? (app.hasDecorator('accessScope') ? billingScopeFromAccess : () => undefined);
  registerBillingRoutes(app, { operations, resolveScope });
  const collection = createCollectionOperations({ db: app.db, engine: options.engine, now, core: operations });
  registerCollectionRoutes(app, { operations, collection, resolveScope, receiptFontPath: options.receiptFontPath });
  const unregister = registerSmsConsumer(options.engine, options.smsGateway ?? recordingSmsGateway, now);
  // 复电 tasks of online payments, started after their write-off commits (ADR 0097).
  const unregisterRestore = registerRestoreTaskConsumer(options.engine, operations);
  app.addHook('onClose', async () => {
    unregister();
    unregisterRestore();
  });
};
