import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { migrate } from '@wb/server-kit';
import type { AccessControl, AssignedRowsProvider, DataScope, Principal, Queryable } from '@wb/server-kit';
import { NO_SCOPE, assignedTypes, withAssignedKeys } from './access.ts';
import { createInvalidationBus, createPrincipalCache } from './access-cache.ts';
import type { InvalidationBus, PrincipalCache } from './access-cache.ts';
import { registerAccountRoutes } from './account-routes.ts';
import { registerAddressLimits } from './address-limits.ts';
import { createAccessHook } from './guard.ts';
import { createHashQueue } from './hash-queue.ts';
import { DEFAULT_LOGIN_LIMITS, createLoginGuard } from './login-guard.ts';
import { createRefusalPacer } from './refusal-pacer.ts';
import type { LoginGuard, LoginLimits } from './login-guard.ts';
import { createLoginLockout, loginLockoutMigrations } from './login-lockout.ts';
import { createPasswordHasher } from './password.ts';
import type { PasswordHasher } from './password.ts';
import { DEFAULT_PASSWORD_POLICY, createPasswordPolicy } from './password-policy.ts';
import type { PasswordPolicyOptions } from './password-policy.ts';
import { loadSessionAccess, principalFor } from './principal.ts';
import { registerIdentityRoutes } from './routes.ts';
import { createSessionStore, hashSessionId, isWellFormedSessionId } from './sessions.ts';
import type { SessionStore } from './sessions.ts';
import { createLoginThrottle } from './throttle.ts';
import type { LoginThrottleOptions } from './throttle.ts';
import { sessionCookieName } from './cookie.ts';

export interface IdentityPluginOptions {
  /** Idle limit, default 30 minutes (docs/quality.md S7). */
  sessionIdleMinutes?: number;
  /** Absolute limit, default 12 hours. */
  sessionAbsoluteHours?: number;
  /** Concurrent sessions per user (config SESSION_MAX_PER_USER); a new one ends the oldest first. 0 or unset: no cap. */
  sessionMaxPerUser?: number;
  /** What a new password must be (config PASSWORD_*, ADR 0017); default 8 characters of 3 classes. */
  passwordPolicy?: PasswordPolicyOptions;
  /** scrypt cost for hashes made by this app (the dummy hash). Tests only; default 2^17. */
  scryptN?: number | undefined;
  /** Overrides of the per-(account, address) throttle (tests); its limit is otherwise `login.accountMaxFailures`. */
  throttle?: LoginThrottleOptions;
  /** Login limits, hash queue and lockout (config LOGIN_*, ADR 0018); unset fields keep their defaults. */
  login?: Partial<LoginLimits> | undefined;
  /** Redis for cross-instance cache invalidation (config REDIS_URL); none: in-process only. */
  redisUrl?: string | undefined;
  /** How long a cached principal is trusted without a grant change (default and maximum 60 s, S6). */
  cacheTtlMs?: number;
}

/** Request decorator holding the one principal lookup of a request. */
const PENDING = 'wbPrincipalLookup';

/** Upper bound on cached sessions per instance (each entry is a few KiB). */
const MAX_CACHED_SESSIONS = 50_000;

async function currentGrantVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ version: number }>('SELECT version::int AS version FROM grant_version WHERE id = 1');
  return row?.version ?? 1;
}

function createResolver(
  app: FastifyInstance,
  sessions: SessionStore,
  cache: PrincipalCache,
  assigned: () => AssignedRowsProvider | null,
): (request: FastifyRequest) => Promise<Principal | null> {
  return async (request) => {
    const id = request.cookies[sessionCookieName(request)];
    if (!id || !isWellFormedSessionId(id)) return null;
    const now = app.now();
    const idHash = hashSessionId(id);
    const context = { zone: request.zone, channel: request.channel };
    let entry = cache.get(idHash, now);
    if (!entry) {
      const version = cache.version;
      const session = await sessions.find(idHash, now);
      entry = session ? ((await loadSessionAccess(app.db, session, now, version)) ?? undefined) : undefined;
      if (entry) cache.set(idHash, entry);
    }
    let principal = entry ? principalFor(entry, context) : null;
    // ASSIGNED (ADR 0073): the rows of the user's tasks, as of this request (a task assigned a moment ago counts).
    // Worked out once per cached entry, not per request (P9).
    const types = entry ? (entry.assignedTypes ??= assignedTypes(entry.grants)) : [];
    const provider = assigned();
    if (principal && types.length > 0 && provider) principal = withAssignedKeys(principal, await provider(app.db, principal, types));
    request.principal = principal;
    return request.principal;
  };
}

