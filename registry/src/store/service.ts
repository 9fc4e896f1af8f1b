import { z } from 'zod';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { ErrorCode, versionTag } from '@wb/contracts';
import { approveRequestSchema, postCodeParamSchema, rejectRequestSchema, rollbackRequestSchema, saveLayoutRequestSchema, setInMenuRequestSchema, setRolloutRequestSchema, setVisibilityRequestSchema, storeAppIdParamSchema, storeAppQuerySchema, storeVersionParamSchema } from '@wb/contracts/appstore';
import type { ApproveResponse, PublishResponse } from '@wb/contracts/appstore';
import { AppError, bodyOrEmpty, ifMatchVersion, principalOf, zodValidatorCompiler } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import type { Registry } from '../plugin.ts';
import { getStoreApp, isVisibleApp, listCategories, listStoreApps, listStoreEvents } from './catalogue.ts';
import { createHome } from './home.ts';
import { listPartCatalogue, partImpact } from './parts-catalogue.ts';
import type { HomeRequest } from './home.ts';
import { createLifecycle } from './lifecycle.ts';
import type { Actor } from './lifecycle.ts';
import { MANAGE, MARKET, REVIEW, SESSION, catalogueOwner, isReviewer } from './rights.ts';
import { unzipBundle } from './zip.ts';
import type { ZipLimits } from './zip.ts';

/**
 * The `appstore` domain service v1 (contracts `appstore.ts`), mounted by the gateway at
 * `/api/svc/appstore/v1`. Encapsulated on purpose (no fastify-plugin): its zip body parser and routes stay
 * inside. It needs the registry plugin's `app.registry` (registered before the gateway).
 *
 * Actions on a version or an app are sub-paths (`POST /apps/:id/versions/:version/submit`), not the
 * `:verb` style, because Fastify reads `:` in a path as a parameter.
 */
export interface AppStoreServiceOptions {
  /** Largest upload accepted, in bytes. Default 20 MiB. */
  uploadLimitBytes?: number;
  /** Zip-bomb guard; see `unzipBundle`. */
  zip?: ZipLimits;
}

const DEFAULT_UPLOAD_LIMIT = 20 * 1024 * 1024;
const ZIP_TYPES = ['application/zip', 'application/x-zip-compressed'];

// Route schemas (ADR 0032, ADR 0036): every path parameter, query and body is a zod schema from the contract,
// validated by Fastify after the access check and before the handler (the house's 400, `zodValidatorCompiler`)
// and shown at `/api/docs`. Path parameters: no NUL, control characters or lone surrogates (ADR 0019). The
// registry has no type provider of its own; each route names its validated types with `RouteOf`.
const appParams = z.object({ id: storeAppIdParamSchema });
const versionParams = z.object({ id: storeAppIdParamSchema, version: storeVersionParamSchema });
const postParams = z.object({ postCode: postCodeParamSchema });
const impactQuery = z.object({ app: storeAppIdParamSchema, version: storeVersionParamSchema });
/** `?partsOverride` of an upload or an approval; the reason is checked in the handler (`partsOverrideOf`): a non-reviewer's override is 403 before its reason is looked at. */
const partsOverrideQuery = z.object({ partsOverride: z.string().optional() });
const approveBody = bodyOrEmpty(approveRequestSchema);

/** Fastify's route generics from the validated (output) types of a route's schemas. */
interface RouteOf<P extends z.ZodType = z.ZodType<unknown>, B extends z.ZodType = z.ZodType<unknown>, Q extends z.ZodType = z.ZodType<unknown>> {
  Params: z.output<P>;
  Body: z.output<B>;
  Querystring: z.output<Q>;
}
type AppRoute<B extends z.ZodType = z.ZodType<unknown>> = RouteOf<typeof appParams, B>;
type VersionRoute<B extends z.ZodType = z.ZodType<unknown>> = RouteOf<typeof versionParams, B>;
type PostRoute<B extends z.ZodType = z.ZodType<unknown>> = RouteOf<typeof postParams, B>;

function actorOf(request: FastifyRequest): Actor {
  const principal = principalOf(request);
  return { username: principal.username, reviewer: isReviewer(principal) };
}

