/**
 * What stands between a login request and the password hash (issue 9 item 4, ADR 0018), cheapest first:
 *  1. all attempts per address per minute (a generous cap; route `onRequest`, before the body is parsed);
 *  2. failed logins per address across usernames — unless the account has signed in from that address;
 *  3. failed logins per (account, address) per minute: the 11th gets 429 (docs/quality.md S12);
 *  4. the account lockout — never at the account's known addresses;
 * then the hash queue, with known addresses first and addresses with recent failures last. An attempt the
 * queue would refuse anyway is refused before checks 3 and 4, so that a flood costs no database work.
 * A refusal to an address that asks again before its Retry-After is answered late (refusal-pacer.ts, ADR 0044).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { AddressLimits } from './address-limits.ts';
import type { HashPriority, HashQueue } from './hash-queue.ts';
import { minutesLeft } from './login-lockout.ts';
import type { LoginLockout } from './login-lockout.ts';
import type { RefusalPacer } from './refusal-pacer.ts';
import type { LoginThrottle } from './throttle.ts';

/** Every login limit, from the environment (config.ts, README "Configuration"). */
export interface LoginLimits {
  /** LOGIN_HASH_CONCURRENCY: password derivations at once per process. Default 2. */
  hashConcurrency: number;
  /** LOGIN_HASH_QUEUE: derivations allowed to wait; more get 503 + Retry-After. Default 16. */
  hashQueue: number;
  /** LOGIN_ACCOUNT_MAX_FAILURES: failures per (account, address) per minute before 429. Default 10 (S12). */
  accountMaxFailures: number;
  /** LOGIN_ADDRESS_MAX_FAILURES: failures per address, any usernames, within the lockout window. Default 20. */
  addressMaxFailures: number;
  /** LOGIN_ADDRESS_MAX_ATTEMPTS: attempts per address per minute, successful ones included. Default 600. */
  addressMaxAttemptsPerMinute: number;
  /** LOGIN_LOCKOUT_FAILURES: failures of one account, from any addresses, within the window that lock it. Default 20. */
  lockoutFailures: number;
  /** LOGIN_LOCKOUT_MINUTES: the window those failures count in, and how long the lock lasts. Default 15. */
  lockoutMinutes: number;
  /** LOGIN_REFUSAL_DELAY_MS: longest wait before answering a refusal to an address that ignored its Retry-After. Default 2000; 0: never. */
  refusalDelayMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = {
  hashConcurrency: 2,
  hashQueue: 16,
  accountMaxFailures: 10,
  addressMaxFailures: 20,
  addressMaxAttemptsPerMinute: 600,
  lockoutFailures: 20,
  lockoutMinutes: 15,
  refusalDelayMs: 2000,
};

export interface LoginGuard {
  /** Route `onRequest` hook: the per-address cap on all attempts (paced like `paced`). */
  countAttempt(request: FastifyRequest): Promise<void>;
  /**
   * Runs the login handler; a 429 or 503 it throws with a Retry-After reaches an address that came back too
   * early only after that time (at most LOGIN_REFUSAL_DELAY_MS).
   */
  paced<T>(request: FastifyRequest, handler: () => Promise<T>): Promise<T>;
  /** Throws 429 when a limit or a lock applies; otherwise the priority of this attempt's hash. */
  admit(request: FastifyRequest, username: string): Promise<HashPriority>;
  failed(request: FastifyRequest, username: string): Promise<void>;
  succeeded(request: FastifyRequest, username: string): Promise<void>;
}

export interface LoginGuardDeps {
  queue: HashQueue;
  throttle: LoginThrottle;
  lockout: LoginLockout;
  addressLimits: AddressLimits;
  pacer: RefusalPacer;
}

function tooMany(message: string, retryAfter: number): AppError {
  return new AppError(429, ErrorCode.TooManyRequests, message, undefined, { headers: { 'retry-after': String(retryAfter) } });
}

export function createLoginGuard(app: FastifyInstance, deps: LoginGuardDeps): LoginGuard {
  const { queue, throttle, lockout, addressLimits, pacer } = deps;
  const paced = async <T>(request: FastifyRequest, handler: () => Promise<T>): Promise<T> => {
    try {
      return await handler();
    } catch (error) {
      const retryAfter = error instanceof AppError && (error.statusCode === 429 || error.statusCode === 503) ? Number(error.headers?.['retry-after']) : NaN;
      if (Number.isFinite(retryAfter)) await pacer.beforeRefusal(request.ip, retryAfter);
      throw error;
    }
  };
  const denied = (request: FastifyRequest, username: string, reason: string): Promise<void> =>
    app.audit(request, { action: 'identity.login', actor: username, target: username, result: 'denied', detail: { reason } });

  return {
    paced,
    countAttempt: (request) =>
      paced(request, async () => {
        // Not audited one by one: past this cap a script is hammering, and each record would be a write.
        const retryAfter = await addressLimits.countAttempt(request);
        if (retryAfter !== null) throw tooMany(`登录请求过于频繁，请 ${retryAfter} 秒后再试`, retryAfter);
      }),
    async admit(request, username) {
      const now = app.now();
      const address = await addressLimits.failures(request);
      const known = await lockout.isKnownAddress(username, request.ip, now);
      // Audited once, when the address reached the limit (failed() below), not on every refused attempt.
      if (address.retryAfter !== null && !known) {
        throw tooMany(`此地址登录失败次数过多，请 ${minutesLeft(address.retryAfter)} 分钟后再试`, address.retryAfter);
      }
      const priority: HashPriority = known ? 0 : address.count === 0 ? 1 : 2;
      // A flood keeps the queue full: its attempts are turned away here, before any database query.
      const full = queue.refusal(priority);
      if (full) throw full;
      const throttled = await throttle.retryAfter(username, request.ip, now);
      if (throttled !== null) {
        await denied(request, username, 'throttled');
        throw tooMany(`登录失败次数过多，请 ${throttled} 秒后再试`, throttled);
      }
      const locked = known ? null : await lockout.lockedFor(username, now);
      if (locked !== null) {
        await denied(request, username, 'locked');
        throw tooMany(`账号已临时锁定，请 ${minutesLeft(locked)} 分钟后再试`, locked);
      }
      return priority;
    },
    async failed(request, username) {
      const now = app.now();
      await throttle.recordFailure(username, request.ip, now);
      if (await addressLimits.recordFailure(request)) {
        await app.audit(request, { action: 'identity.login.address-limit', actor: null, target: request.ip, result: 'success' });
      }
      const until = await lockout.afterFailure(username, now);
      if (until) {
        await app.audit(request, { action: 'identity.login.lockout', actor: null, target: username, result: 'success', detail: { until: until.toISOString() } });
      }
    },
    async succeeded(request, username) {
      await throttle.reset(username, request.ip);
      await lockout.rememberAddress(username, request.ip, app.now());
    },
  };
}
