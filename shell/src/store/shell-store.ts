import { createStore, type StoreApi } from 'zustand';
import type { Feed, ShellErrorCode } from '@wb/contracts';

/** Where the browser is, as the shell routes on it (the hash is left to the apps). */
export interface ShellLocation {
  pathname: string;
  search: string;
}

/**
 * What the shell knows about one micro-app. `idle` = registered but not mounted (never loaded, unmounted,
 * or a load abandoned because the user navigated away); `loading` covers load, bootstrap and mount.
 */
export type AppStatus =
  | { kind: 'idle' }
  | { kind: 'loading' }
  | { kind: 'mounted' }
  | { kind: 'error'; code: ShellErrorCode; message: string };

export interface ShellState {
  location: ShellLocation;
  /** What the user may see and load: the inlined feed, replaced after a post switch. */
  feed: Feed;
  /**
   * Status per mounted instance, keyed by instance id (ADR 0027; an app's route-bound instance is keyed by its
   * app id, `routeInstanceId` in loader/instance-id.ts).
   */
  apps: Readonly<Record<string, AppStatus>>;
  /** New versions of running apps (app id → version) the user has not yet loaded: the 新版本 notice. */
  updates: Readonly<Record<string, string>>;
  /**
   * Which instance of an app the address bar belongs to (app id → instance id), when it is not the route-bound
   * one: a second tab of the same app (ADR 0063). Set by the tab strip with `setState`.
   */
  owners: Readonly<Record<string, string>>;
  /**
   * A line an app asked the shell to show with a navigation out of it (`navigate(to, { notice })`: 「回单」已提交 on
   * the way back to the inbox), which the app's own message cannot outlive; cleared once shown.
   */
  notice: string | null;
}

export interface ShellActions {
  setLocation(location: ShellLocation): void;
  setFeed(feed: Feed): void;
  setAppStatus(instanceId: string, status: AppStatus): void;
  /** Adds newly published versions of running apps to `updates`. */
  addUpdates(updates: Readonly<Record<string, string>>): void;
}

export type ShellStore = StoreApi<ShellState & ShellActions>;

export const IDLE: AppStatus = { kind: 'idle' };

/** One store per page, created by main.tsx and handed down through React context (never a module singleton). */
export function createShellStore(location: ShellLocation, feed: Feed): ShellStore {
  return createStore<ShellState & ShellActions>()((set, get) => ({
    location,
    feed,
    apps: {},
    updates: {},
    owners: {},
    notice: null,
    setLocation(next) {
      const current = get().location;
      // Same URL again (e.g. single-spa's synthetic popstate after our own pushState): keep the object so
      // selectors do not re-render.
      if (current.pathname === next.pathname && current.search === next.search) return;
      set({ location: { pathname: next.pathname, search: next.search } });
    },
    setFeed(next) {
      set({ feed: next });
    },
    setAppStatus(instanceId, status) {
      set((state) => ({ apps: { ...state.apps, [instanceId]: status } }));
    },
    addUpdates(updates) {
      if (Object.keys(updates).length === 0) return;
      set((state) => ({ updates: { ...state.updates, ...updates } }));
    },
  }));
}

/** The instance of `appId` shown on the app's routes (ADR 0063): its route-bound instance unless a tab says otherwise. */
export const selectOwner = (state: Pick<ShellState, 'owners'>, appId: string): string => state.owners[appId] ?? appId;

export function selectAppStatus(state: ShellState, instanceId: string): AppStatus {
  return state.apps[instanceId] ?? IDLE;
}
