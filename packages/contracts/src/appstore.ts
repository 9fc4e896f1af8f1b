import { z } from 'zod';
import { channelSchema, manifestSchema, moduleFormatSchema, zoneSchema, type ExposedPart, type UsedPart } from './manifest.ts';
import { partKey, type PartCatalogue } from './parts.ts';
import { text } from './text.ts';

/**
 * The `appstore` domain service (v1, `/api/svc/appstore/v1/...`), implemented by the registry: publishing,
 * review, versions, rollout, rollback and offline for administrators; the 应用市场 and the per-user home
 * layout for staff (issue 4, docs/architecture.md §6).
 *
 * Permissions: `store:app:manage` (upload, submit one's own uploads, the catalogue of one's own apps),
 * `store:app:review` (approve, reject — never one's own upload —, rollout, rollback, online/offline, visibility,
 * post layouts, the whole catalogue), `store:market:use` (应用市场). The `/me/...` routes need a session only.
 * README "App store: who may do what" is the table (ADR 0016).
 *
 * Routes (relative to `/api/svc/appstore/v1`). Actions are sub-paths, not `:verb` (Fastify reads `:` as a
 * parameter): GET /apps, /categories, /apps/:id, /apps/:id/events; POST /versions (zip);
 * POST /apps/:id/versions/:version/submit | approve | reject; POST /apps/:id/rollback | offline | online;
 * PUT|DELETE /apps/:id/rollout; POST /apps/:id/rollout/promote; PUT /apps/:id/visibility (these app-level
 * edits, rollback, offline and online take an optional `If-Match` with the ETag of GET /apps/:id → 412 when
 * stale);
 * GET /market; PUT /me/apps/:id; GET|PUT|DELETE /me/layout; GET|PUT /layouts/posts/:postCode.
 * A step out of order answers 409 with the reason.
 */

export const APPSTORE_SERVICE = { name: 'appstore', major: 1 } as const;

