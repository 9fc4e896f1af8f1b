import { z } from 'zod';
import { appPathSchema } from './manifest-paths.ts';
import { DISALLOWED_CHARS_MESSAGE, findDisallowedChars } from './text.ts';

/** Micro-app ids are URL path segments and import-map specifiers: lower-case kebab. */
export const appIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, '应用标识只能包含小写字母、数字和连字符，且以字母开头')
  .max(64);

const semverSchema = z
  .string()
  .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, '版本号必须是语义化版本，例如 1.2.0');

/** Permission keys look like `<app>:<resource>:<action>`, e.g. `cust:archive:view`. */
export const permissionKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*){1,3}$/, '权限标识格式应为 模块:资源:动作');

export const channelSchema = z.enum(['workbench', 'mobile', 'kiosk', 'screen', 'customer']);
export type Channel = z.infer<typeof channelSchema>;
export const zoneSchema = z.enum(['intranet', 'internet']);
export type Zone = z.infer<typeof zoneSchema>;

/**
 * The icons the shell draws for an app (its card) and a menu entry (antd icon names). A short list on purpose: each
 * is part of the shell's first paint (docs/quality.md P3). Another name is accepted but shows the default icon;
 * the app store warns the uploader (`ICON_UNKNOWN`).
 */
export const MENU_ICONS = [
  'AppstoreOutlined',
  'AuditOutlined',
  'BarChartOutlined',
  'ContactsOutlined',
  'CustomerServiceOutlined',
  'DashboardOutlined',
  'ExperimentOutlined',
  'FileSearchOutlined',
  'FileTextOutlined',
  'HomeOutlined',
  'IdcardOutlined',
  'ProfileOutlined',
  'SearchOutlined',
  'SettingOutlined',
  'ShopOutlined',
  'SolutionOutlined',
  'TeamOutlined',
  'ThunderboltOutlined',
  'UserOutlined',
] as const;

export const menuSchema = z.strictObject({
  key: z.string().min(1).max(64),
  title: z.string().min(1).max(32),
  /** Absolute shell path, under one of the app's routes; canonical (manifest-paths.ts). */
  path: appPathSchema,
  icon: z.string().max(64).optional(),
  order: z.number().int().default(100),
  parent: z.string().max(64).optional(),
  permission: permissionKeySchema.optional(),
  /**
   * The channels whose menus show this entry (default: all of the app's). A desk's page (来电受理, 受理登记) stays
   * off the phone's bar while the app's field pages are on it; the route itself still opens (ADR 0115).
   */
  channels: z.array(channelSchema).min(1).optional(),
});
export type MenuEntry = z.infer<typeof menuSchema>;

/** Whether `menu` shows in the menus of `channel` (its own channels, else every channel of its app). */
export function menuOnChannel(menu: Pick<MenuEntry, 'channels'>, channel: Channel): boolean {
  return menu.channels === undefined || menu.channels.includes(channel);
}

export const widgetSchema = z.strictObject({
  id: z.string().min(1).max(64),
  title: z.string().min(1).max(32),
  permission: permissionKeySchema.optional(),
  size: z.enum(['small', 'medium', 'large']).default('medium'),
});
export type WidgetEntry = z.infer<typeof widgetSchema>;

/** Part ids (界面部件, ADR 0030) name one exposed part within its app: lower-case kebab, like app ids. */
export const partIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/, '部件标识只能包含小写字母、数字和连字符，且以字母开头')
  .max(64);

/**
 * The props contract of an exposed part: a JSON Schema of an object (draft 2020-12 subset; apps derive it from
 * their zod schema with `z.toJSONSchema`). The registry compares these at publish time (ADR 0030).
 */
export const partPropsSchema = z.looseObject({
  type: z.literal('object', { error: '部件的 props 必须是 type 为 object 的 JSON Schema' }),
  properties: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  required: z.array(z.string()).optional(),
  additionalProperties: z.union([z.boolean(), z.record(z.string(), z.unknown())]).optional(),
});
export type PartPropsSchema = z.infer<typeof partPropsSchema>;

