/**
 * Plug points of the composition root: the platform modules that sit on top of identity — the app-store
 * registry (feed, import map, assets, shell HTML) and the gateway with the domain services behind it.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { migrate } from '@wb/server-kit';
import type { Migration } from '@wb/server-kit';
import { APPSTORE_SERVICE } from '@wb/contracts/appstore';
import { appStoreServicePlugin, registryMigrations, registryPlugin } from '@wb/registry';
import type { RegistryPluginOptions } from '@wb/registry';
import type { AppConfig } from './config.ts';
import { CONNECTION_DOMAIN, CONNECTION_SERVICE, connectionMigrations, connectionServicePlugin } from './connection/index.ts';
import { CUSTOMER_SERVICE, customerMigrations, customerServicePlugin } from './customer/index.ts';
import { TICKET_SERVICE, ticketMigrations, ticketServicePlugin } from './ticket/index.ts';
import { BILLING_SERVICE, billingMigrations, billingServicePlugin } from './billing/index.ts';
import { CUSTOMER_PORTAL_SERVICE, customerPortalMigrations, customerPortalPlugin } from './customer-portal/index.ts';
import type { CustomerPortalOptions } from './customer-portal/index.ts';
import { INDICATORS_SERVICE, indicatorsMigrations, indicatorsServicePlugin, type IndicatorsServiceOptions } from './indicators/index.ts';
import { defineService, gatewayPlugin } from './gateway/index.ts';
import { IAM_SERVICE, iamMigrations, iamServicePlugin } from './iam/index.ts';
import { syncDeclaredPermissions, syncDeclaredRoles } from './identity/declared-permissions.ts';
import { readRolloutTargets } from './identity/index.ts';
import type { IamServiceOptions } from './iam/index.ts';
import { ORG_PATH_REWRITERS } from './org-path-rewriters.ts';
import { searchPlugin } from './search/index.ts';
import type { SearchKind } from '@wb/contracts/search';
import { WORKFLOW_SERVICE, createWorkflowEngine, workflowMigrations, workflowServicePlugin } from './workflow/index.ts';
import type { WorkflowServiceOptions } from './workflow/index.ts';
import type { GatewayService } from './gateway/index.ts';
import { createFsAttachmentStore, createS3AttachmentStore, type AttachmentStore } from './attachments/index.ts';

/** The repository root: build outputs (shared deps, shell, apps) are found relative to it. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface PlatformModulesOptions {
  /** Services behind the gateway; default `defaultServices()`. */
  services?: readonly GatewayService[] | undefined;
  /** Proxy-mode fetch (tests). */
  fetch?: typeof fetch | undefined;
  /** Registry directories; default: the build outputs of this repository (`platformBuildDirs`). */
  registry?: Pick<RegistryPluginOptions, 'sharedDepsDir' | 'shellDistDir' | 'appDirs'> | undefined;
}

/** The domain services of the product, embedded by default. `iam` options: tests lower the scrypt cost. */
export function defaultServices(options: { iam?: IamServiceOptions; workflow?: WorkflowServiceOptions; customerPortal?: Omit<CustomerPortalOptions, 'engine'>; attachments?: AttachmentStore; indicators?: Pick<IndicatorsServiceOptions, 'refreshEveryMs'> } = {}): GatewayService[] {
  // One workflow engine per process, shared by the workflow service and the domain services that drive their
  // business through it in-process (services/src/workflow/engine-api.ts); tests pass their own to reach it.
  const engine = options.workflow?.engine ?? createWorkflowEngine();
  // 业扩's processes stay bound to it when it runs in its own process (SERVICE_CONNECTION_URL, ADR 0057): the generic
  // workflow API here still refuses to act on them and the inbox still links their commands.
  engine.registerDomain(CONNECTION_DOMAIN);
  return [
    defineService({ ...CUSTOMER_SERVICE, plugin: customerServicePlugin, migrations: customerMigrations }),
    // The iam service administers identity's tables (migrated with the platform); its own is the import jobs' (ADR 0070).
    // Moving an org unit rewrites every module's copies of its paths in the same transaction (ADR 0058).
    defineService({ ...IAM_SERVICE, plugin: iamServicePlugin, migrations: iamMigrations, options: { orgPathRewriters: ORG_PATH_REWRITERS, ...options.iam } }),
    defineService({ ...WORKFLOW_SERVICE, plugin: workflowServicePlugin, migrations: workflowMigrations, options: { ...options.workflow, engine } }),
    // 业扩报装: drives its applications through the same engine, in the transaction of each step.
    defineService({ ...CONNECTION_SERVICE, plugin: connectionServicePlugin, migrations: connectionMigrations, options: { engine, attachments: options.attachments } }),
    // 95598 客服工单: tickets on the same engine, bound tasks (ADR 0029).
    defineService({ ...TICKET_SERVICE, plugin: ticketServicePlugin, migrations: ticketMigrations, options: { engine } }),
    // 电费账务 (issue 13, ADR 0035): readings, 核算/发行, payments, arrears, 停复电 orders.
    defineService({ ...BILLING_SERVICE, plugin: billingServicePlugin, migrations: billingMigrations, options: { engine } }),
    // 掌上电力 (issue 14, ADR 0045/0046): the customer realm and online payment; its routes are 'customer' or public
    // (checked by the service itself), so a proxy forwards everything and the upstream decides.
    defineService({ ...CUSTOMER_PORTAL_SERVICE, plugin: customerPortalPlugin, migrations: customerPortalMigrations, options: { ...options.customerPortal, engine }, proxyAccess: 'public' }),
    // 营销运营监测 (issue 15, ADR 0047): facts by org unit × day from the domain-event stream.
    defineService({ ...INDICATORS_SERVICE, plugin: indicatorsServicePlugin, migrations: indicatorsMigrations, options: { engine, redisUrl: options.workflow?.push?.redisUrl, ...options.indicators } }),
    // The app store's administration, 应用市场 and home layout, served by the registry (tables: registry's).
    defineService({ ...APPSTORE_SERVICE, plugin: appStoreServicePlugin, options: {} }),
  ];
}

