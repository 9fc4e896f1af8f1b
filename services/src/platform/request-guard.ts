import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CSRF_HEADER, DISALLOWED_CHARS_MESSAGE, ErrorCode, findDisallowedChars, hasDisallowedChars } from '@wb/contracts';
import { AppError } from '@wb/server-kit';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const GUARDED_PREFIXES = ['/api/', '/assets/'];

/**
 * Path tricks (docs/quality.md S4): a `..` or `.` segment, a backslash, or an encoded dot, slash, backslash,
 * percent (double encoding) or NUL. None of our API or asset paths needs them, and a proxied or
 * file-backed path must never be able to climb out of its prefix.
 */
export function hasPathTrick(url: string): boolean {
  const path = url.split('?', 1)[0] ?? '';
  if (/%(2e|2f|5c|25|00)/i.test(path) || path.includes('\\')) return true;
  return path.split('/').some((segment) => segment === '..' || segment === '.');
}

const decodesClean = (part: string): boolean => {
  try {
    return !hasDisallowedChars(decodeURIComponent(part.replaceAll('+', ' ')), 'line');
  } catch {
    return false; // URIError: a malformed escape, or bytes that are not UTF-8 (a lone surrogate has no UTF-8 form)
  }
};

/**
 * Input hygiene, last line (docs/quality.md S16, ADR 0019): where a URL's path or query, once decoded, holds a
 * control character or a lone surrogate, or does not decode at all (malformed or non-UTF-8 percent escapes):
 * `path`, the query parameter's name, or null when clean. No API path or query value needs such characters;
 * the contracts refuse them too, with a message per field.
 */
export function badUrlPart(url: string): string | null {
  const [path = '', query = ''] = url.split(/\?(.*)/s, 2);
  if (!path.split('/').every(decodesClean)) return 'path';
  for (const pair of query.split('&')) {
    const [name = '', value = ''] = pair.split(/=(.*)/s, 2);
    if (!decodesClean(name) || !decodesClean(value)) return decodesClean(name) ? decodeURIComponent(name.replaceAll('+', ' ')) : 'query';
  }
  return null;
}

function badInput(field: string): AppError {
  return new AppError(400, ErrorCode.BadRequest, `请求参数不正确（${field}：${DISALLOWED_CHARS_MESSAGE}）`, { [field]: DISALLOWED_CHARS_MESSAGE });
}

/** Host with a default port dropped: `Host: x:80` and `Origin: http://x` are the same site. */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/:(80|443)$/, '');
}

function originHost(origin: string): string | null {
  try {
    return normalHost(new URL(origin).host);
  } catch {
    return null; // includes the opaque origin "null" (sandboxed frames, some redirects)
  }
}

/**
 * CSRF (docs/quality.md S8): a state-changing request must carry the custom header (a cross-site form or
 * simple fetch cannot set it) and must not come from another site by Origin or Sec-Fetch-Site.
 */
function checkCsrf(request: FastifyRequest): void {
  if (!request.headers[CSRF_HEADER]) {
    throw new AppError(403, ErrorCode.NotAllowed, '请求缺少安全校验标识，已拒绝');
  }
  const site = request.headers['sec-fetch-site'];
  const origin = request.headers.origin;
  // Hosts are compared, not schemes: behind a TLS proxy without TRUST_PROXY the server sees http.
  if (site === 'cross-site' || site === 'same-site' || (origin !== undefined && originHost(origin) !== normalHost(request.host))) {
    throw new AppError(403, ErrorCode.NotAllowed, '不允许跨站请求');
  }
}

async function requestGuardPlugin(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', async (request) => {
    if (GUARDED_PREFIXES.some((p) => request.url.startsWith(p)) && hasPathTrick(request.url)) {
      throw new AppError(400, ErrorCode.BadRequest, '请求路径不合法');
    }
    const bad = request.url.startsWith('/api/') ? badUrlPart(request.url) : null;
    if (bad) throw badInput(bad);
    // A signed server-to-server callback (config.csrf false: no cookie, body signed) is exempt (ADR 0046).
    if (STATE_CHANGING.has(request.method) && request.routeOptions.config?.csrf !== false) checkCsrf(request);
  });
  // A parsed body with NUL or a lone surrogate anywhere (keys included): what no text or jsonb column can
  // hold. Runs for every route, also those whose handler forgot its contract; field rules stay in the contracts.
  app.addHook('preValidation', async (request) => {
    const path = findDisallowedChars(request.body, 'storable');
    if (path) throw badInput(path.map(String).join('.') || 'body');
  });
}

export default fp(requestGuardPlugin, { name: 'wb-request-guard', fastify: '5.x' });
