/**
 * The front door of a benchmark cluster: Debian's nginx with the repository's deploy/nginx.conf (as `npm run
 * cluster` writes it) when nginx is installed (NGINX, default /usr/sbin/nginx), else bench/lib/front-process.ts,
 * a Node stand-in with the same rules. `kind` says which one ran, for the report.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startInstance } from './instances.ts';

export interface Front {
  baseURL: string;
  kind: 'nginx' | 'node stand-in (nginx not installed)';
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

async function answers(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`).then(
    () => true,
    () => false,
  );
}

export async function startFront(upstreamPorts: readonly number[]): Promise<Front> {
  const nginx = process.env.NGINX ?? '/usr/sbin/nginx';
  if (!existsSync(nginx)) {
    const child = await startInstance({ FRONT_UPSTREAMS: upstreamPorts.join(',') }, 30_000, 'bench/lib/front-process.ts');
    return { baseURL: child.baseURL, kind: 'node stand-in (nginx not installed)', stop: child.stop };
  }
  const runDir = mkdtempSync(path.join(tmpdir(), 'wb-bench-front-'));
  const [listen, assetListen] = [await freePort(), await freePort()];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const values: Record<string, string> = {
    LISTEN: String(listen),
    ASSET_LISTEN: String(assetListen),
    UPSTREAMS: upstreamPorts.map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join('\n    '),
    RUN_DIR: runDir,
    USER_DIRECTIVE: isRoot ? 'user root;' : '',
  };
  const conf = readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8').replace(/\$\{([A-Z_]+)\}/g, (whole, key: string) => values[key] ?? whole);
  writeFileSync(path.join(runDir, 'nginx.conf'), conf);
  for (const dir of ['client_body', 'proxy_temp', 'fastcgi_temp', 'uwsgi_temp', 'scgi_temp', 'asset_cache']) mkdirSync(path.join(runDir, dir));
  const test = spawnSync(nginx, ['-t', '-q', '-p', runDir, '-c', path.join(runDir, 'nginx.conf')], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx refused the configuration: ${test.stderr}`);
  const child = spawn(nginx, ['-p', runDir, '-c', path.join(runDir, 'nginx.conf')], { stdio: 'ignore' });
  for (let i = 0; i < 40 && !(await answers(listen)); i++) await new Promise((r) => setTimeout(r, 250));
  return {
    baseURL: `http://127.0.0.1:${listen}`,
    kind: 'nginx',
    stop: () =>
      new Promise<void>((resolve) => {
        const done = (): void => {
          rmSync(runDir, { recursive: true, force: true });
          resolve();
        };
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGQUIT');
      }),
  };
}
