/**
 * Data scope of billing (resource type `bill`) on the customer's org path (its 供电所), applied inside every
 * query so that a customer, payment or order out of scope is indistinguishable from a missing one (404).
 */
import type { FastifyRequest } from 'fastify';
import { BILLING_RESOURCE_TYPE } from '@wb/contracts/billing';
import { orgPathScopeOf, type OrgPathScope } from '@wb/server-kit';

export type BillingScopeResolver = (request: FastifyRequest) => OrgPathScope | undefined;

/** The principal's `bill` scope from the access model. No rule → empty → nothing. */
export function billingScopeFromAccess(request: FastifyRequest): OrgPathScope | undefined {
  return orgPathScopeOf(request.server.accessScope(request, BILLING_RESOURCE_TYPE));
}
