import { describe, expect, it } from 'vitest';
import type { InboxPage } from '@wb/contracts/workflow';
import type { Principal } from '@wb/server-kit';
import { createInboxCache } from './inbox-cache.ts';
import type { InboxCacheBus } from './inbox-cache.ts';

const post = { code: 'YK_SURVEY', name: '勘查员', orgUnitCode: '334010101', orgUnitName: '城关供电所' };
const actor = { username: 'yk02', posts: [post], activePost: post, roles: ['STAFF'], permissions: new Set(['wf:task:handle']) } as unknown as Principal;
const query = { box: 'todo', page: 1, pageSize: 20 } as const;
const page = (n: number): InboxPage => ({ items: [], total: n, totalCapped: false, page: 1, pageSize: 20, counts: { todo: n, done: 0, started: 0, cc: 0 }, capped: [], otherPosts: [] });

function setup(ttlMs = 5000) {
  let now = Date.parse('2026-03-02T01:00:00Z');
  const cache = createInboxCache({ ttlMs, maxEntries: 3, now: () => new Date(now) });
  let loads = 0;
  const load = async (): Promise<InboxPage> => page(++loads);
  return { cache, load, loads: () => loads, advance: (ms: number) => (now += ms) };
}

describe('inbox cache (ADR 0055)', () => {
  it('answers a repeated ask from memory until its life ends', async () => {
    const s = setup();
    expect((await s.cache.get(actor, query, '[]', s.load)).total).toBe(1);
    expect((await s.cache.get(actor, query, '[]', s.load)).total).toBe(1);
    s.advance(4999);
    expect((await s.cache.get(actor, query, '[]', s.load)).total).toBe(1);
    s.advance(1);
    expect((await s.cache.get(actor, query, '[]', s.load)).total).toBe(2);
  });

  it('keeps answers apart by query, limits and active post', async () => {
    const s = setup();
    await s.cache.get(actor, query, '[]', s.load);
    await s.cache.get(actor, { ...query, box: 'done' }, '[]', s.load);
    await s.cache.get(actor, query, '[{"all":true}]', s.load);
    await s.cache.get({ ...actor, activePost: null } as unknown as Principal, query, '[]', s.load);
    expect(s.loads()).toBe(4);
  });

  it('reloads after a write touched the user, any of their posts or roles — and not after others', async () => {
    const s = setup();
    await s.cache.get(actor, query, '[]', s.load);
    s.cache.bump(['u:yk03', 'p:YK_SURVEY@334010102', 'r:ADMIN']);
    await s.cache.get(actor, query, '[]', s.load);
    expect(s.loads()).toBe(1);
    for (const key of ['u:yk02', 'p:YK_SURVEY@334010101', 'r:STAFF']) {
      s.cache.bump([key]);
      await s.cache.get(actor, query, '[]', s.load);
    }
    expect(s.loads()).toBe(4);
  });

  it('does not keep an answer loaded across a write that committed meanwhile', async () => {
    const s = setup();
    let release!: () => void;
    const slow = () => new Promise<InboxPage>((resolve) => (release = () => resolve(page(99))));
    const pending = s.cache.get(actor, query, '[]', slow);
    s.cache.bump(['p:YK_SURVEY@334010101']); // the write commits while the old rows are being read
    release();
    expect((await pending).total).toBe(99); // that caller gets what it read …
    expect((await s.cache.get(actor, query, '[]', s.load)).total).toBe(1); // … but nobody after it
  });

  it('shares one load among asks that arrive while it runs, unless a write came in between', async () => {
    const s = setup();
    let release!: () => void;
    let loads = 0;
    const slow = () => {
      loads += 1;
      return new Promise<InboxPage>((resolve) => (release = () => resolve(page(loads))));
    };
    const first = s.cache.get(actor, query, '[]', slow);
    const second = s.cache.get(actor, query, '[]', slow);
    expect(loads).toBe(1);
    s.cache.bump(['u:yk02']);
    const releaseFirst = release;
    const third = s.cache.get(actor, query, '[]', slow); // after the write: a load of its own
    expect(loads).toBe(2);
    releaseFirst();
    release();
    expect([(await first).total, (await second).total, (await third).total]).toEqual([2, 2, 2]);
  });

  it('keeps at most maxEntries answers, least recently used out first', async () => {
    const s = setup();
    for (const pageSize of [10, 20, 30, 40]) await s.cache.get(actor, { ...query, pageSize }, '[]', s.load);
    expect(s.cache.size()).toBe(3);
    await s.cache.get(actor, { ...query, pageSize: 10 }, '[]', s.load);
    expect(s.loads()).toBe(5);
  });

  it('is off with a life of 0', async () => {
    const s = setup(0);
    await s.cache.get(actor, query, '[]', s.load);
    await s.cache.get(actor, query, '[]', s.load);
    expect(s.loads()).toBe(2);
    expect(s.cache.enabled).toBe(false);
  });

  it('hears the bumps of other instances through the bus, and tells them its own', async () => {
    const listeners: Array<(keys: readonly string[]) => void> = [];
    const bus: InboxCacheBus = { publish: (keys) => listeners.forEach((l) => l(keys)), subscribe: (l) => void listeners.push(l) };
    const a = setup();
    const b = setup();
    a.cache.connect(bus);
    b.cache.connect(bus);
    await b.cache.get(actor, query, '[]', b.load);
    a.cache.bump(['u:yk02']);
    await b.cache.get(actor, query, '[]', b.load);
    expect(b.loads()).toBe(2);
  });
});
