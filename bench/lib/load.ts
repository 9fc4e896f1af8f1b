// Load generation for HTTP benchmarks: autocannon (throughput under concurrency) and one-at-a-time
// requests over a kept-alive connection (latency without queueing).
import { createRequire } from 'node:module';
import { Agent, request } from 'node:http';

export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; p50: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: { url: string; connections: number; duration: number; headers?: Record<string, string> }) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/** Requests per second at `connections` concurrent connections for `seconds`; throws on any error or non-2xx. */
export async function loadTest(url: string, options: { connections: number; seconds: number; headers?: Record<string, string> }): Promise<AutocannonResult> {
  const result = await autocannon({ url, connections: options.connections, duration: options.seconds, ...(options.headers ? { headers: options.headers } : {}) });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET over a kept-alive loopback connection; returns its duration in ms. Throws unless 2xx. */
export function timedGet(url: string, headers: Record<string, string> = {}): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if ((res.statusCode ?? 0) >= 300) reject(new Error(`${url}: ${res.statusCode}`));
        else resolve(ms);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** Closes the kept-alive connections of `timedGet` so that the process can exit. */
export function closeConnections(): void {
  agent.destroy();
}
