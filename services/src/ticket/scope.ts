/**
 * Data scope of tickets (resource type `ticket`) on the org path of the handling unit, applied inside every
 * query so that a ticket out of scope is indistinguishable from a missing one (404). The 客服中心 posts hold a
 * city-wide rule (seed role KF_CITYWIDE); a 供电所 its own unit; managers their subtree.
 */
import type { FastifyRequest } from 'fastify';
import { TICKET_RESOURCE_TYPE } from '@wb/contracts/ticket';
import { orgPathScopeOf, type OrgPathScope } from '@wb/server-kit';

/** `undefined`: no restriction. */
export type TicketScope = OrgPathScope;
export type TicketScopeResolver = (request: FastifyRequest) => TicketScope | undefined;

/** The principal's `ticket` scope from the access model. No rule → empty → nothing. */
export function ticketScopeFromAccess(request: FastifyRequest): TicketScope | undefined {
  return orgPathScopeOf(request.server.accessScope(request, TICKET_RESOURCE_TYPE));
}
