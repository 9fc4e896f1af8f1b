import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { listDeclaredPermissions, listDeclaredRoles } from './catalogue/queries.ts';
import type { DeclaredPermission, DeclaredRole } from './catalogue/queries.ts';
import { buildDescriptor } from './descriptor.ts';
import type { RolloutTargets } from './descriptor.ts';
import { createFeedBuilder } from './feed/feed-builder.ts';
import type { FeedBuilder } from './feed/feed-builder.ts';
import { registerAssetRoutes } from './http/asset-routes.ts';
import { registerPageRoutes } from './http/page-routes.ts';
import { loadPlatformAssets } from './platform.ts';
import type { PlatformAssets } from './platform.ts';
import { bootstrapPublish } from './publish/bootstrap.ts';
import type { BootstrapResult } from './publish/bootstrap.ts';
import type { PlatformService, SizeBudget } from './publish/checks.ts';
import { createPublisher } from './publish/publisher.ts';
import type { Publisher } from './publish/publisher.ts';

export interface RegistryPluginOptions {
  /** Directory holding shared-deps.json and the shared modules (packages/shared-deps/dist). */
  sharedDepsDir: string;
  /** Directory holding shell.json and the shell's files (shell/dist). */
  shellDistDir: string;
  /** App folders (`apps/<id>` with dist/, or built bundle folders) published as 'system' at start. */
  appDirs?: string[];
  /** Backend services (name, major) that apps may declare. Default: none. */
  services?: PlatformService[];
  /** ASSET_BASE_URL: origin/prefix for asset URLs in import maps and HTML. Default '' (this server). */
  assetBaseUrl?: string;
  sizeBudget?: SizeBudget;
  /** See FeedBuilderDeps.pointerTtlMs. */
  pointerTtlMs?: number;
  /** SHELL_LOAD_TIMEOUT_MS: how long the shell waits for a micro-app bundle before showing 应用加载超时. */
  shellLoadTimeoutMs?: number;
  /**
   * After a commit that changed a current version (approve, rollback, rollout promote) or an app's
   * availability: the composition root mirrors declared permissions and roles into identity here.
   * Failures are logged; the change itself stands.
   */
  onCatalogueChanged?: (appId: string) => Promise<void>;
  /**
   * Development mode with DEV_OVERRIDES on. The caller must never set it in production mode; the feed
   * then offers import-map overrides to holders of `store:dev:override` and the shell page's CSP allows
   * `devOverrideOrigins` for them. Default false.
   */
  devOverrides?: boolean;
  /** DEV_OVERRIDE_ORIGINS: the local dev servers overrides may load from. */
  devOverrideOrigins?: string[];
  /**
   * The org units and posts a rollout may target, for the platform descriptor (`GET /api/registry/platform`).
   * The registry does not own them: the composition root reads identity's. Default: none.
   */
  rolloutTargets?: () => Promise<RolloutTargets>;
}

/** What `app.registry` exposes to other modules and tests. */
export interface Registry {
  publisher: Publisher;
  feed: FeedBuilder;
  platform: PlatformAssets;
  /** Permissions declared by the current versions of all apps. */
  listDeclaredPermissions(): Promise<DeclaredPermission[]>;
  /** Per-app roles declared by the current versions of all apps. */
  listDeclaredRoles(): Promise<DeclaredRole[]>;
  /** What first-start publishing did with each app folder. */
  bootstrap: BootstrapResult[];
  /** Invalidates feeds and runs `onCatalogueChanged` (the app store calls it after each change). */
  catalogueChanged(appId: string): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    registry: Registry;
  }
}

/**
 * The app-store registry (docs/architecture.md §6): publish pipeline, per-user feed and import map, immutable
 * asset hosting and the shell HTML. Needs the `db` decorator with `registryMigrations` applied; register it
 * after the identity plugin, whose hook sets `request.principal` (also on public routes with a session cookie).
 */
async function registry(app: FastifyInstance, options: RegistryPluginOptions): Promise<void> {
  const platform = await loadPlatformAssets(options.sharedDepsDir, options.shellDistDir);
  const feed = createFeedBuilder({
    db: app.db,
    platform,
    ...(options.assetBaseUrl === undefined ? {} : { assetBaseUrl: options.assetBaseUrl }),
    ...(options.pointerTtlMs === undefined ? {} : { pointerTtlMs: options.pointerTtlMs }),
    devOverrides: options.devOverrides === true,
  });
  // First-start publishing only invalidates: `app.registry` does not exist yet, and whoever mirrors the
  // catalogue (identity's sync) reads it once the server is ready.
  let started = false;
  async function catalogueChanged(appId: string): Promise<void> {
    feed.invalidate();
    if (!started) return;
    try {
      await options.onCatalogueChanged?.(appId);
    } catch (err) {
      app.log.error({ err, appId }, 'registry: onCatalogueChanged failed');
    }
  }
  const publisher = createPublisher({
    db: app.db,
    platformVersions: platform.shared.versions,
    sharedSpecifiers: new Set(Object.keys(platform.shared.importMap.imports)),
    services: options.services ?? [],
    ...(options.sizeBudget === undefined ? {} : { sizeBudget: options.sizeBudget }),
    onCatalogueChanged: (appId) => void catalogueChanged(appId),
  });
  const bootstrap = await bootstrapPublish(publisher, options.appDirs ?? [], app.log);
  started = true;
  app.decorate('registry', {
    publisher,
    feed,
    platform,
    listDeclaredPermissions: () => listDeclaredPermissions(app.db),
    listDeclaredRoles: () => listDeclaredRoles(app.db),
    bootstrap,
    catalogueChanged,
  } satisfies Registry);
  await registerAssetRoutes(app, { db: app.db, platform });
  // Any signed-in account: what the platform offers is no secret to staff, and developers need it (ADR 0023).
  app.get('/api/registry/platform', { config: { access: 'session' } }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return buildDescriptor(platform, (await options.rolloutTargets?.()) ?? { orgUnits: [], posts: [] });
  });
  registerPageRoutes(app, feed, {
    ...(options.shellLoadTimeoutMs ? { loadTimeoutMs: options.shellLoadTimeoutMs } : {}),
    devOverrideOrigins: options.devOverrides ? (options.devOverrideOrigins ?? []) : [],
  });
}

export const registryPlugin = fp(registry, {
  name: '@wb/registry',
  fastify: '5.x',
  decorators: { fastify: ['db'] },
});
