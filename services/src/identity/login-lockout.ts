/**
 * Account lockout and known addresses (issue 9 item 4, ADR 0018), kept in the database so that every
 * instance sees the same lock and an administrator can lift it.
 *
 * After `failures` failed logins of one username within `windowMs`, from any addresses, the username is
 * locked for `lockMs`. Unknown usernames lock the same way: a lockout says nothing about who exists.
 * The lock does not apply at the account's known addresses (a successful login from there within
 * KNOWN_ADDRESS_DAYS): an attacker elsewhere cannot lock the real user out (docs/quality.md S12).
 */
import type { Migration, Queryable } from '@wb/server-kit';
import { usernameKey } from './throttle.ts';

export const loginLockoutMigrations: Migration[] = [
  {
    id: 'identity/login_lockout_001',
    sql: `
-- Locked usernames (normalised, also names that do not exist); a row whose locked_until has passed is no lock.
CREATE TABLE login_lock (
  username     text PRIMARY KEY,
  locked_at    timestamptz NOT NULL,
  locked_until timestamptz NOT NULL,
  failures     integer NOT NULL
);
-- Addresses an account has signed in from: spared by its lockout, and first in the hash queue.
CREATE TABLE login_known_address (
  username        text NOT NULL,
  ip              text NOT NULL,
  last_success_at timestamptz NOT NULL,
  PRIMARY KEY (username, ip)
);
-- Pruning of expired failed attempts (throttle.ts).
CREATE INDEX login_attempt_at_idx ON login_attempt (at);
`,
  },
  {
    id: 'identity/login_lockout_002_known_by_address',
    sql: `CREATE INDEX login_known_address_ip_idx ON login_known_address (ip, last_success_at);`,
  },
];

/** How long a successful login keeps an address known to the account. */
export const KNOWN_ADDRESS_DAYS = 30;
const DAY_MS = 86_400_000;
/**
 * An address no account has signed in from is remembered as such for this long, so that a flood from it
 * costs no database query per attempt. A first login there on another instance is seen here that much later.
 */
const UNKNOWN_ADDRESS_TTL_MS = 30_000;
const MAX_UNKNOWN_ADDRESSES = 50_000;

export interface LoginLockoutOptions {
  /** Failed logins within the window that lock the username. */
  failures: number;
  /** Window in which failures count, and how long the lock lasts. */
  lockMs: number;
}

export interface LoginLockout {
  /** Seconds the username stays locked, or null. */
  lockedFor(username: string, now: Date): Promise<number | null>;
  /** After a failure: locks the username when it reached the threshold; returns the new lock's end, or null. */
  afterFailure(username: string, now: Date): Promise<Date | null>;
  /** Lifts a lock and forgets the username's failures (administrator). True when a lock was active. */
  clear(username: string, now: Date): Promise<boolean>;
  isKnownAddress(username: string, ip: string, now: Date): Promise<boolean>;
  rememberAddress(username: string, ip: string, now: Date): Promise<void>;
}

export function createLoginLockout(db: Queryable, options: LoginLockoutOptions): LoginLockout {
  const { failures, lockMs } = options;
  /** Address → until when (ms) it is taken to be nobody's known address. Oldest first, bounded. */
  const unknownAddresses = new Map<string, number>();
  const rememberUnknown = (ip: string, now: number): void => {
    unknownAddresses.delete(ip);
    if (unknownAddresses.size >= MAX_UNKNOWN_ADDRESSES) {
      const oldest = unknownAddresses.keys().next();
      if (!oldest.done) unknownAddresses.delete(oldest.value);
    }
    unknownAddresses.set(ip, now + UNKNOWN_ADDRESS_TTL_MS);
  };
  return {
    async lockedFor(username, now) {
      const [row] = await db.query<{ until: Date }>('SELECT locked_until AS until FROM login_lock WHERE username = $1 AND locked_until > $2', [
        usernameKey(username),
        now,
      ]);
      return row ? Math.max(1, Math.ceil((row.until.getTime() - now.getTime()) / 1000)) : null;
    },
    async afterFailure(username, now) {
      const key = usernameKey(username);
      // Failures that led to an earlier lock do not count again once it has ended.
      const [previous] = await db.query<{ until: Date }>('SELECT locked_until AS until FROM login_lock WHERE username = $1', [key]);
      const windowStart = new Date(now.getTime() - lockMs);
      const since = previous && previous.until > windowStart ? previous.until : windowStart;
      const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM login_attempt WHERE username = $1 AND at > $2', [key, since]);
      if ((count?.n ?? 0) < failures) return null;
      const until = new Date(now.getTime() + lockMs);
      // Only a new lock is written (and reported once): concurrent failures race for the one row.
      const locked = await db.query<{ until: Date }>(
        `INSERT INTO login_lock (username, locked_at, locked_until, failures) VALUES ($1, $2, $3, $4)
         ON CONFLICT (username) DO UPDATE SET locked_at = $2, locked_until = $3, failures = $4 WHERE login_lock.locked_until <= $2
         RETURNING locked_until AS until`,
        [key, now, until, count?.n ?? failures],
      );
      return locked[0]?.until ?? null;
    },
    clear: (username, now) => clearLoginLock(db, username, now),
    async isKnownAddress(username, ip, now) {
      if ((unknownAddresses.get(ip) ?? 0) > now.getTime()) return false;
      const [row] = await db.query<{ mine: boolean; known: boolean }>(
        `SELECT coalesce(bool_or(username = $1), false) AS mine, count(*) > 0 AS known
           FROM login_known_address WHERE ip = $2 AND last_success_at > $3`,
        [usernameKey(username), ip, new Date(now.getTime() - KNOWN_ADDRESS_DAYS * DAY_MS)],
      );
      if (row?.known) unknownAddresses.delete(ip);
      else rememberUnknown(ip, now.getTime());
      return row?.mine ?? false;
    },
    async rememberAddress(username, ip, now) {
      unknownAddresses.delete(ip);
      await db.query(
        `INSERT INTO login_known_address (username, ip, last_success_at) VALUES ($1, $2, $3)
         ON CONFLICT (username, ip) DO UPDATE SET last_success_at = EXCLUDED.last_success_at`,
        [usernameKey(username), ip, now],
      );
    },
  };
}

/** Lifts the lock of `username` and forgets its failed attempts (iam: an administrator's unlock). */
export async function clearLoginLock(db: Queryable, username: string, now: Date): Promise<boolean> {
  const key = usernameKey(username);
  const lifted = await db.query<{ active: boolean }>('DELETE FROM login_lock WHERE username = $1 RETURNING locked_until > $2 AS active', [key, now]);
  await db.query('DELETE FROM login_attempt WHERE username = $1', [key]);
  return lifted.some((row) => row.active);
}

/** Whole minutes for the notice ("请 X 分钟后再试"), at least 1. */
export function minutesLeft(seconds: number): number {
  return Math.max(1, Math.ceil(seconds / 60));
}
