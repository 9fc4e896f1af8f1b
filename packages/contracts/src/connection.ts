import { z } from 'zod';
import { orgUnitFields } from './fields.ts';
import { text } from './text.ts';
import { pageOf, pageParams } from './page.ts';
import { historyEntrySchema, slaStateSchema, taskSchema } from './workflow.ts';

/**
 * The `connection` domain service (v1, `/api/svc/connection/v1/...`): 业扩报装 (new-connection applications,
 * issue 5, docs/glossary.md, docs/glossary.md (业扩报装)). Every write is a domain operation on one application
 * (`POST /applications/{no}/survey:complete`) that records its step data and completes the workflow task of that
 * node in one transaction.
 *
 * Permissions: `yk:apply:view` (read), `yk:apply:accept` (受理登记), `yk:apply:handle` (the steps),
 * `yk:board:view` (在途看板). Data scope: resource type `yk_apply` on the application's org path.
 */

export const CONNECTION_SERVICE = { name: 'connection', major: 1 } as const;
export { YK_ACCEPT, YK_BOARD, YK_HANDLE, YK_VIEW } from './permissions.ts';
export const YK_RESOURCE_TYPE = 'yk_apply';

/** 证件类型 of 一证受理. */
export const CERT_TYPES = { ID_CARD: '居民身份证', USCC: '统一社会信用代码' } as const;
export type CertType = keyof typeof CERT_TYPES;

/** 用户分类 as the application form asks it (the customer archive's `category`). */
export const CONNECTION_CATEGORIES = ['低压居民', '低压非居民', '高压'] as const;
export type ConnectionCategory = (typeof CONNECTION_CATEGORIES)[number];

/** The four process variants; keys are the BPMN process keys. `limitWd`: end-to-end limit in working days. */
export const CONNECTION_VARIANTS = {
  'yk-lv-resident': { name: '低压居民', limitWd: 5 },
  'yk-lv-nonresident': { name: '低压非居民', limitWd: 6 },
  'yk-hv-single': { name: '高压单电源', limitWd: 22 },
  'yk-hv-dual': { name: '高压双电源', limitWd: 32 },
} as const;
export type ConnectionVariant = keyof typeof CONNECTION_VARIANTS;
export const connectionVariantSchema = z.enum(['yk-lv-resident', 'yk-lv-nonresident', 'yk-hv-single', 'yk-hv-dual']);

/** Node keys of the processes, in process order, with their 环节 names. High-voltage checks only in yk-hv-*. */
export const CONNECTION_NODES = {
  accept: '受理登记',
  survey: '现场勘查',
  scheme: '供电方案',
  approve: '方案审批',
  reply: '方案答复',
  'design-review': '设计审查',
  'mid-check': '中间检查',
  'completion-check': '竣工检验',
  contract: '合同签订',
  install: '装表接电',
  archive: '资料归档',
  revisit: '客户回访',
} as const;
export type ConnectionNode = keyof typeof CONNECTION_NODES;
export const connectionNodeSchema = z.enum(Object.keys(CONNECTION_NODES) as [ConnectionNode, ...ConnectionNode[]]);
export const HV_CHECK_NODES = ['design-review', 'mid-check', 'completion-check'] as const;

/** The nodes a variant passes through, in order. */
export function variantNodes(variant: ConnectionVariant): ConnectionNode[] {
  const head: ConnectionNode[] = ['accept', 'survey', 'scheme', 'approve', 'reply'];
  const tail: ConnectionNode[] = ['contract', 'install', 'archive', 'revisit'];
  return variant.startsWith('yk-hv') ? [...head, ...HV_CHECK_NODES, ...tail] : [...head, ...tail];
}

/** Application status: 在途, 客户原因暂停, 已完成 (after 回访). */
export const APPLICATION_STATUSES = { IN_PROGRESS: '在途', SUSPENDED: '暂停', COMPLETED: '已完成' } as const;
export const applicationStatusSchema = z.enum(['IN_PROGRESS', 'SUSPENDED', 'COMPLETED']);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

