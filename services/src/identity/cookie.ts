import type { FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '@wb/contracts';

/**
 * The session cookie's name. Behind TLS it carries the `__Host-` prefix (docs/quality.md S7): the browser then
 * only accepts it Secure, for path `/`, from this very host, so a sibling domain or a plain-HTTP response
 * cannot plant or overwrite it. Plain HTTP (local development) cannot hold a `__Host-` cookie, so there the
 * plain name is used; each mode reads only its own name.
 */
export function sessionCookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

/** HttpOnly and SameSite=Lax always; Secure when the request came over TLS (directly or as a trusted proxy says). */
export function cookieOptions(request: FastifyRequest) {
  return { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https' } as const;
}