export const versionStatusSchema = z.enum(['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'OFFLINE']);
export type VersionStatus = z.infer<typeof versionStatusSchema>;
export const appStatusSchema = z.enum(['ACTIVE', 'OFFLINE']);

/** Who sees a rollout version instead of the current one. Sticky: the percentage is a hash of user and app. */
export const rolloutSchema = z.object({
  version: z.string(),
  orgUnitCodes: z.array(z.string()),
  postCodes: z.array(z.string()),
  /** 0–100: the share of all other users (sticky per user) who get the rollout version. */
  percent: z.number().int().min(0).max(100),
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type Rollout = z.infer<typeof rolloutSchema>;

/** Who a rollout reaches: org units (and below), posts, a sticky percentage of everyone else; at least one. */
const rolloutScopeShape = {
  orgUnitCodes: z.array(z.string().regex(/^\d{5,11}$/, '单位编码应为 5 到 11 位数字')).max(200).default([]),
  postCodes: z.array(text({ label: '岗位编码' }).min(1).max(32)).max(50).default([]),
  percent: z.number().int('比例应为整数').min(0, '比例应在 0 到 100 之间').max(100, '比例应在 0 到 100 之间').default(0),
};
const hasRolloutScope = (r: { orgUnitCodes: string[]; postCodes: string[]; percent: number }): boolean =>
  r.orgUnitCodes.length > 0 || r.postCodes.length > 0 || r.percent > 0;
const NO_SCOPE = { message: '请至少选择一个灰度范围：单位、岗位或用户比例', path: ['percent'] };

export const rolloutScopeSchema = z.strictObject(rolloutScopeShape).refine(hasRolloutScope, NO_SCOPE);
export type RolloutScope = z.input<typeof rolloutScopeSchema>;

export const setRolloutRequestSchema = z
  .strictObject({ version: text({ label: '灰度版本' }).min(1, '请选择灰度版本').max(64), ...rolloutScopeShape })
  .refine(hasRolloutScope, NO_SCOPE);
export type SetRolloutRequest = z.input<typeof setRolloutRequestSchema>;

/** Administrator overrides on top of the manifest's access: they only ever hide, never grant. */
export const visibilitySchema = z.object({
  hiddenOrgUnitCodes: z.array(z.string()),
  hiddenPostCodes: z.array(z.string()),
});
export type Visibility = z.infer<typeof visibilitySchema>;
export const setVisibilityRequestSchema = z.strictObject({
  hiddenOrgUnitCodes: z.array(z.string().regex(/^\d{5,11}$/, '单位编码应为 5 到 11 位数字')).max(200).default([]),
  hiddenPostCodes: z.array(text({ label: '岗位编码' }).min(1).max(32)).max(50).default([]),
});

export const storeAppSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  category: z.string(),
  owner: z.string(),
  description: z.string(),
  icon: z.string().optional(),
  status: appStatusSchema,
  currentVersion: z.string().nullable(),
  /** The newest version of any status, and its status. */
  latestVersion: z.string(),
  latestStatus: versionStatusSchema,
  /** Versions waiting for review. */
  pendingReview: z.number().int(),
  rolloutVersion: z.string().nullable(),
  updatedAt: z.string(),
});
export type StoreAppSummary = z.infer<typeof storeAppSummarySchema>;

export const storeAppQuerySchema = z.strictObject({
  q: text({ label: '查询内容' }).trim().max(64).optional(),
  category: text({ label: '分类' }).max(32).optional(),
  /** IN_REVIEW lists apps with a version waiting for review. */
  status: z.enum(['ACTIVE', 'OFFLINE', 'IN_REVIEW']).optional(),
});
export type StoreAppQuery = z.infer<typeof storeAppQuerySchema>;

export const storeVersionSchema = z.object({
  version: z.string(),
  status: versionStatusSchema,
  digest: z.string(),
  /** From the manifest's `changelog`, else ''. */
  changelog: z.string(),
  sizeTotal: z.number().int(),
  fileCount: z.number().int(),
  publishedBy: z.string(),
  publishedAt: z.string(),
  submittedAt: z.string().nullable(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  /** Set when the last review rejected this version (it is back in DRAFT). */
  rejectReason: z.string().nullable(),
  current: z.boolean(),
  /** Module format of the entry, detected at upload (ADR 0023); versions stored before it are ESM. */
  format: moduleFormatSchema.default('esm'),
});
export type StoreVersion = z.infer<typeof storeVersionSchema>;

export const storeAppDetailSchema = z.object({
  app: storeAppSummarySchema,
  versions: z.array(storeVersionSchema),
  /** Manifest of the current version, else of the latest. */
  manifest: manifestSchema,
  files: z.array(z.object({ path: z.string(), size: z.number().int(), integrity: z.string() })),
  rollout: rolloutSchema.nullable(),
  visibility: visibilitySchema,
});
export type StoreAppDetail = z.infer<typeof storeAppDetailSchema>;

/**
 * Something the uploader should know that does not refuse the upload: the app is closed to everyone but
 * administrators (no `access`), a shared module is used without its `shared` range, a global stylesheet is not
 * scoped (`CSS_GLOBAL`); `FORMAT_NOT_RUNNABLE` is no longer sent (SystemJS runs, ADR 0040). Codes are stable;
 * the message is for people.
 */
export const publishWarningSchema = z.object({
  code: z.enum(['ACCESS_CLOSED', 'SHARED_UNDECLARED', 'FORMAT_NOT_RUNNABLE', 'CSS_GLOBAL', 'ICON_UNKNOWN']),
  message: z.string(),
});
export type PublishWarning = z.infer<typeof publishWarningSchema>;

/** `POST /versions` takes the bundle as a zip archive (`Content-Type: application/zip`), manifest.json at its root. */
export const publishResponseSchema = z.object({
  created: z.boolean(),
  appId: z.string(),
  version: z.string(),
  digest: z.string(),
  status: versionStatusSchema,
  current: z.boolean(),
  format: moduleFormatSchema.default('esm'),
  warnings: z.array(publishWarningSchema).default([]),
  files: z.array(z.object({ path: z.string(), integrity: z.string(), size: z.number().int() })),
});
export type PublishResponse = z.infer<typeof publishResponseSchema>;

export const rejectRequestSchema = z.strictObject({ reason: text({ label: '驳回原因', multiline: true }).trim().min(2, '请填写驳回原因').max(500) });
/**
 * What approving does with the version (issue 11 item 6, ADR 0023), chosen by the reviewer:
 * - `current`: it becomes the current version, for everyone who may load the app;
 * - `pilot`: published and rolled out to `pilot` (org units, posts, a percentage); everyone else keeps the
 *   current version until the rollout is promoted;
 * - `published`: published, not current: nobody gets it until a rollout or a later choice.
 * Omitted: `published` when the app already has a current version (the safe choice), `current` for its first
 * version — the only choice that serves it to anyone, so `pilot` and `published` are refused there.
 */
export const approveReleaseSchema = z.enum(['current', 'pilot', 'published']);
export type ApproveRelease = z.infer<typeof approveReleaseSchema>;

export const approveRequestSchema = z
  .strictObject({
    release: approveReleaseSchema.optional(),
    /** With `release: 'pilot'`: who gets the version. */
    pilot: rolloutScopeSchema.optional(),
    /** Before issue 11: `true` = `release: 'current'`, `false` = `'published'`. Kept for existing scripts. */
    makeCurrent: z.boolean().optional(),
    opinion: text({ label: '审核意见', multiline: true }).trim().max(500).default(''),
  })
  .superRefine((body, ctx) => {
    const legacy = body.makeCurrent === undefined ? undefined : body.makeCurrent ? 'current' : 'published';
    if (legacy && body.release && legacy !== body.release) {
      ctx.addIssue({ code: 'custom', path: ['makeCurrent'], message: 'makeCurrent 与 release 不一致，请只用 release' });
    }
    const release = body.release ?? legacy;
    if (release === 'pilot' && !body.pilot) ctx.addIssue({ code: 'custom', path: ['pilot'], message: '灰度试点请选择灰度范围' });
    if (release !== 'pilot' && body.pilot) ctx.addIssue({ code: 'custom', path: ['pilot'], message: '只有灰度试点需要灰度范围' });
  });
export type ApproveRequest = z.input<typeof approveRequestSchema>;

export const approveResponseSchema = z.object({
  appId: z.string(),
  version: z.string(),
  status: versionStatusSchema,
  release: approveReleaseSchema,
  current: z.boolean(),
  rollout: rolloutSchema.nullable(),
});
export type ApproveResponse = z.infer<typeof approveResponseSchema>;
export const rollbackRequestSchema = z.strictObject({ version: text({ label: '版本' }).min(1, '请选择要回滚到的版本').max(64) });

export const storeEventSchema = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  version: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
});
export type StoreEvent = z.infer<typeof storeEventSchema>;

/** 应用市场: an app the user may use, and whether it is in their own menu. */
export const marketAppSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  category: z.string(),
  owner: z.string(),
  description: z.string(),
  icon: z.string().optional(),
  inMenu: z.boolean(),
  widgets: z.array(z.object({ id: z.string(), title: z.string() })),
});
export type MarketApp = z.infer<typeof marketAppSchema>;
export const setInMenuRequestSchema = z.strictObject({ inMenu: z.boolean() });

