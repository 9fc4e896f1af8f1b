import { z } from 'zod';
import { orgUnitFields } from './fields.ts';
import { text } from './text.ts';
import { pageOf, pageParams } from './page.ts';
import { historyEntrySchema, slaStateSchema, taskSchema } from './workflow.ts';
import * as keys from './permissions.ts';

/**
 * The `ticket` domain service (v1, `/api/svc/ticket/v1/...`): 95598 客服工单 (issue 12, docs/adr/0029-ticket-service.md).
 * Calls (来电弹屏), caller lookup, intake, 派单 → 接单 → 到达 (repairs) → 处理/回单 → 审核 → 回访 → 归档 on the
 * workflow engine with bound tasks, 催办/督办, 停电信息, precheck, knowledge, widgets.
 *
 * Every write on a ticket is a domain operation (`POST /tickets/{no}/dispatch:complete`) that records its data and
 * completes the engine task of that node in one transaction; `If-Match` carries the ticket's `version`.
 *
 * Permissions: see the constants below. Data scope: resource type `ticket` on the org path of the handling unit
 * (the 供电所 the ticket is dispatched to); the 客服中心 posts see all tickets. Phones and 证件号 are masked in every
 * response (`138****5678`); `POST /tickets/{no}/reveal` (`kf:pii:reveal`, audited) answers them in clear.
 */

export const TICKET_SERVICE = { name: 'ticket', major: 1 } as const;
export { KF_OUTAGE_MANAGE, KF_PII_REVEAL, KF_SLA_MANAGE, KF_TICKET_ACCEPT, KF_TICKET_DISPATCH, KF_TICKET_HANDLE, KF_TICKET_REVISIT, KF_TICKET_SUPERVISE, KF_TICKET_VIEW } from './permissions.ts';
/** The ticket permissions by what they allow, as the app's screens check them (the manifest declares the same keys). */
export const TICKET_PERMISSIONS = {
  view: keys.KF_TICKET_VIEW,
  accept: keys.KF_TICKET_ACCEPT,
  dispatch: keys.KF_TICKET_DISPATCH,
  handle: keys.KF_TICKET_HANDLE,
  revisit: keys.KF_TICKET_REVISIT,
  supervise: keys.KF_TICKET_SUPERVISE,
  reveal: keys.KF_PII_REVEAL,
  outage: keys.KF_OUTAGE_MANAGE,
  sla: keys.KF_SLA_MANAGE,
} as const;
export const TICKET_RESOURCE_TYPE = 'ticket';

// ---- taxonomy ------------------------------------------------------------------------------------------------

/** 业务类型 (research §C2 working taxonomy). Keys are stored; labels are shown. */
export const TICKET_TYPES = {
  CONSULT: '咨询',
  REPAIR: '故障报修',
  COMPLAINT: '投诉',
  REPORT: '举报',
  SUGGESTION: '意见',
  PRAISE: '表扬',
  SERVICE: '服务申请',
} as const;
export type TicketType = keyof typeof TICKET_TYPES;
export const ticketTypeSchema = z.enum(['CONSULT', 'REPAIR', 'COMPLAINT', 'REPORT', 'SUGGESTION', 'PRAISE', 'SERVICE'], '请选择业务类型');

/** 业务子类型 of 服务申请 (the only type with sub-types). */
export const SERVICE_SUBTYPES = {
  RECONNECT: '已结清欠费复电登记',
  APPLIANCE: '电器损坏',
  METER: '电能表异常',
  READING: '抄表数据异常',
  CHARGING: '充电预约',
  OTHER: '其他',
} as const;
export type ServiceSubType = keyof typeof SERVICE_SUBTYPES;
export const serviceSubTypeSchema = z.enum(['RECONNECT', 'APPLIANCE', 'METER', 'READING', 'CHARGING', 'OTHER'], '请选择业务子类型');

/** 工单来源. */
export const TICKET_SOURCES = { PHONE: '电话', WEB: '网站', APP: '掌上电力' } as const;
export const ticketSourceSchema = z.enum(['PHONE', 'WEB', 'APP'], '请选择工单来源');
export type TicketSource = z.infer<typeof ticketSourceSchema>;

/** 紧急程度. */
export const TICKET_URGENCIES = { NORMAL: '一般', URGENT: '紧急' } as const;
export const ticketUrgencySchema = z.enum(['NORMAL', 'URGENT'], '请选择紧急程度');

/** 城乡类别 of the customer's 供电所: the repair arrival clock depends on it (城区 45 / 农村 90 / 特殊边远 120 min). */
export const AREA_CLASSES = { urban: '城区', rural: '农村', remote: '特殊边远' } as const;
export type AreaClass = keyof typeof AREA_CLASSES;
export const areaClassSchema = z.enum(['urban', 'rural', 'remote']);

