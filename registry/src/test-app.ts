/**
 * Test-only Fastify app around the registry plugin: stands in for the platform and identity plugins of
 * `services/` (db decorator, principal from a test header, access enforcement, JSON errors, CSP hand-off).
 */
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import type { Channel, Zone } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Db, Principal, RouteAccess } from '@wb/server-kit';
import { registryPlugin } from './plugin.ts';
import type { RegistryPluginOptions } from './plugin.ts';
import { STAFF_PERMISSION, makePrincipal, registryFixtures } from './testing.ts';

/** Users selectable with the `x-test-user` header. */
export const testUsers: Record<string, Principal> = {
  /** Signed in, no grant at all. */
  nobody: makePrincipal({ username: 'nobody' }),
  /** A staff member with a post: holds the 应用市场 permission every post confers. */
  plain: makePrincipal({ username: 'plain', permissions: [STAFF_PERMISSION] }),
  secret: makePrincipal({ username: 'secret', permissions: [STAFF_PERMISSION, 'secret:tool:use'] }),
  admin: makePrincipal({ username: 'admin', permissions: ['*'] }),
};

export interface TestApp {
  app: FastifyInstance;
  /** Access declarations of every registered route, by `METHOD url`. */
  routeAccess: Map<string, RouteAccess | undefined>;
}

export async function buildTestApp(
  db: Db,
  options: Partial<RegistryPluginOptions> = {},
  configure?: (app: FastifyInstance) => void,
): Promise<TestApp> {
  const app = Fastify({ logger: false });
  const routeAccess = new Map<string, RouteAccess | undefined>();
  app.addHook('onRoute', (route) => {
    const config = route.config as { access?: RouteAccess } | undefined;
    for (const method of [route.method].flat()) routeAccess.set(`${method} ${route.url}`, config?.access);
  });
  app.decorate('db', db);
  app.decorateRequest('principal', null);
  app.decorateRequest('zone', 'intranet');
  app.decorateRequest('channel', 'workbench');
  app.decorateReply('cspSources', null);
  app.addHook('onRequest', async (request) => {
    request.principal = testUsers[String(request.headers['x-test-user'])] ?? null;
    request.channel = (request.headers['x-test-channel'] as Channel | undefined) ?? 'workbench';
    request.zone = (request.headers['x-test-zone'] as Zone | undefined) ?? 'intranet';
  });
  app.addHook('preHandler', async (request) => {
    if (request.routeOptions.config.access !== 'public' && !request.principal) {
      throw new AppError(401, ErrorCode.Unauthenticated, '请先登录');
    }
  });
  // Stands in for the security-headers plugin: exposes what it would add to the CSP.
  app.addHook('onSend', async (_request, reply) => {
    if (reply.cspSources) reply.header('x-test-csp-script-src', reply.cspSources.scriptSrc.join(' '));
  });
  app.setErrorHandler((error, _request, reply) => {
    const e = error instanceof AppError ? error : new AppError(500, ErrorCode.Internal, '服务器内部错误');
    return reply.code(e.statusCode).send({ error: { code: e.code, message: e.message, ...(e.fields ? { fields: e.fields } : {}) } });
  });
  await app.register(registryPlugin, {
    sharedDepsDir: registryFixtures.sharedDepsDir,
    shellDistDir: registryFixtures.shellDistDir,
    appDirs: [...registryFixtures.appDirs],
    services: [...registryFixtures.services],
    ...options,
  });
  configure?.(app);
  await app.ready();
  return { app, routeAccess };
}
