import type { FastifyPluginAsync } from 'fastify';
import { createCustomerRepository, type CustomerRepository } from './repository.ts';
import { registerCustomerRoutes, scopeFromAccess, type CustomerScopeResolver } from './routes.ts';

export interface CustomerServiceOptions {
  /** Defaults to a repository over `app.db`. */
  repository?: CustomerRepository;
  /**
   * Data scope per request. Default: the principal's `cons` scope from the access model (`app.accessScope`);
   * only a bare app without the identity plugin (unit tests) falls back to no restriction.
   */
  resolveScope?: CustomerScopeResolver;
}

/**
 * The customer domain service (客户档案), v1. Encapsulated on purpose (no fastify-plugin): the gateway
 * registers it with a prefix, and its routes must not leak to the parent.
 */
export const customerServicePlugin: FastifyPluginAsync<CustomerServiceOptions> = async (app, options) => {
  registerCustomerRoutes(app, {
    repository: options.repository ?? createCustomerRepository(app.db),
    resolveScope: options.resolveScope ?? (app.hasDecorator('accessScope') ? scopeFromAccess : () => undefined),
  });
};
