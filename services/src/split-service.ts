/**
 * A domain service split off into its own process (issue 16, ADR 0057). The process is the same server with one
 * service behind its gateway: identity (sessions, permissions, data scopes), the request guards and audit are the
 * platform's as in the full server; the database is the same one.
 *
 * - Migrations: every module's, in the full server's order (its tables reference the customer archive's), so the
 *   process may start first. Applying them is idempotent and serialized by the migration lock.
 * - The workflow engine: bound to this process's database and clock, with no outbox consumers of its own. Events its
 *   transactions write are fanned out and delivered by the full instances (the outbox leaves events alone where no
 *   consumer is registered), so no consumer of theirs misses one; their periodic tick (60 s) or next write picks
 *   them up. Inbox-cache invalidations go through Redis (REDIS_URL) as between full instances.
 * - No seeding (the full server seeds), no micro-apps published (the full server serves the workbench).
 */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { BuildAppOptions } from './app.ts';
import { loadConfig } from './config.ts';
import { attachmentStoreOf, defaultServices, moduleMigrationGroups, REPO_ROOT } from './modules.ts';
import path from 'node:path';
import { createInboxCacheBus, createWorkflowEngine } from './workflow/index.ts';
import type { WorkflowEngineService } from './workflow/index.ts';

/** Services that may run in their own process: they need nothing in-process but the workflow engine. */
export const SPLITTABLE_SERVICES = ['connection'] as const;

export class SplitServiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SplitServiceError';
  }
}

/** Binds the engine of the split service to this process (the full server's workflow plugin does this there). */
function engineBinding(engine: WorkflowEngineService, redisUrl: string | undefined) {
  return fp(
    async (app: FastifyInstance) => {
      engine.bind({ now: () => app.now(), db: app.db });
      const bus = redisUrl ? createInboxCacheBus(redisUrl, app.log) : null;
      if (bus) engine.inboxCache.connect(bus);
      app.addHook('onClose', async () => bus?.close());
    },
    { name: 'wb-split-engine', fastify: '5.x' },
  );
}

/** buildApp options of the process that runs only `name` (SERVICE_ONLY). */
export function splitServiceOptions(name: string, env: Record<string, string | undefined>): Pick<BuildAppOptions, 'services' | 'plugins' | 'registry'> {
  if (!(SPLITTABLE_SERVICES as readonly string[]).includes(name)) {
    throw new SplitServiceError(`SERVICE_ONLY must name one of: ${SPLITTABLE_SERVICES.join(', ')}（不支持单独运行的服务）, got "${name}"`);
  }
  const config = loadConfig(env);
  const engine = createWorkflowEngine();
  const service = defaultServices({ workflow: { engine }, attachments: attachmentStoreOf(config) }).find((s) => s.name === name)!;
  // Every module's migrations, in order (the registry's come first, from registerPlatformModules).
  const migrations = moduleMigrationGroups().slice(1).flat();
  return {
    services: [{ ...service, migrations }],
    plugins: [engineBinding(engine, config.redisUrl)],
    // The registry serves no micro-apps here: the full server does.
    registry: {
      sharedDepsDir: path.join(REPO_ROOT, 'packages', 'shared-deps', 'dist'),
      shellDistDir: path.join(REPO_ROOT, 'shell', 'dist'),
      appDirs: [],
    },
  };
}
