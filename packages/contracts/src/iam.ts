import { z } from 'zod';
import { orgUnitFields } from './fields.ts';
import { channelSchema, zoneSchema } from './manifest.ts';
import { text } from './text.ts';
import { pageParams } from './page.ts';

/**
 * The `iam` domain service (v1, `/api/svc/iam/v1/...`): administration of org units, users, post
 * assignments, roles, grants, data scope and the audit log, for the 系统管理 micro-app. Every write is
 * validated, audited and takes effect on the next request (docs/quality.md S6). Issue 3.
 */

/** Service name and major version as the gateway routes them: `/api/svc/iam/v1`. */
export const IAM_SERVICE = { name: 'iam', major: 1 } as const;

export const orgUnitTypeSchema = z.enum(['CITY', 'COUNTY', 'STATION', 'SERVICE_CENTER', 'BUSINESS_HALL']);
export const orgUnitCodeSchema = z.string().regex(/^\d{5,11}$/, '单位编码应为 5 到 11 位数字');

export const orgUnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  type: orgUnitTypeSchema,
  parentCode: z.string().nullable(),
  /** Materialized path, e.g. `/33401/3340101/334010101`. */
  path: z.string(),
  status: z.enum(['active', 'disabled']),
});
export type OrgUnit = z.infer<typeof orgUnitSchema>;

/** 单位名称 as a unit is created or renamed. */
export const orgUnitNameSchema = text({ label: '单位名称' }).trim().min(1, '请输入单位名称').max(64);

export const createOrgUnitRequestSchema = z.strictObject({
  code: orgUnitCodeSchema,
  name: orgUnitNameSchema,
  type: orgUnitTypeSchema,
  parentCode: orgUnitCodeSchema,
});

export const postAssignmentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  postCode: z.string(),
  postName: z.string(),
  ...orgUnitFields(),
  /**
   * Instants (ISO timestamps, ADR 0073): from `validFrom` on, until `validTo` (exclusive: from that minute the
   * assignment no longer counts); null = open-ended. Shown in China time.
   */
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  /** 代岗: holds the post temporarily for someone else. */
  acting: z.boolean(),
  /** 兼岗: a second post beside the primary one. */
  concurrent: z.boolean(),
  primary: z.boolean(),
});
export type PostAssignment = z.infer<typeof postAssignmentSchema>;

/**
 * When a post assignment starts or ends: an ISO timestamp with its offset (`2026-12-31T10:30:00+08:00`), or a
 * calendar date `YYYY-MM-DD`, which means 0:00 of that day in China time (ADR 0073).
 */
const postInstant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/, '时间格式应为 YYYY-MM-DD 或带时区的 ISO 时间')
  .refine((v) => !Number.isNaN(Date.parse(v.length === 10 ? `${v}T00:00:00+08:00` : v)), '时间无效');