/** Home layout: a 12-column grid; each item places one widget the user may see. */
export const layoutItemSchema = z.strictObject({
  appId: text().min(1).max(64),
  widgetId: text().min(1).max(64),
  x: z.number().int().min(0).max(11),
  y: z.number().int().min(0).max(200),
  w: z.number().int().min(1).max(12),
  h: z.number().int().min(1).max(12),
});
export type LayoutItem = z.infer<typeof layoutItemSchema>;
export const layoutSchema = z.object({
  items: z.array(layoutItemSchema),
  /** Where this layout comes from: the user's own, their active post's default, or the built-in default. */
  source: z.enum(['user', 'post', 'default']),
});
export type Layout = z.infer<typeof layoutSchema>;
export const saveLayoutRequestSchema = z
  .strictObject({ items: z.array(layoutItemSchema).max(40, '组件最多 40 个') })
  .refine((l) => l.items.every((i) => i.x + i.w <= 12), { message: '组件超出了工作台宽度', path: ['items'] });
export type SaveLayoutRequest = z.infer<typeof saveLayoutRequestSchema>;

/** Path parameters of the app-store routes: `:id`, `:version`, `:postCode`. */
export const storeAppIdParamSchema = text({ label: '应用标识' }).regex(/^[a-z][a-z0-9-]{1,63}$/, '应用标识格式不正确');
export const storeVersionParamSchema = text({ label: '版本号' }).min(1).max(64);
export const postCodeParamSchema = text({ label: '岗位编码' }).min(1, '岗位编码不能为空').max(32, '岗位编码过长');