/**
 * 工单状态. HANDLING is 处理中 (for repairs: dispatched crew not yet on site); ARRIVED 已到达 (repairs only);
 * CLOSED 已办结 is a 咨询 answered on the call (no process); ARCHIVED 已归档 ends every other ticket.
 */
export const TICKET_STATUSES = {
  DISPATCH: '待派单',
  ACCEPT: '待接单',
  HANDLING: '处理中',
  ARRIVED: '已到达',
  REVIEW: '待审核',
  REVISIT: '待回访',
  ARCHIVED: '已归档',
  CLOSED: '已办结',
} as const;
export type TicketStatus = keyof typeof TICKET_STATUSES;
export const ticketStatusSchema = z.enum(['DISPATCH', 'ACCEPT', 'HANDLING', 'ARRIVED', 'REVIEW', 'REVISIT', 'ARCHIVED', 'CLOSED']);
/** Statuses of a ticket still in work. */
export const OPEN_TICKET_STATUSES: readonly TicketStatus[] = ['DISPATCH', 'ACCEPT', 'HANDLING', 'ARRIVED', 'REVIEW', 'REVISIT'];

/** Node keys of the ticket processes (BPMN user tasks), with their 环节 names. */
export const TICKET_NODES = {
  dispatch: '派单',
  accept: '接单',
  arrive: '到达现场',
  handle: '处理回单',
  review: '审核',
  revisit: '回访',
} as const;
export type TicketNode = keyof typeof TICKET_NODES;
export const ticketNodeSchema = z.enum(['dispatch', 'accept', 'arrive', 'handle', 'review', 'revisit']);

/**
 * BPMN process keys: repairs pass 到达现场, the other types do not; `kf-joint` (联合办理, ADR 0050) runs one
 * branch per unit side by side (接单、处理回单、审核 each, node keys `accept-2` …) and joins before 回访.
 */
export const TICKET_PROCESSES = { REPAIR: 'kf-repair', OTHER: 'kf-ticket', JOINT: 'kf-joint' } as const;

/** 联合办理: at most this many 供电所 work one ticket at once (the handling unit and up to two 协办单位). */
export const MAX_TICKET_UNITS = 3;
/** The step and branch of a node key of the ticket processes: `accept-2` → accept in branch 2; `revisit` → no branch. */
export function ticketStepOf(nodeKey: string): { node: string; branch: number | null } {
  const m = /^(accept|handle|review)-(\d)$/.exec(nodeKey);
  return m ? { node: m[1] as string, branch: Number(m[2]) } : { node: nodeKey, branch: null };
}
/** Status of one unit's branch of a 联合办理 ticket. */
export const TICKET_BRANCH_STATUSES = { ACCEPT: '待接单', HANDLING: '处理中', REVIEW: '待审核', DONE: '审核通过' } as const;
export const ticketBranchStatusSchema = z.enum(['ACCEPT', 'HANDLING', 'REVIEW', 'DONE']);
export type TicketBranchStatus = z.infer<typeof ticketBranchStatusSchema>;
const branchNo = z
  .number('分支编号须为数字')
  .int('分支编号须为整数')
  .min(1, '分支编号须在 1 到 3 之间')
  .max(MAX_TICKET_UNITS, '分支编号须在 1 到 3 之间');

/** 回访结果. UNREACHABLE 无法联系 is retried; after `maxRevisitAttempts` the ticket is archived with it. */
export const REVISIT_OUTCOMES = { SATISFIED: '满意', BASIC: '基本满意', UNSATISFIED: '不满意', UNREACHABLE: '无法联系' } as const;
export const revisitOutcomeSchema = z.enum(['SATISFIED', 'BASIC', 'UNSATISFIED', 'UNREACHABLE'], '请选择回访结果');
export type RevisitOutcome = z.infer<typeof revisitOutcomeSchema>;

/** 停电类型 (停送电信息, research §C2). */
export const OUTAGE_KINDS = { PLANNED: '计划停电', TEMPORARY: '临时停电', FAULT: '故障停电' } as const;
export const outageKindSchema = z.enum(['PLANNED', 'TEMPORARY', 'FAULT'], '请选择停电类型');
/** Derived from the clock: 未开始 / 停电中 / 已恢复; CANCELLED 已取消 is set by dispatch. */
export const OUTAGE_STATUSES = { PLANNED: '未开始', ACTIVE: '停电中', ENDED: '已恢复', CANCELLED: '已取消' } as const;
export const outageStatusSchema = z.enum(['PLANNED', 'ACTIVE', 'ENDED', 'CANCELLED']);

// ---- SLA configuration -------------------------------------------------------------------------------------

/**
 * One clock of a ticket: 联系客户 (contact), 到达现场 (arrive), 恢复供电 (restore, from arrival), 办结/答复 (finish,
 * from acceptance to 回单). `unit`: minutes and hours are calendar time; workdays follow the workflow calendar
 * (holidays and 调休 workdays, `/api/svc/workflow/v1/holidays`). `byArea` overrides `amount` per 城乡类别.
 */
