import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Principal } from '@wb/server-kit';
import { allows } from './access.ts';
import type { PrincipalLookup } from './principal.ts';
import { sessionCookieName } from './cookie.ts';

/** Public routes under these prefixes never look at the session (immutable assets: no DB lookup per file). */
const SESSIONLESS_PREFIXES = ['/assets/'];

/** What a user who must change the password may still do (S13): see who they are, leave, change it. */
const WHILE_PASSWORD_CHANGE_REQUIRED = new Set(['/api/identity/me', '/api/identity/logout', '/api/identity/password']);

/**
 * S15 fail closed: when looking up the session or the permissions throws, the request is refused with 503,
 * never let through. AppErrors (401/403/429…) pass unchanged. Used in place (try/catch), not as a wrapper
 * taking a callback: that was a closure and two promises per check on every request (P9).
 */
function refusal(request: FastifyRequest, error: unknown): AppError {
  if (error instanceof AppError) return error;
  request.log.error({ err: error }, 'access decision failed; refusing the request');
  return new AppError(503, ErrorCode.ServiceUnavailable, '权限校验暂不可用，请稍后重试', undefined, { cause: error });
}

/** Public routes get `request.principal` when a session cookie is sent (the shell page inlines the user's feed). */
async function resolveOptionally(lookup: (request: FastifyRequest) => PrincipalLookup, request: FastifyRequest): Promise<void> {
  if (!request.cookies[sessionCookieName(request)] || SESSIONLESS_PREFIXES.some((p) => request.url.startsWith(p))) return;
  try {
    await lookup(request);
  } catch (error) {
    request.log.warn({ err: error }, 'session lookup failed on a public route; treating the request as anonymous');
  }
}

/**
 * The global onRequest hook that enforces each route's `config.access` (docs/quality.md S1/S2):
 * 'public' passes; 'session' needs a live session (401); `{ permission }` also needs the permission (403,
 * audited). A request without a route (404) passes on to the not-found handler. `lookup` is the request's
 * principal lookup (the identity plugin's, behind `app.resolvePrincipal`): a value, not a promise, when the
 * session is cached, so a warm check awaits nothing (P9).
 */
export function createAccessHook(app: FastifyInstance, lookup: (request: FastifyRequest) => PrincipalLookup): (request: FastifyRequest) => Promise<void> {
  return async function enforceAccess(request) {
    const access = request.routeOptions.config.access;
    if (access === undefined) {
      if (request.is404) return;
      throw new AppError(403, ErrorCode.NotAllowed, '没有访问权限');
    }
    if (access === 'public') return resolveOptionally(lookup, request);
    // The customer realm (掌上电力, ADR 0045) checks its own session cookie in the customer-portal service's hook;
    // a staff session is never looked at here, so it grants nothing on these routes.
    if (access === 'customer') return;
    let principal: Principal | null;
    try {
      const found = lookup(request);
      principal = found instanceof Promise ? await found : found;
    } catch (error) {
      throw refusal(request, error);
    }
    if (!principal) throw new AppError(401, ErrorCode.Unauthenticated, '请先登录');
    if (principal.mustChangePassword && !WHILE_PASSWORD_CHANGE_REQUIRED.has(request.routeOptions.url ?? '')) {
      throw new AppError(403, ErrorCode.PasswordChangeRequired, '请先修改密码');
    }
    if (access === 'session') return;
    let allowed: boolean;
    try {
      allowed = allows(principal, access.permission, { zone: request.zone, channel: request.channel });
    } catch (error) {
      throw refusal(request, error);
    }
    if (allowed) return;
    void app.audit(request, {
      action: 'access.denied',
      target: `${request.method} ${request.routeOptions.url ?? request.url}`,
      result: 'denied',
      detail: { permission: access.permission },
    });
    throw new AppError(403, ErrorCode.NotAllowed, '没有访问权限');
  };
}
