import type { Queryable } from '@wb/server-kit';

export interface LoginThrottleOptions {
  /** Failures allowed per (username, address) within the window. Default 10 (docs/quality.md S12). */
  maxFailures?: number;
  /** Default 60 000 ms. */
  windowMs?: number;
  /**
   * How long failed attempts are kept: at least the window, longer when the lockout counts them over a
   * longer window (login-lockout.ts). Default the window.
   */
  retainMs?: number;
}

export interface LoginThrottle {
  /** Seconds until the next attempt is allowed, or null when allowed now. */
  retryAfter(username: string, ip: string, now: Date): Promise<number | null>;
  recordFailure(username: string, ip: string, now: Date): Promise<void>;
  reset(username: string, ip: string): Promise<void>;
}

/** The form a username is counted under: case and surrounding space do not make a new name. */
export function usernameKey(username: string): string {
  return username.trim().toLowerCase().slice(0, 64);
}

/** Every this many failures, attempts older than the retention are pruned for all usernames. */
const PRUNE_EVERY = 100;

/**
 * Login throttling per (username, client address), kept in the database so that every server instance
 * counts the same attempts. Keyed by address too, so that an attacker elsewhere cannot lock a real user out.
 */
export function createLoginThrottle(db: Queryable, options: LoginThrottleOptions = {}): LoginThrottle {
  const max = options.maxFailures ?? 10;
  const windowMs = options.windowMs ?? 60_000;
  const retainMs = Math.max(windowMs, options.retainMs ?? windowMs);
  let sincePrune = 0;
  return {
    async retryAfter(username, ip, now) {
      const since = new Date(now.getTime() - windowMs);
      const rows = await db.query<{ at: Date }>(
        'SELECT at FROM login_attempt WHERE username = $1 AND ip = $2 AND at > $3 ORDER BY at DESC LIMIT $4',
        [usernameKey(username), ip, since, max],
      );
      const oldest = rows[max - 1];
      if (!oldest) return null;
      // Allowed again when the oldest of the last `max` failures leaves the window.
      return Math.max(1, Math.ceil((oldest.at.getTime() + windowMs - now.getTime()) / 1000));
    },
    async recordFailure(username, ip, now) {
      const expired = new Date(now.getTime() - retainMs);
      sincePrune += 1;
      // A flood of made-up usernames leaves one row per name; without this, those rows were never deleted.
      if (sincePrune >= PRUNE_EVERY) {
        sincePrune = 0;
        await db.query('DELETE FROM login_attempt WHERE at <= $1', [expired]);
      } else {
        await db.query('DELETE FROM login_attempt WHERE username = $1 AND ip = $2 AND at <= $3', [usernameKey(username), ip, expired]);
      }
      await db.query('INSERT INTO login_attempt (username, ip, at) VALUES ($1, $2, $3)', [usernameKey(username), ip, now]);
    },
    async reset(username, ip) {
      await db.query('DELETE FROM login_attempt WHERE username = $1 AND ip = $2', [usernameKey(username), ip]);
    },
  };
}
