import cookie from '@fastify/cookie';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { migrate } from '@wb/server-kit';
import type { AccessControl, AssignedRowsProvider, DataScope, Principal, Queryable } from '@wb/server-kit';
import { NO_SCOPE, assignedTypes, withAssignedKeys } from './access.ts';
import { createInvalidationBus, createPrincipalCache } from './access-cache.ts';
import type { CachedPrincipal, InvalidationBus, PrincipalCache } from './access-cache.ts';
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
import type { PrincipalLookup } from './principal.ts';
import { registerIdentityRoutes } from './routes.ts';
import { createSessionStore, isWellFormedSessionId } from './sessions.ts';
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
  /** TEST ONLY: the session id hash the principal cache uses (a counting wrapper); production uses SHA-256 (sessions.ts). */
  hashSessionId?: (sessionId: string) => string;
}

/** Request decorator holding the one principal lookup of a request. */
const PENDING = 'wbPrincipalLookup';

/** Upper bound on cached sessions per instance (each entry is a few KiB). */
const MAX_CACHED_SESSIONS = 50_000;

async function currentGrantVersion(db: Queryable): Promise<number> {
  const [row] = await db.query<{ version: number }>('SELECT version::int AS version FROM grant_version WHERE id = 1');
  return row?.version ?? 1;
}

/** Where a request's principal comes from: the session store, the principal cache and the ASSIGNED rows. */
interface PrincipalSources {
  sessions: SessionStore;
  cache: PrincipalCache;
  assigned: () => AssignedRowsProvider | null;
}

function createResolver(app: FastifyInstance, { sessions, cache, assigned }: PrincipalSources): (request: FastifyRequest) => PrincipalLookup {
  const withEntry = (request: FastifyRequest, entry: CachedPrincipal): PrincipalLookup => {
    const principal = principalFor(entry, { zone: request.zone, channel: request.channel });
    // ASSIGNED (ADR 0073): the rows of the user's tasks, as of this request (a task assigned a moment ago counts).
    // Worked out once per cached entry, not per request (P9).
    const types = (entry.assignedTypes ??= assignedTypes(entry.grants));
    const provider = assigned();
    if (types.length > 0 && provider) {
      return provider(app.db, principal, types).then((keys) => (request.principal = withAssignedKeys(principal, keys)));
    }
    return (request.principal = principal);
  };
  const load = async (request: FastifyRequest, id: string, idHash: string, now: Date): Promise<Principal | null> => {
    const version = cache.version;
    const epoch = cache.sessionEpoch;
    const session = await sessions.find(idHash, now);
    const entry = session ? await loadSessionAccess(app.db, session, now, version) : null;
    if (!entry) return null;
    cache.set(idHash, entry, id, epoch);
    return withEntry(request, entry);
  };
  // A warm session is answered without a promise (P9): no await, no microtask between the hook and the route.
  return (request) => {
    const id = request.cookies[sessionCookieName(request)];
    if (!id || !isWellFormedSessionId(id)) return null;
    const now = app.now();
    // Hashed once per cached session, not per request (P9, ADR 0080).
    const idHash = cache.idHashOf(id);
    const entry = cache.get(idHash, now);
    return entry ? withEntry(request, entry) : load(request, id, idHash, now);
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

/** Decorates the request and the app; returns the lookup the access hook uses (a value when cached, see above). */
function decorateAccess(app: FastifyInstance, sources: PrincipalSources): (request: FastifyRequest) => PrincipalLookup {
  const resolve = createResolver(app, sources);
  // One lookup per request however many hooks and handlers ask (`false`: not asked yet). Kept on the request (a
  // decorator, so every request has the same shape), not in a WeakMap: ephemeron bookkeeping cost more GC than
  // the whole check (P9).
  app.decorateRequest('principal', null);
  app.decorateRequest(PENDING, false);
  const lookup = (request: FastifyRequest): PrincipalLookup => {
    const holder = request as unknown as Record<typeof PENDING, PrincipalLookup | false>;
    if (holder[PENDING] === false) holder[PENDING] = resolve(request);
    return holder[PENDING];
  };
  app.decorate('resolvePrincipal', async (request: FastifyRequest) => lookup(request));
  app.decorate('accessScope', (request: FastifyRequest, resourceType: string): DataScope => request.principal?.scope?.(resourceType) ?? NO_SCOPE);
  return lookup;
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
    ...(options.hashSessionId ? { hashSessionId: options.hashSessionId } : {}),
  });
  const bus = createInvalidationBus(options.redisUrl, (m) => cache.apply(m), app.log);
  app.addHook('onClose', async () => bus.close());
  let assignedRows: AssignedRowsProvider | null = null;
  const provideAssignedRows = (provider: AssignedRowsProvider): void => {
    assignedRows = provider;
  };
  app.decorate('accessControl', createAccessControl(app, cache, () => bus, provideAssignedRows));
  const lookup = decorateAccess(app, { sessions, cache, assigned: () => assignedRows });
  app.addHook('onRequest', createAccessHook(app, lookup));
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
