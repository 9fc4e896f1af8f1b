/**
 * The inbox's read cache (P13, ADR 0055). The inbox is the workbench's hottest read — every open page's bell and
 * every inbox view ask for it — and one statement of five counts and a page costs the database ~4 ms where a
 * customer search costs under 1. Most asks repeat an answer nothing has changed since.
 *
 * An answer is cached per (user, active post, the post set, the roles, the domains' limits, the query) and stays
 * valid while none of its **audience keys** changed: `u:<username>`, `p:<post@org>` for the active and every
 * other post, `r:<role>`. Every engine write journals the instances it touched (`journal.flush`), which looks up
 * the instances' audience — every assignee, candidate, completer, initiator and copied user — in the same
 * transaction and bumps those keys **after commit** (`onCommit`): a reader that started before the commit stored
 * its answer under the old generation, which the bump makes stale, so no reader can refill the cache with rows
 * older than a committed write. Other instances hear the bumps over Redis (the `bus`).
 *
 * What the keys cannot see is bounded by `ttlMs` (default 5 s): the SLA colour that turns with the clock, a
 * business title changed by its domain. A changed grant, scope, role or post set is a new cache key at once.
 */
import type { InboxPage, InboxQuery } from '@wb/contracts/workflow';
import type { Principal } from '@wb/server-kit';
import { postKey } from './post-key.ts';

export interface InboxCacheBus {
  publish(keys: readonly string[]): void;
  subscribe(listener: (keys: readonly string[]) => void): void;
}

export interface InboxCacheOptions {
  /** How long an answer may be served without any write touching its audience, ms; 0 turns the cache off. */
  ttlMs: number;
  /** Bound on answers kept; the least recently used goes first. */
  maxEntries: number;
  now: () => Date;
}

interface Entry {
  page: InboxPage;
  at: number;
  keys: readonly string[];
  generations: readonly number[];
}

export interface InboxCache {
  readonly enabled: boolean;
  /** The cached answer, or undefined; `load` fills it (generations are read before loading). */
  get(actor: Principal, query: InboxQuery, limitsKey: string, load: () => Promise<InboxPage>): Promise<InboxPage>;
  /** Marks every answer that depends on one of `keys` stale, here and (through the bus) on every instance. */
  bump(keys: Iterable<string>): void;
  configure(options: Partial<Pick<InboxCacheOptions, 'ttlMs' | 'maxEntries'>>): void;
  connect(bus: InboxCacheBus): void;
  /** Answers kept now (tests, metrics). */
  size(): number;
}

/** The audience keys an actor's inbox depends on. */
export function audienceKeysOf(actor: Principal): string[] {
  return [`u:${actor.username}`, ...actor.posts.map((p) => `p:${postKey(p)}`), ...actor.roles.map((r) => `r:${r}`)];
}

export function createInboxCache(options: InboxCacheOptions): InboxCache {
  let { ttlMs, maxEntries } = options;
  const entries = new Map<string, Entry>();
  const generations = new Map<string, number>();
  const inflight = new Map<string, { generations: readonly number[]; promise: Promise<InboxPage> }>();
  let bus: InboxCacheBus | null = null;
  const generation = (key: string): number => generations.get(key) ?? 0;

  function bumpLocal(keys: Iterable<string>): void {
    for (const key of keys) generations.set(key, generation(key) + 1);
  }

  return {
    get enabled() {
      return ttlMs > 0;
    },
    async get(actor, query, limitsKey, load) {
      if (ttlMs <= 0) return load();
      const activePost = actor.activePost ? postKey(actor.activePost) : '';
      const cacheKey = JSON.stringify([actor.username, activePost, actor.posts.map(postKey), actor.roles, limitsKey, query]);
      const now = options.now().getTime();
      const hit = entries.get(cacheKey);
      if (hit && now - hit.at < ttlMs && now >= hit.at && hit.keys.every((k, i) => generation(k) === hit.generations[i])) {
        // Most recently used last (Map keeps insertion order).
        entries.delete(cacheKey);
        entries.set(cacheKey, hit);
        return hit.page;
      }
      const keys = audienceKeysOf(actor);
      const before = keys.map(generation);
      // One load per answer at a time: asks that arrive while it runs, with no write since it began, share it
      // (200 connections asking at once after a change would otherwise run 200 identical statements).
      const flying = inflight.get(cacheKey);
      if (flying && flying.generations.every((g, i) => g === before[i])) return flying.promise;
      const promise = load().then((page) => {
        entries.delete(cacheKey);
        entries.set(cacheKey, { page, at: now, keys, generations: before });
        while (entries.size > maxEntries) {
          const oldest = entries.keys().next().value;
          if (oldest === undefined) break;
          entries.delete(oldest);
        }
        return page;
      });
      inflight.set(cacheKey, { generations: before, promise });
      const clear = (): void => {
        if (inflight.get(cacheKey)?.promise === promise) inflight.delete(cacheKey);
      };
      promise.then(clear, clear);
      return promise;
    },
    bump(keys) {
      const list = [...new Set(keys)];
      if (list.length === 0) return;
      bumpLocal(list);
      bus?.publish(list);
    },
    configure(next) {
      if (next.ttlMs !== undefined) ttlMs = next.ttlMs;
      if (next.maxEntries !== undefined) maxEntries = next.maxEntries;
      entries.clear();
    },
    connect(next) {
      bus = next;
      next.subscribe((keys) => bumpLocal(keys));
    },
    size: () => entries.size,
  };
}
