import { triggerAppChange, unloadApplication } from 'single-spa';
import { createStore, type StoreApi } from 'zustand';
import { parsePath } from '@wb/sdk';
import type { ShellEnv } from '../layout/shell-context.ts';
import { stripBasename } from '../routing/channel.ts';
import { selectOwner } from '../store/shell-store.ts';
import {
  DEFAULT_KEEP_ALIVE,
  closeTabs,
  keptApps,
  nextInstanceKey,
  overflowTabs,
  parseTabs,
  serializeTabs,
  tabOf,
  tabsStorageKey,
  visit,
  withinFeed,
  type Tab,
  type TabsState,
} from './tab-model.ts';

export interface TabsController {
  readonly tabs: StoreApi<TabsState>;
  /** Shows a tab (through the shell's navigation: the leave guard applies to what would be lost). */
  select(key: string): void;
  /** Closes tabs; asks first when one of them holds unsaved input. Resolves false when the user stayed. */
  close(keys: ReadonlySet<string>): Promise<boolean>;
  /** Closes every tab but `key` and the home. */
  closeOthers(key: string): Promise<boolean>;
  /** Starts an app tab's instance over (unsaved input asks first). */
  refresh(key: string): Promise<void>;
  /**
   * 复制页签 (ADR 0063): another instance of the tab's app, in a tab of its own next to it, at the same path. Each
   * routes, keeps its form and its guards on its own. Returns the new tab's key, or null (not an app tab, or the
   * app has nine tabs already).
   */
  duplicate(key: string): string | null;
  dispose(): void;
}

export interface TabsControllerOptions {
  env: Pick<ShellEnv, 'store' | 'navigate' | 'leaveGuard' | 'runtime' | 'basename'>;
  storage?: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  /** Micro-app instances kept mounted, the one on screen included. */
  keepAlive?: number;
  /** single-spa's reroute and unload (tests pass their own). */
  reroute?: () => unknown;
  unload?: (name: string) => Promise<unknown>;
}

const sameSet = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => a.size === b.size && [...a].every((item) => b.has(item));

/**
 * Ties the tab model to the shell (ADR 0053): follows the shell's location, keeps the most recently used app
 * instances mounted through the runtime's `keepAlive`, scopes the leave guard to what a navigation unmounts,
 * and stores the tabs per user for a reload.
 */
