import { triggerAppChange, unloadApplication } from 'single-spa';
import { createStore, type StoreApi } from 'zustand';
import { parsePath } from '@wb/sdk';
import type { ShellEnv } from '../layout/shell-context.ts';
import { stripBasename } from '../routing/channel.ts';
import {
  DEFAULT_KEEP_ALIVE,
  closeTabs,
  keptApps,
  overflowTabs,
  parseTabs,
  serializeTabs,
  tabOf,
  tabsStorageKey,
  visit,
  withinFeed,
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
  dispose(): void;
}

export interface TabsControllerOptions {
  env: Pick<ShellEnv, 'store' | 'navigate' | 'leaveGuard' | 'runtime' | 'basename'>;
  storage?: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  /** Micro-app instances kept mounted, the one on screen included. */
  keepAlive?: number;
  /** single-spa's reroute and unload (tests pass their own). */
  reroute?: () => unknown;
  unload?: (specifier: string) => Promise<unknown>;
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
  const tabs = createStore<TabsState>(() => visit(parseTabs(read(), apps()), tabOf(store.getState().location, apps())));
  const isDirty = (appId: string): boolean => registry.dirty().some((entry) => entry.owner === appId);
  let kept = keptApps(tabs.getState(), keepAlive, isDirty);

  const sync = (): void => {
    const overflow = overflowTabs(tabs.getState(), isDirty);
    if (overflow.size > 0) tabs.setState(closeTabs(tabs.getState(), overflow).state);
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
    const target = tabOf({ pathname: stripBasename(pathname, env.basename), search }, apps());
    const own = tabs.getState().tabs.find((tab) => tab.key === entry.owner);
    return target?.appId === entry.owner && target.path !== own?.path;
  });

  const unsubscribeStore = store.subscribe((state, previous) => {
    if (state.location === previous.location && state.feed === previous.feed) return;
    tabs.setState(visit(withinFeed(tabs.getState(), state.feed.apps), tabOf(state.location, state.feed.apps)));
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
    const { state, goTo } = closeTabs(tabs.getState(), keys);
    tabs.setState(state);
    if (goTo !== undefined) navigate(goTo);
    sync();
    return true;
  };

  return {
    tabs,
    select(key) {
      const tab = tabs.getState().tabs.find((candidate) => candidate.key === key);
      const { pathname, search } = store.getState().location;
      if (tab && tab.path !== `${pathname}${search}`) navigate(tab.path);
    },
    close,
    closeOthers: (key) => close(new Set(tabs.getState().tabs.flatMap((tab) => (tab.key === key ? [] : [tab.key])))),
    async refresh(key) {
      const app = apps().find((candidate) => candidate.id === key);
      if (!app || !(await confirmFor([key]))) return;
      forget([key]);
      if (tabs.getState().active === key) {
        // Unmounts, unloads and, as the app is still active, loads and mounts it again (a fresh instance).
        await unload(app.specifier);
        return;
      }
      // A background tab: unmounted now, mounted afresh when it is shown again.
      tabs.setState({ ...tabs.getState(), recent: tabs.getState().recent.filter((id) => id !== key) });
      sync();
    },
    dispose() {
      unsubscribeStore();
      unsubscribeGuards();
      env.runtime?.keepAlive(() => false);
      leaveGuard.setScope(() => true);
      kept = new Set();
      void reroute();
    },
  };
}
