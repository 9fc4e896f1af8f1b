/**
 * A stand-in for nginx in front of a cluster's instances when nginx is not installed (P11): the rules of
 * deploy/nginx.conf — round robin; a refused connection, a time-out or a 502/503 takes an instance out for 5 s and
 * moves an idempotent request to the next instance (at most one retry); writes are never retried; keep-alive to
 * the upstreams. Listens on a free loopback port and prints `listening <port>`.
 *
 *   FRONT_UPSTREAMS=8181,8182 node --import tsx bench/lib/front-process.ts   (started by bench/lib/front.ts)
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const upstreams = (process.env.FRONT_UPSTREAMS ?? '').split(',').filter(Boolean).map(Number);
if (upstreams.length === 0) throw new Error('FRONT_UPSTREAMS: no upstream ports');
const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const FAIL_TIMEOUT_MS = 5_000;
const agent = new Agent({ keepAlive: true, maxSockets: 512 });
const downUntil = new Map<number, number>();
let next = 0;

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const live = upstreams.filter((p) => (downUntil.get(p) ?? 0) <= Date.now());
    const pool = live.length > 0 ? live : upstreams;
    const order = pool.map((_, i) => pool[(next + i) % pool.length]!);
    next += 1;
    const attempt = (i: number): void => {
      const port = order[i]!;
      const last = i + 1 >= Math.min(2, order.length) || !SAFE.has(req.method ?? 'GET');
      const upstream = request(
        {
          host: '127.0.0.1',
          port,
          method: req.method,
          path: req.url,
          agent,
          headers: { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1', 'x-forwarded-proto': 'http', connection: 'keep-alive' },
        },
        (answer) => {
          if ((answer.statusCode === 502 || answer.statusCode === 503) && !last) {
            downUntil.set(port, Date.now() + FAIL_TIMEOUT_MS);
            answer.resume();
            attempt(i + 1);
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.setTimeout(60_000, () => upstream.destroy(new Error('upstream timeout')));
      upstream.on('error', () => {
        downUntil.set(port, Date.now() + FAIL_TIMEOUT_MS);
        if (!last) attempt(i + 1);
        else if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"WB_ERR_BAD_GATEWAY"}}');
        else res.destroy();
      });
      upstream.end(body);
    };
    attempt(0);
  });
});
server.keepAliveTimeout = 75_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`));
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close();
    agent.destroy();
    process.exit(0);
  });
}
