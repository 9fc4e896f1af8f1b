import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import type { FastifyInstance, FastifyPluginAsync, FastifyServerOptions } from 'fastify';
import { migrate } from '@wb/server-kit';
import type { Db, Migration } from '@wb/server-kit';
import type { AppConfig } from './config.ts';
import { identityMigrations, identityPlugin } from './identity/index.ts';
import type { IdentityPluginOptions } from './identity/index.ts';
import { moduleMigrationGroups, registerPlatformModules } from './modules.ts';
import type { PlatformModulesOptions } from './modules.ts';
import { apiDocs, apiSchema } from './platform/api-docs.ts';
import auditPlugin, { auditMigrations } from './platform/audit.ts';
import dbPlugin from './platform/db-plugin.ts';
import errorHandlerPlugin, { frameworkErrors } from './platform/error-handler.ts';
import lifecyclePlugin from './platform/lifecycle.ts';
import admissionPlugin from './platform/admission.ts';
import platformRoutes, { clientErrorMigrations } from './platform/platform-routes.ts';
import healthRoutes from './platform/health-routes.ts';
import requestContextPlugin from './platform/request-context.ts';
import requestGuardPlugin from './platform/request-guard.ts';
import routeInventoryPlugin from './platform/route-inventory.ts';
import securityHeadersPlugin from './platform/security-headers.ts';

export interface BuildAppOptions extends PlatformModulesOptions {
  /** Use this database instead of opening one from config (tests). The caller closes it. */
  db?: Db;
  /** The clock (`app.now()`); tests move it to expire sessions. */
  now?: () => Date;
  /** Fastify logger option; default from config.logLevel. */
  logger?: FastifyServerOptions['logger'];
  /** Extra plugins registered last, after the platform modules (tests, tools). */
  plugins?: readonly FastifyPluginAsync[];
  /**
   * TEST ONLY: lower scrypt cost for hashes this app makes. Production leaves it unset (2^17, docs/quality.md S13).
   * Also lower `throttle` limits here if a test needs to.
   */
  testing?: Pick<IdentityPluginOptions, 'scryptN' | 'throttle' | 'hashSessionId'>;
}

/** A hop count becomes the equivalent function: Fastify's types do not take the number form. */
export function trustProxyOption(value: AppConfig['trustProxy']): FastifyServerOptions['trustProxy'] {
  return typeof value === 'number' ? (_address: string, hop: number) => hop < value : value;
}

/** The version the OpenAPI document carries: the services package's. */
const SERVICES_VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** 1 MiB: API bodies are small JSON; a route that takes uploads sets its own `bodyLimit`. */
const BODY_LIMIT = 1024 * 1024;

async function registerPlatform(app: FastifyInstance, config: AppConfig, options: BuildAppOptions): Promise<void> {
  // Order matters: the S1 route guard before any route; the db before anything that queries;
  // request context and guards before identity, whose access hook reads zone and channel.
  await app.register(routeInventoryPlugin);
  // Route schemas in zod and the OpenAPI document: before any route, since @fastify/swagger collects them as added.
  await app.register(apiSchema, { version: SERVICES_VERSION });
  // First of the request hooks: while the server drains (SIGTERM) it answers 503 before any other work (ADR 0020).
  await app.register(lifecyclePlugin);
  // Then admission control (ADR 0031): beyond a few API requests at once, queue briefly, then 503 — never a time-out.
  await app.register(admissionPlugin, config.admission);
  await app.register(dbPlugin, {
    db: options.db,
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.dbPoolMax,
    pgliteThread: config.pgliteThread,
    connectTimeoutMs: config.dbConnectTimeoutMs,
  });
  await migrate(app.db, platformMigrations());
  await app.register(errorHandlerPlugin);
  await app.register(securityHeadersPlugin, { assetBaseUrl: config.assetBaseUrl });
  await app.register(requestContextPlugin, { intranetCidrs: config.intranetCidrs });
  await app.register(requestGuardPlugin);
  await app.register(auditPlugin);
  await app.register(identityPlugin, {
    sessionIdleMinutes: config.sessionIdleMinutes,
    sessionAbsoluteHours: config.sessionAbsoluteHours,
    sessionMaxPerUser: config.sessionMaxPerUser,
    passwordPolicy: config.passwordPolicy,
    redisUrl: config.redisUrl,
    login: config.login,
    ...options.testing,
  });
  await app.register(platformRoutes);
  // /health/live, /health/ready and /metrics for operators (ADR 0057).
  await app.register(healthRoutes, { redisUrl: config.redisUrl, metricsToken: config.metricsToken, expectedMigrations: () => expectedMigrationIds(options) });
  await app.register(apiDocs);
}

/** The migrations this app applies at start (platform, registry, its services): readiness checks they are recorded. */
function expectedMigrationIds(options: BuildAppOptions): string[] {
  const groups = options.services ? [platformMigrations(), ...moduleMigrationGroups().slice(0, 1), ...options.services.map((s) => [...(s.migrations ?? [])])] : allMigrationGroups();
  return groups.flat().map((m) => m.id);
}

/** The platform's own migrations (audit, client errors, identity), applied first. */
function platformMigrations(): Migration[] {
  return [...auditMigrations, ...clientErrorMigrations, ...identityMigrations];
}

/** Every migration the default app applies, as groups in its order (test databases start from them migrated). */
export function allMigrationGroups(): Migration[][] {
  return [platformMigrations(), ...moduleMigrationGroups()];
}

/**
 * The whole server as one Fastify instance, not listening (server.ts listens; tests use `app.inject`).
 * Migrations of the platform and identity are applied here; modules apply theirs when they register.
 */
export async function buildApp(config: AppConfig, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    trustProxy: trustProxyOption(config.trustProxy),
    bodyLimit: BODY_LIMIT,
    // First start creates the embedded database, migrates and seeds inside plugins: on a loaded 2-core
    // machine that outlasts Fastify's default 10 s plugin timeout by minutes. (While PGlite ran on this thread its
    // synchronous initdb also held up the timer; in its worker thread (ADR 0065) the timer runs meanwhile.)
    pluginTimeout: 600_000,
    // Requests that reach a closing server get the lifecycle plugin's 503 with Retry-After, not Fastify's bare one.
    return503OnClosing: false,
    // Router errors (an undecodable path) in the one error format (ADR 0019).
    frameworkErrors,
  });
  app.decorate('now', options.now ?? (() => new Date()));
  await registerPlatform(app, config, options);
  await registerPlatformModules(app, config, options);
  for (const plugin of options.plugins ?? []) await app.register(plugin);
  return app;
}
