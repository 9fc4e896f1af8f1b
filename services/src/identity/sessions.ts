import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '@wb/server-kit';

export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  /** Live sessions one user may hold (SESSION_MAX_PER_USER); a new one ends the oldest first. 0: no cap. */
  maxPerUser?: number;
  /** Told the id hashes of sessions the cap ended, so cached principals of them go at once. */
  onEnded?: (idHashes: string[]) => Promise<void>;
}

/** A session joined with its user and org unit, as one request needs it. */
export interface SessionRecord {
  idHash: string;
  userId: string;
  activePostCode: string | null;
  activePostOrg: string | null;
  lastSeenAt: Date;
  expiresAt: Date;
  username: string;
  displayName: string;
  status: string;
  mustChangePassword: boolean;
  orgUnitCode: string;
  orgUnitName: string;
  orgUnitPath: string;
}

export interface NewSession {
  userId: string;
  activePost: { code: string; orgUnitCode: string } | null;
  ip: string;
  userAgent: string | undefined;
  now: Date;
}

/** Touch `last_seen_at` at most this often: a write per request would be a write per request. */
const TOUCH_INTERVAL_MS = 60_000;
/** 32 random bytes in base64url (256 bits; docs/quality.md S7 asks ≥ 128). */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

export function hashSessionId(id: string): string {
  return createHash('sha256').update(id).digest('hex');
}

export function isWellFormedSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

export interface SessionStore {
  create(session: NewSession): Promise<{ id: string; idHash: string; expiresAt: Date }>;
  /** The live session, or null; an expired one (idle or absolute) is deleted. */
  find(idHash: string, now: Date): Promise<SessionRecord | null>;
  remove(idHash: string): Promise<void>;
}

const FIND_SQL = `
SELECT s.id_hash AS "idHash", s.user_id AS "userId", s.active_post_code AS "activePostCode",
       s.active_post_org AS "activePostOrg", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt",
       u.username, u.display_name AS "displayName", u.status, u.must_change_password AS "mustChangePassword", u.org_unit_code AS "orgUnitCode",
       o.name AS "orgUnitName", o.path AS "orgUnitPath"
FROM session s
JOIN sys_user u ON u.id = s.user_id
JOIN org_unit o ON o.code = u.org_unit_code
WHERE s.id_hash = $1`;

/** The user's sessions beyond the newest `$2`, oldest first out: what the cap ends before a new one starts. */
const END_OLDEST_SQL = `
DELETE FROM session WHERE id_hash IN (
  SELECT id_hash FROM session WHERE user_id = $1 ORDER BY created_at DESC, last_seen_at DESC, id_hash OFFSET $2
) RETURNING id_hash AS "idHash"`;

export function createSessionStore(db: Queryable, policy: SessionPolicy): SessionStore {
  const remove = async (idHash: string): Promise<void> => {
    await db.query('DELETE FROM session WHERE id_hash = $1', [idHash]);
  };
  /** Makes room for one more session of `userId` under the cap (issue 9 item 7). */
  const endOldest = async (userId: string): Promise<void> => {
    const max = policy.maxPerUser ?? 0;
    if (max <= 0) return;
    const ended = await db.query<{ idHash: string }>(END_OLDEST_SQL, [userId, max - 1]);
    if (ended.length > 0) await policy.onEnded?.(ended.map((row) => row.idHash));
  };
  return {
    async create({ userId, activePost, ip, userAgent, now }) {
      const id = randomBytes(32).toString('base64url');
      const idHash = hashSessionId(id);
      const expiresAt = new Date(now.getTime() + policy.absoluteMs);
      // Old sessions of this user that have expired are swept here rather than by a timer.
      await db.query('DELETE FROM session WHERE user_id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)', [
        userId,
        now,
        new Date(now.getTime() - policy.idleMs),
      ]);
      await endOldest(userId);
      await db.query(
        `INSERT INTO session (id_hash, user_id, active_post_code, active_post_org, created_at, last_seen_at, expires_at, ip, user_agent)
         VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
        [idHash, userId, activePost?.code ?? null, activePost?.orgUnitCode ?? null, now, expiresAt, ip, userAgent?.slice(0, 512) ?? null],
      );
      return { id, idHash, expiresAt };
    },
    async find(idHash, now) {
      const [row] = await db.query<SessionRecord>(FIND_SQL, [idHash]);
      if (!row) return null;
      const idleFor = now.getTime() - row.lastSeenAt.getTime();
      if (now >= row.expiresAt || idleFor >= policy.idleMs) {
        await remove(idHash);
        return null;
      }
      if (idleFor >= TOUCH_INTERVAL_MS) {
        // Awaited: a pending touch racing the next lookup (another pool connection) could expire a live
        // session. Cheap anyway: find() runs on a principal-cache miss only, i.e. about once a minute.
        await db.query('UPDATE session SET last_seen_at = $2 WHERE id_hash = $1', [idHash, now]);
      }
      return row;
    },
    remove,
  };
}
