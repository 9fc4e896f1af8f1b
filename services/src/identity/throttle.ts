import type { Queryable } from '@wb/server-kit';

export interface LoginThrottleOptions {
  /** Failures allowed per (username, address) within the window. Default 10 (QUALITY.md S12). */
  maxFailures?: number;
  /** Default 60 000 ms. */
  windowMs?: number;
}

export interface LoginThrottle {
  /** Seconds until the next attempt is allowed, or null when allowed now. */
  retryAfter(username: string, ip: string, now: Date): Promise<number | null>;
  recordFailure(username: string, ip: string, now: Date): Promise<void>;
  reset(username: string, ip: string): Promise<void>;
}

/**
 * Login throttling per (username, client address), kept in the database so that every server instance
 * counts the same attempts. Keyed by address too, so that an attacker elsewhere cannot lock a real user out.
 */
export function createLoginThrottle(db: Queryable, options: LoginThrottleOptions = {}): LoginThrottle {
  const max = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const key = (username: string): string => username.trim().toLowerCase().slice(0, 64);
  return {
    async retryAfter(username, ip, now) {
      const since = new Date(now.getTime() - windowMs);
      const rows = await db.query<{ at: Date }>(
        'SELECT at FROM login_attempt WHERE username = $1 AND ip = $2 AND at > $3 ORDER BY at DESC LIMIT $4',
        [key(username), ip, since, max],
      );
      const oldest = rows[max - 1];
      if (!oldest) return null;
      // Allowed again when the oldest of the last `max` failures leaves the window.
      return Math.max(1, Math.ceil((oldest.at.getTime() + windowMs - now.getTime()) / 1000));
    },
    async recordFailure(username, ip, now) {
      await db.query('DELETE FROM login_attempt WHERE username = $1 AND ip = $2 AND at <= $3', [
        key(username),
        ip,
        new Date(now.getTime() - windowMs),
      ]);
      await db.query('INSERT INTO login_attempt (username, ip, at) VALUES ($1, $2, $3)', [key(username), ip, now]);
    },
    async reset(username, ip) {
      await db.query('DELETE FROM login_attempt WHERE username = $1 AND ip = $2', [key(username), ip]);
    },
  };
}
