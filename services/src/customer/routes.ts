/**
 * HTTP routes of customer service v1, relative to its mount point (the gateway mounts the plugin under
 * `/api/svc/customer/v1`). Both are queries; the service has no writes yet.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, consNoSchema, customerSearchQuerySchema } from '@wb/contracts';
import { AppError, orgPathScopeOf, requires } from '@wb/server-kit';
import type { CustomerRepository, CustomerScope } from './repository.ts';

/** Permission to read the customer archive (客户档案查询). */
export { CUSTOMER_VIEW_PERMISSION } from '@wb/contracts';
import { CUSTOMER_VIEW_PERMISSION } from '@wb/contracts';

/** Decides which customers a request may see; `undefined` means no restriction beyond the permission. */
export type CustomerScopeResolver = (request: FastifyRequest) => CustomerScope | undefined | Promise<CustomerScope | undefined>;

export interface CustomerRouteDeps {
  repository: CustomerRepository;
  resolveScope: CustomerScopeResolver;
}

const viewAccess = requires(CUSTOMER_VIEW_PERMISSION);

/** Resource type of customers (用电客户, `cons`) in data-scope rules. */
export const CUSTOMER_RESOURCE_TYPE = 'cons';

/**
 * Customer scope from the access model's `cons` descriptor (issue 3). Customers hang off a 供电所 (a leaf
 * of the org tree), so an ORG (exact) path and an ORG_AND_CHILD path select the same customers there; an
 * exact path above a 供电所 is widened to its subtree (documented). SELF / MY_TG have no customer column
 * here yet, so they add nothing (narrower, never wider). No rule → `[]` → no customer.
 */
export function scopeFromAccess(request: FastifyRequest): CustomerScope | undefined {
  const scope = orgPathScopeOf(request.server.accessScope(request, CUSTOMER_RESOURCE_TYPE));
  return scope && { orgPaths: [...new Set([...scope.orgPaths, ...scope.exactOrgPaths])] };
}

/** Route schemas (zod, validated before the handler, documented at /api/docs; ADR 0032). */
const consNoParams = z.object({ consNo: consNoSchema });

export function registerCustomerRoutes(app: FastifyInstance, deps: CustomerRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/customers', { config: viewAccess, schema: { querystring: customerSearchQuerySchema } }, async (request) => {
    return deps.repository.search(request.query, await deps.resolveScope(request));
  });

  routes.get('/customers/:consNo', { config: viewAccess, schema: { params: consNoParams } }, async (request) => {
    const { consNo } = request.params;
    const customer = await deps.repository.getByConsNo(consNo, await deps.resolveScope(request));
    // Out of scope answers like absent, so 户号 outside the caller's area cannot be probed.
    if (!customer) throw new AppError(404, ErrorCode.NotFound, '未找到该户号的客户');
    return customer;
  });
}
