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
  if (value === 'public' || value === 'session' || value === 'customer') return true;
  if (typeof value !== 'object' || value === null) return false;
  const { permission } = value as { permission?: unknown };
  return typeof permission === 'string' && permission.length > 0 && Object.keys(value).length === 1;
}

const DEFAULT_ACCESS = Symbol('wb.defaultRouteAccess');

/**
 * The access of routes registered inside `scope` (and its children) that declare none: for plugins that add
 * routes without a way to pass `config` (swagger-ui and its static files). Their routes are still inventoried.
 */
export function setDefaultRouteAccess(scope: FastifyInstance, access: RouteAccess): void {
  (scope as unknown as { [DEFAULT_ACCESS]?: RouteAccess })[DEFAULT_ACCESS] = access;
}

/**
 * S1: a route that does not declare `config.access` (public / session / { permission }) is refused when it is
 * registered, so the server does not start with an unguarded route. Must be registered before any route.
 */
async function routeInventoryPlugin(app: FastifyInstance): Promise<void> {
  const routes: InventoryRoute[] = [];
  app.decorate('routeInventory', routes);
  app.addHook('onRoute', function (this: FastifyInstance, route: RouteOptions) {
    const declared: unknown = route.config?.access;
    const fallback = (this as unknown as { [DEFAULT_ACCESS]?: RouteAccess })[DEFAULT_ACCESS];
    const access: unknown = declared ?? fallback;
    // A third-party plugin's routes (the API reference UI) take their scope's access, as if they declared it.
    if (declared === undefined && fallback !== undefined) route.config = { ...route.config, access: fallback };
    const methods = ([] as string[]).concat(route.method);
    if (!isRouteAccess(access)) {
      throw new Error(
        `route ${methods.join(',')} ${route.url} declares no valid config.access ` +
          "('public' | 'session' | { permission: '<key>' }); every route must (docs/quality.md S1)",
      );
    }
    for (const method of methods) routes.push({ method, url: route.url, access });
    // A plugin's '/' under a prefix is also served at '<prefix>/' (prefixTrailingSlash 'both'), without a second
    // onRoute call for that path (Fastify's HEAD twin gets one): listed too, so the inventory is the route table.
    const { routePath, prefix, prefixTrailingSlash } = route as RouteOptions & { routePath?: string; prefix?: string };
    if (routePath === '' && prefix && (prefixTrailingSlash ?? 'both') === 'both' && !app.initialConfig.ignoreTrailingSlash) {
      for (const method of methods.filter((m) => m !== 'HEAD')) routes.push({ method, url: `${prefix}/`, access });
    }
  });
}

export default fp(routeInventoryPlugin, { name: 'wb-route-inventory', fastify: '5.x' });