export const SLA_CLOCKS = { contact: '联系客户', arrive: '到达现场', restore: '恢复供电', finish: '办结回单' } as const;
export type SlaClock = keyof typeof SLA_CLOCKS;
export const slaClockSchema = z.enum(['contact', 'arrive', 'restore', 'finish']);
export const slaUnitSchema = z.enum(['minutes', 'hours', 'workdays']);
export type SlaUnit = z.infer<typeof slaUnitSchema>;
export const SLA_UNITS = { minutes: '分钟', hours: '小时', workdays: '个工作日' } as const;

export const slaClockRuleSchema = z.object({
  clock: slaClockSchema,
  unit: slaUnitSchema,
  amount: z.number().positive(),
  byArea: z.object({ urban: z.number().positive(), rural: z.number().positive(), remote: z.number().positive() }).optional(),
});
export type SlaClockRule = z.infer<typeof slaClockRuleSchema>;

/** The limits of one type or `SERVICE:<subType>`; `verified: false` marks defaults without a source. */
export const slaRuleSchema = z.object({
  key: z.string(),
  name: z.string(),
  clocks: z.array(slaClockRuleSchema),
  verified: z.boolean(),
  source: z.string(),
});
export type SlaRule = z.infer<typeof slaRuleSchema>;

/**
 * `GET /admin/sla-rules`: every rule in effect, each with whether an operator overrides the default and the
 * version to send as If-Match (0 while the default applies). Changing a rule affects tickets accepted afterwards;
 * a running clock keeps the due time it started with.
 */
export const slaRuleEntrySchema = slaRuleSchema.extend({
  overridden: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
  /** The default of the contract, to compare with and to return to. */
  defaults: slaRuleSchema.nullable(),
});
export type SlaRuleEntry = z.infer<typeof slaRuleEntrySchema>;
export const slaRuleListSchema = z.object({ items: z.array(slaRuleEntrySchema) });
export const slaRuleKeySchema = z.string().regex(/^[A-Z]+(:[A-Z]+)?$/, '时限规则编码不正确');
const slaAmount = (label: string) => z.number(`请填写${label}`).int(`${label}应为整数`).min(1, `${label}至少为 1`).max(100_000, `${label}过大`);
/** `PUT /admin/sla-rules/{key}` (If-Match: the entry's version; 0 overrides a default). */
export const slaRuleUpdateSchema = z
  .strictObject({
    clocks: z
      .array(
        z.strictObject({
          clock: slaClockSchema,
          unit: slaUnitSchema,
          amount: slaAmount('时限'),
          byArea: z.strictObject({ urban: slaAmount('城区时限'), rural: slaAmount('农村时限'), remote: slaAmount('特殊边远时限') }).optional(),
        }),
      )
      .min(1, '请至少保留一个时限')
      .max(4),
    source: text({ label: '依据' }).trim().max(200, '依据不能超过 200 个字符').default(''),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.clocks.forEach((c, i) => {
      if (seen.has(c.clock)) ctx.addIssue({ code: 'custom', path: ['clocks', i, 'clock'], message: `时限「${SLA_CLOCKS[c.clock]}」重复` });
      seen.add(c.clock);
    });
  });
export type SlaRuleUpdate = z.input<typeof slaRuleUpdateSchema>;

/** The key of a type's SLA rule: the type, or `SERVICE:<subType>` for 服务申请. */
export function slaKeyOf(type: TicketType, subType?: string | null): string {
  return type === 'SERVICE' ? `SERVICE:${subType ?? 'OTHER'}` : type;
}

/**
 * Default limits (research §C2). Operators may override them in the `ticket_sla_rule` table (the service reads
 * the table and falls back to these).
 */
