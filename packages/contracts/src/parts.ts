import { z } from 'zod';
import { consNoSchema } from './customer.ts';
import { channelSchema, partIdSchema, permissionKeySchema } from './manifest.ts';

/**
 * 界面部件 (UI parts, ADR 0030): what the contracts say about parts beyond the manifest entries
 * (`exposes`/`uses` in manifest.ts): the props of parts whose consumers want types, the feed entry, and the
 * app store's catalogue.
 */

/** `<app>/<part>`: how messages, logs and the catalogue name one part. */
export const partKey = (app: string, part: string): string => `${app}/${part}`;

/**
 * Props of known parts, by `partKey`, for typed `<AppPart>` use and for the provider's runtime check
 * (`createReactPart(..., { schema })`). The manifest's JSON Schema is derived from these
 * (`z.toJSONSchema`; a test in the provider keeps the two equal).
 */
export const knownPartProps = {
  /** 客户档案 · 客户360: the customer's account, meters and the slots other apps fill. */
  'customer-archive/customer-360': z.strictObject({ consNo: consNoSchema }),
  /** 客户档案 · 客户卡片: a compact card of one customer. */
  'customer-archive/customer-card': z.strictObject({ consNo: consNoSchema }),
  /** 客服工单 · 工单历史: one customer's 95598 tickets with their 催办 counts (a 客户360 slot, ADR 0039). */
  'service-tickets/customer-tickets': z.strictObject({ consNo: consNoSchema }),
  /** 客服工单 · 停电信息: outages covering the customer's 台区 (a 客户360 slot, ADR 0039). */
  'service-tickets/customer-outages': z.strictObject({ consNo: consNoSchema }),
  /** 业扩报装 · 业扩申请: one customer's applications, each linking into 业扩报装 (a 客户360 slot, ADR 0039). */
  'new-connection/customer-applications': z.strictObject({ consNo: consNoSchema }),
} as const;
export type KnownPartKey = keyof typeof knownPartProps;

/**
 * The JSON Schema a provider's manifest declares for a known part (`exposes[].props`), derived from its zod
 * schema; a provider's test asserts its manifest equals this, so the two never drift.
 */
export function knownPartJsonSchema(key: KnownPartKey): Record<string, unknown> {
  const { $schema: _dialect, ...schema } = z.toJSONSchema(knownPartProps[key]) as Record<string, unknown>;
  return schema;
}
export type KnownPartProps<K extends KnownPartKey> = z.infer<(typeof knownPartProps)[K]>;

/**
 * One part in a user's feed: the parts of the apps they may load, and the parts their apps use from apps they
 * may not load (`loadable: false`, so that the shell can name the part in its placeholder without the provider
 * being in the import map).
 */
export const feedPartSchema = z.object({
  appId: z.string(),
  id: partIdSchema,
  title: z.string(),
  permission: permissionKeySchema.optional(),
  channels: z.array(channelSchema),
  major: z.number().int(),
  loadable: z.boolean(),
});
export type FeedPart = z.infer<typeof feedPartSchema>;

/** One consumer of a part in the app store's catalogue. */
export const partConsumerSchema = z.object({
  appId: z.string(),
  appName: z.string(),
  version: z.string(),
  major: z.number().int(),
  /** Whether the provider's current version exposes the part in that major. */
  satisfied: z.boolean(),
});

/** `GET /api/svc/appstore/v1/parts`: every part the current versions expose, with who uses which major. */
export const partCatalogueEntrySchema = z.object({
  appId: z.string(),
  appName: z.string(),
  version: z.string(),
  id: z.string(),
  title: z.string(),
  description: z.string().optional(),
  permission: z.string().optional(),
  channels: z.array(z.string()),
  major: z.number().int(),
  consumers: z.array(partConsumerSchema),
});
export type PartCatalogueEntry = z.infer<typeof partCatalogueEntrySchema>;

export const partCatalogueSchema = z.object({
  parts: z.array(partCatalogueEntrySchema),
  /** Uses whose provider part does not exist (any more) in a compatible major. */
  unresolved: z.array(z.object({ appId: z.string(), appName: z.string(), version: z.string(), app: z.string(), part: z.string(), major: z.number().int() })),
  /** Edges of the dependency graph of apps through parts: consumer → provider. */
  edges: z.array(z.object({ from: z.string(), to: z.string(), parts: z.array(z.string()) })),
});
export type PartCatalogue = z.infer<typeof partCatalogueSchema>;

/** `GET /api/svc/appstore/v1/parts/impact?app=&version=`: consumers that would break if `version` became current. */
export const partImpactSchema = z.object({
  appId: z.string(),
  version: z.string(),
  breaks: z.array(z.object({ consumer: z.string(), consumerName: z.string(), part: z.string(), major: z.number().int(), reason: z.string() })),
});
export type PartImpact = z.infer<typeof partImpactSchema>;
