/**
 * Limits of the kiosk's 业扩 progress lookup (application number + the phone's last 4 digits, ADR 0071): 4 digits are
 * only 10,000 guesses, so wrong answers are counted and a number that collected too many is locked for a while —
 * whatever digits come next, the right ones included. Counted by @fastify/rate-limit, the store of the login limits
 * (identity/address-limits.ts): in Redis when `REDIS_URL` is set, so every instance counts the same answers,
 * in-process otherwise. Three counters:
 *  - wrong answers per application number within `applicationWindowMs` (locks the number, not the terminal);
 *  - wrong answers per terminal (its account at its address) within `terminalWindowMs` (a terminal trying many
 *    numbers);
 *  - lookups per client address per minute, right or wrong (a script).
 * A number that does not exist counts like a wrong pair: the answers say nothing about which numbers exist.
 */
import rateLimit from '@fastify/rate-limit';
import type { CreateRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError, principalOf } from '@wb/server-kit';

export interface KioskLimitOptions {
  /** Wrong answers per application number within `applicationWindowMs`; the next lookup of it is refused. */
  maxWrongPerApplication: number;
  applicationWindowMs: number;
  /** Wrong answers per terminal within `terminalWindowMs`. */
  maxWrongPerTerminal: number;
  terminalWindowMs: number;
  /** Lookups per client address per minute. */
  maxLookupsPerMinute: number;
}

export const DEFAULT_KIOSK_LIMITS: KioskLimitOptions = {
  maxWrongPerApplication: 5,
  applicationWindowMs: 60 * 60_000,
  maxWrongPerTerminal: 20,
  terminalWindowMs: 60 * 60_000,
  maxLookupsPerMinute: 60,
};

export interface KioskLimits {
  /** Counts this lookup; throws 429 when the address asks too often, or the number or the terminal is locked. */
  admit(request: FastifyRequest, appNo: string): Promise<void>;
  /** Counts a wrong answer against the number and the terminal. */
  wrong(request: FastifyRequest, appNo: string): Promise<void>;
}

/** Keys tracked per counter without Redis; the oldest are forgotten first. */
const LOCAL_KEYS = 50_000;

const minutes = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs / 60_000));
const seconds = (ttlMs: number): number => Math.max(1, Math.ceil(ttlMs / 1000));

function tooMany(message: string, retryAfter: number): AppError {
  return new AppError(429, ErrorCode.TooManyRequests, message, undefined, { headers: { 'retry-after': String(retryAfter) } });
}

const applicationKey = (appNo: string): string => appNo.trim().toUpperCase();

export async function registerKioskLimits(app: FastifyInstance, overrides: Partial<KioskLimitOptions> = {}): Promise<KioskLimits> {
  const options = { ...DEFAULT_KIOSK_LIMITS, ...overrides };
  // The identity plugin registers @fastify/rate-limit at the root (with Redis when configured): its store is shared.
  // A composition without it gets an in-process one here.
  if (!app.hasDecorator('createRateLimit')) await app.register(rateLimit, { global: false, skipOnError: true, nameSpace: 'wb-kiosk-' });
  const limiter = (max: number, timeWindow: number, key: (request: FastifyRequest) => string) => {
    // `cache` sizes the in-process store (the plugin's typings omit it for createRateLimit).
    const o: CreateRateLimitOptions & { cache: number } = { max, timeWindow, cache: LOCAL_KEYS, keyGenerator: key };
    return app.createRateLimit(o);
  };
  // The key is set per call through the request (keyGenerator sees only the request).
  const target = new WeakMap<FastifyRequest, string>();
  const byApplication = limiter(options.maxWrongPerApplication, options.applicationWindowMs, (r) => `kiosk-app:${target.get(r) ?? ''}`);
  const terminalOf = (r: FastifyRequest): string => `${principalOf(r).username}@${r.ip}`;
  const byTerminal = limiter(options.maxWrongPerTerminal, options.terminalWindowMs, (r) => `kiosk-terminal:${terminalOf(r)}`);
  const byAddress = limiter(options.maxLookupsPerMinute, 60_000, (r) => `kiosk-lookup:${r.ip}`);

  return {
    async admit(request, appNo) {
      target.set(request, applicationKey(appNo));
      const rate = await byAddress(request);
      if (!rate.isAllowed && rate.isExceeded) throw tooMany(`查询过于频繁，请 ${seconds(rate.ttl)} 秒后再试`, seconds(rate.ttl));
      const number = await byApplication(request, { increment: false });
      if (!number.isAllowed && number.remaining === 0 && number.ttl > 0) {
        throw tooMany(
          `该申请编号查询时核对错误次数过多，已暂停查询，请 ${minutes(number.ttl)} 分钟后再试，或携带身份证件到营业厅柜台查询`,
          seconds(number.ttl),
        );
      }
      const terminal = await byTerminal(request, { increment: false });
      if (!terminal.isAllowed && terminal.remaining === 0 && terminal.ttl > 0) {
        throw tooMany(`本终端查询核对错误次数过多，请 ${minutes(terminal.ttl)} 分钟后再试，或到营业厅柜台查询`, seconds(terminal.ttl));
      }
    },
    async wrong(request, appNo) {
      target.set(request, applicationKey(appNo));
      await Promise.all([byApplication(request), byTerminal(request)]);
    },
  };
}
