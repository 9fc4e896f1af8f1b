import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { ATTACHMENT_MAX_BYTES } from '@wb/contracts/attachments';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { RouteAccess } from '@wb/server-kit';

/** Request headers passed upstream. Not Origin/Sec-Fetch-*: this server already checked them. */
const FORWARD_REQUEST = ['accept', 'accept-language', 'content-type', 'cookie', 'if-match', 'if-none-match', 'idempotency-key', 'user-agent', 'x-workbench-app', CSRF_HEADER];
const FORWARD_RESPONSE = ['content-type', 'etag', 'location', 'retry-after'];
/** A server-sent-events stream (the workflow push, ADR 0024) is relayed as it comes, never buffered. */
const STREAM_RESPONSE = ['cache-control', 'x-accel-buffering'];

export interface ProxyOptions {
  /** Upstream base URL (SERVICE_<NAME>_URL); the original path is appended unchanged. */
  baseUrl: string;
  /** How requests reach the upstream: default `httpTransport` (node:http, kept-alive connections). */
  transport: UpstreamTransport;
  timeoutMs: number;
}

/** One upstream call, as the gateway forwards it. */
export interface UpstreamRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: Buffer | null;
  signal: AbortSignal;
}

/** The upstream's answer: status, a header reader and the body as a Node stream (an event stream is relayed as it comes). */
export interface UpstreamResponse {
  status: number;
  header(name: string): string | undefined;
  body: Readable;
}

export type UpstreamTransport = (request: UpstreamRequest) => Promise<UpstreamResponse>;

/**
 * The default transport: node:http(s) on a kept-alive agent per gateway. WHATWG fetch (undici) cost the hop
 * about 2 ms and half the throughput per request on a loaded two-core machine (ADR 0064, docs/quality.md P5):
 * its Request/Headers/web-stream machinery runs for every call; a plain request on a pooled socket does not.
 */
export function httpTransport(): UpstreamTransport & { close(): void } {
  const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
  const transport = (call: UpstreamRequest): Promise<UpstreamResponse> =>
    new Promise((resolve, reject) => {
      const url = new URL(call.url);
      const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
      const agent = url.protocol === 'https:' ? agents['https:'] : agents['http:'];
      const headers = call.body ? { ...call.headers, 'content-length': String(call.body.length) } : call.headers;
      const req = send(url, { method: call.method, headers, agent, signal: call.signal }, (res) => {
        resolve({
          status: res.statusCode ?? 502,
          header: (name) => {
            const value = res.headers[name];
            return Array.isArray(value) ? value.join(', ') : value;
          },
          body: res,
        });
      });
      // `on`, not `once`: a request can fail again after its answer began (an abort during the body); never unhandled.
      req.on('error', reject);
      req.end(call.body ?? undefined);
    });
  return Object.assign(transport, {
    close: () => {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  });
}

/** A `fetch` as the transport (tests hand the gateway a fake one). */
export function fetchTransport(fetchFn: typeof fetch): UpstreamTransport {
  return async (call) => {
    const response = await fetchFn(call.url, {
      method: call.method,
      headers: call.headers,
      body: call.body ? new Uint8Array(call.body) : null,
      redirect: 'manual',
      signal: call.signal,
    });
    const body = response.body ? Readable.fromWeb(response.body as WebReadableStream<Uint8Array>) : Readable.from([]);
    return { status: response.status, header: (name) => response.headers.get(name) ?? undefined, body };
  };
}

function upstreamHeaders(request: FastifyRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of FORWARD_REQUEST) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  headers['x-forwarded-for'] = request.ip;
  headers['x-request-id'] = String(request.id);
  return headers;
}

function readAll(body: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    body.on('error', reject);
    // An upstream that closes the connection before the end of its answer: no half answer is relayed.
    body.once('close', () => {
      if (!body.readableEnded) reject(new Error('upstream closed the connection before the end of its answer'));
    });
  });
}

function unavailable(request: FastifyRequest, options: ProxyOptions, error: unknown): AppError {
  request.log.error({ err: error, upstream: options.baseUrl }, 'upstream service unreachable');
  return new AppError(503, ErrorCode.ServiceUnavailable, '服务暂不可用，请稍后重试', undefined, { cause: error });
}

async function forward(options: ProxyOptions, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && Buffer.isBuffer(request.body);
  // The time limit covers a whole answer, except an event stream's body: that one lives until either side ends it.
  const upstream = new AbortController();
  const timer = setTimeout(() => upstream.abort(new DOMException('upstream timed out', 'TimeoutError')), options.timeoutMs);
  let response: UpstreamResponse;
  try {
    response = await options.transport({
      url: `${options.baseUrl}${request.url}`,
      method: request.method,
      headers: upstreamHeaders(request),
      body: hasBody ? (request.body as Buffer) : null,
      signal: upstream.signal,
    });
  } catch (error) {
    clearTimeout(timer);
    throw unavailable(request, options, error);
  }
  for (const name of FORWARD_RESPONSE) {
    const value = response.header(name);
    if (value !== undefined) reply.header(name, value);
  }
  if ((response.header('content-type') ?? '').startsWith('text/event-stream')) {
    clearTimeout(timer);
    for (const name of STREAM_RESPONSE) {
      const value = response.header(name);
      if (value !== undefined) reply.header(name, value);
    }
    // The browser went away (or the server closes): stop reading the upstream stream too.
    request.raw.once('close', () => upstream.abort());
    return reply.code(response.status).send(response.body);
  }
  let body: Buffer;
  try {
    body = await readAll(response.body);
  } catch (error) {
    throw unavailable(request, options, error);
  } finally {
    clearTimeout(timer);
  }
  return reply.code(response.status).send(body);
}

/** The largest request body the proxy forwards (ADR 0067: attachments through a split connection service). */
export const PROXY_BODY_LIMIT = ATTACHMENT_MAX_BYTES + 256 * 1024;

/**
 * Distributed mode: every method and path under the service prefix is forwarded as is (the path was
 * checked for tricks by the request guard). The body is passed through unparsed.
 */
export function registerProxyRoutes(scope: FastifyInstance, access: RouteAccess, options: ProxyOptions): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const handler = (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => forward(options, request, reply);
  // The upstream enforces each route's own limit (1 MiB for JSON, more where a route takes uploads); the gateway
  // passes up to the largest any service route takes: an attachment (10 MiB) with its multipart framing.
  const bodyLimit = PROXY_BODY_LIMIT;
  scope.all('/*', { bodyLimit, config: { access } }, handler);
  scope.all('/', { bodyLimit, config: { access } }, handler);
}
