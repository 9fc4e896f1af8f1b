import type { FastifyPluginAsync } from 'fastify';
import type { BillingSettings } from '@wb/contracts/billing';
import type { WorkflowEngine } from '../workflow/index.ts';
import { createBillingOperations } from './operations.ts';
import { registerBillingRoutes } from './routes.ts';
import { billingScopeFromAccess, type BillingScopeResolver } from './scope.ts';

export interface BillingServiceOptions {
  /** The workflow engine (calendar for 停电 rules; one transaction runner with the other domain services). */
  engine: WorkflowEngine;
  /** Data scope per request. Default: the principal's `bill` scope from the access model. */
  resolveScope?: BillingScopeResolver;
  /** 违约金 and 停复电 rules (defaults: contracts `DEFAULT_BILLING_SETTINGS`). */
  settings?: Partial<BillingSettings>;
}

/**
 * The billing domain service (电费账务), v1. Encapsulated (no fastify-plugin): the gateway registers it under
 * `/api/svc/billing/v1`.
 */
export const billingServicePlugin: FastifyPluginAsync<BillingServiceOptions> = async (app, options) => {
  registerBillingRoutes(app, {
    operations: createBillingOperations({ db: app.db, engine: options.engine, now: () => app.now(), settings: options.settings }),
    resolveScope: options.resolveScope ?? (app.hasDecorator('accessScope') ? billingScopeFromAccess : () => undefined),
  });
};