/** 申请容量 range per 用户分类: kW for low voltage (≤ 160 kW, §C1), kVA for high voltage. */
export const CAPACITY_RANGES: Record<ConnectionCategory, { min: number; max: number; unit: 'kW' | 'kVA' }> = {
  低压居民: { min: 1, max: 50, unit: 'kW' },
  低压非居民: { min: 1, max: 160, unit: 'kW' },
  高压: { min: 160, max: 40_000, unit: 'kVA' },
};

/** 电压等级 allowed per 用户分类. */
export const CATEGORY_VOLTAGES: Record<ConnectionCategory, readonly string[]> = {
  低压居民: ['AC00022', 'AC00038'],
  低压非居民: ['AC00022', 'AC00038'],
  高压: ['AC00101', 'AC00351'],
};
/** 用电类别 allowed per 用户分类 (codes of ELEC_TYPES). */
export const CATEGORY_ELEC_TYPES: Record<ConnectionCategory, readonly string[]> = {
  低压居民: ['100'],
  低压非居民: ['200', '400'],
  高压: ['200', '300', '400'],
};

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 居民身份证号码 (GB 11643): 18 characters, 6-digit area, valid birth date, ISO 7064 MOD 11-2 check character. */
export function isValidIdCardNo(value: string): boolean {
  if (!/^\d{17}[\dX]$/.test(value)) return false;
  const y = Number(value.slice(6, 10));
  const m = Number(value.slice(10, 12));
  const d = Number(value.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(value[i]), 0);
  return ID_CHECK[sum % 11] === value[17];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** 统一社会信用代码 (GB 32100): 18 characters of 0-9 and capitals without I O Z S V, MOD 31 check character. */
export function isValidUscc(value: string): boolean {
  if (value.length !== 18 || [...value].some((c) => !USCC_CHARS.includes(c))) return false;
  const sum = USCC_WEIGHTS.reduce((acc, w, i) => acc + w * USCC_CHARS.indexOf(value[i] as string), 0);
  return USCC_CHARS[(31 - (sum % 31)) % 31] === value[17];
}

export const mobileSchema = z.string('请填写联系电话').trim().regex(/^1[3-9]\d{9}$/, '手机号码应为 11 位数字');
/** 申请编号: YK + yyyymmdd + 5 digits. */
export const applicationNoSchema = z.string().regex(/^YK\d{13}$/, '申请编号格式不正确');
/** 电能表资产编号 as the archive keeps them: 13 digits starting with 33. */
export const meterAssetNoSchema = z.string('请填写电能表资产编号').trim().regex(/^33\d{11}$/, '电能表资产编号应为 33 开头的 13 位数字');

/** A required field with its label in every message; `multiline` for free text (意见, 方案). */
const field = (label: string, max: number, multiline = false): z.ZodString =>
  text({ error: `请填写${label}`, label, multiline }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字符`);
const opinion = text({ label: '意见', multiline: true }).trim().max(500, '意见不能超过 500 个字符').default('');
const isoDate = z.string('请选择日期').regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

/** 受理登记 (一证受理). Cross-field rules: certificate checksum, capacity range, voltage and 用电类别 per category. */
export const createApplicationRequestSchema = z
  .strictObject({
    certType: z.enum(['ID_CARD', 'USCC'], '请选择证件类型'),
    certNo: text({ error: '请填写证件号码', label: '证件号码' }).trim().toUpperCase().min(1, '请填写证件号码'),
    consName: field('户名', 64),
    address: field('用电地址', 128).refine((v) => v.length >= 6, '用电地址至少 6 个字'),
    category: z.enum(CONNECTION_CATEGORIES, '请选择用电类别'),
    elecType: text({ error: '请选择用电性质' }).min(1, '请选择用电性质').max(8),
    voltageCode: text({ error: '请选择电压等级' }).min(1, '请选择电压等级').max(16),
    applyCap: z.coerce.number('申请容量应为数字').positive('申请容量应大于 0').max(100_000, '申请容量过大'),
    dualSource: z.boolean().default(false),
    orgUnitCode: z.string('请选择供电单位（供电所）').regex(/^\d{9}$/, '请选择供电单位（供电所）'),
    contactName: field('联系人', 32),
    contactMobile: mobileSchema,
  })
  .superRefine(
    (r, ctx) => {
      // Runs also when single fields failed (`when` below), so every problem shows at once: guard the types.
      const certNo = typeof r.certNo === 'string' ? r.certNo : '';
      if (r.certType === 'ID_CARD' && certNo && !isValidIdCardNo(certNo)) {
        ctx.addIssue({ code: 'custom', path: ['certNo'], message: '身份证号码应为 18 位且校验位正确' });
      }
      if (r.certType === 'USCC' && certNo && !isValidUscc(certNo)) {
        ctx.addIssue({ code: 'custom', path: ['certNo'], message: '统一社会信用代码应为 18 位且校验位正确' });
      }
      if (r.category === '低压居民' && r.certType === 'USCC') {
        ctx.addIssue({ code: 'custom', path: ['certType'], message: '低压居民用电请使用居民身份证受理' });
      }
      if (!CONNECTION_CATEGORIES.includes(r.category)) return;
      const range = CAPACITY_RANGES[r.category];
      if (typeof r.applyCap === 'number' && Number.isFinite(r.applyCap) && (r.applyCap < range.min || r.applyCap > range.max)) {
        ctx.addIssue({ code: 'custom', path: ['applyCap'], message: `${r.category}申请容量应在 ${range.min}–${range.max} ${range.unit} 之间` });
      }
      if (typeof r.voltageCode === 'string' && !CATEGORY_VOLTAGES[r.category].includes(r.voltageCode)) {
        ctx.addIssue({ code: 'custom', path: ['voltageCode'], message: `${r.category}不能选择该电压等级` });
      }
      if (typeof r.elecType === 'string' && !CATEGORY_ELEC_TYPES[r.category].includes(r.elecType)) {
        ctx.addIssue({ code: 'custom', path: ['elecType'], message: `${r.category}不能选择该用电性质` });
      }
      if (r.dualSource === true && r.category !== '高压') {
        ctx.addIssue({ code: 'custom', path: ['dualSource'], message: '只有高压用户可以申请双电源' });
      }
    },
    // zod runs object refinements only on valid input unless `when` says otherwise (zod 4 `when`).
    { when: () => true } as never,
  );
export type CreateApplicationRequest = z.input<typeof createApplicationRequestSchema>;

/** The process variant of an application: 用户分类 × 单/双电源. */
export function variantOf(category: ConnectionCategory, dualSource: boolean): ConnectionVariant {
  if (category === '低压居民') return 'yk-lv-resident';
  if (category === '低压非居民') return 'yk-lv-nonresident';
  return dualSource ? 'yk-hv-dual' : 'yk-hv-single';
}

export const SURVEY_RESULTS = { READY: '具备供电条件', NEEDS_WORK: '需配套电网工程' } as const;
export const surveyCompleteSchema = z.strictObject({
  result: z.enum(['READY', 'NEEDS_WORK'], '请选择勘查结果'),
  /** 台区 for low voltage, 线路 for high voltage (checked against the variant by the service). */
  tgId: text({ label: '台区' }).trim().max(20).optional(),
  lineId: text({ label: '线路' }).trim().max(20).optional(),
  photoNote: text({ label: '现场照片说明', multiline: true }).trim().max(500, '现场照片说明不能超过 500 个字符').default(''),
  opinion: field('勘查意见', 500, true),
});
export const schemeCompleteSchema = z.strictObject({
  /** 供电方案 text: 供电电源, 计量方式, 受电设施. */
  scheme: field('供电方案', 1000, true),
  /**
   * Another 台区 (low voltage) or 线路 (high voltage) than the survey's, checked like the survey's and against the
   * capacity (issue 17: no 退回 just to change it). Absent or the same: the survey's stays.
   */
  tgId: text({ label: '台区' }).trim().max(20).optional(),
  lineId: text({ label: '线路' }).trim().max(20).optional(),
  opinion,
});
export const approveSchemeSchema = z.strictObject({
  outcome: z.enum(['pass', 'reject'], '请选择审批结论'),
  opinion: text({ label: '审批意见', multiline: true }).trim().max(500).default(''),
}).refine((r) => r.outcome === 'pass' || r.opinion.length >= 2, { path: ['opinion'], message: '退回时请填写审批意见' });
export const replyCompleteSchema = z.strictObject({
  replyMethod: z.enum(['短信', '现场', '网上国网'], '请选择答复方式'),
  replyDate: isoDate,
  opinion,
});
export const checkCompleteSchema = z.strictObject({
  checkedOn: isoDate,
  /** 检验意见: required, the checks have no default wording. */
  opinion: field('检查意见', 500, true),
});
export const contractCompleteSchema = z.strictObject({
  contractNo: z.string('请填写合同编号').trim().regex(/^HT\d{8,16}$/, '合同编号应为 HT 加 8–16 位数字'),
  signedOn: isoDate,
  opinion,
});
export const installCompleteSchema = z.strictObject({
  meterAssetNo: meterAssetNoSchema,
  initialReading: z.coerce.number('表计示数应为数字').min(0, '起始示数不能小于 0').max(99_999_999, '起始示数过大'),
  installedOn: isoDate,
  opinion,
});
export const archiveCompleteSchema = z.strictObject({ opinion });
export const SATISFACTION = ['非常满意', '满意', '一般', '不满意'] as const;
export const revisitCompleteSchema = z.strictObject({
  satisfaction: z.enum(SATISFACTION, '请选择满意度'),
  opinion,
});
export const returnApplicationSchema = z.strictObject({
  /** previous: the node before; accept: back to 受理 to fix documents (补正资料). */
  target: z.enum(['previous', 'accept'], '请选择退回到的环节'),
  reason: text({ label: '退回原因', multiline: true }).trim().min(2, '请填写退回原因').max(500),
});
export const suspendApplicationSchema = z.strictObject({ reason: text({ label: '原因', multiline: true }).trim().min(2, '请填写原因').max(500) });

/** 受理 again after a return to 受理 (补正资料): the opinion and the corrected fields, if any. */
export const acceptResubmitSchema = z.strictObject({
  consName: field('户名', 64).optional(),
  address: field('用电地址', 128).optional(),
  contactName: field('联系人', 32).optional(),
  contactMobile: mobileSchema.optional(),
  opinion: field('受理意见', 500, true),
});

/** Body schema of each `…:complete` step, by node key. */
export const STEP_SCHEMAS = {
  survey: surveyCompleteSchema,
  scheme: schemeCompleteSchema,
  approve: approveSchemeSchema,
  reply: replyCompleteSchema,
  'design-review': checkCompleteSchema,
  'mid-check': checkCompleteSchema,
  'completion-check': checkCompleteSchema,
  contract: contractCompleteSchema,
  install: installCompleteSchema,
  archive: archiveCompleteSchema,
  revisit: revisitCompleteSchema,
} as const;
export type StepNode = keyof typeof STEP_SCHEMAS;
export type StepRequest<N extends StepNode> = z.input<(typeof STEP_SCHEMAS)[N]>;

export const applicationListQuerySchema = z.strictObject({
  status: applicationStatusSchema.optional(),
  /** `true`: only applications in flight (在途 or 暂停), what 在途申请 lists; completed ones leave it. */
  openOnly: z.enum(['true', 'false'], '在途筛选只能是 true 或 false').optional(),
  /** Exact 证件号码 (受理登记's duplicate warning: the same certificate already has an application in flight). */
  certNo: z.string('证件号码应为文本').trim().toUpperCase().regex(/^[0-9A-Z]{15,18}$/, '证件号码应为 15–18 位数字或大写字母').optional(),
  node: connectionNodeSchema.optional(),
  variant: connectionVariantSchema.optional(),
  slaState: slaStateSchema.optional(),
  orgUnitCode: z.string().regex(/^\d{5,11}$/, '供电单位编码不正确').optional(),
  q: text({ label: '查询内容' }).trim().max(64, '查询内容不能超过 64 个字符').optional(),
  ...pageParams(),
});
export type ApplicationListQuery = z.input<typeof applicationListQuerySchema>;

export const applicationSummarySchema = z.object({
  appNo: z.string(),
  variant: connectionVariantSchema,
  variantName: z.string(),
  consName: z.string(),
  address: z.string(),
  category: z.enum(CONNECTION_CATEGORIES),
  applyCap: z.number(),
  capUnit: z.enum(['kW', 'kVA']),
  ...orgUnitFields(),
  status: applicationStatusSchema,
  nodeKey: z.string().nullable(),
  nodeName: z.string(),
  /** SLA of the open node (PAUSED while suspended). */
  slaState: slaStateSchema,
  /** Due date of the open node. */
  nodeDueAt: z.string().nullable(),
  /** End-to-end due date. */
  dueAt: z.string().nullable(),
  acceptedAt: z.string(),
  consNo: z.string().nullable(),
  version: z.number().int(),
});
export type ApplicationSummary = z.infer<typeof applicationSummarySchema>;
export const applicationListSchema = pageOf(applicationSummarySchema);
export type ApplicationList = z.infer<typeof applicationListSchema>;

export const applicationDetailSchema = applicationSummarySchema.extend({
  certType: z.enum(['ID_CARD', 'USCC']),
  certNo: z.string(),
  elecType: z.string(),
  voltageCode: z.string(),
  dualSource: z.boolean(),
  contactName: z.string(),
  contactMobile: z.string(),
  tgId: z.string().nullable(),
  lineId: z.string().nullable(),
  suspendedReason: z.string().nullable(),
  createdBy: z.string(),
  /** Step data by node key: the latest record of each node. */
  steps: z.record(z.string(), z.record(z.string(), z.unknown())),
  /**
   * 环节记录: every step record in order, every round (a survey before a 退回 and the one after it). `node` is a
   * node key, or `return:<node>` for a return from that node.
   */
  stepLog: z.array(z.object({ node: z.string(), data: z.record(z.string(), z.unknown()) })).default([]),
  /** The open workflow task (its `id` and `version` drive the step forms). */
  openTask: taskSchema.nullable(),
  history: z.array(historyEntrySchema),
});
export type ApplicationDetail = z.infer<typeof applicationDetailSchema>;

/** 在途看板: counts of open applications by node × SLA state, and the near/over-limit ones. */
export const boardSchema = z.object({
  cells: z.array(z.object({ nodeKey: z.string(), nodeName: z.string(), slaState: slaStateSchema, count: z.number().int() })),
  total: z.number().int(),
  attention: z.array(applicationSummarySchema),
});
export type Board = z.infer<typeof boardSchema>;

export const capacityOptionSchema = z.object({
  id: z.string(),
  name: z.string(),
  orgUnitCode: z.string(),
  capacityKva: z.number(),
  /** 可开放容量 (kVA), see docs/adr/0012-connection-service.md for the rule. */
  openKva: z.number(),
});
export type CapacityOption = z.infer<typeof capacityOptionSchema>;
export const tgQuerySchema = z.strictObject({ orgUnitCode: z.string().regex(/^\d{9}$/, '请选择供电所') });
export const capacityOptionListSchema = z.array(capacityOptionSchema);

/**
 * 重复申请检查 (issue 17): before 受理, the 证件 and 用电地址 of the new application against applications in
 * flight and customers already on file (same 证件 at the same address; a customer without 证件 on file by 户名
 * and address). A warning with links, not a refusal: a second meter at one address is legitimate.
 */
export const duplicateCheckRequestSchema = z.strictObject({
  certNo: text({ error: '请填写证件号码', label: '证件号码' }).trim().toUpperCase().min(1, '请填写证件号码').max(32, '证件号码过长'),
  consName: field('户名', 64),
  address: field('用电地址', 128),
});
export type DuplicateCheckRequest = z.infer<typeof duplicateCheckRequestSchema>;
export const duplicateCheckSchema = z.object({
  /** Applications in flight (受理 to 回访) with the same 证件 and address. */
  applications: z.array(z.object({ appNo: z.string(), consName: z.string(), address: z.string(), nodeName: z.string(), status: z.string() })),
  /** Customers on file at that address: archived by an application with the same 证件, or with the same 户名. */
  customers: z.array(z.object({ consNo: z.string(), name: z.string(), address: z.string() })),
});
export type DuplicateCheck = z.infer<typeof duplicateCheckSchema>;
