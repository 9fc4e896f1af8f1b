/**
 * The micro-apps' dev server serves their harness page and msw's worker (ADR 0085): each case starts Vite in
 * middleware mode on a tiny app (or a real one of apps/) and asks it over HTTP, as a browser would.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createServer, type InlineConfig, type ViteDevServer } from 'vite';
import { afterEach, describe, expect, it } from 'vitest';
import { devHarness, devHarnessHtml } from './dev-harness.ts';

const REPO = resolve(import.meta.dirname, '../../..');
// Under a dist/ folder: ignored by git and the linters; node_modules of the repository resolve from here.
const TMP = resolve(import.meta.dirname, '../dist/dev-harness');
const WORKER = readFileSync(join(REPO, 'node_modules/msw/lib/mockServiceWorker.js'), 'utf8');

let running: { vite: ViteDevServer; http: Server } | undefined;
afterEach(async () => {
  if (!running) return;
  await new Promise((done) => running?.http.close(done));
  await running.vite.close();
  running = undefined;
});

function appDir(name: string, files: Record<string, string>): string {
  const dir = join(TMP, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries({ 'manifest.json': JSON.stringify({ id: 'fx-dev', name: '调试<应用>' }), ...files })) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** Starts the dev server and returns a `GET` that reads status, type and body. */
async function serve(config: InlineConfig): Promise<(path: string) => Promise<{ status: number; type: string | null; body: string }>> {
  const vite = await createServer({ logLevel: 'silent', ...config, server: { middlewareMode: true, hmr: false, ws: false } });
  const http = createHttpServer(vite.middlewares);
  running = { vite, http };
  await new Promise<void>((done) => http.listen(0, '127.0.0.1', done));
  const { port } = http.address() as AddressInfo;
  return async (path) => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { accept: 'text/html,*/*' } });
    return { status: response.status, type: response.headers.get('content-type'), body: await response.text() };
  };
}

describe('devHarness()', () => {
  it('serves the harness page on every app address and msw’s worker from the installed msw', async () => {
    const dir = appDir('generated', { 'src/dev/harness.ts': 'console.log(1);\n' });
    const get = await serve({ root: dir, configFile: false, plugins: [devHarness({ note: '3 户' })] });
    for (const path of ['/', '/app/fx-dev/orders/1?tab=2']) {
      const page = await get(path);
      expect(page.status, path).toBe(200);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.body).toContain('<title>调试&lt;应用&gt; · 本地开发</title>');
      expect(page.body).toContain('本地开发 · msw 模拟数据（3 户）</small>');
      expect(page.body).toContain('<main id="app"></main>');
      expect(page.body).toContain('<script type="module" src="/src/dev/harness.ts"></script>');
      // Through Vite's HTML transforms: its client is injected as for a file on disk.
      expect(page.body).toContain('/@vite/client');
    }
    const worker = await get('/mockServiceWorker.js');
    expect(worker.status).toBe(200);
    expect(worker.type).toMatch(/^text\/javascript/);
    expect(worker.body).toBe(WORKER);
    // Modules still come from the project.
    expect((await get('/src/dev/harness.ts')).body).toContain('console.log(1)');
  });

  it('leaves a project’s own index.html and worker copy alone, and an app without a harness', async () => {
    const own = appDir('own', {
      'index.html': '<!doctype html><html><body><p>own page</p></body></html>',
      'public/mockServiceWorker.js': '// own copy\n',
      'src/dev/harness.ts': 'export {};\n',
    });
    let get = await serve({ root: own, configFile: false, plugins: [devHarness()] });
    expect((await get('/')).body).toContain('own page');
    expect((await get('/mockServiceWorker.js')).body).toBe('// own copy\n');
    await new Promise((done) => running?.http.close(done));
    await running?.vite.close();

    const bare = appDir('bare', { 'src/main.ts': 'export {};\n' });
    get = await serve({ root: bare, configFile: false, plugins: [devHarness()] });
    expect((await get('/')).status).toBe(404);
    expect((await get('/mockServiceWorker.js')).body).not.toBe(WORKER);
  });

  it('is what `npm run dev -w apps/customer-archive` serves (the repository’s config factory)', async () => {
    const get = await serve({ configFile: join(REPO, 'apps/customer-archive/vite.config.ts') });
    const page = await get('/app/customer-archive');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>客户档案 · 本地开发</title>');
    expect(page.body).toContain('客户档案<small>本地开发 · msw 模拟数据（200 户）</small>');
    expect((await get('/mockServiceWorker.js')).body).toBe(WORKER);
  });
});

describe('devHarnessHtml()', () => {
  it('escapes the manifest’s name and leaves the note out when there is none', () => {
    const html = devHarnessHtml('A & "B"');
    expect(html).toContain('<title>A &amp; &quot;B&quot; · 本地开发</title>');
    expect(html).toContain('<small>本地开发 · msw 模拟数据</small>');
  });
});
