/**
 * Data scope of billing (resource type `bill`) on the customer's org path (its 供电所), applied inside every
 * query so that a customer, payment or order out of scope is indistinguishable from a missing one (404).
 */
import type { FastifyRequest } from 'fastify';
import { BILLING_RESOURCE_TYPE } from '@wb/contracts/billing';
import { ifMatchVersion, orgPathScopeOf, principalOf, type OrgPathScope } from '@wb/server-kit';
import type { BillingContext } from './operations.ts';

export type BillingScopeResolver = (request: FastifyRequest) => OrgPathScope | undefined;

/** The principal's `bill` scope from the access model. No rule → empty → nothing. */
export function billingScopeFromAccess(request: FastifyRequest): OrgPathScope | undefined {
  return orgPathScopeOf(request.server.accessScope(request, BILLING_RESOURCE_TYPE));
}

/**
 * Who asks on a billing route: the principal (it acts on billing's bound tasks: 抄表复核, 量费审核, 电话/上门催费;
 * ADR 0049, 0060), its `bill` scope and the If-Match version it sent.
 */
export function billingContextOf(request: FastifyRequest, resolveScope: BillingScopeResolver): BillingContext {
  const principal = principalOf(request);
  return { actor: principal, principal, scope: resolveScope(request), version: ifMatchVersion(request) };
}
