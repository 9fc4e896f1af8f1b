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
const isEventStream = (response: Response): boolean => (response.headers.get('content-type') ?? '').startsWith('text/event-stream');

export interface ProxyOptions {
  /** Upstream base URL (SERVICE_<NAME>_URL); the original path is appended unchanged. */
  baseUrl: string;
  fetch: typeof fetch;
  timeoutMs: number;
}

function upstreamHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const name of FORWARD_REQUEST) {
    const value = request.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  headers.set('x-forwarded-for', request.ip);
  headers.set('x-request-id', String(request.id));
  return headers;
}

async function forward(options: ProxyOptions, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD' && Buffer.isBuffer(request.body);
  // The time limit covers a whole answer, except an event stream's body: that one lives until either side ends it.
  const upstream = new AbortController();
  const timer = setTimeout(() => upstream.abort(new DOMException('upstream timed out', 'TimeoutError')), options.timeoutMs);
  let response: Response;
  try {
    response = await options.fetch(`${options.baseUrl}${request.url}`, {
      method: request.method,
      headers: upstreamHeaders(request),
      body: hasBody ? new Uint8Array(request.body as Buffer) : null,
      redirect: 'manual',
      signal: upstream.signal,
    });
  } catch (error) {
    clearTimeout(timer);
    request.log.error({ err: error, upstream: options.baseUrl }, 'upstream service unreachable');
    throw new AppError(503, ErrorCode.ServiceUnavailable, '服务暂不可用，请稍后重试', undefined, { cause: error });
  }
  for (const name of FORWARD_RESPONSE) {
    const value = response.headers.get(name);
    if (value !== null) reply.header(name, value);
  }
  if (isEventStream(response) && response.body) {
    clearTimeout(timer);
    for (const name of STREAM_RESPONSE) {
      const value = response.headers.get(name);
      if (value !== null) reply.header(name, value);
    }
    // The browser went away (or the server closes): stop reading the upstream stream too.
    request.raw.once('close', () => upstream.abort());
    return reply.code(response.status).send(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>));
  }
  try {
    return reply.code(response.status).send(Buffer.from(await response.arrayBuffer()));
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Distributed mode: every method and path under the service prefix is forwarded as is (the path was
 * checked for tricks by the request guard). The body is passed through unparsed.
 */
export function registerProxyRoutes(scope: FastifyInstance, access: RouteAccess, options: ProxyOptions): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  const handler = (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => forward(options, request, reply);
  scope.all('/*', { config: { access } }, handler);
  scope.all('/', { config: { access } }, handler);
}
