import { z } from 'zod';
import { orgUnitFields } from './fields.ts';
import { newPasswordSchema, orgUnitCodeSchema, orgUnitNameSchema, orgUnitSchema, orgUnitTypeSchema, userListQuerySchema, usernameSchema } from './iam.ts';
import { intParam, text } from './text.ts';

/**
 * 系统管理 for a rollout (issue 20, ADR 0058): bulk onboarding, org-tree administration, user filters and bulk
 * actions, effective permissions, expiring post assignments. Its own entry (`@wb/contracts/iam-admin`), used by
 * the 系统管理 app and the iam service only, so that the shell's first paint does not carry it (docs/quality.md P3).
 */

/** 单位类型 as 系统管理 shows them and the onboarding template spells them. */
export const ORG_TYPE_LABELS: Readonly<Record<z.infer<typeof orgUnitTypeSchema>, string>> = {
  CITY: '市供电公司',
  COUNTY: '县供电公司',
  STATION: '供电所',
  SERVICE_CENTER: '客户服务中心',
  BUSINESS_HALL: '营业厅',
};

// ---- Bulk onboarding (issue 20, ADR 0058) ----

/** The sheets of the onboarding template, in the order they are imported. */
export const IMPORT_SHEETS = { orgUnits: '单位', users: '用户', posts: '岗位任职' } as const;

/**
 * How a cell of the template reads (an exceljs cell value: the service's import and the iam mock read workbooks with
 * exceljs): trimmed text; rich text, hyperlinks and formula results flattened; a date as YYYY-MM-DD, or
 * YYYY-MM-DD HH:mm when it holds a time of day (Excel keeps wall-clock values, read as China time); an error as ''.
 */
export function importCellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.slice(11, 16) === '00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return value.richText.map((r: { text?: unknown }) => String(r.text ?? '')).join('').trim();
    if ('text' in value && typeof value.text === 'string') return value.text.trim();
    if ('result' in value) return importCellText(value.result);
    return '';
  }
  return String(value).trim();
}

type OrgUnitType = z.infer<typeof orgUnitTypeSchema>;
const ORG_TYPE_BY_TEXT = new Map<string, OrgUnitType>([
  ...(Object.entries(ORG_TYPE_LABELS) as Array<[OrgUnitType, string]>).flatMap(([type, label]): Array<[string, OrgUnitType]> => [
    [label, type],
    [type, type],
  ]),
  // Short forms a clerk writes.
  ['市公司', 'CITY'],
  ['县公司', 'COUNTY'],
  ['客服中心', 'SERVICE_CENTER'],
]);

/** The 单位类型 a template line names: its label (供电所), a clerk's short form (县公司) or the code (STATION). */
export const importOrgType = (value: string): OrgUnitType | undefined => ORG_TYPE_BY_TEXT.get(value);

const nameCell = (label: string, max: number) => text({ label }).min(1, `请填写${label}`).max(max, `${label}最多 ${max} 个字`);
const firstIssue = (result: { success: boolean; error?: { issues: ReadonlyArray<{ message: string }> } }): string | null =>
  result.success ? null : (result.error?.issues[0]?.message ?? '格式不正确');

/** The first problem of a 单位 line's own cells (code, name, type, parent given), or null; the data decides the rest. */
export function orgUnitLineIssue(line: { code: string; name: string; type: string; parentCode: string }): string | null {
  return (
    firstIssue(orgUnitCodeSchema.safeParse(line.code)) ??
    firstIssue(nameCell('单位名称', 64).safeParse(line.name)) ??
    (importOrgType(line.type) ? null : `单位类型“${line.type}”不正确，应为：${Object.values(ORG_TYPE_LABELS).join('、')}`) ??
    (line.parentCode ? null : '请填写上级单位编码')
  );
}

/** The first problem of a 用户 line's own cells (username, name), or null. */
export function userLineIssue(line: { username: string; displayName: string }): string | null {
  return firstIssue(usernameSchema.safeParse(line.username)) ?? firstIssue(nameCell('姓名', 32).safeParse(line.displayName));
}

const DATE_CELL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}))?$/;

/**
 * A 岗位任职 line's date as an instant (ISO, ADR 0073), in China time (UTC+8, no daylight saving): `YYYY-MM-DD HH:mm`
 * is that minute; a date alone starts the assignment at 0:00 of that day, or ends it at 23:59:59 of that day.
 * Null for text that is no such date (31/12/2026, 2026-02-30, 2026-13-01, 24:00).
 */
export function postLineInstant(value: string, end: boolean): string | null {
  const m = DATE_CELL.exec(value);
  if (!m) return null;
  const [, year, month, date, hh, mm] = m;
  const day = `${year}-${month}-${date}`;
  const midnight = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(midnight.getTime()) || midnight.toISOString().slice(0, 10) !== day) return null;
  if (hh !== undefined && (Number(hh) > 23 || Number(mm) > 59)) return null;
  const time = hh !== undefined ? `${hh}:${mm}:00` : end ? '23:59:59' : '00:00:00';
  return new Date(`${day}T${time}+08:00`).toISOString();
}

/**
 * An onboarding workbook (the template filled in), base64 in JSON, with the initial password every new user
 * of the batch gets (they must change it at first login). At most ~7.5 MB of xlsx.
 */
export const importRequestSchema = z.strictObject({
  fileName: text({ label: '文件名' }).trim().min(1, '请选择文件').max(128),
  content: z
    .string()
    .min(1, '文件为空')
    .max(10_000_000, '文件过大（最大约 7 MB）')
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, '文件内容格式不正确'),
  initialPassword: newPasswordSchema,
});

