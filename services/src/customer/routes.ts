/**
 * HTTP routes of customer service v1, relative to its mount point (the gateway mounts the plugin under
 * `/api/svc/customer/v1`). Both are queries; the service has no writes yet.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode, consNoSchema, customerSearchQuerySchema } from '@wb/contracts';
import { AppError, parseOrThrow } from '@wb/server-kit';
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

const viewAccess = { access: { permission: CUSTOMER_VIEW_PERMISSION } };

/** Resource type of customers (用电客户, `cons`) in data-scope rules. */
export const CUSTOMER_RESOURCE_TYPE = 'cons';

/**
 * Customer scope from the access model's `cons` descriptor (issue 3). Customers hang off a 供电所 (a leaf
 * of the org tree), so an ORG (exact) path and an ORG_AND_CHILD path select the same customers there; an
 * exact path above a 供电所 is widened to its subtree (documented). SELF / MY_TG have no customer column
 * here yet, so they add nothing (narrower, never wider). No rule → `[]` → no customer.
 */
export function scopeFromAccess(request: FastifyRequest): CustomerScope | undefined {
  const scope = request.server.accessScope(request, CUSTOMER_RESOURCE_TYPE);
  if (scope.all) return undefined;
  return { orgPaths: [...new Set([...scope.orgPaths, ...scope.exactOrgPaths])] };
}

export function registerCustomerRoutes(app: FastifyInstance, deps: CustomerRouteDeps): void {
  app.get('/customers', { config: viewAccess }, async (request) => {
    const query = parseOrThrow(customerSearchQuerySchema, request.query);
    return deps.repository.search(query, await deps.resolveScope(request));
  });

  app.get<{ Params: { consNo: string } }>('/customers/:consNo', { config: viewAccess }, async (request) => {
    const consNo = parseOrThrow(consNoSchema, request.params.consNo);
    const customer = await deps.repository.getByConsNo(consNo, await deps.resolveScope(request));
    // Out of scope answers like absent, so 户号 outside the caller's area cannot be probed.
    if (!customer) throw new AppError(404, ErrorCode.NotFound, '未找到该户号的客户');
    return customer;
  });
}
