import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import type { SwaggerTransform } from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createJsonSchemaTransform } from 'fastify-type-provider-zod';
import type { FastifyInstance, FastifySchema, RouteOptions } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { RouteAccess } from '@wb/server-kit';
import { setDefaultRouteAccess } from './route-inventory.ts';

/** The API reference: the page at `/api/docs`, the OpenAPI document at `/api/docs/json` (and `/yaml`). */
export const API_DOCS_PREFIX = '/api/docs';

/** Who may read the reference (ADR 0032): any signed-in user, from the intranet only. */
export const API_DOCS_ACCESS: RouteAccess = 'session';

function accessText(access: unknown): string {
  if (access === 'public') return '访问：公开';
  if (access === 'session') return '访问：已登录用户';
  if (access === 'customer') return '访问：已登录客户（掌上电力）';
  const permission = (access as { permission?: unknown } | undefined)?.permission;
  return typeof permission === 'string' ? `访问：需要权限 ${permission}` : '访问：未声明';
}

/** `/api/svc/customer/v1/...` → `svc/customer`; `/api/identity/...` → `identity`; pages and assets by their first segment. */
export function tagOf(url: string): string {
  const parts = url.split('/').filter(Boolean);
  if (parts[0] === 'api' && parts[1] === 'svc' && parts[2]) return `svc/${parts[2]}`;
  if (parts[0] === 'api' && parts[1]) return parts[1];
  return parts[0] && !parts[0].includes('*') ? parts[0] : 'page';
}

const zodTransform = createJsonSchemaTransform({ skipList: [] });

/**
 * zod route schemas → JSON Schema (fastify-type-provider-zod); every route, with or without a schema, is
 * tagged by its module and says who may call it (its `config.access`, docs/quality.md S1).
 */
const transform: SwaggerTransform = (document) => {
  const route: RouteOptions = document.route;
  const base = zodTransform({ ...document, schema: document.schema ?? {} } as Parameters<typeof zodTransform>[0]);
  const schema = (base.schema ?? {}) as FastifySchema & { tags?: string[]; description?: string; hide?: boolean };
  if (schema.hide) return base;
  return {
    url: base.url,
    schema: { ...schema, tags: schema.tags ?? [tagOf(document.url)], description: [schema.description, accessText(route.config?.access)].filter(Boolean).join('\n\n') },
  };
};

/**
 * The OpenAPI document of every route, zod route schemas included (validated by the compiler the error
 * handler sets, ADR 0032).
 * Registered before any route: @fastify/swagger collects routes as they are added.
 */
async function apiSchemaPlugin(app: FastifyInstance, options: { version: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '电力营销全业务集约管控平台 API',
        description: '错误统一为 `{ error: { code, message, fields? } }`；写请求须带 `x-workbench-request` 头（CSRF）。',
        version: options.version,
      },
    },
    transform,
  });
}

/**
 * The reference UI and the document, at `/api/docs`: for developers, so a session from the intranet zone
 * (outside it the path does not exist: 404). swagger-ui's page loads only its own static scripts and styles,
 * which the platform's CSP (script-src 'self') allows unchanged.
 */
async function apiDocsRoutes(app: FastifyInstance): Promise<void> {
  await app.register(async (scope) => {
    setDefaultRouteAccess(scope, API_DOCS_ACCESS);
    scope.addHook('onRequest', async (request) => {
      if (request.zone !== 'intranet') throw new AppError(404, ErrorCode.NotFound, `接口不存在：${request.method} ${request.url.split('?')[0]}`);
    });
    await scope.register(swaggerUi, {
      routePrefix: API_DOCS_PREFIX,
      uiConfig: { docExpansion: 'none', deepLinking: true },
    });
  });
}

export const apiSchema = fp(apiSchemaPlugin, { name: 'wb-api-schema', fastify: '5.x', dependencies: ['wb-route-inventory'] });
export const apiDocs = fp(apiDocsRoutes, { name: 'wb-api-docs', fastify: '5.x', dependencies: ['wb-api-schema', 'wb-request-context'] });