/** A developer's view of the catalogue holds their own apps only; anything else does not exist for them. */
async function visibleAppId(db: Queryable, request: FastifyRequest, id: string): Promise<string> {
  if (!(await isVisibleApp(db, id, catalogueOwner(principalOf(request))))) throw new AppError(404, ErrorCode.NotFound, '应用不存在');
  return id;
}

/**
 * `?partsOverride=<reason>` on an upload or an approval: publish although it breaks parts current consumers use
 * (ADR 0030, ADR 0037).
 * Reviewers only; the reason is required and audited.
 */
function partsOverrideOf(request: FastifyRequest<RouteOf<z.ZodType<unknown>, z.ZodType<unknown>, typeof partsOverrideQuery>>): { reason: string } | undefined {
  const raw = request.query.partsOverride;
  if (raw === undefined) return undefined;
  if (!isReviewer(principalOf(request))) throw new AppError(403, ErrorCode.NotAllowed, '只有审核员可以覆盖部件兼容性检查');
  const reason = typeof raw === 'string' ? raw.trim() : '';
  if (reason === '' || reason.length > 500) {
    throw new AppError(400, ErrorCode.BadRequest, '覆盖部件兼容性检查时须填写原因（500 字以内）', { partsOverride: '请填写原因' });
  }
  return { reason };
}

function homeRequest(request: FastifyRequest): HomeRequest {
  return { principal: principalOf(request), channel: request.channel, zone: request.zone };
}

/**
 * Optional `If-Match: "<row_version>"` (the ETag of GET /apps/:id) on app-level edits: rollout set, clear and
 * promote, visibility, rollback, offline and online. The server-kit rule (ADR 0026): sent and stale → 412,
 * malformed → 400, `*` or absent → no check (the app store's editors may act without a loaded detail).
 */
const ifMatch = ifMatchVersion;

function registryOf(app: FastifyInstance): Registry {
  if (!app.hasDecorator('registry')) throw new Error('appstore service: register the registry plugin before the gateway');
  return app.registry;
}

