import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import { listDeclaredPermissions, listDeclaredRoles } from './catalogue/queries.ts';
import type { DeclaredPermission, DeclaredRole } from './catalogue/queries.ts';
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
}

declare module 'fastify' {
  interface FastifyInstance {
    registry: Registry;
  }
}

/**
 * The app-store registry (ARCHITECTURE.md §6): publish pipeline, per-user feed and import map, immutable
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
  });
  const publisher = createPublisher({
    db: app.db,
    platformVersions: platform.shared.versions,
    services: options.services ?? [],
    ...(options.sizeBudget === undefined ? {} : { sizeBudget: options.sizeBudget }),
    onCatalogueChanged: () => feed.invalidate(),
  });
  const bootstrap = await bootstrapPublish(publisher, options.appDirs ?? [], app.log);
  app.decorate('registry', {
    publisher,
    feed,
    platform,
    listDeclaredPermissions: () => listDeclaredPermissions(app.db),
    listDeclaredRoles: () => listDeclaredRoles(app.db),
    bootstrap,
  } satisfies Registry);
  await registerAssetRoutes(app, { db: app.db, platform });
  registerPageRoutes(app, feed, options.shellLoadTimeoutMs ? { loadTimeoutMs: options.shellLoadTimeoutMs } : {});
}

export const registryPlugin = fp(registry, {
  name: '@wb/registry',
  fastify: '5.x',
  decorators: { fastify: ['db'] },
});
