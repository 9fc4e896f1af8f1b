import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface SecurityHeadersOptions {
  /** ASSET_BASE_URL: its origin may serve scripts, styles, images and fonts. */
  assetBaseUrl?: string | undefined;
}

function directives(assetOrigin: string | null, extraScripts: readonly string[]): string {
  const asset = assetOrigin ? [assetOrigin] : [];
  return [
    "default-src 'self'",
    ['script-src', "'self'", ...asset, ...extraScripts].join(' '),
    // antd 6 styles components through CSS-in-JS (@ant-design/cssinjs), which inserts <style> elements at
    // runtime; without 'unsafe-inline' the whole UI is unstyled. Inline *scripts* stay forbidden.
    ['style-src', "'self'", "'unsafe-inline'", ...asset].join(' '),
    ['img-src', "'self'", 'data:', ...asset].join(' '),
    ['font-src', "'self'", 'data:', ...asset].join(' '),
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

/**
 * Security headers on every response (docs/quality.md S9) and `Cache-Control: no-store` on every API response.
 * A handler adds CSP sources for its response through `reply.cspSources` (the shell page's import-map hash).
 */
async function securityHeadersPlugin(app: FastifyInstance, options: SecurityHeadersOptions): Promise<void> {
  const assetOrigin = options.assetBaseUrl ? new URL(options.assetBaseUrl).origin : null;
  const defaultCsp = directives(assetOrigin, []);
  if (!app.hasReplyDecorator('cspSources')) app.decorateReply('cspSources', null);

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const extra = reply.cspSources?.scriptSrc ?? [];
    // A handler's own policy stands: the registry sandboxes uploaded files that are not JS or CSS (ADR 0016).
    if (!reply.hasHeader('content-security-policy')) {
      reply.header('content-security-policy', extra.length > 0 ? directives(assetOrigin, extra) : defaultCsp);
    }
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('x-frame-options', 'DENY');
    reply.header('cross-origin-opener-policy', 'same-origin');
    // HSTS only over TLS (directly or, with TRUST_PROXY, as the proxy reports): on plain http it is ignored
    // at best and would pin a development host to https at worst.
    if (request.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

export default fp(securityHeadersPlugin, { name: 'wb-security-headers', fastify: '5.x' });