export const DEFAULT_SLA_RULES: readonly SlaRule[] = [
  {
    key: 'REPAIR',
    name: '故障报修',
    clocks: [
      { clock: 'arrive', unit: 'minutes', amount: 45, byArea: { urban: 45, rural: 90, remote: 120 } },
      { clock: 'restore', unit: 'hours', amount: 3, byArea: { urban: 3, rural: 4, remote: 4 } },
    ],
    verified: true,
    source: '2023 供电服务十项承诺 第三条',
  },
  {
    key: 'COMPLAINT',
    name: '投诉',
    clocks: [
      { clock: 'contact', unit: 'workdays', amount: 1 },
      { clock: 'finish', unit: 'workdays', amount: 7 },
    ],
    verified: true,
    source: '供电服务十项承诺（2011）第十条',
  },
  { key: 'CONSULT', name: '咨询', clocks: [{ clock: 'finish', unit: 'workdays', amount: 1 }], verified: false, source: '未找到出处，可配置' },
  { key: 'REPORT', name: '举报', clocks: [{ clock: 'finish', unit: 'workdays', amount: 5 }], verified: false, source: '未找到出处，可配置' },
  { key: 'SUGGESTION', name: '意见', clocks: [{ clock: 'finish', unit: 'workdays', amount: 5 }], verified: false, source: '未找到出处，可配置' },
  { key: 'PRAISE', name: '表扬', clocks: [{ clock: 'finish', unit: 'workdays', amount: 5 }], verified: false, source: '未找到出处，可配置' },
  { key: 'SERVICE:RECONNECT', name: '已结清欠费复电登记', clocks: [{ clock: 'finish', unit: 'hours', amount: 24 }], verified: true, source: '95598 服务申请时限' },
  { key: 'SERVICE:APPLIANCE', name: '电器损坏', clocks: [{ clock: 'arrive', unit: 'hours', amount: 24 }], verified: true, source: '95598 服务申请时限' },
  { key: 'SERVICE:METER', name: '电能表异常', clocks: [{ clock: 'finish', unit: 'workdays', amount: 4 }], verified: true, source: '95598 服务申请时限' },
  { key: 'SERVICE:READING', name: '抄表数据异常', clocks: [{ clock: 'finish', unit: 'workdays', amount: 6 }], verified: true, source: '95598 服务申请时限' },
  { key: 'SERVICE:CHARGING', name: '充电预约', clocks: [{ clock: 'arrive', unit: 'minutes', amount: 45 }], verified: true, source: '95598 服务申请时限' },
  { key: 'SERVICE:OTHER', name: '其他', clocks: [{ clock: 'finish', unit: 'workdays', amount: 5 }], verified: true, source: '95598 服务申请时限' },
];

