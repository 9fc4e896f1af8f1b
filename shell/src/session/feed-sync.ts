import type { Feed } from '@wb/contracts';
import { FEED_REFRESH_EVENT } from '@wb/sdk';
import type { IdentityClient } from '../identity/identity-client.ts';
import type { AppRuntime } from '../loader/app-runtime.ts';
import type { ImportMapInjector } from '../loader/import-maps.ts';
import { selectAppStatus, type ShellStore } from '../store/shell-store.ts';
import { newVersionNotices, type RunningVersions } from './version-notice.ts';

/** How often the shell polls the feed for new versions (ms); also on window focus and when the tab shows again. */
export const FEED_POLL_INTERVAL_MS = 60_000;
/** Focus/visibility refreshes closer than this (ms) to the previous one are skipped. */
const MIN_FOCUS_GAP_MS = 5_000;

export type FeedRefreshResult = { kind: 'refreshed'; updates: Record<string, string> } | { kind: 'skipped' };

export interface FeedSyncDeps {
  identity: Pick<IdentityClient, 'fetchFeed'>;
  store: ShellStore;
  /** Absent on a page without a registered session. */
  runtime: Pick<AppRuntime, 'update'> | undefined;
  importMaps: Pick<ImportMapInjector, 'merge'>;
}

export interface FeedSync {
  /** Fetches the feed and applies it without remounting anything; concurrent calls share one fetch. */
  refresh(): Promise<FeedRefreshResult>;
  /**
   * Refreshes on the SDK's FEED_REFRESH_EVENT (应用市场 changed the menu), every `intervalMs`, on window focus
   * and when the page becomes visible. Returns the disposer.
   */
  start(options?: { intervalMs?: number; win?: Window; doc?: Document }): () => void;
}

/**
 * Keeps the page in step with the registry feed (issue 4): new and removed apps change the side menu, home
 * cards and widgets at once; a new version of a mounted app becomes a notice (store `updates`), because the
 * page's import map cannot change an existing specifier: only a page load, started by the user, runs it.
 */
export function createFeedSync(deps: FeedSyncDeps): FeedSync {
  const { store } = deps;
  const running: RunningVersions = new Map(store.getState().feed.apps.map((app) => [app.id, app.version]));
  let inFlight: Promise<FeedRefreshResult> | null = null;
  let lastAt = 0;

  async function apply(feed: Feed): Promise<FeedRefreshResult> {
    const user = feed.user;
    const current = store.getState().feed;
    // Session over, or another post chosen elsewhere (a post switch brings its own feed): leave it alone.
    if (!user || user.id !== current.user?.id || user.activePost?.code !== current.user?.activePost?.code) return { kind: 'skipped' };
    const merge = deps.importMaps.merge(feed.importMap);
    const unmappable = new Set(merge.unmappable);
    const apps = feed.apps.filter((app) => !unmappable.has(app.specifier));
    await deps.runtime?.update(apps, user, { remount: false });
    for (const app of apps) if (!running.has(app.id)) running.set(app.id, app.version);
    const state = store.getState();
    const updates = newVersionNotices({
      running,
      apps,
      isMounted: (appId) => selectAppStatus(state, appId).kind === 'mounted',
      notified: state.updates,
    });
    state.setFeed({ ...feed, apps, widgets: feed.widgets.filter((widget) => apps.some((app) => app.id === widget.appId)) });
    state.addUpdates(updates);
    return { kind: 'refreshed', updates };
  }

  const refresh = (): Promise<FeedRefreshResult> => {
    inFlight ??= (async () => {
      lastAt = Date.now();
      try {
        const feed = await deps.identity.fetchFeed(store.getState().feed.channel);
        return feed ? await apply(feed) : { kind: 'skipped' as const };
      } catch (error) {
        // A poll must never break the page; the next one tries again.
        console.warn('[shell] feed refresh failed', error);
        return { kind: 'skipped' as const };
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  };

  return {
    refresh,
    start({ intervalMs = FEED_POLL_INTERVAL_MS, win = window, doc = document } = {}) {
      const now = (): void => void refresh();
      const soon = (): void => {
        if (Date.now() - lastAt >= MIN_FOCUS_GAP_MS) void refresh();
      };
      const onVisibility = (): void => {
        if (doc.visibilityState === 'visible') soon();
      };
      const timer = win.setInterval(now, intervalMs);
      win.addEventListener(FEED_REFRESH_EVENT, now);
      win.addEventListener('focus', soon);
      doc.addEventListener('visibilitychange', onVisibility);
      return () => {
        win.clearInterval(timer);
        win.removeEventListener(FEED_REFRESH_EVENT, now);
        win.removeEventListener('focus', soon);
        doc.removeEventListener('visibilitychange', onVisibility);
      };
    },
  };
}