export function createTabsController({ env, storage, keepAlive = DEFAULT_KEEP_ALIVE, reroute = triggerAppChange, unload = unloadApplication }: TabsControllerOptions): TabsController {
  const { store, leaveGuard, navigate } = env;
  const registry = leaveGuard.registry;
  const apps = () => store.getState().feed.apps;
  const storageKey = tabsStorageKey(store.getState().feed.user?.username ?? '');
  const read = (): string | null => {
    try {
      return storage?.getItem(storageKey) ?? null;
    } catch {
      return null;
    }
  };
  const runtime = env.runtime;
  const owners = (): Readonly<Record<string, string>> => store.getState().owners;
  /** Makes `tab` the instance its app's routes show (ADR 0063). */
  const own = (tab: Tab): void => {
    if (tab.appId && selectOwner(store.getState(), tab.appId) !== tab.key) {
      store.setState({ owners: { ...owners(), [tab.appId]: tab.key } });
    }
  };
  const restored = parseTabs(read(), apps());
  // Restored second tabs of an app get their registrations back (mounted when shown).
  for (const tab of restored.tabs) if (tab.appId && tab.key !== tab.appId) runtime?.addInstance(tab.appId, tab.key);
  const tabs = createStore<TabsState>(() => visit(restored, tabOf(store.getState().location, apps(), owners())));
  const isDirty = (key: string): boolean => registry.dirty().some((entry) => entry.owner === key);
  /** Closed app tabs: their second instances go; an app whose routes showed one of them shows another of its tabs. */
  const released = (closed: readonly Tab[]): void => {
    const left = tabs.getState().tabs;
    for (const tab of closed) {
      if (!tab.appId) continue;
      if (tab.key !== tab.appId) void runtime?.removeInstance(tab.key);
      if (owners()[tab.appId] === tab.key) {
        const { [tab.appId]: _gone, ...rest } = owners();
        const other = left.find((candidate) => candidate.appId === tab.appId);
        store.setState({ owners: other && other.key !== tab.appId ? { ...rest, [tab.appId]: other.key } : rest });
      }
    }
  };
  let kept = keptApps(tabs.getState(), keepAlive, isDirty);

  const sync = (): void => {
    const overflow = overflowTabs(tabs.getState(), isDirty);
    if (overflow.size > 0) {
      const closed = tabs.getState().tabs.filter((tab) => overflow.has(tab.key));
      tabs.setState(closeTabs(tabs.getState(), overflow).state);
      released(closed);
    }
    const next = keptApps(tabs.getState(), keepAlive, isDirty);
    if (!sameSet(next, kept)) {
      kept = next;
      void reroute();
    }
    try {
      storage?.setItem(storageKey, serializeTabs(tabs.getState()));
    } catch {
      // Storage full or disabled: the tabs simply do not come back after a reload.
    }
  };

  env.runtime?.keepAlive((appId) => kept.has(appId));
  // A kept instance's unsaved input is not lost by going to another tab or back to its own: only a navigation
  // that moves that instance to another path asks.
  leaveGuard.setScope((entry, to) => {
    if (!kept.has(entry.owner)) return true;
    const { pathname, search } = parsePath(to);
    const target = tabOf({ pathname: stripBasename(pathname, env.basename), search }, apps(), owners());
    const current = tabs.getState().tabs.find((tab) => tab.key === entry.owner);
    return target?.key === entry.owner && target.path !== current?.path;
  });

  // An owner change alone is not a visit: `select` sets the owner first and then navigates (or visits itself).
  const unsubscribeStore = store.subscribe((state, previous) => {
    if (state.location === previous.location && state.feed === previous.feed) return;
    const before = tabs.getState().tabs;
    tabs.setState(visit(withinFeed(tabs.getState(), state.feed.apps), tabOf(state.location, state.feed.apps, state.owners)));
    const gone = before.filter((tab) => !tabs.getState().tabs.some((candidate) => candidate.key === tab.key));
    if (gone.length > 0) released(gone);
    sync();
  });
  // A background tab beyond the bound that was kept for its unsaved input goes once the input is saved.
  const unsubscribeGuards = registry.subscribe(sync);
  sync();

  const forget = (keys: Iterable<string>): void => {
    for (const key of keys) registry.drop(key);
  };
  const confirmFor = async (keys: Iterable<string>): Promise<boolean> =>
    [...keys].some(isDirty) ? leaveGuard.confirmLeave() : true;

  const close = async (keys: ReadonlySet<string>): Promise<boolean> => {
    if (!(await confirmFor(keys))) return false;
    forget(keys);
    const closed = tabs.getState().tabs.filter((tab) => keys.has(tab.key));
    const { state, goTo, next } = closeTabs(tabs.getState(), keys);
    tabs.setState(state);
    released(closed);
    if (next) show(next, goTo);
    sync();
    return true;
  };

  /** Shows `tab`: its instance owns its app's routes, then the address bar goes to its path (or, there already, a reroute). */
  function show(tab: Tab, path = tab.path): void {
    own(tab);
    const { pathname, search } = store.getState().location;
    if (path !== `${pathname}${search}`) {
      navigate(path);
      return;
    }
    tabs.setState(visit(tabs.getState(), tabOf(store.getState().location, apps(), owners())));
    sync();
    void reroute();
  }

  return {
    tabs,
    select(key) {
      const tab = tabs.getState().tabs.find((candidate) => candidate.key === key);
      if (tab) show(tab);
    },
    close,
    closeOthers: (key) => close(new Set(tabs.getState().tabs.flatMap((tab) => (tab.key === key ? [] : [tab.key])))),
    async refresh(key) {
      const tab = tabs.getState().tabs.find((candidate) => candidate.key === key);
      const app = apps().find((candidate) => candidate.id === tab?.appId);
      if (!app || !(await confirmFor([key]))) return;
      forget([key]);
      if (tabs.getState().active === key) {
        // Unmounts, unloads and, as the app is still active, loads and mounts it again (a fresh instance).
        await unload(key === app.id ? app.specifier : `${app.specifier}#${key}`);
        return;
      }
      // A background tab: unmounted now, mounted afresh when it is shown again.
      tabs.setState({ ...tabs.getState(), recent: tabs.getState().recent.filter((id) => id !== key) });
      sync();
    },
    duplicate(key) {
      const tab = tabs.getState().tabs.find((candidate) => candidate.key === key);
      const next = tab?.appId ? nextInstanceKey(tabs.getState(), tab.appId) : null;
      if (!tab?.appId || !next || !runtime) return null;
      runtime.addInstance(tab.appId, next);
      const copy = tabOf(parsePath(tab.path), apps(), { [tab.appId]: next });
      if (!copy) return null;
      // Next to the tab it copies, whichever tab is on screen.
      tabs.setState({ ...tabs.getState(), active: key });
      tabs.setState(visit(tabs.getState(), copy));
      show(copy);
      return next;
    },
    dispose() {
      unsubscribeStore();
      unsubscribeGuards();
      for (const tab of tabs.getState().tabs) if (tab.appId && tab.key !== tab.appId) void runtime?.removeInstance(tab.key);
      store.setState({ owners: {} });
      env.runtime?.keepAlive(() => false);
      leaveGuard.setScope(() => true);
      kept = new Set();
      void reroute();
    },
  };
}
