// Per-instance location and history (ADR 0027). Each mounted micro-app instance reads its location from the
// `history` it was mounted with, never from `window.location`: two instances of one app on one page (tabs,
// a test page) each route on their own, and an app's links and navigation stay relative to its instance.
import type { WorkbenchLocation } from './location.ts';

/** The location and history one mounted instance routes on (`WorkbenchProps.history`). */
export interface WorkbenchHistory {
  /** The instance's current location (absolute path, as in the address bar of a single-instance page). */
  readonly location: WorkbenchLocation;
  /** Goes to an absolute path (`basePath` + route); the shell may ask its leave guard first. */
  push(to: string): void;
  /** Like `push`, replacing the current entry (typing in a search box must not flood the history). */
  replace(to: string): void;
  /** Calls `listener` after every change of `location`; returns the disposer. Listeners only re-read. */
  listen(listener: () => void): () => void;
}

/** Splits `/a/b?x=1#h` into the location parts a micro-app routes on (the hash is dropped). */
export function parsePath(to: string): WorkbenchLocation {
  const withoutHash = to.split('#', 1)[0] ?? '';
  const queryStart = withoutHash.indexOf('?');
  if (queryStart === -1) return { pathname: withoutHash || '/', search: '' };
  const search = withoutHash.slice(queryStart);
  return { pathname: withoutHash.slice(0, queryStart) || '/', search: search === '?' ? '' : search };
}

/**
 * An in-memory history: the location of an instance that is not the address bar's (a background tab, one of
 * two instances on a test page). `push`/`replace` change only this instance.
 */
export function createMemoryHistory(initial = '/'): WorkbenchHistory {
  let location = parsePath(initial);
  const listeners = new Set<() => void>();
  const go = (to: string): void => {
    const next = parsePath(to);
    if (next.pathname === location.pathname && next.search === location.search) return;
    location = next;
    [...listeners].forEach((listener) => listener());
  };
  return {
    get location() {
      return location;
    },
    push: go,
    replace: go,
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** How a browser-bound history navigates: the shell's `navigate` (leave guard, single-spa reroute). */
export type NavigateFn = (to: string, options?: { replace?: boolean; notice?: string }) => void;

/**
 * The instance that owns the address bar: reads `window.location`, hears every history change (single-spa
 * dispatches `popstate` and `single-spa:routing-event` after its patched pushState/replaceState), and
 * navigates through `navigate` (the shell's, which asks the leave guard) or, without one, the history API
 * plus the `popstate` single-spa would send.
 */
export function createBrowserHistory(navigate?: NavigateFn): WorkbenchHistory {
  // One snapshot object per URL, so that React's useSyncExternalStore sees a stable value between changes.
  let snapshot: WorkbenchLocation = { pathname: window.location.pathname, search: window.location.search };
  const read = (): WorkbenchLocation => {
    const { pathname, search } = window.location;
    if (snapshot.pathname !== pathname || snapshot.search !== search) snapshot = { pathname, search };
    return snapshot;
  };
  const go = (to: string, replace: boolean): void => {
    if (navigate) {
      if (replace) navigate(to, { replace: true });
      else navigate(to);
      return;
    }
    if (replace) window.history.replaceState(window.history.state, '', to);
    else window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate', { state: window.history.state }));
  };
  return {
    get location() {
      return read();
    },
    push: (to) => go(to, false),
    replace: (to) => go(to, true),
    listen(listener) {
      window.addEventListener('popstate', listener);
      window.addEventListener('single-spa:routing-event', listener);
      return () => {
        window.removeEventListener('popstate', listener);
        window.removeEventListener('single-spa:routing-event', listener);
      };
    },
  };
}
