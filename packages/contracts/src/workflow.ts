import { z } from 'zod';
import { orgUnitFields } from './fields.ts';
import { MAX_INT4, intParam, jsonRecord, text } from './text.ts';

/**
 * The `workflow` domain service (v1, `/api/svc/workflow/v1/...`): the unified workflow (统一流程,
 * docs/architecture.md §9, issue 5). Process definitions in a BPMN 2.0 subset, instances pinned to the
 * definition version they started on, user tasks assigned by post relative to the business's org unit,
 * SLA with working-day calendars, full history, notifications.
 *
 * Permissions: `wf:task:handle` (inbox and task actions), `wf:process:manage` (deploy definitions, holidays,
 * terminate any instance), `wf:monitor:view` (read every instance in data scope).
 */

export const WORKFLOW_SERVICE = { name: 'workflow', major: 1 } as const;

export const taskStateSchema = z.enum(['OPEN', 'CLAIMED', 'COMPLETED', 'CANCELLED']);
export type TaskState = z.infer<typeof taskStateSchema>;
/** PAUSED: the instance is suspended and its clock stopped. */
export const slaStateSchema = z.enum(['NORMAL', 'WARNING', 'OVERDUE', 'PAUSED']);
export type SlaState = z.infer<typeof slaStateSchema>;
export const instanceStatusSchema = z.enum(['RUNNING', 'SUSPENDED', 'COMPLETED', 'TERMINATED']);
export type InstanceStatus = z.infer<typeof instanceStatusSchema>;

/** How a user task finds its people (BPMN `wb:assignee` extension attributes; see docs/workflow.md). */
export const assignmentSchema = z.discriminatedUnion('kind', [
  /** A post in the business's org unit, or `level` steps up its tree (0 = the unit itself). */
  /** `orgUnitCode`: a fixed org unit instead (`post:KF_REVISIT#3340180`, e.g. the 客服中心 outside the business's tree). */
  /** `orgUnitVar`: the org unit named by an instance variable (`post:TQ_MGR#$unit2`, e.g. one unit per parallel branch). */
  z.object({ kind: z.literal('post'), post: z.string(), level: z.number().int().min(0).default(0), orgUnitCode: z.string().optional(), orgUnitVar: z.string().optional() }),
  z.object({ kind: z.literal('role'), role: z.string() }),
  z.object({ kind: z.literal('user'), username: z.string() }),
  z.object({ kind: z.literal('initiator') }),
  z.object({ kind: z.literal('leader') }),
]);
export type Assignment = z.infer<typeof assignmentSchema>;

/** What an instance runs for, on its tasks, inbox rows and detail: the business object's key, title and unit. */
const businessFields = () => ({ businessKey: z.string(), businessTitle: z.string(), ...orgUnitFields() });

export const taskSchema = z.object({
  id: z.string(),
  instanceId: z.string(),
  processKey: z.string(),
  processName: z.string(),
  processVersion: z.number().int(),
  nodeKey: z.string(),
  nodeName: z.string(),
  ...businessFields(),
  state: taskStateSchema,
  /** Username of the claimant or of the user the task was assigned or transferred to. */
  assignee: z.string().nullable(),
  assigneeName: z.string().nullable(),
  /** Human-readable candidates, e.g. `勘查员（江北城关供电所）`. */
  candidates: z.string(),
  /** Outcomes the node's outgoing gateway understands (e.g. `pass`, `reject`); empty = plain completion. */
  outcomes: z.array(z.object({ key: z.string(), label: z.string() })),
  createdAt: z.string(),
  claimedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  slaState: slaStateSchema,
  /** Instance variables (business data the process carries), read-only for clients. */
  variables: z.record(z.string(), z.unknown()),
  /** Optimistic-concurrency version: send it as `If-Match` on actions (docs/quality.md D5). */
  version: z.number().int(),
  /**
   * Whether the caller may act on it now, by the engine's one assignment rule (open, instance running, the
   * assignee or a candidate in the caller's active post). False when read without a caller. Show a task's
   * form only when true; otherwise say who handles it (`assigneeName` or `candidates`).
   */
  mayAct: z.boolean().default(false),
  /**
   * The caller is a candidate under another post they hold, not the active one: switch post to act on it.
   * Absent otherwise.
   */
  switchPost: z.object({ code: z.string(), name: z.string(), orgUnitCode: z.string(), orgUnitName: z.string() }).nullable().default(null),
  /**
   * Set when the node is bound to a domain (ADR 0021): complete, transfer and return go only through that
   * domain's command (`title`: the domain's name, e.g. 业扩报装). Null for tasks the generic API completes.
   */
  bound: z.object({ domain: z.string(), title: z.string() }).nullable().default(null),
});
export type Task = z.infer<typeof taskSchema>;

