/**
 * Plug points of the composition root: the platform modules that sit on top of identity.
 *
 * INTEGRATION (issue 2): the registry (app store) registers first, in `registerPlatformModules`:
 *   await migrate(app.db, registryMigrations);
 *   await app.register(registryPlugin, { sharedDepsDir, shellDistDir, appDirs, services, assetBaseUrl });
 * and the customer service joins `defaultServices()`:
 *   defineService({ ...CUSTOMER_SERVICE, plugin: customerServicePlugin, migrations: customerMigrations })
 */
import type { FastifyInstance } from 'fastify';
import type { AppConfig } from './config.ts';
import { gatewayPlugin } from './gateway/index.ts';
import type { GatewayService } from './gateway/index.ts';

export interface PlatformModulesOptions {
  /** Services behind the gateway; default `defaultServices()`. */
  services?: readonly GatewayService[] | undefined;
  /** Proxy-mode fetch (tests). */
  fetch?: typeof fetch | undefined;
}

/** The domain services of the product, embedded by default. */
export function defaultServices(): GatewayService[] {
  return [];
}

export async function registerPlatformModules(app: FastifyInstance, config: AppConfig, options: PlatformModulesOptions = {}): Promise<void> {
  await app.register(gatewayPlugin, {
    services: options.services ?? defaultServices(),
    serviceUrls: config.serviceUrls,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
}
