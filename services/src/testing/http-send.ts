/**
 * A JSON request over node:http to a running instance, as a browser's fetch would send it (the CSRF header, the
 * session cookie): for tests and benchmarks that drive real server processes (the cluster fault test, P11).
 */
import { request, type Agent, type IncomingMessage } from 'node:http';
import { CSRF_HEADER } from '@wb/contracts';

export interface SentAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SendOptions {
  cookie?: string;
  body?: unknown;
  headers?: Record<string, string>;
  agent?: Agent;
  /** The client gives up after this long (ms). */
  timeoutMs?: number;
}

/** `url`: where to send it (host, port, path and query). */
export function sendJson(url: URL, method: string, options: SendOptions = {}): Promise<SentAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `${url.pathname}${url.search}`,
        ...(options.agent ? { agent: options.agent } : {}),
        headers: {
          [CSRF_HEADER]: '1',
          ...(options.cookie ? { cookie: options.cookie } : {}),
          ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
          ...options.headers,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('client time-out')));
    req.on('error', reject);
    req.end(payload);
  });
}
