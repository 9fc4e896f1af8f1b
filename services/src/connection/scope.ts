/**
 * Data scope of applications (resource type `yk_apply`) on their org path, applied inside every query so
 * that an application out of scope is indistinguishable from a missing one (404).
 */
import type { FastifyRequest } from 'fastify';
import { YK_RESOURCE_TYPE } from '@wb/contracts/connection';
import { orgPathScopeOf, type OrgPathScope } from '@wb/server-kit';

/**
 * `undefined`: no restriction. `orgPaths` cover their subtree; `exactOrgPaths` only themselves. Tested with
 * the server-kit's one path rule: `orgPathInScope` in code, `SqlConditions.scope` in SQL (ADR 0026).
 */
export type ApplicationScope = OrgPathScope;

export type ApplicationScopeResolver = (request: FastifyRequest) => ApplicationScope | undefined;

/** The principal's `yk_apply` scope from the access model. No rule → empty → nothing. */
export function applicationScopeFromAccess(request: FastifyRequest): ApplicationScope | undefined {
  return orgPathScopeOf(request.server.accessScope(request, YK_RESOURCE_TYPE));
}
