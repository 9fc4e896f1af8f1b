/**
 * Principal cache (docs/quality.md P9 + S6): the permission check of a request is a map lookup, not a database
 * round trip. An entry (session row + grants) is keyed by the session id hash and stamped with the grant
 * version it was loaded under. Every access-changing write bumps the version (in its transaction, then here
 * on this instance, then over Redis pub/sub to the others), so the next request of every session reloads.
 * Entries also expire after `ttlMs` (≤ 60 s): that bounds staleness when several instances run without
 * Redis, and is when the session's idle timestamp is touched. An entry also ends when one of the user's post
 * assignments or roles starts or ends (`changesAt`): validity by date needs no write to take effect.
 *
 * The session id's hash itself is remembered with the entry (ADR 0080): a warm request looks its session id
 * up in memory instead of hashing it again. Those raw ids live exactly as long as their entry (dropped with it
 * when it goes stale, is evicted or swept past the TTL, or its session is forgotten at logout or revoke, on
 * every instance through the bus), are bounded with the entries, and never leave the process: the database
 * and the bus only ever see the hash.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { Principal } from '@wb/server-kit';
import type { AccessContext, Grants } from './access.ts';
import { hashSessionId } from './sessions.ts';
import type { SessionRecord } from './sessions.ts';

export interface CachedPrincipal {
  session: SessionRecord;
  base: Omit<Principal, 'permissions' | 'scope'>;
  grants: Grants;
  version: number;
  loadedAt: number;
  /**
   * When the grants change by themselves (ms): the next start or end of one of the user's post assignments or
   * direct roles (valid_from, valid_to, expires_at). The entry is stale from then on, so an assignment ending at
   * a minute ends at that minute, not within the TTL (issue 20). Null: no such change ahead.
   */
  changesAt?: number | null;
  /** The principal per zone/channel (permissions filtered for it), built once each. */
  byContext: Map<string, Principal>;
  /** Resource types scoped ASSIGNED (their row keys are looked up per request, ADR 0073); worked out on first use. */
  assignedTypes?: readonly string[];
}

export type InvalidationMessage = { kind: 'version'; version: number } | { kind: 'session'; idHash: string };

export interface PrincipalCache {
  readonly version: number;
  /**
   * The hash of a (well-formed) session id: remembered while the session's entry is cached, else computed.
   * Only `set` remembers one, so ids that find no session (guesses) are never kept.
   */
  idHashOf(sessionId: string): string;
  get(idHash: string, now: Date): CachedPrincipal | undefined;
  /**
   * Counts the sessions forgotten so far (logout, revoke, here or over the bus). A load reads it before it reads
   * the session row and passes it to `set`, as `entry.version` does for grants.
   */
  readonly sessionEpoch: number;
  /**
   * Caches `entry`; with `sessionId` (whose hash is `idHash`), the id's hash is remembered along with it. An entry
   * whose load began (at `loadedAtEpoch`) before its session was forgotten is not cached: the load may have read the
   * session row before the logout deleted it, and would otherwise serve the ended session until the TTL.
   */
  set(idHash: string, entry: CachedPrincipal, sessionId?: string, loadedAtEpoch?: number): void;
  /** Applies an invalidation here (from this instance's write path or from another instance). */
  apply(message: InvalidationMessage): void;
  contextKey(context: AccessContext): string;
}

export interface PrincipalCacheOptions {
  ttlMs: number;
  /** Bound on entries; the oldest is evicted first. */
  maxEntries: number;
  initialVersion: number;
  /** The session id hash (SHA-256, sessions.ts); injectable so tests can count how often it runs. */
  hashSessionId?: (sessionId: string) => string;
}