/**
 * `GET /api/registry/platform` (any signed-in account; ADR 0023): what a team building a micro-app needs to
 * know about this platform — the shared modules and their versions, the props an app receives on mount, the
 * accepted module formats, channels, zones, and the org units and posts a rollout can target.
 */
export const platformDescriptorSchema = z.object({
  sharedModules: z.array(z.object({ specifier: z.string(), package: z.string(), version: z.string().nullable() })),
  /** Package → version served, and the `shared` range to declare for it (`^19`). */
  sharedPackages: z.array(z.object({ package: z.string(), version: z.string(), range: z.string() })),
  props: z.array(z.object({ name: z.string(), type: z.string(), required: z.boolean(), description: z.string() })),
  lifecycles: z.array(z.string()),
  formats: z.array(z.object({ format: moduleFormatSchema, runnable: z.boolean(), description: z.string() })),
  channels: z.array(channelSchema),
  zones: z.array(zoneSchema),
  orgUnits: z.array(z.object({ code: z.string(), name: z.string(), parentCode: z.string().nullable() })),
  posts: z.array(z.object({ code: z.string(), name: z.string() })),
  appStoreApi: z.string(),
});
export type PlatformDescriptor = z.infer<typeof platformDescriptorSchema>;

// ---- 组件管理: the parts catalogue (ADR 0030) ----------------------------------------------------------------------

/** An app version as the parts catalogue reads it: what its manifest exposes and uses. */
export interface PartCatalogueRow {
  appId: string;
  appName: string;
  version: string;
  exposes?: readonly ExposedPart[] | null | undefined;
  uses?: readonly UsedPart[] | null | undefined;
}

/**
 * `GET /parts` from app versions, computed one way by the registry and the app-store mock: the parts the
 * `providers` (current versions) expose, each with the `consumers` (current and rollout versions) that use it and
 * whether their major is satisfied; uses no provider part answers; the consumer → provider edges (parts sorted).
 */
export function buildPartCatalogue(providers: readonly PartCatalogueRow[], consumers: readonly PartCatalogueRow[]): PartCatalogue {
  const uses = consumers.flatMap((row) => (row.uses ?? []).map((use) => ({ row, use })));
  const parts: PartCatalogue['parts'] = providers.flatMap((p) =>
    (p.exposes ?? []).map((part) => ({
      appId: p.appId,
      appName: p.appName,
      version: p.version,
      id: part.id,
      title: part.title,
      ...(part.description === undefined ? {} : { description: part.description }),
      ...(part.permission === undefined ? {} : { permission: part.permission }),
      channels: part.channels,
      major: part.major,
      consumers: uses
        .filter(({ use }) => use.app === p.appId && use.part === part.id)
        .map(({ row, use }) => ({ appId: row.appId, appName: row.appName, version: row.version, major: use.major, satisfied: use.major === part.major })),
    })),
  );
  const exposed = new Set(parts.map((p) => partKey(p.appId, p.id)));
  const unresolved = uses
    .filter(({ use }) => !exposed.has(partKey(use.app, use.part)))
    .map(({ row, use }) => ({ appId: row.appId, appName: row.appName, version: row.version, app: use.app, part: use.part, major: use.major }));
  const edges = new Map<string, { from: string; to: string; parts: Set<string> }>();
  for (const { row, use } of uses) {
    const key = `${row.appId}>${use.app}`;
    const edge = edges.get(key) ?? { from: row.appId, to: use.app, parts: new Set<string>() };
    edge.parts.add(use.part);
    edges.set(key, edge);
  }
  return { parts, unresolved, edges: [...edges.values()].map((e) => ({ from: e.from, to: e.to, parts: [...e.parts].sort() })) };
}
