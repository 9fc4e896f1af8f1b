import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CSRF_HEADER, ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { RouteAccess } from '@wb/server-kit';

/** Request headers passed upstream. Not Origin/Sec-Fetch-*: this server already checked them. */
const FORWARD_REQUEST = ['accept', 'accept-language', 'content-type', 'cookie', 'if-match', 'if-none-match', 'idempotency-key', 'user-agent', 'x-workbench-app', CSRF_HEADER];
const FORWARD_RESPONSE = ['content-type', 'etag', 'location', 'retry-after'];

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
  let response: Response;
  try {
    response = await options.fetch(`${options.baseUrl}${request.url}`, {
      method: request.method,
      headers: upstreamHeaders(request),
      body: hasBody ? new Uint8Array(request.body as Buffer) : null,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    request.log.error({ err: error, upstream: options.baseUrl }, 'upstream service unreachable');
    throw new AppError(503, ErrorCode.ServiceUnavailable, '服务暂不可用，请稍后重试', undefined, { cause: error });
  }
  for (const name of FORWARD_RESPONSE) {
    const value = response.headers.get(name);
    if (value !== null) reply.header(name, value);
  }
  return reply.code(response.status).send(Buffer.from(await response.arrayBuffer()));
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
