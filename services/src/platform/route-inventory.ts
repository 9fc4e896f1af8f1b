import fp from 'fastify-plugin';
import type { FastifyInstance, RouteOptions } from 'fastify';
import type { RouteAccess } from '@wb/server-kit';

export interface InventoryRoute {
  method: string;
  url: string;
  access: RouteAccess;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared access, in registration order (docs/quality.md S1). */
    routeInventory: readonly InventoryRoute[];
  }
}

export function isRouteAccess(value: unknown): value is RouteAccess {
  if (value === 'public' || value === 'session') return true;
  if (typeof value !== 'object' || value === null) return false;
  const { permission } = value as { permission?: unknown };
  return typeof permission === 'string' && permission.length > 0 && Object.keys(value).length === 1;
}

/**
 * S1: a route that does not declare `config.access` (public / session / { permission }) is refused when it is
 * registered, so the server does not start with an unguarded route. Must be registered before any route.
 */
async function routeInventoryPlugin(app: FastifyInstance): Promise<void> {
  const routes: InventoryRoute[] = [];
  app.decorate('routeInventory', routes);
  app.addHook('onRoute', (route: RouteOptions) => {
    const access: unknown = route.config?.access;
    const methods = ([] as string[]).concat(route.method);
    if (!isRouteAccess(access)) {
      throw new Error(
        `route ${methods.join(',')} ${route.url} declares no valid config.access ` +
          "('public' | 'session' | { permission: '<key>' }); every route must (docs/quality.md S1)",
      );
    }
    for (const method of methods) routes.push({ method, url: route.url, access });
  });
}

export default fp(routeInventoryPlugin, { name: 'wb-route-inventory', fastify: '5.x' });