/** A post assignment bound as an instant (a date alone: 0:00 China time of that day). */
export function postBoundInstant(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00+08:00` : value);
}

export const assignPostRequestSchema = z
  .strictObject({
    postCode: text({ label: '岗位' }).min(1, '请选择岗位').max(32),
    orgUnitCode: orgUnitCodeSchema,
    validFrom: postInstant.nullable().default(null),
    validTo: postInstant.nullable().default(null),
    acting: z.boolean().default(false),
    concurrent: z.boolean().default(false),
    primary: z.boolean().default(false),
  })
  .refine((v) => !v.validFrom || !v.validTo || postBoundInstant(v.validFrom) < postBoundInstant(v.validTo), { message: '结束日期必须晚于开始日期', path: ['validTo'] });

export const adminUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  ...orgUnitFields(),
  status: z.enum(['active', 'disabled']),
  mustChangePassword: z.boolean(),
  roles: z.array(z.string()),
  posts: z.array(postAssignmentSchema),
  activeSessions: z.number(),
  lastLoginAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminUser = z.infer<typeof adminUserSchema>;

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_.-]{2,31}$/, '用户名为 3 到 32 位小写字母、数字或 _ . -，以字母开头');

/**
 * A new password: at most 128 characters. What else it must be (length, character classes, not common, not
 * the username) is the server's configurable policy (docs/quality.md S13, ADR 0017), told in its 400 message.
 */
export const newPasswordSchema = text({ label: '密码' }).min(1, '请输入新密码').max(128, '密码最多 128 个字符');

export const createUserRequestSchema = z.strictObject({
  username: usernameSchema,
  displayName: text({ label: '姓名' }).trim().min(1, '请输入姓名').max(32),
  orgUnitCode: orgUnitCodeSchema,
  /** The user must change it at first login. */
  initialPassword: newPasswordSchema,
});

export const userListQuerySchema = z.strictObject({
  q: text({ label: '查询内容' }).trim().max(64).default(''),
  orgUnitCode: orgUnitCodeSchema.optional(),
  status: z.enum(['active', 'disabled']).optional(),
  ...pageParams(),
});

export const setUserStatusRequestSchema = z.strictObject({ status: z.enum(['active', 'disabled']) });
export const resetPasswordRequestSchema = z.strictObject({ newPassword: newPasswordSchema });
export const changePasswordRequestSchema = z.strictObject({
  currentPassword: text({ multiline: true }).min(1, '请输入当前密码').max(1024),
  newPassword: newPasswordSchema,
});

export const permissionTypeSchema = z.enum(['APP', 'MENU', 'BUTTON', 'API', 'FIELD']);

/** A node of the grant tree app → menu → button → API, built from the micro-app manifests. */
export const permissionNodeSchema = z.object({
  key: z.string(),
  name: z.string(),
  type: permissionTypeSchema,
  appId: z.string().nullable(),
  parentKey: z.string().nullable(),
  /** Must also hold one of these posts (e.g. df:bill:issue ⇒ DF_CALC). */
  requiredPosts: z.array(z.string()),
  /** null: any zone / channel. */
  zones: z.array(zoneSchema).nullable(),
  channels: z.array(channelSchema).nullable(),
  /** Using this permission also needs these (e.g. a page calling another app's API). */
  dependsOn: z.array(z.string()),
});
export type PermissionNode = z.infer<typeof permissionNodeSchema>;

export const dataScopeTypeSchema = z.enum(['ALL', 'ORG', 'ORG_AND_CHILD', 'CUSTOM_ORGS', 'SELF', 'ASSIGNED', 'MY_TG']);
export type DataScopeType = z.infer<typeof dataScopeTypeSchema>;

export const dataScopeRuleSchema = z.object({
  /** Module whose rows it limits: `cons` (customers), `ticket`, `yk_app`, `rcvbl`, … */
  resourceType: z.string().regex(/^[a-z][a-z_]{1,31}$/, '资源类型格式不正确'),
  scopeType: dataScopeTypeSchema,
  /** CUSTOM_ORGS only: the org units (with their children). */
  orgUnitCodes: z.array(text().max(11)).max(200).default([]),
});
export type DataScopeRule = z.infer<typeof dataScopeRuleSchema>;

export const roleSchema = z.object({
  key: z.string(),
  name: z.string(),
  type: z.enum(['SYSTEM', 'BUSINESS', 'APP_ADMIN']),
  appId: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  permissions: z.array(z.string()),
  dataScopes: z.array(dataScopeRuleSchema),
  /** Posts that confer this role on whoever holds them. */
  conferredByPosts: z.array(z.string()),
});
export type Role = z.infer<typeof roleSchema>;

export const roleKeySchema = z.string().regex(/^[A-Z][A-Z0-9_]{1,47}$/, '角色标识为大写字母、数字和下划线');

export const createRoleRequestSchema = z.strictObject({
  key: roleKeySchema,
  name: text({ label: '角色名称' }).trim().min(1, '请输入角色名称').max(32),
  appId: text().max(64).nullable().default(null),
});

/** Replaces the role's grants as a whole (the admin UI edits the tree and saves it). `version` guards lost updates. */
export const setRoleGrantsRequestSchema = z.strictObject({
  permissions: z.array(text().max(128)).max(2000),
  dataScopes: z.array(dataScopeRuleSchema).max(50),
  conferredByPosts: z.array(text().max(32)).max(50),
});

export const auditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  result: z.enum(['success', 'failure', 'denied']),
  ip: z.string().nullable(),
  zone: zoneSchema.nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.strictObject({
  actor: text().max(64).optional(),
  action: text().max(64).optional(),
  result: z.enum(['success', 'failure', 'denied']).optional(),
  zone: zoneSchema.optional(),
  /** ISO timestamps, inclusive from, exclusive to. */
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  ...pageParams(50, 200),
});

/** Monitoring for administrators: failed logins and 403 bursts per user and per address, with counts. */
export const accessAlertSchema = z.object({
  kind: z.enum(['failed-login', 'forbidden']),
  by: z.enum(['user', 'address']),
  key: z.string(),
  count: z.number(),
  firstAt: z.string(),
  lastAt: z.string(),
});
export type AccessAlert = z.infer<typeof accessAlertSchema>;

export { pageOf } from './page.ts';

/** Switch the session's active post (header post switcher). */
export const switchPostRequestSchema = z.strictObject({
  postCode: text().min(1).max(32),
  orgUnitCode: orgUnitCodeSchema,
});