export const appStoreServicePlugin: FastifyPluginAsync<AppStoreServiceOptions> = async (app, options) => {
  const registry = registryOf(app);
  // The route schemas are zod: the platform sets this compiler for the whole app, and the service sets it for its
  // own scope too, so that it validates the same way wherever it is mounted (registry-only test apps included).
  app.setValidatorCompiler(zodValidatorCompiler);
  const db = app.db;
  const lifecycle = createLifecycle({ db, changed: (appId) => registry.catalogueChanged(appId) });
  const home = createHome({ db, feed: registry.feed });
  const uploadLimit = options.uploadLimitBytes ?? DEFAULT_UPLOAD_LIMIT;

  /** The platform audit (S14) next to registry_event; absent in registry-only test apps. */
  function audit(request: FastifyRequest, action: string, target: string, detail: Record<string, unknown> = {}): void {
    if (app.hasDecorator('audit')) void app.audit(request, { action: `appstore.${action}`, target, result: 'success', detail });
  }

  app.addContentTypeParser(ZIP_TYPES, { parseAs: 'buffer', bodyLimit: uploadLimit }, (_request, body, done) => {
    done(null, body);
  });

  // ---- catalogue (developers: their own apps; reviewers and administrators: all) -----------------
  app.get<RouteOf<z.ZodType<unknown>, z.ZodType<unknown>, typeof storeAppQuerySchema>>('/apps', { config: MANAGE, schema: { querystring: storeAppQuerySchema } }, async (request) =>
    listStoreApps(db, request.query, catalogueOwner(principalOf(request))),
  );

  app.get('/categories', { config: MANAGE }, async () => listCategories(db));

  app.get<AppRoute>('/apps/:id', { config: MANAGE, schema: { params: appParams } }, async (request, reply) => {
    const detail = await getStoreApp(db, request.params.id, catalogueOwner(principalOf(request)));
    if (!detail) throw new AppError(404, ErrorCode.NotFound, '应用不存在');
    const { rowVersion, ...body } = detail;
    reply.header('etag', versionTag(rowVersion));
    return body;
  });

  app.get<AppRoute>('/apps/:id/events', { config: MANAGE, schema: { params: appParams } }, async (request) => listStoreEvents(db, await visibleAppId(db, request, request.params.id)));

  // ---- upload --------------------------------------------------------------------------------------
  // The body is the zip itself (its own content-type parser); its checks are the publish pipeline's.
  app.post<RouteOf<z.ZodType<unknown>, z.ZodType<unknown>, typeof partsOverrideQuery>>('/versions', { config: MANAGE, bodyLimit: uploadLimit, schema: { querystring: partsOverrideQuery } }, async (request, reply): Promise<PublishResponse> => {
    const principal = principalOf(request);
    if (!Buffer.isBuffer(request.body)) {
      throw new AppError(400, ErrorCode.BadRequest, '请以 zip 压缩包上传（Content-Type: application/zip）', { file: '不是 zip' });
    }
    const files = unzipBundle(new Uint8Array(request.body), options.zip);
    const partsOverride = partsOverrideOf(request);
    const result = await registry.publisher.publish({ files, actor: principal.username, ...(partsOverride ? { partsOverride } : {}) });
    if (result.partBreaks) audit(request, 'parts-override', `${result.appId}@${result.version}`, { reason: partsOverride?.reason, consumers: result.partBreaks.map((b) => b.consumer) });
    audit(request, 'publish', `${result.appId}@${result.version}`, { created: result.created, digest: result.digest });
    return reply.code(result.created ? 201 : 200).send(result);
  });

  // ---- 组件管理: parts catalogue and impact (ADR 0030) ------------------------------------------------
  // Parts are contracts for other apps to use: everyone with the catalogue's access sees all of them.
  app.get('/parts', { config: MANAGE }, async () => listPartCatalogue(db));

  app.get<RouteOf<z.ZodType<unknown>, z.ZodType<unknown>, typeof impactQuery>>('/parts/impact', { config: REVIEW, schema: { querystring: impactQuery } }, async (request) =>
    partImpact(db, request.query.app, request.query.version),
  );

  // ---- review lifecycle ------------------------------------------------------------------------
  app.post<VersionRoute>('/apps/:id/versions/:version/submit', { config: MANAGE, schema: { params: versionParams } }, async (request, reply) => {
    const { version } = request.params;
    const id = await visibleAppId(db, request, request.params.id);
    await lifecycle.submit(actorOf(request), id, version);
    audit(request, 'submit', `${id}@${version}`);
    return reply.code(204).send();
  });

  app.post<RouteOf<typeof versionParams, typeof approveBody, typeof partsOverrideQuery>>('/apps/:id/versions/:version/approve', { config: REVIEW, schema: { params: versionParams, body: approveBody, querystring: partsOverrideQuery } }, async (request) => {
    const { id, version } = request.params;
    const body = request.body;
    // `makeCurrent` is the pre-issue-11 spelling of the choice; the schema refuses the two disagreeing.
    const legacy = body.makeCurrent === undefined ? undefined : body.makeCurrent ? 'current' : 'published';
    const partsOverride = partsOverrideOf(request);
    const result = await lifecycle.approve(principalOf(request), id, version, { release: body.release ?? legacy, pilot: body.pilot, opinion: body.opinion, partsOverride });
    audit(request, 'approve', `${id}@${version}`, { release: result.release, ...(result.rollout ? { rollout: result.rollout } : {}), ...(partsOverride ? { partsOverride: partsOverride.reason } : {}) });
    return { appId: id, version, status: 'PUBLISHED', ...result } satisfies ApproveResponse;
  });

  app.post<VersionRoute<typeof rejectRequestSchema>>('/apps/:id/versions/:version/reject', { config: REVIEW, schema: { params: versionParams, body: rejectRequestSchema } }, async (request, reply) => {
    const { id, version } = request.params;
    const body = request.body;
    await lifecycle.reject(principalOf(request), id, version, body.reason);
    audit(request, 'reject', `${id}@${version}`, { reason: body.reason });
    return reply.code(204).send();
  });

  // ---- versions and availability (reviewers operate the store, ADR 0016) ----------------------------
  app.post<AppRoute<typeof rollbackRequestSchema>>('/apps/:id/rollback', { config: REVIEW, schema: { params: appParams, body: rollbackRequestSchema } }, async (request) => {
    const { id } = request.params;
    const body = request.body;
    const { from } = await lifecycle.rollback(principalOf(request), id, body.version, ifMatch(request));
    audit(request, 'rollback', `${id}@${body.version}`, { from });
    return { appId: id, currentVersion: body.version, previousVersion: from };
  });

  for (const [path, status] of [['offline', 'OFFLINE'], ['online', 'ACTIVE']] as const) {
    app.post<AppRoute>(`/apps/:id/${path}`, { config: REVIEW, schema: { params: appParams } }, async (request) => {
      const { id } = request.params;
      await lifecycle.setStatus(principalOf(request), id, status, ifMatch(request));
      audit(request, path, id);
      return { appId: id, status };
    });
  }

  app.put<AppRoute<typeof setRolloutRequestSchema>>('/apps/:id/rollout', { config: REVIEW, schema: { params: appParams, body: setRolloutRequestSchema } }, async (request) => {
    const { id } = request.params;
    const body = request.body;
    const rollout = await lifecycle.setRollout(principalOf(request), id, body, ifMatch(request));
    audit(request, 'rollout', `${id}@${rollout.version}`, { orgUnitCodes: rollout.orgUnitCodes, postCodes: rollout.postCodes, percent: rollout.percent });
    return rollout;
  });

  app.delete<AppRoute>('/apps/:id/rollout', { config: REVIEW, schema: { params: appParams } }, async (request, reply) => {
    const { id } = request.params;
    await lifecycle.clearRollout(principalOf(request), id, ifMatch(request));
    audit(request, 'rollout-cancel', id);
    return reply.code(204).send();
  });

  app.post<AppRoute>('/apps/:id/rollout/promote', { config: REVIEW, schema: { params: appParams } }, async (request) => {
    const { id } = request.params;
    const { version } = await lifecycle.promoteRollout(principalOf(request), id, ifMatch(request));
    audit(request, 'rollout-promote', `${id}@${version}`);
    return { appId: id, currentVersion: version };
  });

  app.put<AppRoute<typeof setVisibilityRequestSchema>>('/apps/:id/visibility', { config: REVIEW, schema: { params: appParams, body: setVisibilityRequestSchema } }, async (request) => {
    const { id } = request.params;
    const body = request.body;
    await lifecycle.setVisibility(principalOf(request), id, body, ifMatch(request));
    audit(request, 'visibility', id, body);
    return body;
  });

  // ---- 应用市场 (staff) ----------------------------------------------------------------------------
  app.get('/market', { config: MARKET }, async (request) => home.market(homeRequest(request)));

  app.put<AppRoute<typeof setInMenuRequestSchema>>('/me/apps/:id', { config: SESSION, schema: { params: appParams, body: setInMenuRequestSchema } }, async (request) =>
    home.setInMenu(homeRequest(request), request.params.id, request.body.inMenu),
  );

  // ---- home layout ---------------------------------------------------------------------------------
  app.get('/me/layout', { config: SESSION }, async (request) => home.getLayout(homeRequest(request)));

  app.put<RouteOf<z.ZodType<unknown>, typeof saveLayoutRequestSchema>>('/me/layout', { config: SESSION, schema: { body: saveLayoutRequestSchema } }, async (request) =>
    home.saveLayout(homeRequest(request), request.body.items),
  );

  app.delete('/me/layout', { config: SESSION }, async (request) => home.resetLayout(homeRequest(request)));

  app.get<PostRoute>('/layouts/posts/:postCode', { config: REVIEW, schema: { params: postParams } }, async (request) =>
    home.getPostLayout(request.params.postCode),
  );

  app.put<PostRoute<typeof saveLayoutRequestSchema>>('/layouts/posts/:postCode', { config: REVIEW, schema: { params: postParams, body: saveLayoutRequestSchema } }, async (request) => {
    const { postCode } = request.params;
    const body = request.body;
    const saved = await home.savePostLayout(principalOf(request).username, postCode, body.items);
    audit(request, 'post-layout', postCode, { items: body.items.length });
    return saved;
  });
};
