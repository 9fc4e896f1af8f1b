import type { FastifyPluginAsync } from 'fastify';
import type { WorkflowEngine } from '../workflow/index.ts';
import { CONNECTION_DOMAIN } from './domain.ts';
import { createConnectionOperations } from './operations.ts';
import { registerConnectionRoutes } from './routes.ts';
import { applicationScopeFromAccess, type ApplicationScopeResolver } from './scope.ts';

export interface ConnectionServiceOptions {
  /** The workflow engine, called in-process in the transaction of each step (services/src/workflow/engine-api.ts). */
  engine: WorkflowEngine;
  /** Data scope per request. Default: the principal's `yk_apply` scope from the access model. */
  resolveScope?: ApplicationScopeResolver;
}

/**
 * The connection domain service (业扩报装), v1. Encapsulated (no fastify-plugin): the gateway registers it
 * under `/api/svc/connection/v1`.
 */
export const connectionServicePlugin: FastifyPluginAsync<ConnectionServiceOptions> = async (app, options) => {
  // Its processes are bound to it (ADR 0021): the generic workflow API refuses to act on them around this service.
  options.engine.registerDomain(CONNECTION_DOMAIN);
  registerConnectionRoutes(app, {
    operations: createConnectionOperations({ db: app.db, engine: options.engine, now: () => app.now() }),
    resolveScope: options.resolveScope ?? (app.hasDecorator('accessScope') ? applicationScopeFromAccess : () => undefined),
  });
};
