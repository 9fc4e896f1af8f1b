import type { LeaveGuardController } from '../leave-guard/leave-guard.ts';
import type { ShellLocation, ShellStore } from '../store/shell-store.ts';
import { stripBasename, withBasename } from './channel.ts';

export interface NavigateOptions {
  replace?: boolean;
  /** A line to show once the page has changed (the shell's message: it outlives the app that asked). */
  notice?: string;
}
export type Navigate = (to: string, options?: NavigateOptions) => void;

/** The part of the leave guard navigation needs (ADR 0015); without one, navigation never asks. */
export type NavigationGuard = Pick<LeaveGuardController, 'mustAsk' | 'confirmLeave' | 'approve'>;

/** The location as the shell routes on it: the path below the channel's basename (see channel.ts). */
export function readLocation(location: Pick<Location, 'pathname' | 'search'> = window.location, basename = ''): ShellLocation {
  return { pathname: stripBasename(location.pathname, basename), search: location.search };
}

/**
 * The shell's router is the History API plus the store: `navigate` pushes the URL (single-spa's patched
 * pushState then reroutes the micro-apps) and updates the store at once, so the shell's own UI never waits
 * for single-spa, even while an app's bundle is still loading (docs/quality.md R2).
 *
 * `to` is relative to the channel's basename (`/app/x` becomes `/m/app/x` on the mobile entry). Micro-apps
 * get `createAbsoluteNavigate` instead: they build their paths from `basePath`, which already has the prefix.
 */
export function createNavigate(store: ShellStore, basename = '', history: History = window.history, guard?: NavigationGuard): Navigate {
  const absolute = createAbsoluteNavigate(store, basename, history, guard);
  return (to, options) => absolute(withBasename(to, basename), options);
}

/**
 * With a `guard`, leaving a page with unsaved input asks first (docs/quality.md R5): the history and the store change
 * only once the user chose 离开, and the approved navigation then passes single-spa's check without a second question.
 */
export function createAbsoluteNavigate(store: ShellStore, basename = '', history: History = window.history, guard?: NavigationGuard): Navigate {
  const go: Navigate = (to, options) => {
    if (options?.replace) history.replaceState(history.state, '', to);
    else history.pushState(null, '', to);
    store.getState().setLocation(readLocation(window.location, basename));
    if (options?.notice) store.setState({ notice: options.notice });
  };
  return (to, options) => {
    if (!guard?.mustAsk(window.location.href, to)) {
      go(to, options);
      return;
    }
    void guard.confirmLeave().then((leave) => {
      if (!leave) return;
      guard.approve(to);
      go(to, options);
    });
  };
}

/**
 * Follows back/forward. Must be called before single-spa's `start()`: after it, single-spa captures
 * popstate listeners and calls them only once the running reroute has finished, which a hanging app load
 * would delay (single-spa 6 navigation-events.js, `capturedEventListeners`).
 */
export function listenToHistory(store: ShellStore, basename = '', guard?: Pick<NavigationGuard, 'mustAsk'>): () => void {
  const onPopState = (): void => {
    const shown = store.getState().location;
    // Leaving unsaved input (back/forward, an app's own pushState): single-spa's before-routing-event asks, and
    // the store follows only when the user leaves (LeaveGuardController.install), so the page stays as it is meanwhile.
    if (guard?.mustAsk(withBasename(`${shown.pathname}${shown.search}`, basename), window.location.href)) return;
    store.getState().setLocation(readLocation(window.location, basename));
  };
  window.addEventListener('popstate', onPopState);
  return () => window.removeEventListener('popstate', onPopState);
}