function createAccessControl(app: FastifyInstance, cache: PrincipalCache, bus: () => InvalidationBus, setAssigned: (p: AssignedRowsProvider) => void): AccessControl {
  return {
    provideAssignedRows: setAssigned,
    async changeGrants(fn) {
      const { result, version } = await app.db.transaction(async (tx) => {
        const value = await fn(tx);
        const [row] = await tx.query<{ version: number }>('UPDATE grant_version SET version = version + 1 WHERE id = 1 RETURNING version::int AS version');
        return { result: value, version: row?.version ?? cache.version + 1 };
      });
      const message = { kind: 'version', version } as const;
      cache.apply(message);
      await bus().publish(message);
      return result;
    },
    async forgetSession(idHash) {
      const message = { kind: 'session', idHash } as const;
      cache.apply(message);
      await bus().publish(message);
    },
  };
}

function decorateAccess(app: FastifyInstance, sessions: SessionStore, cache: PrincipalCache, assigned: () => AssignedRowsProvider | null): void {
  const resolve = createResolver(app, sessions, cache, assigned);
  // One lookup per request however many hooks and handlers ask. Kept on the request (a decorator, so every
  // request has the same shape), not in a WeakMap: ephemeron bookkeeping cost more GC than the whole check (P9).
  app.decorateRequest('principal', null);
  app.decorateRequest(PENDING, null);
  app.decorate('resolvePrincipal', (request: FastifyRequest) => {
    const holder = request as unknown as Record<typeof PENDING, Promise<Principal | null> | null>;
    holder[PENDING] ??= resolve(request);
    return holder[PENDING];
  });
  app.decorate('accessScope', (request: FastifyRequest, resourceType: string): DataScope => request.principal?.scope?.(resourceType) ?? NO_SCOPE);
}

/**
 * Identity (login, logout, me, post switch, password change), server-side sessions with a cached principal,
 * and the global hook enforcing every route's `config.access`. Needs `identityMigrations` applied.
 */
async function identityPlugin(app: FastifyInstance, options: IdentityPluginOptions): Promise<void> {
  if (!app.hasRequestDecorator('cookies')) await app.register(cookie);
  const sessions = createSessionStore(app.db, {
    idleMs: (options.sessionIdleMinutes ?? 30) * 60_000,
    absoluteMs: (options.sessionAbsoluteHours ?? 12) * 3_600_000,
    maxPerUser: options.sessionMaxPerUser ?? 0,
    // Ended by the cap: refused on their next request, on every instance (S7).
    onEnded: async (idHashes) => {
      for (const idHash of idHashes) await app.accessControl.forgetSession(idHash);
    },
  });
  app.decorate('passwordPolicy', createPasswordPolicy(options.passwordPolicy ?? DEFAULT_PASSWORD_POLICY));
  const cache = createPrincipalCache({
    ttlMs: Math.min(options.cacheTtlMs ?? 60_000, 60_000),
    maxEntries: MAX_CACHED_SESSIONS,
    initialVersion: await currentGrantVersion(app.db),
  });
  const bus = createInvalidationBus(options.redisUrl, (m) => cache.apply(m), app.log);
  app.addHook('onClose', async () => bus.close());
  let assignedRows: AssignedRowsProvider | null = null;
  const provideAssignedRows = (provider: AssignedRowsProvider): void => {
    assignedRows = provider;
  };
  app.decorate('accessControl', createAccessControl(app, cache, () => bus, provideAssignedRows));
  decorateAccess(app, sessions, cache, () => assignedRows);
  app.addHook('onRequest', createAccessHook(app));
  const { hasher, guard } = await createLoginProtection(app, options);
  app.decorate('passwordHasher', hasher);
  registerIdentityRoutes(app, { sessions, hasher, guard });
  registerAccountRoutes(app, { sessions, hasher });
}

/** The hash queue every password derivation of this process waits in, and the limits before it (ADR 0018). */
async function createLoginProtection(app: FastifyInstance, options: IdentityPluginOptions): Promise<{ hasher: PasswordHasher; guard: LoginGuard }> {
  const limits: LoginLimits = { ...DEFAULT_LOGIN_LIMITS, ...options.login };
  const windowMs = limits.lockoutMinutes * 60_000;
  await migrate(app.db, loginLockoutMigrations);
  const queue = createHashQueue({ concurrency: limits.hashConcurrency, maxQueued: limits.hashQueue });
  const hasher = createPasswordHasher({ scryptN: options.scryptN, queue });
  const addressLimits = await registerAddressLimits(app, {
    maxFailures: limits.addressMaxFailures,
    failureWindowMs: windowMs,
    maxAttemptsPerMinute: limits.addressMaxAttemptsPerMinute,
    redisUrl: options.redisUrl,
  });
  const throttle = createLoginThrottle(app.db, { maxFailures: limits.accountMaxFailures, retainMs: windowMs, ...options.throttle });
  const lockout = createLoginLockout(app.db, { failures: limits.lockoutFailures, lockMs: windowMs });
  const pacer = createRefusalPacer({ maxDelayMs: limits.refusalDelayMs });
  return { hasher, guard: createLoginGuard(app, { queue, throttle, lockout, addressLimits, pacer }) };
}

export default fp(identityPlugin, {
  name: 'wb-identity',
  fastify: '5.x',
  dependencies: ['wb-db', 'wb-audit', 'wb-request-context', 'wb-route-inventory'],
});