/** `GET /config`: taxonomy and the effective SLA rules, plus the merge window and revisit attempts. */
export const ticketConfigSchema = z.object({
  types: z.array(z.object({ key: ticketTypeSchema, name: z.string(), subTypes: z.array(z.object({ key: z.string(), name: z.string() })) })),
  statuses: z.array(z.object({ key: ticketStatusSchema, name: z.string() })),
  sla: z.array(slaRuleSchema),
  /** A repeated call about an open ticket within this many hours is merged as 催办. */
  mergeWindowHours: z.number(),
  maxRevisitAttempts: z.number().int(),
  /** The 供电所 a ticket may be dispatched or re-routed to (and chosen at intake when no customer is confirmed). */
  units: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type TicketConfig = z.infer<typeof ticketConfigSchema>;

// ---- values --------------------------------------------------------------------------------------------------

/** 工单号: the year and 12 digits (16 digits, like SG 95598 `APP_NO`). */
export const ticketNoSchema = z.string().regex(/^\d{16}$/, '工单号应为 16 位数字');
/** Any Chinese phone as a caller number: a mobile, or a fixed line with or without area code. */
export const phoneSchema = z.string('请填写电话').trim().regex(/^(1[3-9]\d{9}|0\d{9,11}|\d{7,8})$/, '电话号码格式不正确');
const consNo = z.string().regex(/^\d{10}$/, '户号应为 10 位数字');
const field = (label: string, max: number, multiline = false): z.ZodString =>
  text({ error: `请填写${label}`, label, multiline }).trim().min(1, `请填写${label}`).max(max, `${label}不能超过 ${max} 个字符`);
const optionalText = (label: string, max: number, multiline = false) =>
  text({ label, multiline }).trim().max(max, `${label}不能超过 ${max} 个字符`).default('');
const isoDateTime = (label: string) => z.iso.datetime({ offset: true, error: `${label}格式不正确` });

/** The SLA of the running clock (or the last one when the ticket is closed). */
export const ticketSlaSchema = z.object({
  clock: slaClockSchema,
  label: z.string(),
  state: slaStateSchema,
  dueAt: z.string(),
  /** Milliseconds left at the time of the answer; negative when overdue. Null when the clock stopped. */
  remainingMs: z.number().nullable(),
  /** When the clock stopped (met or missed), null while running. */
  stoppedAt: z.string().nullable(),
});
export type TicketSla = z.infer<typeof ticketSlaSchema>;

export const ticketSummarySchema = z.object({
  no: z.string(),
  type: ticketTypeSchema,
  typeName: z.string(),
  subType: z.string().nullable(),
  subTypeName: z.string().nullable(),
  status: ticketStatusSchema,
  statusName: z.string(),
  source: ticketSourceSchema,
  /** 主叫号码, masked. */
  callerNo: z.string(),
  contactName: z.string(),
  /** 联系电话, masked unless revealed. */
  contactPhone: z.string(),
  consNo: z.string().nullable(),
  consName: z.string().nullable(),
  address: z.string(),
  content: z.string(),
  urgency: z.enum(['NORMAL', 'URGENT']),
  areaClass: areaClassSchema,
  /** The handling unit (the 供电所 dispatched to; before dispatch the proposed one). */
  ...orgUnitFields(),
  tgId: z.string().nullable(),
  tgName: z.string().nullable(),
  acceptedAt: z.string(),
  acceptedBy: z.string(),
  acceptedByName: z.string(),
  dispatchedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  restoredAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  cause: z.string().nullable(),
  result: z.string().nullable(),
  /** 催办 count (repeated calls merged into this ticket). */
  urgeCount: z.number().int(),
  supervised: z.boolean(),
  /** 0 normal; raised by 催办 (+1 each), 督办 (+5) and urgency. Lists sort by it. */
  priority: z.number().int(),
  /** The running clock, or the last one; null for 已办结 咨询. */
  sla: ticketSlaSchema.nullable(),
  revisitAttempts: z.number().int(),
  revisitOutcome: revisitOutcomeSchema.nullable(),
  /** The open node and who handles it, for the lists. */
  nodeKey: ticketNodeSchema.nullable(),
  nodeName: z.string().nullable(),
  version: z.number().int(),
});
export type TicketSummary = z.infer<typeof ticketSummarySchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  /** ACCEPT 受理, DISPATCH, TAKE 接单, RETURN_DISPATCH 退回派单, ARRIVE, REPLY 回单, APPROVE, REJECT 退单, REVISIT, ARCHIVE, CLOSE, URGE, SUPERVISE, REVEAL. */
  kind: z.string(),
  title: z.string(),
  actor: z.string(),
  actorName: z.string(),
  text: z.string(),
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const urgeRecordSchema = z.object({
  at: z.string(),
  kind: z.enum(['URGE', 'SUPERVISE']),
  reason: z.string(),
  by: z.string(),
  byName: z.string(),
  callId: z.string().nullable(),
});
export type UrgeRecord = z.infer<typeof urgeRecordSchema>;

/** One unit's branch of a 联合办理 ticket: its own 接单、处理回单、审核 and clocks. */
export const ticketBranchSchema = z.object({
  branch: z.number().int(),
  ...orgUnitFields(),
  status: ticketBranchStatusSchema,
  statusName: z.string(),
  takenAt: z.string().nullable(),
  repliedAt: z.string().nullable(),
  result: z.string().nullable(),
  /** 退单 count of this branch. */
  rejects: z.number().int(),
  clocks: z.array(ticketSlaSchema),
  sla: ticketSlaSchema.nullable(),
  /** The branch's open task, if any (its `mayAct` for the caller). */
  openTask: taskSchema.nullable(),
});
export type TicketBranch = z.infer<typeof ticketBranchSchema>;

export const ticketDetailSchema = ticketSummarySchema.extend({
  /** 证件号 if the caller gave one, masked. */
  certNo: z.string().nullable(),
  /** Knowledge snippet used for a 咨询 answered on the call. */
  knowledgeId: z.string().nullable(),
  knowledgeTitle: z.string().nullable(),
  callId: z.string().nullable(),
  /** Every clock of the ticket's rule, in order. */
  clocks: z.array(ticketSlaSchema),
  timeline: z.array(timelineEntrySchema),
  urges: z.array(urgeRecordSchema),
  /** The open workflow task (its `mayAct` says whether the caller may complete it). */
  openTask: taskSchema.nullable(),
  instanceId: z.string().nullable(),
  history: z.array(historyEntrySchema),
  /** 联合办理 (ADR 0050): the units' branches the caller may see (a 供电所 sees its own); absent for one unit. */
  branches: z.array(ticketBranchSchema).optional(),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;


export const ticketViewSchema = z.enum(['mine', 'queue', 'dispatch', 'review', 'revisit', 'all']);
export type TicketView = z.infer<typeof ticketViewSchema>;
export const TICKET_VIEWS = {
  mine: '我受理的',
  queue: '本单位待办',
  dispatch: '派单台',
  review: '待审核',
  revisit: '回访',
  all: '全部',
} as const;

export const ticketListQuerySchema = z.strictObject({
  status: ticketStatusSchema.optional(),
  type: ticketTypeSchema.optional(),
  view: ticketViewSchema.default('all'),
  overdue: z.enum(['true', 'false']).optional(),
  consNo: consNo.optional(),
  orgUnitCode: z.string().regex(/^\d{5,11}$/, '供电单位编码不正确').optional(),
  q: text({ label: '查询内容' }).trim().max(64, '查询内容不能超过 64 个字符').optional(),
  ...pageParams(),
});
export type TicketListQuery = z.input<typeof ticketListQuerySchema>;
/**
 * The order of every work queue (派单台, 本单位待办, 待审核, 回访; views other than `all` and `mine`), explicit:
 * 1. overdue first — a ticket whose running clock is past due outranks any priority;
 * 2. then priority, high to low (紧急 +2, each 催办 +1, 督办 +5);
 * 3. then the earliest due time of the running clock (none last);
 * 4. then the earliest accepted, then the ticket number.
 * The service orders in SQL by the same keys (`ticket/repository.ts`); the mock and tests use this comparator.
 */
export function compareQueueTickets(a: TicketSummary, b: TicketSummary, now: number): number {
  const due = (t: TicketSummary): number | null => (t.sla && t.sla.stoppedAt === null ? Date.parse(t.sla.dueAt) : null);
  const overdue = (t: TicketSummary): number => {
    const at = due(t);
    return at !== null && at <= now ? 1 : 0;
  };
  const [da, db] = [due(a), due(b)];
  return (
    overdue(b) - overdue(a) ||
    b.priority - a.priority ||
    (da === db ? 0 : da === null ? 1 : db === null ? -1 : da - db) ||
    a.acceptedAt.localeCompare(b.acceptedAt) ||
    a.no.localeCompare(b.no)
  );
}

export const ticketPageSchema = pageOf(ticketSummarySchema);
export type TicketPage = z.infer<typeof ticketPageSchema>;

// ---- writes --------------------------------------------------------------------------------------------------

/**
 * 受理 (intake). `callId` links the call: `callerNo` and, when `contactPhone` is left out, the contact phone come from
 * it. `consNo` picks the customer (its 供电所 and 台区 route the ticket). A 咨询 with `answeredOnCall` is closed at
 * once (已办结) with the `knowledgeId` used. A repeated call about an open ticket of the same customer and type
 * within the merge window is merged as 催办 (the answer says `merged`).
 */
export const createTicketSchema = z
  .strictObject({
    callId: z.string().regex(/^C\d{1,18}$/, '来电编号格式不正确').optional(),
    source: ticketSourceSchema.default('PHONE'),
    type: ticketTypeSchema,
    subType: serviceSubTypeSchema.optional(),
    consNo: consNo.optional(),
    /** The handling 供电所 when no customer is named (e.g. a 举报 about a place); a customer's own 供电所 wins. */
    orgUnitCode: z.string().regex(/^\d{9}$/, '请选择处理单位（供电所）').optional(),
    contactName: field('联系人', 32),
    contactPhone: phoneSchema.optional(),
    certNo: text({ label: '证件号码' }).trim().toUpperCase().max(18, '证件号码不能超过 18 个字符').optional(),
    address: field('地址', 128),
    content: field('受理内容', 1000, true),
    urgency: ticketUrgencySchema.default('NORMAL'),
    answeredOnCall: z.boolean().default(false),
    knowledgeId: z.string().regex(/^[0-9A-Za-z_-]{1,32}$/, '知识条目编号格式不正确').optional(),
    /** Reason recorded when the call is merged as 催办 (defaults to the content). */
    urgeReason: optionalText('催办原因', 200, true),
  })
  .superRefine(
    (r, ctx) => {
      if (r.type === 'SERVICE' && !r.subType) ctx.addIssue({ code: 'custom', path: ['subType'], message: '服务申请请选择业务子类型' });
      if (r.type !== 'SERVICE' && r.subType) ctx.addIssue({ code: 'custom', path: ['subType'], message: '只有服务申请有业务子类型' });
      if (r.answeredOnCall && r.type !== 'CONSULT') ctx.addIssue({ code: 'custom', path: ['answeredOnCall'], message: '只有咨询可以当场办结' });
      if (r.type === 'REPAIR' && !r.consNo) ctx.addIssue({ code: 'custom', path: ['consNo'], message: '故障报修请先确认客户户号' });
      if (!r.callId && !r.contactPhone) ctx.addIssue({ code: 'custom', path: ['contactPhone'], message: '请填写联系电话' });
      if (!r.answeredOnCall && !r.consNo && !r.orgUnitCode) ctx.addIssue({ code: 'custom', path: ['orgUnitCode'], message: '请确认客户户号或选择处理单位' });
    },
    { when: () => true } as never,
  );
export type CreateTicketRequest = z.input<typeof createTicketSchema>;
export const createTicketResultSchema = z.object({
  ticket: ticketDetailSchema,
  /** True when the call was merged into an open ticket as 催办 (`ticket` is that ticket). */
  merged: z.boolean(),
});
export type CreateTicketResult = z.infer<typeof createTicketResultSchema>;

const opinion = optionalText('意见', 500, true);

/** 派单: to the proposed unit (the customer's 供电所) or, for KF_DISPATCH, another 供电所. */
export const dispatchCompleteSchema = z.strictObject({
  orgUnitCode: z.string().regex(/^\d{9}$/, '请选择处理单位（供电所）').optional(),
  /** 联合办理 (not for repairs): further 供电所 that work the ticket side by side with the handling unit. */
  coUnitCodes: z
    .array(z.string().regex(/^\d{9}$/, '协办单位须为供电所'), '协办单位格式不正确')
    .max(MAX_TICKET_UNITS - 1, `协办单位最多 ${MAX_TICKET_UNITS - 1} 个`)
    .optional(),
  opinion,
});
/** 接单, or 退回派单 (not this unit's business: back to the dispatcher with a reason). */
export const acceptCompleteSchema = z
  .strictObject({ outcome: z.enum(['accept', 'return'], '请选择接单或退回').default('accept'), opinion, branch: branchNo.optional() })
  .refine((r) => r.outcome === 'accept' || r.opinion.length >= 2, { path: ['opinion'], message: '退回派单请填写原因' });
/** 到达现场 (repairs): the arrival time, now by default; not in the future. */
export const arriveCompleteSchema = z.strictObject({ arrivedAt: isoDateTime('到达时间').optional(), opinion });
/** 处理回单: cause, result, restore time (repairs), photos' note. */
export const handleCompleteSchema = z.strictObject({
  cause: optionalText('故障原因', 200, true),
  result: field('处理结果', 1000, true),
  restoredAt: isoDateTime('恢复供电时间').optional(),
  photoNote: optionalText('现场照片说明', 500, true),
  /** 联合办理: the branch (unit) replying; the caller's own when left out. */
  branch: branchNo.optional(),
});
/** 审核: pass → 回访; reject (退单) → back to the unit's 处理 with the reason. */
export const reviewCompleteSchema = z
  .strictObject({ outcome: z.enum(['pass', 'reject'], '请选择审核结论'), opinion, branch: branchNo.optional() })
  .refine((r) => r.outcome === 'pass' || r.opinion.length >= 2, { path: ['opinion'], message: '退单请填写原因' });
/** 回访. UNREACHABLE keeps the task open for another try until the attempts run out. */
export const revisitCompleteSchema = z.strictObject({ outcome: revisitOutcomeSchema, opinion });

/** Body schema of each `…:complete` step, by node key. */
export const TICKET_STEP_SCHEMAS = {
  dispatch: dispatchCompleteSchema,
  accept: acceptCompleteSchema,
  arrive: arriveCompleteSchema,
  handle: handleCompleteSchema,
  review: reviewCompleteSchema,
  revisit: revisitCompleteSchema,
} as const;
export type TicketStepNode = keyof typeof TICKET_STEP_SCHEMAS;
export type TicketStepRequest<N extends TicketStepNode> = z.input<(typeof TICKET_STEP_SCHEMAS)[N]>;

export const urgeRequestSchema = z.strictObject({ reason: field('催办原因', 200, true) });
export const superviseRequestSchema = z.strictObject({ reason: field('督办意见', 200, true) });

/** `POST /tickets/{no}/reveal`: the phones and 证件号 in clear (audited). */
export const revealResultSchema = z.object({
  callerNo: z.string(),
  contactPhone: z.string(),
  certNo: z.string().nullable(),
});
export type RevealResult = z.infer<typeof revealResultSchema>;

// ---- calls and lookup ----------------------------------------------------------------------------------------

/** A customer matching a caller or a search: what 来电弹屏 shows before the agent asks. */
export const customerMatchSchema = z.object({
  consNo: z.string(),
  consName: z.string(),
  address: z.string(),
  phoneMasked: z.string(),
  category: z.string(),
  status: z.string(),
  ...orgUnitFields(),
  tgId: z.string(),
  tgName: z.string(),
  areaClass: areaClassSchema,
  /** Open tickets of the customer (催办 candidates). */
  openTickets: z.number().int(),
});
export type CustomerMatch = z.infer<typeof customerMatchSchema>;
export const lookupQuerySchema = z.strictObject({
  q: text({ label: '查询内容' }).trim().min(2, '请输入至少 2 个字符').max(64, '查询内容不能超过 64 个字符'),
});
export const lookupResultSchema = z.object({
  /** How `q` was read: 户号, 手机尾号, 电话, 户名, 地址. */
  field: z.enum(['consNo', 'phoneTail', 'phone', 'name', 'address']),
  items: z.array(customerMatchSchema),
});
export type LookupResult = z.infer<typeof lookupResultSchema>;

/** `POST /calls` (the telephony adapter): a ringing call for an agent. */
export const incomingCallSchema = z.strictObject({
  callerNo: phoneSchema,
  /** Username of the agent whose phone rings. */
  agent: text({ error: '请指定坐席', label: '坐席' }).trim().min(1, '请指定坐席').max(64, '坐席不能超过 64 个字符'),
});
/** `POST /calls:simulate` (模拟来电): for the caller's own seat; `callerNo` optional (a seeded customer's phone). */
export const simulateCallSchema = z.strictObject({ callerNo: phoneSchema.optional() });

export const callSchema = z.object({
  callId: z.string(),
  /** Masked caller number. */
  callerNo: z.string(),
  at: z.string(),
  agent: z.string(),
  matches: z.array(customerMatchSchema),
  /** Tickets created from this call. */
  ticketNos: z.array(z.string()),
});
export type Call = z.infer<typeof callSchema>;
/** `GET /calls/current`: the agent's latest call today, or null. */
export const currentCallSchema = z.object({ call: callSchema.nullable() });

// ---- outages, precheck, knowledge -----------------------------------------------------------------------------

export const outageSchema = z.object({
  id: z.string(),
  kind: outageKindSchema,
  kindName: z.string(),
  /** 供电单位 that published it (a 供电所 or county). */
  ...orgUnitFields(),
  /** 台区 affected; a line outage lists the 台区 it feeds. */
  tgIds: z.array(z.string()),
  /** 线路 names, informative. */
  lineNames: z.array(z.string()),
  /** 停电范围 as the notice words it. */
  area: z.string(),
  startAt: z.string(),
  expectedEndAt: z.string(),
  reason: z.string(),
  status: outageStatusSchema,
  statusName: z.string(),
  version: z.number().int(),
});
export type Outage = z.infer<typeof outageSchema>;
export const outageQuerySchema = z.strictObject({
  status: outageStatusSchema.optional(),
  tgId: z.string().regex(/^[0-9A-Za-z]{1,20}$/, '台区编号格式不正确').optional(),
  /** The outages covering this customer's 台区 (客户360's 停电信息); an unknown 户号 has none. */
  consNo: consNo.optional(),
  ...pageParams(50),
});
export const outagePageSchema = z.object({ items: z.array(outageSchema), total: z.number().int() });
export const outageRequestSchema = z
  .strictObject({
    kind: outageKindSchema,
    orgUnitCode: z.string().regex(/^\d{7,9}$/, '请选择供电单位'),
    tgIds: z.array(z.string().regex(/^[0-9A-Za-z]{1,20}$/, '台区编号格式不正确')).min(1, '请选择停电台区').max(200),
    lineNames: z.array(text({ label: '线路' }).trim().min(1).max(64)).max(20).default([]),
    area: field('停电范围', 500, true),
    startAt: isoDateTime('停电开始时间'),
    expectedEndAt: isoDateTime('预计送电时间'),
    reason: field('停电原因', 200, true),
    cancelled: z.boolean().default(false),
  })
  .refine((r) => Date.parse(r.expectedEndAt) > Date.parse(r.startAt), { path: ['expectedEndAt'], message: '预计送电时间应晚于停电开始时间' });
export type OutageRequest = z.input<typeof outageRequestSchema>;

export const precheckQuerySchema = z.strictObject({ consNo });
/** Before dispatching a repair: arrears (no billing source yet), outages on the customer's 台区, premises guidance. */
export const precheckSchema = z.object({
  consNo: z.string(),
  arrears: z.object({
    /** 'none' or 'arrears' from the billing service; 'no-source' where billing is not part of this deployment. */
    state: z.enum(['no-source', 'none', 'arrears']),
    amount: z.number().nullable(),
    cutOff: z.boolean().nullable(),
  }),
  outages: z.array(outageSchema),
  /** 客户内部故障排查 guidance (text lines). */
  guidance: z.array(z.string()),
  openTickets: z.array(ticketSummarySchema),
});
export type Precheck = z.infer<typeof precheckSchema>;

export const knowledgeSchema = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string(),
  content: z.string(),
  keywords: z.array(z.string()),
});
export type Knowledge = z.infer<typeof knowledgeSchema>;
export const knowledgeQuerySchema = z.strictObject({ q: text({ label: '查询内容' }).trim().max(64).default('') });
export const knowledgeListSchema = z.object({ items: z.array(knowledgeSchema) });

/** Home widgets: 今日来电 (the caller's calls today), my open tickets, overdue tickets in scope. */
export const ticketStatsSchema = z.object({
  callsToday: z.number().int(),
  ticketsToday: z.number().int(),
  myOpen: z.number().int(),
  /** Open tickets whose task the caller may act on now (本单位待办 for a 供电所). */
  todo: z.number().int(),
  overdue: z.number().int(),
  warning: z.number().int(),
  revisitPending: z.number().int(),
});
export type TicketStats = z.infer<typeof ticketStatsSchema>;

/** `138****5678`; fixed lines keep the area code and the last 4. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}
/** 证件号: first 3 and last 4 visible. */
export function maskCertNo(certNo: string): string {
  if (certNo.length <= 7) return '*'.repeat(certNo.length);
  return `${certNo.slice(0, 3)}${'*'.repeat(certNo.length - 7)}${certNo.slice(-4)}`;
}
