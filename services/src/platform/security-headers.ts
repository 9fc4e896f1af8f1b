import fp from 'fastify-plugin';
import helmet from '@fastify/helmet';
import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export interface SecurityHeadersOptions {
  /** ASSET_BASE_URL: its origin may serve scripts, styles, images and fonts. */
  assetBaseUrl?: string | undefined;
}

type Directives = Record<string, string[]>;

const HSTS = 'max-age=31536000; includeSubDomains';

/** The platform's CSP (docs/quality.md S9); `extraScripts` are one response's additions (the shell page's hashes). */
export function cspDirectives(assetOrigin: string | null, extraScripts: readonly string[] = []): Directives {
  const asset = assetOrigin ? [assetOrigin] : [];
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...asset, ...extraScripts],
    // antd 6 styles components through CSS-in-JS (@ant-design/cssinjs), which inserts <style> elements at
    // runtime; without 'unsafe-inline' the whole UI is unstyled. Inline *scripts* stay forbidden. That is also
    // why helmet's `enableCSPNonces` stays off: it puts a nonce into style-src too, and a nonce there makes
    // browsers ignore 'unsafe-inline'. The shell page brings its own hash and nonce for scripts (cspSources).
    'style-src': ["'self'", "'unsafe-inline'", ...asset],
    'img-src': ["'self'", 'data:', ...asset],
    'font-src': ["'self'", 'data:', ...asset],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'frame-ancestors': ["'none'"],
    'form-action': ["'self'"],
  };
}

/**
 * Helmet's settings: the platform's policy exactly (`useDefaults: false`, no `upgrade-insecure-requests`), a
 * strict referrer, `X-Frame-Options: DENY`. Left to the platform: HSTS (only over TLS, see below). Switched off:
 * Cross-Origin-Resource-Policy (the app store serves modules and assets to an ASSET_BASE_URL origin, ADR 0016)
 * and Cross-Origin-Embedder-Policy (helmet's default is off too).
 */
export function helmetOptions(assetOrigin: string | null, extraScripts: readonly string[] = []): FastifyHelmetOptions {
  return {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(assetOrigin, extraScripts) },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    xFrameOptions: { action: 'deny' },
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: false,
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: false,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * The headers every response carries, for the responses no hook sees: Fastify's `frameworkErrors` (a path
     * that does not decode) are answered before routing, so helmet's `onRequest` and our `onSend` never run.
     */
    securityHeadersFor(request: FastifyRequest): Record<string, string>;
  }
}

/**
 * What helmet sends under `helmetOptions` without a response's own additions, as one header map. Helmet stays
 * the source for every routed response; `platform.test.ts` compares a framework error's headers with a routed
 * error's, so a helmet upgrade that changes its output fails a test instead of drifting apart.
 */
export function baseSecurityHeaders(assetOrigin: string | null): Record<string, string> {
  const csp = Object.entries(cspDirectives(assetOrigin)).map(([name, values]) => [name, ...values].join(' ')).join(';');
  return {
    'content-security-policy': csp,
    'cross-origin-opener-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'DENY',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
}

/**
 * Security headers on every response (docs/quality.md S9) through @fastify/helmet, and `Cache-Control: no-store`
 * on every API response. A handler adds script sources for its response through `reply.cspSources` (the shell
 * page's import-map hash and nonce); a handler's own `content-security-policy` header stands (the registry
 * sandboxes uploaded files that are not JS or CSS, ADR 0016): reply headers take precedence over the ones helmet
 * puts on the raw response.
 */
async function securityHeadersPlugin(app: FastifyInstance, options: SecurityHeadersOptions): Promise<void> {
  const assetOrigin = options.assetBaseUrl ? new URL(options.assetBaseUrl).origin : null;
  if (!app.hasReplyDecorator('cspSources')) app.decorateReply('cspSources', null);
  await app.register(helmet, helmetOptions(assetOrigin));
  const base = baseSecurityHeaders(assetOrigin);
  app.decorate('securityHeadersFor', (request: FastifyRequest): Record<string, string> => ({
    ...base,
    ...(request.protocol === 'https' ? { 'strict-transport-security': HSTS } : {}),
    ...(request.url.startsWith('/api/') ? { 'cache-control': 'no-store' } : {}),
  }));

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const extra = reply.cspSources?.scriptSrc ?? [];
    // Helmet applied the default policy at onRequest; this response's extra sources re-apply the CSP only.
    if (extra.length > 0 && typeof reply.helmet === 'function') {
      reply.helmet({ contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(assetOrigin, extra) } });
    }
    // HSTS only over TLS (directly or, with TRUST_PROXY, as the proxy reports): on plain http it is ignored
    // at best and would pin a development host to https at worst.
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    return payload;
  });
}

export default fp(securityHeadersPlugin, { name: 'wb-security-headers', fastify: '5.x' });