export const inboxBoxSchema = z.enum(['todo', 'done', 'started', 'cc']);
export type InboxBox = z.infer<typeof inboxBoxSchema>;
export const inboxQuerySchema = z.strictObject({
  box: inboxBoxSchema.default('todo'),
  processKey: text().max(64).optional(),
  slaState: slaStateSchema.optional(),
  orgUnitCode: z.string().regex(/^\d{5,11}$/, '单位编码应为 5 到 11 位数字').optional(),
  q: text({ label: '查询内容' }).trim().max(64).optional(),
  page: intParam(1, 10_000, '页码').default(1),
  pageSize: intParam(1, 100, '每页条数').default(20),
});
export type InboxQuery = z.input<typeof inboxQuerySchema>;

/** An inbox row: a task (待办, 已办) or an instance (我发起, 抄送) reduced to what the list shows. */
export const inboxItemSchema = z.object({
  taskId: z.string().nullable(),
  instanceId: z.string(),
  processKey: z.string(),
  processName: z.string(),
  nodeKey: z.string().nullable(),
  nodeName: z.string(),
  ...businessFields(),
  state: z.string(),
  assignee: z.string().nullable(),
  createdAt: z.string(),
  dueAt: z.string().nullable(),
  slaState: slaStateSchema,
});
export type InboxItem = z.infer<typeof inboxItemSchema>;
/**
 * The inbox's history boxes (已办, 我发起, 抄送) grow with every day a person works: their counts stop here
 * (ADR 0091). A count that stopped is `INBOX_COUNT_CAP + 1` (1,000) and is flagged in `capped`; show it as
 * `999+`. 待办 is the work at hand and is always counted in full.
 */
export const INBOX_COUNT_CAP = 999;
export const inboxPageSchema = z.object({
  items: z.array(inboxItemSchema),
  /**
   * Rows of the box with the filters. For 已办, 我发起 and 抄送 at most `INBOX_COUNT_CAP + 1`, with `totalCapped`:
   * paging then reaches the first 1,000 rows, and the filters narrow the rest down.
   */
  total: z.number().int(),
  /** `total` stopped at `INBOX_COUNT_CAP + 1`: there are more rows than that (shown as 999+). */
  totalCapped: z.boolean().default(false),
  page: z.number().int(),
  pageSize: z.number().int(),
  /**
   * Unfiltered counts per box, for the tab badges. 待办 always; 已办, 我发起 and 抄送 (at most `INBOX_COUNT_CAP + 1`)
   * only in the answer for that box, `null` in the others (ADR 0108): the 待办 listing — the default view and the
   * bell's, asked every few seconds — does not read the person's history.
   */
  counts: z.object({ todo: z.number().int(), done: z.number().int().nullable(), started: z.number().int().nullable(), cc: z.number().int().nullable() }),
  /** The boxes whose count stopped at `INBOX_COUNT_CAP + 1` (more rows than that; shown as 999+). */
  capped: z.array(inboxBoxSchema).default([]),
  /**
   * 待办 waiting for the person's other posts (兼岗): the list shows the active post's work only; these are
   * handled after switching post in the header. Empty for a person with one post.
   */
  otherPosts: z
    .array(z.object({ code: z.string(), name: z.string(), orgUnitCode: z.string(), orgUnitName: z.string(), todo: z.number().int() }))
    .default([]),
});
export type InboxPage = z.infer<typeof inboxPageSchema>;

const opinion = text({ label: '意见', multiline: true }).trim().max(1000).default('');

export const startProcessRequestSchema = z.strictObject({
  processKey: text().min(1).max(64),
  businessKey: text().min(1).max(64),
  businessTitle: text().min(1).max(128),
  orgUnitCode: z.string().regex(/^\d{5,11}$/),
  variables: jsonRecord().default({}),
});
export type StartProcessRequest = z.input<typeof startProcessRequestSchema>;

