import { HttpResponse, delay, http } from 'msw';
import type { RequestHandler } from 'msw';
import { ErrorCode, hasAccessRule, manifestSchema } from '@wb/contracts';
import type { Manifest } from '@wb/contracts';
import {
  APPSTORE_SERVICE,
  approveRequestSchema,
  rejectRequestSchema,
  rollbackRequestSchema,
  setInMenuRequestSchema,
  setRolloutRequestSchema,
  setVisibilityRequestSchema,
  storeAppIdParamSchema,
  storeAppQuerySchema,
} from '@wb/contracts/appstore';
import type { MarketApp, PublishResponse, PublishWarning, StoreAppDetail, StoreAppSummary, StoreVersion } from '@wb/contracts/appstore';
import { apiError, badRequest, ifMatchOf, mockBase, notFound, preconditionFailed, readJson, type BodySchema } from '../iam/respond.ts';
import { createAppStoreDataset } from './dataset.ts';
import { createMockPlatform } from './platform.ts';
import type { AppStoreDataset, MockStoreApp } from './dataset.ts';
import { readZip } from './zip.ts';
import type { ZipEntry } from './zip.ts';
import { partsHandlers } from './parts.ts';

export interface AppStoreHandlersOptions {
  /** Gateway base of the appstore service; default `/api/svc/appstore/v1`. */
  baseUrl?: string;
  /** The state served and changed by writes; default a fresh `createAppStoreDataset()`. */
  data?: AppStoreDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
  /** Username of the caller (publisher of uploads, reviewer of approvals); default `admin`. */
  actor?: string;
  /**
   * Serve the app's ETag and check If-Match on its settings as the server does (412 when stale). Default false:
   * the dev mock of an older server, without ETags (the app then sends no If-Match); the contract test turns it on.
   */
  etags?: boolean;
}

const conflict = (message: string) => apiError(409, ErrorCode.Conflict, message);

/** The server's 400 for a malformed `:id` (its route schema validates the path first); null when well-formed. */
function badAppId(id: unknown): Response | null {
  const parsed = storeAppIdParamSchema.safeParse(id);
  if (parsed.success) return null;
  const message = parsed.error.issues[0]?.message ?? '应用标识格式不正确';
  return apiError(400, ErrorCode.BadRequest, `请求参数不正确：id ${message}`, { id: message });
}

const etagOf = (app: MockStoreApp): string => `"${app.rowVersion ?? 1}"`;
const bumpApp = (app: MockStoreApp): void => {
  app.rowVersion = (app.rowVersion ?? 1) + 1;
};

/** As the registry's upload answer (publish/warnings.ts): an app without `access` is for administrators only. */
function warningsOf(manifest: Manifest): PublishWarning[] {
  if (hasAccessRule(manifest.access)) return [];
  return [{ code: 'ACCESS_CLOSED', message: 'manifest.json 没有 access：该应用只有平台管理员可见。要让员工使用，请在 access 中声明权限后上传新版本' }];
}

function summaryOf(app: MockStoreApp): StoreAppSummary {
  const latest = app.versions[0]!;
  const current = app.versions.find((v) => v.current) ?? null;
  const manifest = app.manifests[(current ?? latest).version]!;
  return {
    id: app.id,
    name: manifest.name,
    category: manifest.category,
    owner: manifest.owner,
    description: manifest.description,
    ...(manifest.icon ? { icon: manifest.icon } : {}),
    status: app.status,
    currentVersion: current?.version ?? null,
    latestVersion: latest.version,
    latestStatus: latest.status,
    pendingReview: app.versions.filter((v) => v.status === 'IN_REVIEW').length,
    rolloutVersion: app.rollout?.version ?? null,
    updatedAt: app.updatedAt,
  };
}

function detailOf(app: MockStoreApp): StoreAppDetail {
  const shown = app.versions.find((v) => v.current) ?? app.versions[0]!;
  return {
    app: summaryOf(app),
    versions: app.versions,
    manifest: app.manifests[shown.version]!,
    files: app.files[shown.version]!,
    rollout: app.rollout,
    visibility: app.visibility,
  };
}

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

async function hash(algorithm: 'SHA-256' | 'SHA-384', bytes: Uint8Array): Promise<string> {
  return toBase64(new Uint8Array(await crypto.subtle.digest(algorithm, bytes as BufferSource)));
}

