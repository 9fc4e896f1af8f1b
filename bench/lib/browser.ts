import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../e2e/chromium.ts';

/** `jsFlags` are added to V8's flags (after `--expose-gc`), e.g. P6 turns the optimizing tiers off. */
export async function launchChromium(jsFlags: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS, `--js-flags=${['--expose-gc', ...jsFlags].join(' ')}`] });
}

/**
 * The peer of P1/P2/P6: a bare single-spa root page with the same import map (shared deps + the same
 * micro-app) and nothing else: no layout, no menus, no login handling. Served on the same origin through
 * request interception so that the app's API calls carry the same session.
 */
export function bareRootHtml(importMap: unknown, app: { specifier: string; route: string }, session: unknown, services: Record<string, string>): string {
  const json = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bare root</title>
<script type="importmap">${json(importMap)}</script></head>
<body><div id="app"></div>
<script type="module">
import { registerApplication, start, navigateToUrl } from 'single-spa';
const domElement = document.getElementById('app');
registerApplication({
  name: ${json(app.specifier)},
  app: () => import(${json(app.specifier)}),
  activeWhen: ${json(app.route)},
  customProps: {
    appId: ${json(app.specifier.replace('@wb-app/', ''))},
    basePath: ${json(app.route)},
    session: ${json(session)},
    services: ${json(services)},
    navigate: (to) => navigateToUrl(to),
    reportError: (e) => console.error(e),
    domElement,
  },
});
start();
</script></body></html>`;
}

export interface BareApp {
  specifier: string;
  /** Where single-spa mounts it, also its basePath. */
  route: string;
  /** The menu entry's text and target (default: `route`). */
  label: string;
  href?: string;
  /** Gateway base URLs by service name, as the feed gives them. */
  services: Record<string, string>;
}

/**
 * The peer of P2: a bare single-spa root with two micro-apps, each in a container of its own, and a
 * minimal menu (one link per app that calls navigateToUrl). Nothing else: no layout, no feed, no guards.
 */
export function bareSwitchRootHtml(importMap: unknown, apps: readonly BareApp[], session: unknown): string {
  const json = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');
  const links = apps.map((a, i) => `<a href="${a.href ?? a.route}" data-bench-menu="${i}">${a.label}</a>`).join(' ');
  const containers = apps.map((_, i) => `<div id="app-${i}"></div>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>bare root</title>
<script type="importmap">${json(importMap)}</script></head>
<body><nav id="bench-menu">${links}</nav>${containers}
<script type="module">
import { registerApplication, start, navigateToUrl } from 'single-spa';
const apps = ${json(apps)};
apps.forEach((app, i) => registerApplication({
  name: app.specifier,
  app: () => import(app.specifier),
  activeWhen: app.route,
  customProps: {
    appId: app.specifier.replace('@wb-app/', ''),
    basePath: app.route,
    session: ${json(session)},
    services: app.services,
    navigate: (to) => navigateToUrl(to),
    reportError: (e) => console.error(e),
    domElement: document.getElementById('app-' + i),
  },
}));
document.getElementById('bench-menu').addEventListener('click', (event) => {
  const link = event.target.closest('a[data-bench-menu]');
  if (!link) return;
  event.preventDefault();
  navigateToUrl(link.href);
});
start();
</script></body></html>`;
}
