/**
 * A JSON request over node:http to a running instance, as a browser's fetch would send it (the CSRF header, the
 * session cookie): for tests and benchmarks that drive real server processes (the cluster fault test, P11).
 */
import { request, type Agent, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { CSRF_HEADER } from '@wb/contracts';

/** A TCP port free on 127.0.0.1 a moment ago, for a server process a test starts. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export interface SentAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface SendOptions {
  cookie?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** `false`: a connection of its own, closed after the answer; absent: Node's global agent. */
  agent?: Agent | false;
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
        ...(options.agent === undefined ? {} : { agent: options.agent }),
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

/**
 * Reads a server-sent event stream to its end (or until it is aborted: the promise then rejects), calling
 * `onBlock` with each event block: the lines between two blank lines (`event: …`, `data: …`, `: comment`).
 */
export async function readEventBlocks(body: ReadableStream<Uint8Array>, onBlock: (block: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      onBlock(buffer.slice(0, cut));
      buffer = buffer.slice(cut + 2);
    }
  }
}
