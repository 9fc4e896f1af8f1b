import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Principal } from '@wb/server-kit';
import type { FeedBuilder } from '../feed/feed-builder.ts';
import { renderShellPage } from './html.ts';

function pathOf(request: FastifyRequest): string {
  const q = request.url.indexOf('?');
  return q < 0 ? request.url : request.url.slice(0, q);
}

function isReservedPath(path: string): boolean {
  return ['/api', '/assets'].some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * The identity hook resolves the session on public routes too when a session cookie is sent, and treats a
 * failed lookup as anonymous (so the page still renders, as the login page); here we only read its result.
 */
function principalOf(request: FastifyRequest): Principal | null {
  return request.principal ?? null;
}

export function registerPageRoutes(app: FastifyInstance, feed: FeedBuilder): void {
  // Normally decorated by the security-headers plugin, which reads it; tolerate its absence.
  if (!app.hasReplyDecorator('cspSources')) app.decorateReply('cspSources', null);

  app.get('/api/registry/feed', { config: { access: 'session' } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const principal = principalOf(request);
    return feed.buildFeed({ principal, channel: request.channel, zone: request.zone });
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
    const principal = principalOf(request);
    if (path === '/login' && principal) return reply.redirect('/', 302);
    const data = await feed.buildFeed({ principal, channel: request.channel, zone: request.zone });
    const page = renderShellPage({ feed: data, shellEntry: feed.shellEntry });
    // Chromium applies script-src to the inline import map: the CSP must carry its hash.
    reply.cspSources = { scriptSrc: page.scriptHashes };
    return reply.type('text/html; charset=utf-8').send(page.html);
  });
}
