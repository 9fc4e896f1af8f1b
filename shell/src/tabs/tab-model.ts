import type { FeedApp } from '@wb/contracts';
import { parsePath } from '@wb/sdk';
import { HOME_PATH, INBOX_PATH, PASSWORD_PATH, resolveRoute } from '../routing/paths.ts';
import type { ShellLocation } from '../store/shell-store.ts';

/**
 * The workbench's tabs (多页签, ADR 0053). One tab per page kind: the home (pinned), 我的待办, 修改密码 and one per
 * micro-app, keyed by the app id, which is also the instance id of the app's route-bound instance (ADR 0027).
 * A tab remembers the last path it showed, so switching back returns to the same record.
 */
export interface Tab {
  key: string;
  /** Channel-relative path and query the tab shows. */
  path: string;
  title: string;
  /** Set for a micro-app's tab. */
  appId?: string;
}

export interface TabsState {
  tabs: Tab[];
  /** The key of the tab on screen ('' on a page that has no tab, such as 404). */
  active: string;
  /** App ids of app tabs by last use, most recent first: the keep-alive order. */
  recent: string[];
}

export const HOME_TAB: Tab = { key: 'home', path: HOME_PATH, title: '首页' };
/** Micro-app instances kept mounted (the one on screen included) unless a user setting says otherwise. */
export const DEFAULT_KEEP_ALIVE = 5;
/** More open tabs than this close the oldest clean app tab: a tab strip is not a history. */
export const MAX_TABS = 20;

export const initialTabs = (): TabsState => ({ tabs: [HOME_TAB], active: HOME_TAB.key, recent: [] });

/** The tab a location belongs to, or null (status pages such as 403/404 get none). */
export function tabOf(location: ShellLocation, apps: readonly FeedApp[]): Tab | null {
  const path = `${location.pathname}${location.search}`;
  const route = resolveRoute(location.pathname, apps);
  switch (route.kind) {
    case 'home':
      return HOME_TAB;
    case 'inbox':
      return { key: 'inbox', path: path === INBOX_PATH ? INBOX_PATH : path, title: '我的待办' };
    case 'password':
      return { key: 'password', path: PASSWORD_PATH, title: '修改密码' };
    case 'app':
      return { key: route.app.id, path, title: route.app.name, appId: route.app.id };
    default:
      return null;
  }
}

/** The user went to `tab` (opened or switched): it is added next to the active tab or updated, and becomes active. */
export function visit(state: TabsState, tab: Tab | null): TabsState {
  if (!tab) return { ...state, active: '' };
  const index = state.tabs.findIndex((candidate) => candidate.key === tab.key);
  let tabs: Tab[];
  if (index >= 0) {
    tabs = state.tabs.map((candidate, i) => (i === index ? tab : candidate));
  } else {
    const at = state.tabs.findIndex((candidate) => candidate.key === state.active);
    tabs = [...state.tabs];
    tabs.splice(at >= 0 ? at + 1 : tabs.length, 0, tab);
  }
  const recent = tab.appId ? [tab.appId, ...state.recent.filter((id) => id !== tab.appId)] : state.recent;
  return { tabs, active: tab.key, recent };
}

/**
 * App ids to keep mounted: the `limit` most recently used app tabs; beyond them only those with unsaved input
 * (a background tab is never unmounted under a half-filled form: the bound gives way, not the input).
 */
export function keptApps(state: TabsState, limit: number, isDirty: (appId: string) => boolean): Set<string> {
  return new Set(state.recent.filter((appId, index) => index < limit || isDirty(appId)));
}

/**
 * Closes the tabs in `keys` (the home stays). When the active tab is among them, the next tab to its right
 * (else to its left) becomes active: `goTo` is then the path to navigate to.
 */
export function closeTabs(state: TabsState, keys: ReadonlySet<string>): { state: TabsState; goTo?: string } {
  const closing = (tab: Tab): boolean => tab.key !== HOME_TAB.key && keys.has(tab.key);
  const tabs = state.tabs.filter((tab) => !closing(tab));
  const closedApps = new Set(state.tabs.filter(closing).flatMap((tab) => (tab.appId ? [tab.appId] : [])));
  const recent = state.recent.filter((appId) => !closedApps.has(appId));
  if (!keys.has(state.active) || state.active === HOME_TAB.key) return { state: { ...state, tabs, recent } };
  const from = state.tabs.findIndex((tab) => tab.key === state.active);
  const next = state.tabs.slice(from + 1).find((tab) => !closing(tab)) ?? [...state.tabs.slice(0, from)].reverse().find((tab) => !closing(tab)) ?? HOME_TAB;
  return { state: { tabs, active: next.key, recent }, goTo: next.path };
}

/** Over MAX_TABS: the keys of the oldest clean app tabs that must go (never the active one). */
export function overflowTabs(state: TabsState, isDirty: (appId: string) => boolean): Set<string> {
  const extra = state.tabs.length - MAX_TABS;
  if (extra <= 0) return new Set();
  const byAge = [...state.tabs.filter((tab) => tab.appId)].sort(
    (a, b) => recentIndex(state, b.appId) - recentIndex(state, a.appId),
  );
  const candidates = byAge.filter((tab) => tab.key !== state.active && !isDirty(tab.appId ?? ''));
  return new Set(candidates.slice(0, extra).map((tab) => tab.key));
}

function recentIndex(state: TabsState, appId: string | undefined): number {
  const index = state.recent.indexOf(appId ?? '');
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}

/** Only tabs the current feed still has (after a post switch, or a restored list from an earlier session). */
export function withinFeed(state: TabsState, apps: readonly FeedApp[]): TabsState {
  const ids = new Set(apps.map((app) => app.id));
  const tabs = state.tabs.filter((tab) => !tab.appId || ids.has(tab.appId));
  if (tabs.length === state.tabs.length) return state;
  const active = tabs.some((tab) => tab.key === state.active) ? state.active : '';
  return { tabs, active, recent: state.recent.filter((id) => ids.has(id)) };
}

/** What a reload restores: the tabs and their paths, not the mounted instances (those start with the tab shown). */
export function serializeTabs(state: TabsState): string {
  return JSON.stringify(state.tabs.map(({ key, path, title, appId }) => ({ key, path, title, ...(appId ? { appId } : {}) })));
}

/** The stored tabs, validated (storage is user-writable): anything malformed gives the home tab only. */
export function parseTabs(stored: string | null, apps: readonly FeedApp[]): TabsState {
  const initial = initialTabs();
  if (!stored) return initial;
  let raw: unknown;
  try {
    raw = JSON.parse(stored);
  } catch {
    return initial;
  }
  if (!Array.isArray(raw)) return initial;
  const tabs: Tab[] = [HOME_TAB];
  for (const entry of raw.slice(0, MAX_TABS)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { path } = entry as Record<string, unknown>;
    // Only same-origin channel paths, and only what the path itself resolves to (no trusting stored titles or keys).
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) continue;
    const tab = tabOf(parsePath(path), apps);
    if (tab && !tabs.some((known) => known.key === tab.key)) tabs.push(tab);
  }
  return { tabs, active: '', recent: [] };
}

/** Per user and browser tab: sessionStorage survives a reload, not another login in another browser tab. */
export const tabsStorageKey = (username: string): string => `wb:tabs:${username}`;