/** One refused line of the workbook: sheet, 1-based row number as Excel shows it, and why (Chinese). */
export const importIssueSchema = z.object({ sheet: z.string(), row: z.number(), message: z.string() });
export type ImportIssue = z.infer<typeof importIssueSchema>;

export const importJobSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['running', 'succeeded', 'failed']),
  /** read: opening the workbook; check: validating every line; write: the one transaction. */
  phase: z.enum(['read', 'check', 'write', 'done']),
  /** Lines of the workbook (all sheets) and how many the current phase has gone through. */
  total: z.number(),
  done: z.number(),
  counts: z.object({ orgUnits: z.number(), users: z.number(), posts: z.number() }),
  /** All-or-nothing: a failed import wrote nothing; these are its lines (at most 500). */
  issues: z.array(importIssueSchema),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  elapsedMs: z.number(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

/** A job as it starts: running, reading the workbook, nothing counted yet. */
export function startedImportJob(id: string, fileName: string, startedAt: Date): ImportJob {
  return { id, fileName, status: 'running', phase: 'read', total: 0, done: 0, counts: { orgUnits: 0, users: 0, posts: 0 }, issues: [], startedAt: startedAt.toISOString(), finishedAt: null, elapsedMs: 0 };
}

// ---- Org tree administration (issue 20) ----

export const updateOrgUnitRequestSchema = z.strictObject({
  name: orgUnitNameSchema,
  type: orgUnitTypeSchema,
});

/** Moves the unit with its subtree under `parentCode`: its people's data scope and its rows' paths follow. */
export const moveOrgUnitRequestSchema = z.strictObject({ parentCode: orgUnitCodeSchema });

export const setOrgUnitStatusRequestSchema = z.strictObject({ status: z.enum(['active', 'disabled']) });

/**
 * Merges the unit into `intoCode`: its people, posts and grant domains go to the target, the unit (with its
 * subtree and rows) moves under the target and is disabled, so the target's scope covers all of it.
 */
export const mergeOrgUnitRequestSchema = z.strictObject({ intoCode: orgUnitCodeSchema });

export const orgUnitChangeSchema = z.object({
  unit: orgUnitSchema,
  /** Org units whose path changed (the unit and its subtree), people moved (merge). */
  movedUnits: z.number(),
  movedUsers: z.number(),
});
export type OrgUnitChange = z.infer<typeof orgUnitChangeSchema>;

/** An assignment that ends within the asked window (upcoming expiries, issue 20). */
export const expiringAssignmentSchema = z.object({
  id: z.string(),
  userId: z.string(),
  username: z.string(),
  displayName: z.string(),
  postCode: z.string(),
  postName: z.string(),
  ...orgUnitFields(),
  /** The day of the end in China time (YYYY-MM-DD); `endsAt` is the exact moment (ADR 0073). */
  validTo: z.string(),
  /** The exact moment it ends (ISO timestamp). */
  endsAt: z.string(),
});
export type ExpiringAssignment = z.infer<typeof expiringAssignmentSchema>;

export const expiringQuerySchema = z.strictObject({ days: intParam(1, 365, '天数').default(30) });

// ---- Users: filters, bulk actions, effective permissions (issue 20) ----

export const adminUserListQuerySchema = userListQuerySchema.extend({
  /** Holds this post (now valid), in any unit. */
  postCode: text({ label: '岗位' }).max(32).optional(),
  /** Holds this role, directly or through a valid post. */
  roleKey: text({ label: '角色' }).max(48).optional(),
  /** Last login: `never`, or not within / within the last N days (`idle:30`, `active:7`). */
  lastLogin: z.string().regex(/^(never|idle:\d{1,4}|active:\d{1,4})$/, '最近登录条件不正确').optional(),
});

export const bulkUsersRequestSchema = z.strictObject({
  ids: z.array(z.string().uuid('用户标识不正确')).min(1, '请选择用户').max(500, '一次最多 500 名用户'),
});

export const bulkStatusRequestSchema = bulkUsersRequestSchema.extend({ status: z.enum(['active', 'disabled']) });

export const bulkResultSchema = z.object({ changed: z.number(), skipped: z.array(z.object({ username: z.string(), reason: z.string() })) });

/** Where a role of the user comes from. */
export const roleSourceSchema = z.object({
  role: z.string(),
  roleName: z.string(),
  /** direct: granted to the user; post: conferred by the active post. */
  source: z.enum(['direct', 'post']),
  postCode: z.string().nullable(),
  expiresAt: z.string().nullable(),
});

export const permissionExplanationSchema = z.object({
  key: z.string(),
  name: z.string(),
  /** The roles that grant it (directly in role_permission) or, when empty, the permission it is a dependency of. */
  grantedBy: z.array(z.string()),
  dependencyOf: z.array(z.string()),
  /** Why it does not count (e.g. needs a post the user is not working in); null when it does. */
  droppedBecause: z.string().nullable(),
  zones: z.array(z.string()).nullable(),
});

export const effectivePermissionsSchema = z.object({
  username: z.string(),
  activePost: z.object({ code: z.string(), name: z.string(), orgUnitCode: z.string(), orgUnitName: z.string() }).nullable(),
  roles: z.array(roleSourceSchema),
  permissions: z.array(permissionExplanationSchema),
  /** What the user may use (intranet, workbench): `['*']` for a platform administrator. */
  effective: z.array(z.string()),
  dataScopes: z.array(z.object({ resourceType: z.string(), role: z.string(), scopeType: z.string(), orgUnits: z.array(z.string()) })),
});
export type EffectivePermissions = z.infer<typeof effectivePermissionsSchema>;
