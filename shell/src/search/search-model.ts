/**
 * 全局搜索's model (ADR 0066), loaded with the palette (never on first paint): the kinds' labels, which micro-app
 * opens a hit and at which route, the keyboard order of the hits, and the recent searches.
 */
import type { FeedApp } from '@wb/contracts';
import type { SearchGroup, SearchHit, SearchKind } from '@wb/contracts/search';

/** Mirrors `SEARCH_MIN_CHARS` of the contract (a type-only import keeps the contract's code out of this chunk). */
export const MIN_CHARS = 2;
export const MAX_CHARS = 64;
/** The pause in typing after which the palette asks the server. */
export const DEBOUNCE_MS = 250;

export const KIND_LABELS: Readonly<Record<SearchKind, string>> = {
  customer: '客户',
  application: '业扩申请',
  ticket: '95598 工单',
  user: '人员',
};

/** What the hit's key is, shown beside it. */
export const KEY_LABELS: Readonly<Record<SearchKind, string>> = {
  customer: '户号',
  application: '申请编号',
  ticket: '工单号',
  user: '用户名',
};

/**
 * The micro-app that owns each kind and the route of one item below the app's first declared route (the apps'
 * `routes.ts`: 客户档案 `/customers/:consNo`, 业扩 `/applications/:appNo`, 95598 `/tickets/:no`; 系统管理's 用户管理
 * takes the user name as its search, `/users?q=`).
 */
const OWNERS: Readonly<Record<SearchKind, { appId: string; route: (key: string) => string }>> = {
  customer: { appId: 'customer-archive', route: (key) => `/customers/${encodeURIComponent(key)}` },
  application: { appId: 'new-connection', route: (key) => `/applications/${encodeURIComponent(key)}` },
  ticket: { appId: 'service-tickets', route: (key) => `/tickets/${encodeURIComponent(key)}` },
  user: { appId: 'system-admin', route: (key) => `/users?q=${encodeURIComponent(key)}` },
};

/** The shell path that opens `hit` in its app, or null when the app is not in the user's feed (this channel). */
export function hitPath(hit: Pick<SearchHit, 'kind' | 'key'>, apps: readonly Pick<FeedApp, 'id' | 'routes'>[]): string | null {
  const owner = OWNERS[hit.kind];
  const base = apps.find((app) => app.id === owner.appId)?.routes[0];
  return base ? `${base}${owner.route(hit.key)}` : null;
}

export interface PaletteItem {
  hit: SearchHit;
  /** Null: shown, but cannot be opened here (the app is not offered to the user on this channel). */
  path: string | null;
  /** Position among the openable items (keyboard order), or -1. */
  index: number;
}

export interface PaletteGroup {
  kind: SearchKind;
  label: string;
  total: number;
  items: PaletteItem[];
}

/** The server's groups with paths and keyboard positions; groups without hits are left out. */
export function paletteGroups(groups: readonly SearchGroup[], apps: readonly Pick<FeedApp, 'id' | 'routes'>[]): { groups: PaletteGroup[]; count: number } {
  let next = 0;
  const out = groups
    .filter((group) => group.items.length > 0)
    .map((group) => ({
      kind: group.kind,
      label: KIND_LABELS[group.kind],
      total: group.total,
      items: group.items.map((hit) => {
        const path = hitPath(hit, apps);
        return { hit, path, index: path ? next++ : -1 };
      }),
    }));
  return { groups: out, count: next };
}

/** The next active position for ↑ (-1) or ↓ (+1), wrapping; -1 when nothing can be opened. */
export function moveActive(active: number, step: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (active < 0) return step === 1 ? 0 : count - 1;
  return (active + step + count) % count;
}

const RECENT_KEY = 'wb.search.recent';
const RECENT_MAX = 5;

/** Recent searches of this browser, newest first (per user: the key carries the user id). */
export function readRecent(userId: string, storage: Storage | undefined = globalThis.localStorage): string[] {
  try {
    const value: unknown = JSON.parse(storage?.getItem(`${RECENT_KEY}.${userId}`) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').slice(0, RECENT_MAX) : [];
  } catch {
    return [];
  }
}

export function rememberRecent(userId: string, q: string, storage: Storage | undefined = globalThis.localStorage): string[] {
  const next = [q, ...readRecent(userId, storage).filter((r) => r !== q)].slice(0, RECENT_MAX);
  try {
    storage?.setItem(`${RECENT_KEY}.${userId}`, JSON.stringify(next));
  } catch {
    // A full or refused storage only loses the list.
  }
  return next;
}
