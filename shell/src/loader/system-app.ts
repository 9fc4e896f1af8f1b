import type { FeedApp } from '@wb/contracts';

const systemLoader = () => import('./systemjs-loader.ts');

/**
 * Imports a `System.register` app's entry through SystemJS (ADR 0040), which is loaded on demand (never on first
 * paint, P3): the loader chunk runs SystemJS (s.js) and requests the app's entry beside it (P19, ADR 0075).
 */
export function importSystemApp(specifier: string): Promise<unknown> {
  return systemLoader().then((loader) => loader.importSystemModule(specifier));
}

const prepared = new WeakSet<Window>();

/**
 * When the feed lists a SystemJS app, takes its loader off the first mount's path (P19, ADR 0087): once the page
 * has loaded and is idle, the loader chunk runs (it only defines functions) and reads the import maps, and s.js
 * is prefetched, not run (`System` stays undefined until such an app loads). A first mount then waits for the
 * app's own files only. A feed without SystemJS apps fetches nothing (P3). Once per page.
 */
export function prepareSystemApps(apps: readonly Pick<FeedApp, 'format'>[], win: Window = window): void {
  if (prepared.has(win) || !apps.some((app) => app.format === 'systemjs')) return;
  prepared.add(win);
  const prefetch = (): void => {
    void systemLoader()
      .then((loader) => loader.prefetchSystem(win.document))
      .catch(() => undefined);
  };
  const whenIdle = (): void => {
    if (typeof win.requestIdleCallback === 'function') win.requestIdleCallback(prefetch, { timeout: 2_000 });
    else win.setTimeout(prefetch, 0);
  };
  if (win.document.readyState === 'complete') whenIdle();
  else win.addEventListener('load', whenIdle, { once: true });
}
