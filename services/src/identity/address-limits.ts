/**
 * Per-address login limits across usernames (issue 9 item 4, ADR 0018), counted by @fastify/rate-limit:
 * in Redis when `REDIS_URL` is set, so every instance counts the same attempts, in-process otherwise.
 * Two counters per client address:
 *  - failed logins (whatever the username) within `failureWindowMs`: changing the username does not help;
 *  - all login attempts within a minute, successful ones included: a generous cap that only a script reaches.
 * A Redis outage never blocks a login (`skipOnError`): the database throttle and the lockout still hold.
 */
import rateLimit from '@fastify/rate-limit';
import type { CreateRateLimitOptions } from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { FastifyInstance, FastifyRequest } from 'fastify';

export interface AddressLimitOptions {
  /** Failed logins per address within `failureWindowMs`; more are refused with 429. */
  maxFailures: number;
  failureWindowMs: number;
  /** Login attempts per address per minute, successful or not. */
  maxAttemptsPerMinute: number;
  /** Redis for counts shared by every instance (config REDIS_URL). */
  redisUrl?: string | undefined;
}

export interface AddressLimits {
  /** Counts this attempt; seconds to wait when over the cap, else null. */
  countAttempt(request: FastifyRequest): Promise<number | null>;
  /** The address's recent failures, and seconds to wait when over the limit (no counting). */
  failures(request: FastifyRequest): Promise<{ count: number; retryAfter: number | null }>;
  /** Counts a failed login; true when this failure made the address reach its limit (to audit it once). */
  recordFailure(request: FastifyRequest): Promise<boolean>;
}

/** Addresses tracked per counter without Redis; the oldest are forgotten first. */
const LOCAL_ADDRESSES = 50_000;

type Limiter = ReturnType<FastifyInstance['createRateLimit']>;

function limiter(app: FastifyInstance, prefix: string, max: number, timeWindow: number): Limiter {
  // `cache` sizes the in-process store of this limiter (the plugin's typings omit it for createRateLimit).
  const options: CreateRateLimitOptions & { cache: number } = {
    max,
    timeWindow,
    cache: LOCAL_ADDRESSES,
    // Both limiters share one Redis key space: the prefix keeps their counts apart.
    keyGenerator: (request) => `${prefix}:${request.ip}`,
  };
  return app.createRateLimit(options);
}

const seconds = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs / 1000));

export async function registerAddressLimits(app: FastifyInstance, options: AddressLimitOptions): Promise<AddressLimits> {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1000, enableOfflineQueue: true })
    : undefined;
  if (redis) {
    redis.on('error', (err: unknown) => app.log.warn({ err }, 'redis (login limits) error'));
    app.addHook('onClose', async () => redis.disconnect());
  }
  // Not global: these limits are applied by the login route only, as calls (below), not as hooks.
  await app.register(rateLimit, { global: false, skipOnError: true, nameSpace: 'wb-login-', ...(redis ? { redis } : {}) });
  const attempts = limiter(app, 'attempt', options.maxAttemptsPerMinute, 60_000);
  const failures = limiter(app, 'failure', options.maxFailures, options.failureWindowMs);
  return {
    async countAttempt(request) {
      const state = await attempts(request);
      return !state.isAllowed && state.isExceeded ? seconds(state.ttl) : null;
    },
    async failures(request) {
      const state = await failures(request, { increment: false });
      if (state.isAllowed) return { count: 0, retryAfter: null };
      const count = state.max - state.remaining;
      return { count, retryAfter: count >= state.max ? seconds(state.ttl) : null };
    },
    async recordFailure(request) {
      const state = await failures(request);
      return !state.isAllowed && state.remaining === 0 && !state.isExceeded;
    },
  };
}
