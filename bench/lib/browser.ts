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