/** One UI part the app exposes for other apps to assemble (manifest `exposes`, ADR 0030). */
export const exposedPartSchema = z.strictObject({
  id: partIdSchema,
  title: z.string().min(1).max(32),
  description: z.string().max(200).optional(),
  props: partPropsSchema,
  /** Who may see the part; the consumer's viewers without it get a placeholder and no provider code. */
  permission: permissionKeySchema.optional(),
  channels: z.array(channelSchema).min(1).default(['workbench']),
  /** Contract major version: a change that breaks consumers' props needs a new major. */
  major: z.number().int().min(1).max(999),
});
export type ExposedPart = z.infer<typeof exposedPartSchema>;

/** One part of another app this app assembles (manifest `uses`): checked at publish time (ADR 0030). */
export const usedPartSchema = z.strictObject({
  app: appIdSchema,
  part: partIdSchema,
  major: z.number().int().min(1).max(999),
  /**
   * An optional use (a slot the consumer shows with its own placeholder while no provider exposes the part) is
   * not required at publish time, so two apps may use each other's parts without a publishing deadlock (ADR 0039).
   */
  optional: z.boolean().optional(),
});
export type UsedPart = z.infer<typeof usedPartSchema>;

export const manifestSchema = z.strictObject({
  id: appIdSchema,
  name: z.string().min(1).max(32),
  version: semverSchema,
  /** Entry module file, relative to the bundle root. Filled in by the build. */
  entry: z.string().regex(/^[\w./-]+\.js$/, '入口文件必须是 .js 模块'),
  description: z.string().max(500).default(''),
  /** What changed in this version, shown in the app store's version list. */
  changelog: z.string().max(2000).default(''),
  icon: z.string().max(64).optional(),
  category: z.string().max(32).default('业务应用'),
  owner: z.string().max(64).default(''),
  /** Canonical path prefixes under `/app/<id>` (manifest-paths.ts; the registry checks the `<id>`). */
  routes: z.array(appPathSchema).min(1),
  menus: z.array(menuSchema).default([]),
  widgets: z.array(widgetSchema).default([]),
  /** UI parts (界面部件) other apps may assemble; the entry module exports `parts[id]` (ADR 0030). */
  exposes: z.array(exposedPartSchema).default([]),
  /** Parts of other apps this app assembles, with the contract major it was built against (ADR 0030). */
  uses: z.array(usedPartSchema).default([]),
  /**
   * Who may load the app at all. Kinds combine with AND; within a kind: `permissions` all of them,
   * `anyPermissions` at least one of them, `roles` one of them, `posts` one of them. An absent or empty
   * list sets no condition of its kind; with no condition at all (no `access`, or `{}`) the app is closed:
   * only administrators (`*`) load it (issue 11 item 5, ADR 0023, `hasAccessRule`).
   */
  access: z
    .strictObject({
      permissions: z.array(permissionKeySchema).optional(),
      /** At least one of these (an empty any-of could never be met, so it is refused rather than ignored). */
      anyPermissions: z
        .array(permissionKeySchema, { error: '“任一权限”应为权限标识列表' })
        .min(1, '“任一权限”至少列出一个权限；不限制时请省略 anyPermissions')
        .optional(),
      roles: z.array(z.string()).optional(),
      posts: z.array(z.string()).optional(),
    })
    .default({}),
  /** Permissions the app declares (menus, buttons, APIs) so that administrators can grant them. */
  permissions: z
    .array(
      z.strictObject({
        key: permissionKeySchema,
        name: z.string().min(1).max(64),
        type: z.enum(['APP', 'MENU', 'BUTTON', 'API', 'FIELD']),
      }),
    )
    .default([]),
  /**
   * Roles the app declares for itself (per-app roles): each bundles some of the app's own permissions, so
   * administrators can grant the app as a whole. Role keys are upper-case (`SECRET_TOOL_USER`).
   */
  roles: z
    .array(
      z.strictObject({
        key: z.string().regex(/^[A-Z][A-Z0-9_]{1,47}$/, '角色标识为大写字母、数字和下划线'),
        name: z.string().min(1).max(32),
        permissions: z.array(permissionKeySchema).min(1),
      }),
    )
    .default([]),
  channels: z.array(channelSchema).min(1).default(['workbench']),
  zones: z.array(zoneSchema).min(1).default(['intranet']),
  services: z
    .array(z.strictObject({ name: z.string().regex(/^[a-z][a-z0-9-]*$/), version: z.string() }))
    .default([]),
  workflows: z
    .array(z.strictObject({ processKey: z.string(), nodes: z.record(z.string(), z.string()) }))
    .default([]),
  /** Shared-dependency ranges the bundle was built against. */
  shared: z.record(z.string(), z.string()).default({}),
  /**
   * The bundle's stylesheets (every `.css` file): the shell loads them with integrity when the app mounts and
   * removes them when it unmounts. `scope: "app"` rewrites their selectors at upload to apply only under the
   * app's root element (`html`, `body`, `:root` become the root; style isolation), `"global"` (default) keeps
   * them as written (ADR 0041).
   */
  styles: z.strictObject({ scope: z.enum(['global', 'app']).default('global') }).optional(),
}).superRefine((m, ctx) => {
  // No NUL, lone surrogate or stray control character in any text of the manifest (ADR 0019).
  const bad = findDisallowedChars(m);
  if (bad) ctx.addIssue({ code: 'custom', path: bad, message: DISALLOWED_CHARS_MESSAGE });
  refineParts(m, ctx);
  // A menu entry shows on some of the app's channels, never on one the app is not offered on.
  m.menus.forEach((menu, i) =>
    (menu.channels ?? []).forEach((channel, j) => {
      if (!m.channels.includes(channel)) ctx.addIssue({ code: 'custom', path: ['menus', i, 'channels', j], message: `菜单 ${menu.key} 的渠道 ${channel} 不在应用的 channels 中` });
    }),
  );
  // A per-app role may only bundle permissions the app itself declares.
  const declared = new Set(m.permissions.map((p) => p.key));
  m.roles.forEach((role, i) =>
    role.permissions.forEach((key, j) => {
      if (!declared.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['roles', i, 'permissions', j], message: `角色 ${role.key} 引用了应用未声明的权限 ${key}` });
      }
    }),
  );
});
export type Manifest = z.infer<typeof manifestSchema>;