export function createPrincipalCache(options: PrincipalCacheOptions): PrincipalCache {
  const entries = new Map<string, CachedPrincipal>();
  const hash = options.hashSessionId ?? hashSessionId;
  /** Session id → its hash, and back, for the cached entries that were set with their id. */
  const hashOfId = new Map<string, string>();
  const idOfHash = new Map<string, string>();
  let version = options.initialVersion;
  let sessionEpoch = 0;
  /** Forgotten session hash → the epoch it was forgotten at, and when (kept a TTL: no load runs longer). */
  const forgotten = new Map<string, { epoch: number; at: number }>();
  const drop = (idHash: string): void => {
    entries.delete(idHash);
    const sessionId = idOfHash.get(idHash);
    if (sessionId === undefined) return;
    idOfHash.delete(idHash);
    hashOfId.delete(sessionId);
  };
  return {
    get version() {
      return version;
    },
    get sessionEpoch() {
      return sessionEpoch;
    },
    idHashOf(sessionId) {
      return hashOfId.get(sessionId) ?? hash(sessionId);
    },
    get(idHash, now) {
      const entry = entries.get(idHash);
      if (!entry) return undefined;
      const t = now.getTime();
      const fresh =
        entry.version === version &&
        t - entry.loadedAt < options.ttlMs &&
        t >= entry.loadedAt &&
        now < entry.session.expiresAt &&
        (entry.changesAt == null || t < entry.changesAt);
      if (fresh) return entry;
      drop(idHash);
      return undefined;
    },
    set(idHash, entry, sessionId, loadedAtEpoch) {
      const gone = forgotten.get(idHash);
      if (gone && loadedAtEpoch !== undefined && gone.epoch > loadedAtEpoch) return;
      drop(idHash);
      // Entries are kept in load order: those loaded a TTL or more before this one can serve no request any
      // more, so they go now rather than when the bound evicts them (their session ids with them).
      for (const [key, old] of entries) {
        if (entry.loadedAt - old.loadedAt < options.ttlMs) break;
        drop(key);
      }
      if (entries.size >= options.maxEntries) {
        const oldest = entries.keys().next();
        if (!oldest.done) drop(oldest.value);
      }
      entries.set(idHash, entry);
      if (sessionId !== undefined) {
        hashOfId.set(sessionId, idHash);
        idOfHash.set(idHash, sessionId);
      }
    },
    apply(message) {
      if (message.kind === 'version') {
        version = Math.max(version, message.version);
        return;
      }
      drop(message.idHash);
      sessionEpoch += 1;
      const at = Date.now();
      // Oldest first: those forgotten a TTL ago can race no load any more.
      for (const [key, mark] of forgotten) {
        if (at - mark.at < options.ttlMs && forgotten.size < options.maxEntries) break;
        forgotten.delete(key);
      }
      forgotten.delete(message.idHash);
      forgotten.set(message.idHash, { epoch: sessionEpoch, at });
    },
    contextKey: (context) => `${context.zone}|${context.channel}`,
  };
}

export interface InvalidationBus {
  publish(message: InvalidationMessage): Promise<void>;
  close(): Promise<void>;
}

export const INVALIDATION_CHANNEL = 'wb:access:invalidate';

function parseMessage(raw: string): InvalidationMessage | null {
  try {
    const value = JSON.parse(raw) as Partial<InvalidationMessage>;
    if (value.kind === 'version' && typeof value.version === 'number') return { kind: 'version', version: value.version };
    if (value.kind === 'session' && typeof value.idHash === 'string') return { kind: 'session', idHash: value.idHash };
  } catch {
    // ignored below
  }
  return null;
}

/**
 * Redis pub/sub between instances when `redisUrl` is set; otherwise in-process only (one instance, or the
 * TTL bounds staleness). A Redis outage never fails a request: publishing errors are logged.
 */
export function createInvalidationBus(redisUrl: string | undefined, onMessage: (m: InvalidationMessage) => void, log: FastifyBaseLogger): InvalidationBus {
  if (!redisUrl) return { publish: async () => undefined, close: async () => undefined };
  const options = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true } as const;
  const publisher = new Redis(redisUrl, options);
  const subscriber = new Redis(redisUrl, options);
  for (const client of [publisher, subscriber]) client.on('error', (err: unknown) => log.warn({ err }, 'redis (access cache bus) error'));
  void subscriber.subscribe(INVALIDATION_CHANNEL).catch((err: unknown) => log.warn({ err }, 'redis subscribe failed'));
  subscriber.on('message', (_channel: string, raw: string) => {
    const message = parseMessage(raw);
    if (message) onMessage(message);
  });
  return {
    async publish(message) {
      try {
        await publisher.publish(INVALIDATION_CHANNEL, JSON.stringify(message));
      } catch (err) {
        log.warn({ err }, 'could not publish an access invalidation; other instances catch up within the cache TTL');
      }
    },
    async close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
