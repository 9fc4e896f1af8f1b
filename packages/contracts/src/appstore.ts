import { z } from 'zod';
import { manifestSchema } from './manifest.ts';

/**
 * The `appstore` domain service (v1, `/api/svc/appstore/v1/...`), implemented by the registry: publishing,
 * review, versions, rollout, rollback and offline for administrators; the 应用市场 and the per-user home
 * layout for staff (issue 4, ARCHITECTURE.md §6).
 *
 * Permissions: `store:app:manage` (catalogue, upload, submit, rollout, rollback, offline, post layouts),
 * `store:app:review` (approve, reject; never one's own upload), `store:market:use` (应用市场). The `/me/...`
 * routes need a session only.
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

export const setRolloutRequestSchema = z
  .strictObject({
    version: z.string().min(1, '请选择灰度版本'),
    orgUnitCodes: z.array(z.string().regex(/^\d{5,11}$/, '单位编码应为 5 到 11 位数字')).max(200).default([]),
    postCodes: z.array(z.string().min(1).max(32)).max(50).default([]),
    percent: z.number().int('比例应为整数').min(0, '比例应在 0 到 100 之间').max(100, '比例应在 0 到 100 之间').default(0),
  })
  .refine((r) => r.orgUnitCodes.length > 0 || r.postCodes.length > 0 || r.percent > 0, {
    message: '请至少选择一个灰度范围：单位、岗位或用户比例',
    path: ['percent'],
  });
export type SetRolloutRequest = z.input<typeof setRolloutRequestSchema>;

/** Administrator overrides on top of the manifest's access: they only ever hide, never grant. */
export const visibilitySchema = z.object({
  hiddenOrgUnitCodes: z.array(z.string()),
  hiddenPostCodes: z.array(z.string()),
});
export type Visibility = z.infer<typeof visibilitySchema>;
export const setVisibilityRequestSchema = z.strictObject({
  hiddenOrgUnitCodes: z.array(z.string().regex(/^\d{5,11}$/, '单位编码应为 5 到 11 位数字')).max(200).default([]),
  hiddenPostCodes: z.array(z.string().min(1).max(32)).max(50).default([]),
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
  q: z.string().trim().max(64).optional(),
  category: z.string().max(32).optional(),
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

/** `POST /versions` takes the bundle as a zip archive (`Content-Type: application/zip`), manifest.json at its root. */
export const publishResponseSchema = z.object({
  created: z.boolean(),
  appId: z.string(),
  version: z.string(),
  digest: z.string(),
  status: versionStatusSchema,
  current: z.boolean(),
  files: z.array(z.object({ path: z.string(), integrity: z.string(), size: z.number().int() })),
});
export type PublishResponse = z.infer<typeof publishResponseSchema>;

export const rejectRequestSchema = z.strictObject({ reason: z.string().trim().min(2, '请填写驳回原因').max(500) });
export const approveRequestSchema = z.strictObject({
  /** Make the approved version current at once (default), or keep it for a rollout. */
  makeCurrent: z.boolean().default(true),
  opinion: z.string().trim().max(500).default(''),
});
export const rollbackRequestSchema = z.strictObject({ version: z.string().min(1, '请选择要回滚到的版本') });

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
  appId: z.string().min(1).max(64),
  widgetId: z.string().min(1).max(64),
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
