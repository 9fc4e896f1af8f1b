import type { FastifyPluginAsync } from 'fastify';
import type { WorkflowEngine } from '../workflow/index.ts';
import { createDesk } from './desk.ts';
import { TICKET_DOMAIN } from './domain.ts';
import { createTicketOperations, type TicketSettings } from './operations.ts';
import { registerTicketRoutes } from './routes.ts';
import { ticketScopeFromAccess, type TicketScopeResolver } from './scope.ts';

export interface TicketServiceOptions {
  /** The workflow engine, called in-process in the transaction of each step (services/src/workflow/engine-api.ts). */
  engine: WorkflowEngine;
  /** Data scope per request. Default: the principal's `ticket` scope from the access model. */
  resolveScope?: TicketScopeResolver;
  /** Merge window and revisit attempts (defaults: 72 h, 3). */
  settings?: Partial<TicketSettings>;
}

/**
 * The ticket domain service (95598 客服工单), v1. Encapsulated (no fastify-plugin): the gateway registers it
 * under `/api/svc/ticket/v1`.
 */
export const ticketServicePlugin: FastifyPluginAsync<TicketServiceOptions> = async (app, options) => {
  // Its processes are bound to it (ADR 0021): the generic workflow API refuses to act on them around this service.
  options.engine.registerDomain(TICKET_DOMAIN);
  const operations = createTicketOperations({ db: app.db, engine: options.engine, now: () => app.now(), settings: options.settings });
  registerTicketRoutes(app, {
    operations,
    desk: createDesk({ db: app.db, engine: options.engine, now: () => app.now(), settings: operations.settings }),
    engine: options.engine,
    resolveScope: options.resolveScope ?? (app.hasDecorator('accessScope') ? ticketScopeFromAccess : () => undefined),
  });
};
