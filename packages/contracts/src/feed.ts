import { z } from 'zod';
import { orgUnitFields } from './fields.ts';
import { channelSchema, menuSchema, moduleFormatSchema, widgetSchema, zoneSchema } from './manifest.ts';
import { feedPartSchema } from './parts.ts';

export const importMapSchema = z.object({
  imports: z.record(z.string(), z.string()),
  /** URL → `sha384-...`; Chromium refuses a module whose bytes do not match. */
  integrity: z.record(z.string(), z.string()),
});
export type ImportMap = z.infer<typeof importMapSchema>;

export const postRefSchema = z.object({
  code: z.string(),
  name: z.string(),
  ...orgUnitFields(),
});
export type PostRef = z.infer<typeof postRefSchema>;

export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  ...orgUnitFields(),
  roles: z.array(z.string()),
  posts: z.array(postRefSchema),
  activePost: postRefSchema.nullable(),
  /** Effective permission keys; the shell only uses them to hide things, the server decides. */
  permissions: z.array(z.string()),
  /** Set for accounts an administrator created or reset: every API but password change refuses until done. */
  mustChangePassword: z.boolean().default(false),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/**
 * 掌上电力's visitor (ADR 0045): on the customer channel (`/c/`) the shell runs the channel's apps for this session,
 * which holds no post, role or grant; the app signs the customer in with its own realm (phone + code).
 */
export const CUSTOMER_VISITOR: SessionUser = {
  id: 'customer',
  username: 'customer',
  displayName: '客户',
  orgUnitCode: '',
  orgUnitName: '',
  roles: [],
  posts: [],
  activePost: null,
  permissions: [],
  mustChangePassword: false,
};

export const feedAppSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.string(),
  /** Import-map specifier of the entry module, e.g. `@wb-app/customer-archive`. */
  specifier: z.string(),
  routes: z.array(z.string()),
  icon: z.string().optional(),
  category: z.string(),
  description: z.string(),
  /** Declared backend services the app may call: service name → gateway base URL (`/api/svc/<name>/v<major>`). */
  services: z.record(z.string(), z.string()).default({}),
  /** Workflow nodes the app serves (manifest `workflows`): the inbox opens a task at `nodes[nodeKey]`. */
  workflows: z.array(z.object({ processKey: z.string(), nodes: z.record(z.string(), z.string()) })).default([]),
  /** False when the user removed the app from their own menu (应用市场): no menus, no home card; routes still work. */
  inMenu: z.boolean().default(true),
  /** Module format of the entry; absent: `esm`. `systemjs` entries are loaded through SystemJS (ADR 0040). */
  format: moduleFormatSchema.optional(),
  /** The version's stylesheets, loaded on mount and removed on unmount (ADR 0041); absent: none. */
  styles: z.array(z.object({ href: z.string(), integrity: z.string() })).optional(),
});
export type FeedApp = z.infer<typeof feedAppSchema>;

export const feedMenuSchema = menuSchema.extend({ appId: z.string() });
export type FeedMenu = z.infer<typeof feedMenuSchema>;
export const feedWidgetSchema = widgetSchema.extend({ appId: z.string() });
export type FeedWidget = z.infer<typeof feedWidgetSchema>;

/** What `GET /api/registry/feed` returns and the shell HTML inlines. */
export const feedSchema = z.object({
  user: sessionUserSchema.nullable(),
  channel: channelSchema,
  zone: zoneSchema,
  importMap: importMapSchema,
  apps: z.array(feedAppSchema),
  menus: z.array(feedMenuSchema),
  widgets: z.array(feedWidgetSchema),
  /** UI parts (ADR 0030) the user's apps may assemble: what the shell's placeholder and permission check read. */
  parts: z.array(feedPartSchema).default([]),
  /**
   * Development mode only, for holders of `store:dev:override`: the shell may map specifiers to a local dev
   * server (import-map-overrides). Never true in production mode.
   */
  devOverrides: z.boolean().default(false),
  /**
   * Apps the user may use on another staff channel of this zone but not on this one (e.g. 客户档案 on /m/):
   * their routes say 该页面未在此渠道提供 instead of 403. Absent when there are none.
   */
  elsewhere: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});
export type Feed = z.infer<typeof feedSchema>;
