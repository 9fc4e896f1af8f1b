/**
 * The 大屏's "facts changed" signal between instances (ADR 0061): an instance whose consumer changed facts tells
 * every instance's screens to refetch. With REDIS_URL the signal goes through Redis pub/sub (each instance, the
 * sender included, hears it once); without, in-process only (one instance). A Redis outage never fails the sender:
 * it tells its own screens, and the others catch up on their next change or reconnect.
 */
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

export const SCREEN_CHANNEL = 'wb:indicators:screen';

export interface ScreenBus {
  /** Tell every instance's screens (this one's included) that the facts changed. */
  publish(): void;
  subscribe(listener: () => void): () => void;
  /** Resolves once the Redis subscription is active (at once without Redis). */
  ready(): Promise<void>;
  close(): void;
}

export function createScreenBus(redisUrl: string | undefined, log: Pick<FastifyBaseLogger, 'warn'>): ScreenBus {
  const listeners = new Set<() => void>();
  const deliver = (): void => {
    for (const l of listeners) l();
  };
  const base = {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  if (!redisUrl) return { ...base, publish: deliver, ready: async () => undefined, close: () => undefined };

  const redisOptions = { lazyConnect: false, maxRetriesPerRequest: 1, enableOfflineQueue: true } as const;
  const publisher = new Redis(redisUrl, redisOptions);
  const subscriber = new Redis(redisUrl, redisOptions);
  for (const client of [publisher, subscriber]) client.on('error', (err: unknown) => log.warn({ err }, 'redis (screen push) error'));
  const subscribed = subscriber.subscribe(SCREEN_CHANNEL).then(
    () => undefined,
    (err: unknown) => log.warn({ err }, 'redis (screen push) subscribe failed'),
  );
  subscriber.on('message', (channel: string) => {
    if (channel === SCREEN_CHANNEL) deliver();
  });
  return {
    ...base,
    publish() {
      publisher.publish(SCREEN_CHANNEL, '1').catch((err: unknown) => {
        log.warn({ err }, 'screen push: could not publish through Redis; telling this instance only');
        deliver();
      });
    },
    ready: () => subscribed,
    close() {
      subscriber.disconnect();
      publisher.disconnect();
    },
  };
}
