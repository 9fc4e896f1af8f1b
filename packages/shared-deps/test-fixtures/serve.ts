// Test helper: a tiny static server for the browser tests of the shared modules (no framework, node:http only).
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

export interface StaticServer {
  readonly origin: string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** URL prefix → directory, e.g. `/assets/shared/` → packages/shared-deps/dist. */
  readonly mounts: Readonly<Record<string, string>>;
  /** The HTML served at `/`. */
  readonly html: string;
}

async function respond(options: StaticServerOptions, url: string): Promise<{ status: number; type: string; body: Buffer | string }> {
  const path = new URL(url, 'http://x').pathname;
  if (path === '/') return { status: 200, type: 'text/html; charset=utf-8', body: options.html };
  for (const [prefix, dir] of Object.entries(options.mounts)) {
    if (!path.startsWith(prefix)) continue;
    const file = normalize(join(dir, path.slice(prefix.length)));
    if (!file.startsWith(dir)) break;
    try {
      const type = file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream';
      return { status: 200, type, body: await readFile(file) };
    } catch {
      break;
    }
  }
  return { status: 404, type: 'text/plain', body: 'not found' };
}

export async function startStaticServer(options: StaticServerOptions): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    respond(options, req.url ?? '/').then(
      ({ status, type, body }) => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      },
      () => {
        res.writeHead(500);
        res.end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}

/** A page with the import map (imports + integrity) that runs `script` as a module. */
export function importMapPage(importMap: { imports: Record<string, string>; integrity: Record<string, string> }, script: string): string {
  const json = JSON.stringify(importMap).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><script type="importmap">${json}</script></head>` +
    `<body><div id="root"></div><script type="module">${script}</script></body></html>`;
}
