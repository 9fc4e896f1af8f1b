import type { FeedApp } from '@wb/contracts';
import { parsePath } from '@wb/sdk';
import { HOME_PATH, INBOX_PATH, PASSWORD_PATH, resolveRoute } from '../routing/paths.ts';
import type { ShellLocation } from '../store/shell-store.ts';

/**
 * The workbench's tabs (多页签, ADR 0053). One tab per page kind: the home (pinned), 我的待办, 修改密码 and one per
 * micro-app instance, keyed by its instance id: the app id for the app's route-bound instance (ADR 0027),
 * `<app id>~<n>` for another tab of the same app (复制页签, ADR 0063).
 * A tab remembers the last path it showed, so switching back returns to the same record.
 */
export interface Tab {
  /** For an app's tab: the instance id. */
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
  /** Instance ids (keys) of app tabs by last use, most recent first: the keep-alive order. */
  recent: string[];
}

export const HOME_TAB: Tab = { key: 'home', path: HOME_PATH, title: '首页' };
/** Micro-app instances kept mounted (the one on screen included) unless a user setting says otherwise. */
export const DEFAULT_KEEP_ALIVE = 5;
/** More open tabs than this close the oldest clean app tab: a tab strip is not a history. */
export const MAX_TABS = 20;

export const initialTabs = (): TabsState => ({ tabs: [HOME_TAB], active: HOME_TAB.key, recent: [] });

/** `<app id>~<n>`: the n-th tab of an app (ADR 0063); n ≥ 2, the first is the route-bound instance. */
export const instanceKey = (appId: string, n: number): string => `${appId}~${n}`;

/** The tab title of an app instance: the app's name, and （n） for the n-th tab of it. */
function instanceTitle(app: FeedApp, key: string): string {
  const n = key.slice(app.id.length + 1);
  return key === app.id ? app.name : `${app.name}（${n}）`;
}

/** Whether `key` may name an instance of `appId`: the app id itself or `<app id>~<n>`. */
export const isInstanceKey = (key: unknown, appId: string): key is string =>
  key === appId || (typeof key === 'string' && key.startsWith(`${appId}~`) && /^[2-9]$/.test(key.slice(appId.length + 1)));

/**
 * The tab a location belongs to, or null (status pages such as 403/404 get none). `owners` (the shell store's):
 * which instance of an app the address bar belongs to, when not the route-bound one.
 */
export function tabOf(location: ShellLocation, apps: readonly FeedApp[], owners: Readonly<Record<string, string>> = {}): Tab | null {
  const path = `${location.pathname}${location.search}`;
  const route = resolveRoute(location.pathname, apps);
  switch (route.kind) {
    case 'home':
      return HOME_TAB;
    case 'inbox':
      return { key: 'inbox', path: path === INBOX_PATH ? INBOX_PATH : path, title: '我的待办' };
    case 'password':
      return { key: 'password', path: PASSWORD_PATH, title: '修改密码' };
    case 'app': {
      const key = owners[route.app.id] ?? route.app.id;
      return { key, path, title: instanceTitle(route.app, key), appId: route.app.id };
    }
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
  const recent = tab.appId ? [tab.key, ...state.recent.filter((id) => id !== tab.key)] : state.recent;
  return { tabs, active: tab.key, recent };
}

/**
 * Instance ids to keep mounted: the `limit` most recently used app tabs; beyond them only those with unsaved input
 * (a background tab is never unmounted under a half-filled form: the bound gives way, not the input).
 */
export function keptApps(state: TabsState, limit: number, isDirty: (instanceId: string) => boolean): Set<string> {
  return new Set(state.recent.filter((key, index) => index < limit || isDirty(key)));
}

/** The next free `<app id>~<n>` for another tab of `appId`, or null when it already has the most tabs allowed (9). */
export function nextInstanceKey(state: TabsState, appId: string): string | null {
  for (let n = 2; n <= 9; n += 1) {
    const key = instanceKey(appId, n);
    if (!state.tabs.some((tab) => tab.key === key)) return key;
  }
  return null;
}

/**
 * Closes the tabs in `keys` (the home stays). When the active tab is among them, the next tab to its right
 * (else to its left) becomes active: `goTo` is then the path to navigate to.
 */
export function closeTabs(state: TabsState, keys: ReadonlySet<string>): { state: TabsState; goTo?: string; next?: Tab } {
  const closing = (tab: Tab): boolean => tab.key !== HOME_TAB.key && keys.has(tab.key);
  const tabs = state.tabs.filter((tab) => !closing(tab));
  const recent = state.recent.filter((key) => tabs.some((tab) => tab.key === key));
  if (!keys.has(state.active) || state.active === HOME_TAB.key) return { state: { ...state, tabs, recent } };
  const from = state.tabs.findIndex((tab) => tab.key === state.active);
  const next = state.tabs.slice(from + 1).find((tab) => !closing(tab)) ?? [...state.tabs.slice(0, from)].reverse().find((tab) => !closing(tab)) ?? HOME_TAB;
  return { state: { tabs, active: next.key, recent }, goTo: next.path, next };
}

/** Over MAX_TABS: the keys of the oldest clean app tabs that must go (never the active one). */
export function overflowTabs(state: TabsState, isDirty: (instanceId: string) => boolean): Set<string> {
  const extra = state.tabs.length - MAX_TABS;
  if (extra <= 0) return new Set();
  const byAge = [...state.tabs.filter((tab) => tab.appId)].sort((a, b) => recentIndex(state, b.key) - recentIndex(state, a.key));
  const candidates = byAge.filter((tab) => tab.key !== state.active && !isDirty(tab.key));
  return new Set(candidates.slice(0, extra).map((tab) => tab.key));
}

function recentIndex(state: TabsState, key: string): number {
  const index = state.recent.indexOf(key);
  return index === -1 ? Number.MAX_SAFE_INTEGER : index;
}

/** Only tabs the current feed still has (after a post switch, or a restored list from an earlier session). */
export function withinFeed(state: TabsState, apps: readonly FeedApp[]): TabsState {
  const ids = new Set(apps.map((app) => app.id));
  const tabs = state.tabs.filter((tab) => !tab.appId || ids.has(tab.appId));
  if (tabs.length === state.tabs.length) return state;
  const active = tabs.some((tab) => tab.key === state.active) ? state.active : '';
  return { tabs, active, recent: state.recent.filter((key) => tabs.some((tab) => tab.key === key)) };
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
    const { path, key } = entry as Record<string, unknown>;
    // Only same-origin channel paths, and only what the path itself resolves to (no trusting stored titles, and
    // a stored key only when it names an instance of the app the path belongs to).
    if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) continue;
    const resolved = tabOf(parsePath(path), apps);
    const appId = resolved?.appId;
    const tab = appId && isInstanceKey(key, appId) ? tabOf(parsePath(path), apps, { [appId]: key }) : resolved;
    if (tab && !tabs.some((known) => known.key === tab.key)) tabs.push(tab);
  }
  return { tabs, active: '', recent: [] };
}

/** Per user and browser tab: sessionStorage survives a reload, not another login in another browser tab. */
export const tabsStorageKey = (username: string): string => `wb:tabs:${username}`;
