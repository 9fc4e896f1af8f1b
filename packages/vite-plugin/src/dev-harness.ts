import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Connect, Plugin, ViteDevServer } from 'vite';

/** The module the harness page loads: the app's own dev harness (`createDevHarness` from `@wb/sdk/dev`). */
export const DEV_HARNESS_MODULE = 'src/dev/harness.ts';
/** Where `@wb/mocks/browser` (and msw's default) registers the service worker. */
export const MOCK_WORKER_PATH = '/mockServiceWorker.js';

export interface DevHarnessOptions {
  /** The source manifest, relative to the project root, whose `name` titles the page. Default `manifest.json`. */
  manifest?: string;
  /** Appended in brackets to the header's 「本地开发 · msw 模拟数据」, e.g. the size of the mock data set. */
  note?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string);
}

/** The dev harness page of a micro-app: a header naming it and the `#app` container its harness mounts into. */
export function devHarnessHtml(name: string, note?: string): string {
  const title = escapeHtml(name);
  const source = note === undefined ? 'msw 模拟数据' : `msw 模拟数据（${escapeHtml(note)}）`;
  return `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>${title} · 本地开发</title>
    <link rel="icon" href="data:," />
    <style>
      body { margin: 0; font-family: system-ui, sans-serif; background: #f5f5f5; }
      header { padding: 12px 24px; background: #001529; color: #fff; font-size: 16px; }
      header small { opacity: 0.7; margin-left: 12px; }
      #app { margin: 16px 24px; padding: 24px; background: #fff; border-radius: 8px; }
    </style>
  </head>
  <body>
    <header>${title}<small>本地开发 · ${source}</small></header>
    <main id="app"></main>
    <script type="module" src="/${DEV_HARNESS_MODULE}"></script>
  </body>
</html>
`;
}

function manifestName(file: string): string {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; id?: unknown };
  if (typeof parsed.name === 'string') return parsed.name;
  if (typeof parsed.id === 'string') return parsed.id;
  throw new Error(`@wb/vite-plugin: ${file} has neither a name nor an id`);
}

/** msw's worker script as the installed msw ships it (the version the app's `msw/browser` expects). */
function mockWorkerFile(root: string): string | undefined {
  try {
    return createRequire(join(root, 'package.json')).resolve('msw/mockServiceWorker.js');
  } catch {
    return undefined;
  }
}

function serveWorker(file: string): Connect.NextHandleFunction {
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url?.split('?')[0] !== MOCK_WORKER_PATH) return next();
    res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.end(req.method === 'HEAD' ? undefined : readFileSync(file));
  };
}

function serveHarnessPage(server: ViteDevServer, manifest: string, note: string | undefined): Connect.NextHandleFunction {
  return (req, res, next) => {
    // Vite's SPA fallback has already turned every page address into /index.html (its own middleware, next in
    // line, would answer 404: the project has no such file).
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.url?.split('?')[0] !== '/index.html') return next();
    server
      .transformIndexHtml(req.originalUrl ?? '/', devHarnessHtml(manifestName(manifest), note))
      .then((html) => {
        res.setHeader('Content-Type', 'text/html; charset=utf-8');
        res.setHeader('Cache-Control', 'no-cache');
        res.end(req.method === 'HEAD' ? undefined : html);
      })
      .catch(next);
  };
}

/**
 * `vite` (the dev server) of a micro-app with a `src/dev/harness.ts`: serves its harness page (titled from the
 * manifest) and msw's service worker from the installed msw, so an app carries neither an index.html nor a copy
 * of `mockServiceWorker.js` (ADR 0085). A project's own `index.html` or `public/mockServiceWorker.js` wins.
 */
export function devHarness(options: DevHarnessOptions = {}): Plugin {
  return {
    name: 'wb:dev-harness',
    apply: 'serve',
    configureServer(server) {
      const root = server.config.root;
      if (!existsSync(join(root, DEV_HARNESS_MODULE))) return undefined;
      const worker = mockWorkerFile(root);
      if (worker && !existsSync(join(server.config.publicDir, MOCK_WORKER_PATH))) server.middlewares.use(serveWorker(worker));
      if (existsSync(join(root, 'index.html'))) return undefined;
      const manifest = join(root, options.manifest ?? 'manifest.json');
      // Returned: installed after Vite's own middlewares up to its SPA fallback, before its index.html handler.
      return () => {
        server.middlewares.use(serveHarnessPage(server, manifest, options.note));
      };
    },
  };
}