export const completeTaskRequestSchema = z.strictObject({
  outcome: text().max(32).optional(),
  opinion,
  /** The node's form data, kept in the history; merged into the instance variables. */
  form: jsonRecord().default({}),
});
export type CompleteTaskRequest = z.input<typeof completeTaskRequestSchema>;
export const transferTaskRequestSchema = z.strictObject({ toUsername: text().min(1, '请选择转办人').max(64), opinion });
export const returnTaskRequestSchema = z
  .strictObject({
    target: z.enum(['previous', 'initiator', 'node']),
    nodeKey: text().max(64).optional(),
    opinion: text({ label: '退回原因', multiline: true }).trim().min(2, '请填写退回原因').max(1000),
  })
  .refine((r) => r.target !== 'node' || !!r.nodeKey, { message: '请选择退回到的环节', path: ['nodeKey'] });
export type ReturnTaskRequest = z.input<typeof returnTaskRequestSchema>;
export const reasonRequestSchema = z.strictObject({ reason: text({ label: '原因', multiline: true }).trim().min(2, '请填写原因').max(500) });
export const copyToRequestSchema = z.strictObject({ usernames: z.array(text().min(1).max(64)).min(1, '请选择抄送人').max(50), opinion });

export const historyEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  action: z.enum(['START', 'CLAIM', 'UNCLAIM', 'COMPLETE', 'TRANSFER', 'RETURN', 'WITHDRAW', 'SUSPEND', 'RESUME', 'TERMINATE', 'COPY', 'REMIND', 'ESCALATE', 'SERVICE', 'TIMER', 'END']),
  actor: z.string(),
  actorName: z.string(),
  fromNode: z.string().nullable(),
  fromNodeName: z.string().nullable(),
  toNodes: z.array(z.string()),
  outcome: z.string().nullable(),
  opinion: z.string(),
  form: z.record(z.string(), z.unknown()),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const instanceDetailSchema = z.object({
  id: z.string(),
  processKey: z.string(),
  processName: z.string(),
  processVersion: z.number().int(),
  status: instanceStatusSchema,
  ...businessFields(),
  initiator: z.string(),
  initiatorName: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** End-to-end limit (process-level SLA), moved later by suspended time. */
  dueAt: z.string().nullable(),
  slaState: slaStateSchema,
  suspendedReason: z.string().nullable(),
  variables: z.record(z.string(), z.unknown()),
  openTasks: z.array(taskSchema),
  /** BPMN element ids for the diagram: finished and current nodes. */
  doneNodes: z.array(z.string()),
  currentNodes: z.array(z.string()),
  history: z.array(historyEntrySchema),
  /** Labels of variable and form keys (from the owning domain): show these, never the raw keys. Unlabelled keys are internal. */
  fieldLabels: z.record(z.string(), z.string()).default({}),
  /** Labels of coded values per key (`certType: { ID_CARD: '居民身份证' }`, `outcome: { pass: '通过' }`). */
  valueLabels: z.record(z.string(), z.record(z.string(), z.string())).default({}),
});
export type InstanceDetail = z.infer<typeof instanceDetailSchema>;

export const processDefinitionSchema = z.object({
  key: z.string(),
  name: z.string(),
  version: z.number().int(),
  deployedAt: z.string(),
  deployedBy: z.string(),
  /** Running instances on this version. */
  running: z.number().int(),
});
export type ProcessDefinition = z.infer<typeof processDefinitionSchema>;
export const deployRequestSchema = z.strictObject({ xml: text({ label: '流程定义', multiline: true }).min(1, '请提供 BPMN 流程定义').max(512 * 1024, '流程定义过大') });

export const notificationSchema = z.object({
  id: z.string(),
  kind: z.enum(['ASSIGNED', 'REMINDER', 'WARNING', 'OVERDUE', 'ESCALATION', 'CC', 'RETURNED']),
  title: z.string(),
  body: z.string(),
  /** Shell path to open, e.g. `/inbox?task=<id>`. */
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type Notification = z.infer<typeof notificationSchema>;
/**
 * Unread notices are counted up to this many and one more (ADR 0091): a count of 100 means "more than 99", which
 * the bell shows as 99+. A clerk who never reads the notices of a busy post gathers thousands of them.
 */
export const UNREAD_COUNT_CAP = 99;
/** `unread`: the user's unread notices, at most `UNREAD_COUNT_CAP + 1` (100 = more than 99). */
export const notificationListSchema = z.object({ items: z.array(notificationSchema), unread: z.number().int() });
export type NotificationList = z.infer<typeof notificationListSchema>;

export const holidaySchema = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), name: text({ label: '节假日名称' }).max(32), workday: z.boolean() });
export type Holiday = z.infer<typeof holidaySchema>;

