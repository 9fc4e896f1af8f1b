/**
 * The push hub (issue 10, ADR 0024): the server-sent-event connections of this instance, by user, and the
 * fan-out of messages to them. With `redisUrl` a message goes through Redis pub/sub to every instance (each
 * writes to its own connections, this one included); without it, straight to this instance's connections.
 * A Redis outage never fails the sender: the clients' polling is the fallback.
 */
import { Redis } from 'ioredis';
import type { FastifyBaseLogger } from 'fastify';
import type { InboxCacheBus } from './engine/inbox-cache.ts';

/** One message for one user: an SSE event name and its JSON data. */
export interface PushMessage {
  username: string;
  event: string;
  data: unknown;
}

export interface PushConnection {
  /** Writes one event (or a comment when `event` is null) to the client. */
  send(event: string | null, data: unknown): void;
  /** Ends the stream, telling the client why (`event: end`). */
  end(reason: string): void;
}

export interface PushHub {
  /** Delivers to every connection of each message's user, on every instance. */
  publish(messages: readonly PushMessage[]): Promise<void>;
  /** Adds a connection of `username`; null when the user already has `maxPerUser` here (the caller answers 429). */
  attach(username: string, connection: PushConnection): (() => void) | null;
  /** Open connections here (of one user, or all). */
  count(username?: string): number;
  /** Every connection of this instance (heartbeats, shutdown). */
  each(fn: (username: string, connection: PushConnection) => void): void;
  /** Resolves once the Redis subscription is active (at once without Redis; at most `timeoutMs`). */
  ready(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const PUSH_CHANNEL = 'wb:workflow:push';

export interface PushHubOptions {
  redisUrl?: string | undefined;
  maxPerUser: number;
  log: FastifyBaseLogger;
}

function parse(raw: string): PushMessage[] {
  try {
    const value = JSON.parse(raw) as unknown;
    if (!Array.isArray(value)) return [];
    return value.filter((m): m is PushMessage => typeof m === 'object' && m !== null && typeof (m as PushMessage).username === 'string' && typeof (m as PushMessage).event === 'string');
  } catch {
    return [];
  }
}

export function createPushHub(options: PushHubOptions): PushHub {
  const byUser = new Map<string, Set<PushConnection>>();

  function deliverLocal(messages: readonly PushMessage[]): void {
    for (const m of messages) {
      for (const connection of byUser.get(m.username) ?? []) {
        try {
          connection.send(m.event, m.data);
        } catch (err) {
          options.log.warn({ err }, 'push: could not write to a stream');
        }
      }
    }
  }

  let publisher: Redis | null = null;
  let subscriber: Redis | null = null;
  let subscribed: Promise<void> = Promise.resolve();
  if (options.redisUrl) {
    const redisOptions = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true } as const;
    publisher = new Redis(options.redisUrl, redisOptions);
    subscriber = new Redis(options.redisUrl, redisOptions);
    for (const client of [publisher, subscriber]) client.on('error', (err: unknown) => options.log.warn({ err }, 'redis (push) error'));
    subscribed = subscriber.subscribe(PUSH_CHANNEL).then(
      () => undefined,
      (err: unknown) => options.log.warn({ err }, 'redis (push) subscribe failed'),
    );
    subscriber.on('message', (_channel: string, raw: string) => deliverLocal(parse(raw)));
  }

  return {
    async publish(messages) {
      if (messages.length === 0) return;
      if (!publisher) {
        deliverLocal(messages);
        return;
      }
      try {
        await publisher.publish(PUSH_CHANNEL, JSON.stringify(messages));
      } catch (err) {
        // Other instances miss it (their clients poll); this instance's clients still hear it.
        options.log.warn({ err }, 'push: could not publish through Redis; delivering on this instance only');
        deliverLocal(messages);
      }
    },
    attach(username, connection) {
      const set = byUser.get(username) ?? new Set<PushConnection>();
      if (set.size >= options.maxPerUser) return null;
      set.add(connection);
      byUser.set(username, set);
      return () => {
        set.delete(connection);
        if (set.size === 0 && byUser.get(username) === set) byUser.delete(username);
      };
    },
    count(username) {
      if (username !== undefined) return byUser.get(username)?.size ?? 0;
      let n = 0;
      for (const set of byUser.values()) n += set.size;
      return n;
    },
    each(fn) {
      for (const [username, set] of byUser) for (const connection of [...set]) fn(username, connection);
    },
    async ready(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([subscribed, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
    },
    async close() {
      for (const set of byUser.values()) for (const connection of [...set]) connection.end('shutdown');
      byUser.clear();
      subscriber?.disconnect();
      publisher?.disconnect();
    },
  };
}

export const INBOX_CACHE_CHANNEL = 'wb:workflow:inbox';

/**
 * The inbox cache's invalidations between instances (ADR 0055): the audience keys a write touched, published
 * on Redis; each instance (the sender included) marks its answers for them stale. A lost message is bounded by
 * the cache's life (WF_INBOX_CACHE_MS).
 */
export function createInboxCacheBus(redisUrl: string, log: FastifyBaseLogger): InboxCacheBus & { close(): void } {
  const redisOptions = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true } as const;
  const publisher = new Redis(redisUrl, redisOptions);
  const subscriber = new Redis(redisUrl, redisOptions);
  for (const client of [publisher, subscriber]) client.on('error', (err: unknown) => log.warn({ err }, 'redis (inbox cache) error'));
  void subscriber.subscribe(INBOX_CACHE_CHANNEL).catch((err: unknown) => log.warn({ err }, 'redis (inbox cache) subscribe failed'));
  return {
    publish(keys) {
      publisher.publish(INBOX_CACHE_CHANNEL, JSON.stringify(keys)).catch((err: unknown) => log.warn({ err }, 'inbox cache: could not publish through Redis'));
    },
    subscribe(listener) {
      subscriber.on('message', (_channel: string, raw: string) => {
        try {
          const keys = JSON.parse(raw) as unknown;
          if (Array.isArray(keys)) listener(keys.filter((k): k is string => typeof k === 'string'));
        } catch {
          // not ours
        }
      });
    },
    close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