/** Entries relative to the folder holding manifest.json: the zip's root, or its single top-level folder. */
function bundleRoot(entries: ZipEntry[]): ZipEntry[] | null {
  if (entries.some((e) => e.path === 'manifest.json')) return entries;
  const tops = new Set(entries.map((e) => e.path.split('/')[0]));
  const [top] = [...tops];
  if (tops.size !== 1 || !entries.some((e) => e.path === `${top}/manifest.json`)) return null;
  return entries.map((e) => ({ ...e, path: e.path.slice(top!.length + 1) }));
}

/**
 * msw handlers for the appstore service v1, in memory: catalogue, detail, upload of a zip (manifest check,
 * entry file, SHA-384 integrity, 409 on the same version with other content), the review lifecycle with
 * reviewer ≠ publisher, rollback, rollout, visibility, offline/online, 应用市场 and the per-user menu choice.
 */
export function appStoreHandlers(options: AppStoreHandlersOptions = {}): RequestHandler[] {
  const data = options.data ?? createAppStoreDataset();
  const base = mockBase(options.baseUrl, APPSTORE_SERVICE);
  const actor = options.actor ?? 'admin';
  const wait = async () => {
    if (options.delayMs) await delay(options.delayMs);
  };
  const find = (id: unknown) => data.apps.find((a) => a.id === id);
  const versionOf = (app: MockStoreApp, version: unknown) => app.versions.find((v) => v.version === version);
  const touch = (app: MockStoreApp, action: string, version: string | null, detail: Record<string, unknown> = {}) => {
    const at = new Date().toISOString();
    app.updatedAt = at;
    app.events.unshift({ at, actor, action, version, detail });
  };
  const usableApps = () =>
    data.apps.filter((a) => (data.marketAppIds ? data.marketAppIds.includes(a.id) : a.status === 'ACTIVE' && a.versions.some((v) => v.current)));
  const marketAppOf = (app: MockStoreApp): MarketApp => {
    const current = app.versions.find((v) => v.current)!;
    const m = app.manifests[current.version]!;
    return {
      id: app.id, name: m.name, version: current.version, category: m.category, owner: m.owner, description: m.description,
      ...(m.icon ? { icon: m.icon } : {}),
      inMenu: !data.hiddenFromMenu.has(app.id),
      widgets: m.widgets.map((w) => ({ id: w.id, title: w.title })),
    };
  };
  const setCurrent = (app: MockStoreApp, version: string) => {
    for (const v of app.versions) v.current = v.version === version;
  };
  /**
   * An app-level edit's checks after its path and body, in the server's order (registry store/lifecycle.ts): a
   * malformed If-Match (400), the app (404), a stale If-Match (412); no If-Match is accepted, as there.
   */
  const editTarget = (request: Request, id: unknown): MockStoreApp | Response => {
    const expected = options.etags ? ifMatchOf(request) : undefined;
    if (expected instanceof Response) return expected;
    const app = find(id);
    if (!app) return notFound('应用不存在');
    if (expected !== undefined && expected !== (app.rowVersion ?? 1)) return preconditionFailed('应用设置已被他人修改，请刷新后重试');
    return app;
  };
  /** The app a write without a body names, in the service's order: its id, then If-Match and existence. */
  const writeTarget = (request: Request, id: unknown): MockStoreApp | Response => badAppId(id) ?? editTarget(request, id);
  /** The app whose 灰度 a write ends (cancel or promote): 409 when none is under way. */
  const rolloutTarget = (request: Request, id: unknown): { app: MockStoreApp; version: string } | Response => {
    const app = writeTarget(request, id);
    if (app instanceof Response) return app;
    return app.rollout ? { app, version: app.rollout.version } : conflict('该应用没有进行中的灰度');
  };
  /** The same for a write with a body, which is validated after the id and before anything is looked up (as the service). */
  const writeWithBody = async <T>(request: Request, id: unknown, schema: BodySchema<T>): Promise<{ app: MockStoreApp; body: T } | Response> => {
    const bad = badAppId(id);
    if (bad) return bad;
    const parsed = schema.safeParse(await readJson(request));
    if (!parsed.success) return badRequest(parsed.error);
    const app = editTarget(request, id);
    return app instanceof Response ? app : { app, body: parsed.data };
  };

  return [
    // The registry's platform descriptor (beside the feed, not under the service's base URL).
    http.get('/api/registry/platform', async () => {
      await wait();
      return HttpResponse.json(createMockPlatform());
    }),
    http.get(`${base}/apps`, async ({ request }) => {
      await wait();
      const params = Object.fromEntries(new URL(request.url).searchParams);
      const parsed = storeAppQuerySchema.safeParse(params);
      if (!parsed.success) return badRequest(parsed.error);
      const { q, category, status } = parsed.data;
      const needle = q?.toLowerCase();
      const items = data.apps.map(summaryOf).filter(
        (a) =>
          (!needle || [a.id, a.name, a.description].some((t) => t.toLowerCase().includes(needle))) &&
          (!category || a.category === category) &&
          (!status || (status === 'IN_REVIEW' ? a.pendingReview > 0 : a.status === status)),
      );
      return HttpResponse.json(items);
    }),
    ...partsHandlers(base, data),
    http.get(`${base}/categories`, async () => {
      await wait();
      const categories = new Set(data.apps.map((a) => summaryOf(a).category));
      return HttpResponse.json([...categories].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    }),
    http.get(`${base}/apps/:id`, async ({ params }) => {
      await wait();
      const bad = badAppId(params['id']);
      if (bad) return bad;
      const app = find(params['id']);
      return app ? HttpResponse.json(detailOf(app), options.etags ? { headers: { etag: etagOf(app) } } : {}) : notFound('应用不存在');
    }),
    http.get(`${base}/apps/:id/events`, async ({ params }) => {
      await wait();
      const bad = badAppId(params['id']);
      if (bad) return bad;
      const app = find(params['id']);
      return app ? HttpResponse.json(app.events) : notFound('应用不存在');
    }),

    http.post(`${base}/versions`, async ({ request }) => {
      await wait();
      if (!(request.headers.get('content-type') ?? '').startsWith('application/zip')) {
        return apiError(415, ErrorCode.BadRequest, '请上传 zip 格式的应用包');
      }
      let entries: ZipEntry[];
      try {
        entries = await readZip(await request.arrayBuffer());
      } catch {
        return apiError(400, ErrorCode.BadRequest, '上传的文件不是有效的 zip 压缩包');
      }
      const files = bundleRoot(entries);
      if (!files) return apiError(400, ErrorCode.BadRequest, '应用包根目录缺少 manifest.json');
      let raw: unknown;
      try {
        raw = JSON.parse(new TextDecoder().decode(files.find((f) => f.path === 'manifest.json')!.bytes));
      } catch {
        return apiError(400, ErrorCode.BadRequest, 'manifest.json 不是合法的 JSON');
      }
      const parsed = manifestSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const field = issue.path.map(String).join('.') || 'manifest';
        return apiError(400, ErrorCode.BadRequest, `应用清单不正确：${field} ${issue.message}`, { [`manifest.${field}`]: issue.message });
      }
      const manifest = parsed.data;
      if (!files.some((f) => f.path === manifest.entry)) {
        return apiError(400, ErrorCode.BadRequest, `应用包缺少入口文件 ${manifest.entry}`);
      }
      const sorted = [...files].sort((a, b) => a.path.localeCompare(b.path));
      const listed = await Promise.all(
        sorted.map(async (f) => ({ path: f.path, size: f.bytes.length, integrity: `sha384-${await hash('SHA-384', f.bytes)}` })),
      );
      const digest = `sha256-${await hash('SHA-256', new TextEncoder().encode(listed.map((f) => `${f.path}:${f.integrity}`).join('\n')))}`;
      let app = find(manifest.id);
      const existing = app && versionOf(app, manifest.version);
      if (existing) {
        if (existing.digest !== digest) {
          return conflict(`版本 ${manifest.version} 已存在且内容不同；请提高版本号后重新上传`);
        }
        const same: PublishResponse = {
          created: false, appId: manifest.id, version: manifest.version, digest, status: existing.status, current: existing.current,
          format: existing.format, warnings: warningsOf(manifest), files: listed,
        };
        return HttpResponse.json(same);
      }
      const version: StoreVersion = {
        version: manifest.version,
        status: 'DRAFT',
        digest,
        changelog: manifest.changelog,
        sizeTotal: listed.reduce((n, f) => n + f.size, 0),
        fileCount: listed.length,
        publishedBy: actor,
        publishedAt: new Date().toISOString(),
        submittedAt: null,
        reviewedBy: null,
        reviewedAt: null,
        rejectReason: null,
        current: false,
        format: 'esm',
      };
      if (!app) {
        app = {
          id: manifest.id, status: 'ACTIVE', versions: [], manifests: {}, files: {}, rollout: null,
          visibility: { hiddenOrgUnitCodes: [], hiddenPostCodes: [] }, events: [], updatedAt: version.publishedAt,
        };
        data.apps.push(app);
      }
      app.versions.unshift(version);
      app.manifests[manifest.version] = manifest;
      app.files[manifest.version] = listed;
      touch(app, 'publish', manifest.version, { created: true });
      const created: PublishResponse = {
        created: true, appId: manifest.id, version: manifest.version, digest, status: 'DRAFT', current: false,
        format: 'esm', warnings: warningsOf(manifest), files: listed,
      };
      return HttpResponse.json(created, { status: 201 });
    }),

    http.post(`${base}/apps/:id/versions/:version/:action`, async ({ params, request }) => {
      await wait();
      const bad = badAppId(params['id']);
      if (bad) return bad;
      const action = params['action'];
      // As the server: the body is validated before anything is looked up or refused.
      const body = action === 'reject' || action === 'approve' ? ((await readJson(request)) ?? (action === 'approve' ? {} : undefined)) : undefined;
      const rejected = action === 'reject' ? rejectRequestSchema.safeParse(body) : null;
      if (rejected && !rejected.success) return badRequest(rejected.error);
      const approved = action === 'approve' ? approveRequestSchema.safeParse(body) : null;
      if (approved && !approved.success) return badRequest(approved.error);
      const app = find(params['id']);
      const version = app && versionOf(app, params['version']);
      if (!app || !version) return notFound('应用或版本不存在');
      if (action === 'submit') {
        if (version.status !== 'DRAFT') return conflict(`版本 ${version.version} 不是草稿，不能提交审核`);
        version.status = 'IN_REVIEW';
        version.submittedAt = new Date().toISOString();
        touch(app, 'submit', version.version);
        return new HttpResponse(null, { status: 204 });
      }
      if (action !== 'approve' && action !== 'reject') return notFound('接口不存在');
      if (version.status !== 'IN_REVIEW') return conflict(`版本 ${version.version} 不在审核中`);
      if (version.publishedBy === actor) return apiError(403, ErrorCode.NotAllowed, '不能审核自己上传的版本');
      if (rejected) {
        Object.assign(version, { status: 'DRAFT', rejectReason: rejected.data.reason, reviewedBy: actor, reviewedAt: new Date().toISOString() });
        touch(app, 'reject', version.version, { reason: rejected.data.reason });
        return new HttpResponse(null, { status: 204 });
      }
      const parsed = approved!;
      // As the server (registry store/lifecycle.ts): omitted → published-not-current, or current for a first version.
      const hasCurrent = app.versions.some((v) => v.current);
      const legacy = parsed.data.makeCurrent === undefined ? undefined : parsed.data.makeCurrent ? 'current' : 'published';
      const release = parsed.data.release ?? legacy ?? (hasCurrent ? 'published' : 'current');
      if (!hasCurrent && release !== 'current') return conflict('这是该应用的第一个版本，还没有当前版本可供对照：只能选择“设为当前版本”');
      Object.assign(version, { status: 'PUBLISHED', rejectReason: null, reviewedBy: actor, reviewedAt: new Date().toISOString() });
      if (release === 'current') {
        setCurrent(app, version.version);
        bumpApp(app);
      }
      const pilot = parsed.data.pilot;
      const rollout = release === 'pilot' && pilot
        ? { version: version.version, orgUnitCodes: pilot.orgUnitCodes, postCodes: pilot.postCodes, percent: pilot.percent, updatedBy: actor, updatedAt: new Date().toISOString() }
        : null;
      if (rollout) {
        app.rollout = rollout;
        bumpApp(app);
      }
      touch(app, 'approve', version.version, { release });
      return HttpResponse.json({ appId: app.id, version: version.version, status: 'PUBLISHED', release, current: version.current, rollout });
    }),

    http.post(`${base}/apps/:id/rollback`, async ({ params, request }) => {
      await wait();
      const write = await writeWithBody(request, params['id'], rollbackRequestSchema);
      if (write instanceof Response) return write;
      const { app, body } = write;
      const target = versionOf(app, body.version);
      if (!target) return notFound('版本不存在');
      if (target.status !== 'PUBLISHED') return conflict(`只能回滚到已发布的版本，${target.version} 当前不是已发布状态`);
      if (target.current) return conflict(`${target.version} 已是当前版本`);
      const from = app.versions.find((v) => v.current)?.version ?? null;
      setCurrent(app, target.version);
      bumpApp(app);
      touch(app, 'rollback', target.version, { from });
      return HttpResponse.json({ appId: app.id, currentVersion: target.version, previousVersion: from });
    }),
    http.post(`${base}/apps/:id/:change`, async ({ params, request }) => {
      await wait();
      const change = params['change'];
      if (change !== 'offline' && change !== 'online') return notFound('接口不存在');
      const app = writeTarget(request, params['id']);
      if (app instanceof Response) return app;
      const next = change === 'offline' ? 'OFFLINE' : 'ACTIVE';
      if (app.status === next) return conflict(next === 'OFFLINE' ? '应用已下线' : '应用已上线');
      if (next === 'ACTIVE' && !app.versions.some((v) => v.current)) return conflict('应用还没有已发布的当前版本，不能上线');
      app.status = next;
      bumpApp(app);
      touch(app, change, null);
      return HttpResponse.json({ appId: app.id, status: next });
    }),

    http.put(`${base}/apps/:id/rollout`, async ({ params, request }) => {
      await wait();
      const write = await writeWithBody(request, params['id'], setRolloutRequestSchema);
      if (write instanceof Response) return write;
      const { app, body } = write;
      const target = versionOf(app, body.version);
      if (!target || target.status !== 'PUBLISHED') {
        return apiError(400, ErrorCode.BadRequest, '灰度版本必须是已发布的版本', { version: '灰度版本必须是已发布的版本' });
      }
      if (target.current) return apiError(400, ErrorCode.BadRequest, '灰度版本不能是当前版本', { version: '灰度版本不能是当前版本' });
      app.rollout = { ...body, updatedBy: actor, updatedAt: new Date().toISOString() };
      bumpApp(app);
      touch(app, 'rollout', target.version, { ...body });
      return HttpResponse.json(app.rollout);
    }),
    http.delete(`${base}/apps/:id/rollout`, async ({ params, request }) => {
      await wait();
      const target = rolloutTarget(request, params['id']);
      if (target instanceof Response) return target;
      const { app, version } = target;
      app.rollout = null;
      bumpApp(app);
      touch(app, 'rollout-cancel', version);
      return new HttpResponse(null, { status: 204 });
    }),
    http.post(`${base}/apps/:id/rollout/promote`, async ({ params, request }) => {
      await wait();
      const target = rolloutTarget(request, params['id']);
      if (target instanceof Response) return target;
      const { app, version } = target;
      setCurrent(app, version);
      app.rollout = null;
      bumpApp(app);
      touch(app, 'rollout-promote', version);
      return HttpResponse.json({ appId: app.id, currentVersion: version });
    }),
    http.put(`${base}/apps/:id/visibility`, async ({ params, request }) => {
      await wait();
      const write = await writeWithBody(request, params['id'], setVisibilityRequestSchema);
      if (write instanceof Response) return write;
      const { app, body } = write;
      app.visibility = body;
      bumpApp(app);
      touch(app, 'visibility', null, { ...body });
      return HttpResponse.json(body);
    }),

    http.get(`${base}/market`, async () => {
      await wait();
      const usable = usableApps();
      return HttpResponse.json(usable.map(marketAppOf));
    }),
    http.put(`${base}/me/apps/:id`, async ({ params, request }) => {
      await wait();
      const bad = badAppId(params['id']);
      if (bad) return bad;
      const app = usableApps().find((a) => a.id === params['id']);
      if (!app) return notFound('应用不存在或您无权使用');
      const parsed = setInMenuRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      if (parsed.data.inMenu) data.hiddenFromMenu.delete(app.id);
      else data.hiddenFromMenu.add(app.id);
      return HttpResponse.json(marketAppOf(app));
    }),
  ];
}
