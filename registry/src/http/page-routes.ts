import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { FeedBuilder } from '../feed/feed-builder.ts';
import { renderShellPage } from './html.ts';

function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q < 0 ? request.url : request.url.slice(0, q);
}

function isReservedPath(path: string): boolean {
  return ['/api', '/assets'].some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** Entry prefixes of the channels (the platform's request context derives `request.channel` from the same). */
const CHANNEL_BASES = ['/m', '/kiosk', '/screen', '/c'] as const;

/** `/m/login` → `/m`; `/login` → ''; anything else → null (not a login path). */
function loginBase(path: string): string | null {
  if (path === '/login') return '';
  return CHANNEL_BASES.find((base) => path === `${base}/login`) ?? null;
}

/** 128 random bits per response (CSP3 asks for at least 128), base64 as the `nonce-` source expects. */
function createNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * The identity hook resolves the session on public routes too when a session cookie is sent, and treats a
 * failed lookup as anonymous (so the page still renders, as the login page); the page routes read
 * `request.principal` as is (null: anonymous), unlike the API routes' `principalOf` (401).
 */

export interface PageRouteOptions {
  loadTimeoutMs?: number;
  /** Origins added to script-src for users whose feed has `devOverrides` (development mode only). */
  devOverrideOrigins?: readonly string[];
}

export function registerPageRoutes(app: FastifyInstance, feed: FeedBuilder, options: PageRouteOptions = {}): void {
  // Normally decorated by the security-headers plugin, which reads it; tolerate its absence.
  if (!app.hasReplyDecorator('cspSources')) app.decorateReply('cspSources', null);

  app.get('/api/registry/feed', { config: { access: 'session' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const principal = request.principal ?? null;
    const json = await feed.feedJson({ principal, channel: request.channel, zone: request.zone });
    return reply.type('application/json; charset=utf-8').send(json);
  });

  /**
   * Every other GET renders the shell page (`/`, `/login`, `/app/...`, unknown paths: the shell shows
   * its own 404). Unknown /api and /assets paths stay JSON 404s so a missing API is never an HTML page.
   * Public: the page is the login page too; the feed inside is built for the session's user, if any.
   */
  app.get('/*', { config: { access: 'public' } }, async (request: FastifyRequest, reply: FastifyReply) => {
    const path = pathOf(request);
    if (isReservedPath(path)) throw new AppError(404, ErrorCode.NotFound, '接口或资源不存在');
    reply.header('cache-control', 'no-store');
    const principal = request.principal ?? null;
    const base = loginBase(path);
    // A signed-in user on a login page goes to the home of the same channel entry.
    if (base !== null && principal) return reply.redirect(`${base}/`, 302);
    const data = await feed.buildFeed({ principal, channel: request.channel, zone: request.zone });
    const page = renderShellPage({
      feed: data,
      shellEntry: feed.shellEntry,
      nonce: createNonce(),
      ...(options.loadTimeoutMs ? { loadTimeoutMs: options.loadTimeoutMs } : {}),
    });
    // Chromium applies script-src to inline import maps: the CSP carries the page's import-map hash and the
    // nonce the shell puts on import maps it adds after a post switch.
    // Import-map overrides load the developer's local build: only for a feed that offers them, which the
    // feed builder never does in production mode.
    const devOrigins = data.devOverrides ? (options.devOverrideOrigins ?? []) : [];
    reply.cspSources = { scriptSrc: [...page.scriptSources, ...devOrigins] };
    return reply.type('text/html; charset=utf-8').send(page.html);
  });
}