/** The workflow service's settings from the configuration: outbox retries, retention, push (ADR 0024). */
export function workflowServiceOptions(config: AppConfig): WorkflowServiceOptions {
  const w = config.workflow;
  return {
    outbox: { maxAttempts: w.outboxMaxAttempts, backoffBaseMs: w.outboxBackoffMs, backoffMaxMs: w.outboxBackoffMaxMs },
    retention: { outboxDays: w.outboxRetentionDays, idempotencyHours: w.idempotencyRetentionHours, readNotificationDays: w.notificationRetentionDays },
    push: { redisUrl: config.redisUrl, maxPerUser: w.streamMaxPerUser, heartbeatMs: w.streamHeartbeatMs, sessionIdleMs: config.sessionIdleMinutes * 60_000 },
    inboxCacheMs: w.inboxCacheMs,
  };
}

/** The attachment store the configuration names (ADR 0067): a folder under the data directory, or an S3 bucket. */
export function attachmentStoreOf(config: AppConfig): AttachmentStore {
  const c = config.attachments;
  return c.kind === 's3' ? createS3AttachmentStore(c) : createFsAttachmentStore(path.resolve(c.dir));
}

/** Micro-app folders (those holding a built `dist/manifest.json`) below a parent folder. */
function builtAppsBelow(parent: string): string[] {
  if (!existsSync(parent)) return [];
  return readdirSync(parent, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(parent, d.name, 'dist', 'manifest.json')))
    .map((d) => path.join(parent, d.name, 'dist'));
}

/**
 * Where the builds of this repository put the shared deps, the shell and the micro-apps. `extraAppDirs`
 * (WB_EXTRA_APP_DIRS) adds parents of more apps: the browser tests publish their fixture apps this way,
 * through the same pipeline, and normal runs never do.
 */
export function platformBuildDirs(config: AppConfig): NonNullable<PlatformModulesOptions['registry']> {
  const parents = [path.join(REPO_ROOT, 'apps'), ...config.extraAppDirs.map((d) => path.resolve(REPO_ROOT, d))];
  return {
    sharedDepsDir: path.join(REPO_ROOT, 'packages', 'shared-deps', 'dist'),
    shellDistDir: path.join(REPO_ROOT, 'shell', 'dist'),
    appDirs: parents.flatMap(builtAppsBelow),
  };
}

/**
 * The migrations `registerPlatformModules` applies with the default services, in its order: the registry's,
 * then each service's (test templates, `services/src/testing/harness.ts`).
 */
export function moduleMigrationGroups(): Migration[][] {
  return [[...registryMigrations], ...defaultServices().map((s) => [...(s.migrations ?? [])])];
}

export async function registerPlatformModules(app: FastifyInstance, config: AppConfig, options: PlatformModulesOptions = {}): Promise<void> {
  const services = options.services ?? defaultServices({ workflow: workflowServiceOptions(config), attachments: attachmentStoreOf(config) });
  await migrate(app.db, registryMigrations);
  await app.register(registryPlugin, {
    ...(options.registry ?? platformBuildDirs(config)),
    services: services.map((s) => ({ name: s.name, major: s.major })),
    ...(config.assetBaseUrl ? { assetBaseUrl: config.assetBaseUrl } : {}),
    ...(config.shellLoadTimeoutMs ? { shellLoadTimeoutMs: config.shellLoadTimeoutMs } : {}),
    // Import-map overrides: development mode with DEV_OVERRIDES only, never in production (config refuses it).
    devOverrides: config.nodeEnv !== 'production' && config.devOverrides,
    devOverrideOrigins: config.devOverrideOrigins,
    // The platform descriptor lists identity's org units and posts as rollout targets.
    rolloutTargets: () => readRolloutTargets(app.db),
    // A newly current version's permissions and roles become grantable at once (not only at the next start).
    onCatalogueChanged: async () => {
      await syncDeclaredPermissions(app.db, await app.registry.listDeclaredPermissions());
      await syncDeclaredRoles(app.db, await app.registry.listDeclaredRoles());
    },
  });
  await app.register(gatewayPlugin, {
    services,
    serviceUrls: config.serviceUrls,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // 全局搜索 (ADR 0066): each kind read through its module's port, for the modules this server runs (embedded or
  // proxied: a proxied module's tables are still migrated here and share the database).
  await app.register(searchPlugin, { kinds: searchKindsOf(services.map((s) => s.name)) });
}

/** The kinds of 全局搜索 whose owning service is among `names`. */
function searchKindsOf(names: readonly string[]): SearchKind[] {
  const owner: Record<SearchKind, string> = { customer: CUSTOMER_SERVICE.name, application: CONNECTION_SERVICE.name, ticket: TICKET_SERVICE.name, user: IAM_SERVICE.name };
  return (Object.keys(owner) as SearchKind[]).filter((kind) => names.includes(owner[kind]));
}