/** GET /instances/:id/diagram: the BPMN XML of the instance's definition version, with the nodes to mark. */
export const instanceDiagramSchema = z.object({
  processKey: z.string(),
  processVersion: z.number().int(),
  xml: z.string(),
  doneNodes: z.array(z.string()),
  currentNodes: z.array(z.string()),
});
export type InstanceDiagram = z.infer<typeof instanceDiagramSchema>;
export const holidayListSchema = z.object({ items: z.array(holidaySchema) });
export const putHolidaysRequestSchema = z.strictObject({
  /** Replaces the dates of the given years (the years of the listed dates plus `years`). */
  years: z.array(z.number().int().min(2000).max(2100)).default([]),
  items: z.array(holidaySchema).max(400),
});
export type PutHolidaysRequest = z.input<typeof putHolidaysRequestSchema>;

/** `GET /definitions/:key/:version/xml`: a process key and a version that fits the `integer` column. */
export const definitionVersionParamsSchema = z.strictObject({
  key: text().min(1).max(64),
  version: intParam(1, MAX_INT4, '版本号'),
});
/** `GET /notifications`. */
export const notificationQuerySchema = z.strictObject({
  unreadOnly: z.enum(['true', 'false']).optional(),
  limit: intParam(1, 100, '条数').default(30),
});
/** `GET /holidays`. */
export const holidayQuerySchema = z.strictObject({ year: intParam(2000, 2100, '年份').optional() });

// ---- outbox: dead letters (ADR 0024) ----------------------------------------------------------------------

/**
 * A delivery of an outbox event to a named consumer that failed `attempts` times and is no longer retried
 * (`GET /outbox/dead-letters`, `wf:process:manage`). `id` is the delivery's, not the event's.
 */
export const deadLetterSchema = z.object({
  id: z.string(),
  consumer: z.string(),
  eventId: z.string(),
  topic: z.string(),
  payload: z.record(z.string(), z.unknown()),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  failedAt: z.string(),
});
export type DeadLetter = z.infer<typeof deadLetterSchema>;
/** Per consumer: deliveries waiting (first try or retry) and dead. */
export const outboxConsumerStatsSchema = z.object({ name: z.string(), pending: z.number().int(), dead: z.number().int() });
export type OutboxConsumerStats = z.infer<typeof outboxConsumerStatsSchema>;
export const deadLetterListSchema = z.object({
  items: z.array(deadLetterSchema),
  total: z.number().int(),
  consumers: z.array(outboxConsumerStatsSchema),
});
export type DeadLetterList = z.infer<typeof deadLetterListSchema>;
/** `GET /outbox/dead-letters`. */
export const deadLetterQuerySchema = z.strictObject({
  consumer: text().min(1).max(64).optional(),
  page: intParam(1, 10_000, '页码').default(1),
  pageSize: intParam(1, 100, '每页条数').default(20),
});
/** `POST /outbox/dead-letters/:id/retry|discard`: the delivery id (a positive bigint, as digits). */
export const deadLetterParamsSchema = z.strictObject({
  id: z.string().regex(/^[1-9]\d{0,17}$/, '编号格式不正确'),
});

// ---- push stream (ADR 0024) -------------------------------------------------------------------------------

/**
 * `GET /stream` (server-sent events, `Accept: text/event-stream`): what the session's user is told at once.
 * Event names: `ready` (connected), `notification` (a new notification; `unread` is the user's unread count
 * after it), `inbox` (the user's tasks changed: refetch the inbox counts; `unread` as above). Comments
 * (`: ping`) are heartbeats. `unread` stops at `UNREAD_COUNT_CAP + 1` as in `GET /notifications`.
 */
export const pushNotificationEventSchema = z.object({ notification: notificationSchema, unread: z.number().int() });
export type PushNotificationEvent = z.infer<typeof pushNotificationEventSchema>;
export const pushInboxEventSchema = z.object({ reason: z.string(), unread: z.number().int() });
export type PushInboxEvent = z.infer<typeof pushInboxEventSchema>;
