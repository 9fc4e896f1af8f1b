import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { servicePath } from '@wb/contracts';
import { migrate } from '@wb/server-kit';
import { fetchTransport, httpTransport, registerProxyRoutes, type UpstreamTransport } from './proxy.ts';
import type { GatewayService } from './types.ts';

export interface GatewayOptions {
  services: readonly GatewayService[];
  /** Service name → upstream URL (config.serviceUrls from SERVICE_<NAME>_URL): proxy instead of embedding. */
  serviceUrls?: Readonly<Record<string, string>>;
  /** Audit successful reads too. Default false: reads are in the request log; writes and failures are audited. */
  auditReads?: boolean;
  /** Proxy mode through this fetch (tests). Default: node:http on kept-alive connections (proxy.ts httpTransport). */
  fetch?: typeof fetch;
  /** Proxy mode upstream timeout. Default 10 000 ms. */
  upstreamTimeoutMs?: number;
}

const SERVICE_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A service's mount point (`servicePath` of the contracts). */
export function servicePrefix(service: Pick<GatewayService, 'name' | 'major'>): string {
  return servicePath(service);
}

function validate(services: readonly GatewayService[]): void {
  const seen = new Set<string>();
  for (const s of services) {
    if (!SERVICE_NAME.test(s.name) || !Number.isInteger(s.major) || s.major < 1) {
      throw new Error(`gateway: invalid service ${s.name} v${s.major}`);
    }
    if (seen.has(servicePrefix(s))) throw new Error(`gateway: service ${s.name} v${s.major} registered twice`);
    seen.add(servicePrefix(s));
  }
}

/**
 * Audit per service call (docs/quality.md S14), after the response is sent so it never delays it. 401/403 are
 * left out: the access hook audits denials, and anonymous noise is not an actor's action.
 */
function addAuditHook(app: FastifyInstance, scope: FastifyInstance, service: GatewayService, auditReads: boolean): void {
  scope.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    if (status === 401 || status === 403) return;
    if (SAFE_METHODS.has(request.method) && status < 400 && !auditReads) return;
    void app.audit(request, {
      action: 'svc.call',
      target: `${service.name}/v${service.major} ${request.method} ${request.routeOptions.url ?? request.url}`,
      result: status < 400 ? 'success' : status >= 500 ? 'error' : 'failure',
      detail: { status, ms: Math.round(reply.elapsedTime) },
    });
  });
}

/** One transport for all proxied services of this server; its kept-alive connections close with the server. */
function upstreamTransport(app: FastifyInstance, options: GatewayOptions): UpstreamTransport {
  if (options.fetch) return fetchTransport(options.fetch);
  const http = httpTransport();
  app.addHook('onClose', async () => http.close());
  return http;
}

/**
 * The gateway (docs/architecture.md §8): each service at `/api/svc/<name>/v<major>`, embedded as a plugin or,
 * with SERVICE_<NAME>_URL, proxied. Unknown services and majors fall through to the JSON 404 without any
 * upstream call; path tricks were refused earlier by the request guard.
 */
async function gatewayPlugin(app: FastifyInstance, options: GatewayOptions): Promise<void> {
  validate(options.services);
  const transport = options.services.some((s) => options.serviceUrls?.[s.name]) ? upstreamTransport(app, options) : undefined;
  for (const service of options.services) {
    const upstream = options.serviceUrls?.[service.name];
    // Proxied services' tables too: the upstream is the same code on the same database (split-service.ts), and this
    // server's seeding and retention reach them (ADR 0057). Migrations are idempotent and serialized.
    if (service.migrations) await migrate(app.db, service.migrations);
    await app.register(
      async (scope) => {
        addAuditHook(app, scope, service, options.auditReads ?? false);
        if (upstream) {
          registerProxyRoutes(scope, service.proxyAccess ?? 'session', {
            baseUrl: upstream,
            transport: transport as UpstreamTransport,
            timeoutMs: options.upstreamTimeoutMs ?? 10_000,
          });
        } else {
          // The plugin's own options type was checked by defineService; the register signature cannot see it.
          await scope.register(service.plugin as unknown as FastifyPluginAsync<object>, service.options ?? {});
        }
      },
      { prefix: servicePrefix(service) },
    );
  }
}

export default fp(gatewayPlugin, { name: 'wb-gateway', fastify: '5.x', dependencies: ['wb-db', 'wb-audit', 'wb-identity'] });
