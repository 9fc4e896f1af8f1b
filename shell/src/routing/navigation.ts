import type { ShellLocation, ShellStore } from '../store/shell-store.ts';

export interface NavigateOptions {
  replace?: boolean;
}
export type Navigate = (to: string, options?: NavigateOptions) => void;

export function readLocation(location: Pick<Location, 'pathname' | 'search'> = window.location): ShellLocation {
  return { pathname: location.pathname, search: location.search };
}

/**
 * The shell's router is the History API plus the store: `navigate` pushes the URL (single-spa's patched
 * pushState then reroutes the micro-apps) and updates the store at once, so the shell's own UI never waits
 * for single-spa, even while an app's bundle is still loading (QUALITY.md R2).
 */
export function createNavigate(store: ShellStore, history: History = window.history): Navigate {
  return (to, options) => {
    if (options?.replace) history.replaceState(history.state, '', to);
    else history.pushState(null, '', to);
    store.getState().setLocation(readLocation());
  };
}

/**
 * Follows back/forward. Must be called before single-spa's `start()`: after it, single-spa captures
 * popstate listeners and calls them only once the running reroute has finished, which a hanging app load
 * would delay (single-spa 6 navigation-events.js, `capturedEventListeners`).
 */
export function listenToHistory(store: ShellStore): () => void {
  const onPopState = (): void => store.getState().setLocation(readLocation());
  window.addEventListener('popstate', onPopState);
  return () => window.removeEventListener('popstate', onPopState);
}
