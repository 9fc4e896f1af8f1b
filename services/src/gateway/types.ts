import type { FastifyInstance } from 'fastify';
import type { Migration, RouteAccess } from '@wb/server-kit';

/**
 * A service plugin of any options type. Parameters of type `never` accept every `FastifyPluginAsync<O>`;
 * the descriptor pairs it with matching `options` (see `defineService`).
 */
export type ServicePlugin = (instance: FastifyInstance, options: never) => Promise<void>;

/** A domain service the gateway routes to at `/api/svc/<name>/v<major>/...`. */
export interface GatewayService {
  /** Lower-case kebab, e.g. `customer`; SERVICE_<NAME>_URL switches it to proxy mode. */
  name: string;
  major: number;
  /** Embedded implementation: an encapsulated plugin whose routes are relative (`/customers`). */
  plugin: ServicePlugin;
  options?: object;
  /** Its tables; applied by the gateway before the plugin is registered (in proxy mode too: same database). */
  migrations?: readonly Migration[];
  /**
   * Proxy mode: what the gateway checks before forwarding. Default 'session'. The upstream (the same server
   * code on the same database) re-checks the session cookie and each route's permission itself.
   */
  proxyAccess?: RouteAccess;
}

/** Typed constructor: checks that `options` fit the plugin. */
export function defineService<O extends object>(
  service: Omit<GatewayService, 'plugin' | 'options'> & { plugin: (instance: FastifyInstance, options: O) => Promise<void>; options?: O },
): GatewayService {
  return service as GatewayService;
}
