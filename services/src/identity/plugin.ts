import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@wb/contracts';
import type { Principal } from '@wb/server-kit';
import { createAccessHook } from './guard.ts';
import { createPasswordHasher } from './password.ts';
import { loadPrincipal } from './principal.ts';
import { registerIdentityRoutes } from './routes.ts';
import { createSessionStore, hashSessionId, isWellFormedSessionId } from './sessions.ts';
import type { SessionStore } from './sessions.ts';
import { createLoginThrottle } from './throttle.ts';
import type { LoginThrottleOptions } from './throttle.ts';

export interface IdentityPluginOptions {
  /** Idle limit, default 30 minutes (QUALITY.md S7). */
  sessionIdleMinutes?: number;
  /** Absolute limit, default 12 hours. */
  sessionAbsoluteHours?: number;
  /** scrypt cost for hashes made by this app (the dummy hash). Tests only; default 2^17. */
  scryptN?: number | undefined;
  throttle?: LoginThrottleOptions;
}

function createResolver(app: FastifyInstance, sessions: SessionStore): (request: FastifyRequest) => Promise<Principal | null> {
  return async (request) => {
    const id = request.cookies[SESSION_COOKIE];
    if (!id || !isWellFormedSessionId(id)) return null;
    const now = app.now();
    const session = await sessions.find(hashSessionId(id), now);
    request.principal = session ? await loadPrincipal(app.db, session, now) : null;
    return request.principal;
  };
}

/**
 * Identity (login, logout, me), server-side sessions, and the global hook enforcing every route's
 * `config.access`. Needs `identityMigrations` applied.
 */
async function identityPlugin(app: FastifyInstance, options: IdentityPluginOptions): Promise<void> {
  if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
  const sessions = createSessionStore(app.db, {
    idleMs: (options.sessionIdleMinutes ?? 30) * 60_000,
    absoluteMs: (options.sessionAbsoluteHours ?? 12) * 3_600_000,
  });
  const resolve = createResolver(app, sessions);
  // One lookup per request however many hooks and handlers ask.
  const resolved = new WeakMap<FastifyRequest, Promise<Principal | null>>();
  app.decorateRequest('principal', null);
  app.decorate('resolvePrincipal', (request: FastifyRequest) => {
    let principal = resolved.get(request);
    if (!principal) {
      principal = resolve(request);
      resolved.set(request, principal);
    }
    return principal;
  });
  app.addHook('onRequest', createAccessHook(app));
  registerIdentityRoutes(app, {
    sessions,
    hasher: createPasswordHasher({ scryptN: options.scryptN }),
    throttle: createLoginThrottle(app.db, options.throttle),
  });
}

export default fp(identityPlugin, {
  name: 'wb-identity',
  fastify: '5.x',
  dependencies: ['wb-db', 'wb-audit', 'wb-request-context', 'wb-route-inventory'],
});