/** Exposed part ids are unique, required props are declared, and an app uses each part once, never its own. */
function refineParts(m: { id: string; exposes: ExposedPart[]; uses: UsedPart[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  m.exposes.forEach((part, i) => {
    if (seen.has(part.id)) ctx.addIssue({ code: 'custom', path: ['exposes', i, 'id'], message: `部件 ${part.id} 重复声明` });
    seen.add(part.id);
    const declared = new Set(Object.keys(part.props.properties ?? {}));
    for (const key of part.props.required ?? []) {
      if (!declared.has(key)) ctx.addIssue({ code: 'custom', path: ['exposes', i, 'props', 'required'], message: `部件 ${part.id} 的必填属性 ${key} 未在 properties 中声明` });
    }
  });
  const used = new Set<string>();
  m.uses.forEach((use, i) => {
    const key = `${use.app}/${use.part}`;
    if (use.app === m.id) ctx.addIssue({ code: 'custom', path: ['uses', i, 'app'], message: `应用不能通过 uses 使用自己的部件 ${key}` });
    if (used.has(key)) ctx.addIssue({ code: 'custom', path: ['uses', i], message: `部件 ${key} 重复声明` });
    used.add(key);
  });
}
export type ManifestInput = z.input<typeof manifestSchema>;

/** Who may load an app (the manifest's `access`), as far as `hasAccessRule` reads it. */
export interface ManifestAccess {
  permissions?: readonly string[] | undefined;
  anyPermissions?: readonly string[] | undefined;
  roles?: readonly string[] | undefined;
  posts?: readonly string[] | undefined;
}

/**
 * Whether `access` names anyone at all. Without a rule an app is closed by default: only administrators
 * (the `*` grant) load it, never every signed-in user (issue 11 item 5, ADR 0023).
 */
export function hasAccessRule(access: ManifestAccess): boolean {
  const { permissions = [], anyPermissions = [], roles = [], posts = [] } = access;
  return permissions.length + anyPermissions.length + roles.length + posts.length > 0;
}

/**
 * Module format of a micro-app's entry, detected at upload (issue 11 items 1–2): an ES module, or a
 * SystemJS `System.register` module (how most single-spa apps in the wild are built).
 */
export const moduleFormatSchema = z.enum(['esm', 'systemjs']);
export type ModuleFormat = z.infer<typeof moduleFormatSchema>;
