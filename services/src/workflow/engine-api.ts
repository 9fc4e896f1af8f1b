/**
 * The in-process face of the workflow engine (issue 5), for domain services that drive their business
 * through a process in the same transaction as their own writes (e.g. the `connection` service completes
 * the 现场勘查 task and records the survey in one commit). The `workflow` service's HTTP routes use the same
 * engine. Every method that writes takes the caller's transaction (`tx`): the engine never commits on its own.
 *
 * Errors are AppErrors: 404 (no such task/instance), 403 (the actor may not act on it), 409 (state changed:
 * already completed, claimed by another, instance suspended — docs/quality.md D1/D5), 412 (stale expectedVersion),
 * 400 (bad outcome or form).
 */
import type { Assignment, InboxPage, InboxQuery, InstanceDetail, Task } from '@wb/contracts/workflow';
import type { Db, Executor, Principal, Queryable } from '@wb/server-kit';
import type { OutboxHandler } from './outbox.ts';

/** Who acts: a session principal, or the system (timers, service tasks, seeding). */
export type WorkflowActor = Principal | { system: true; username: string; displayName: string };

export interface StartInput {
  processKey: string;
  /** Business identifier, e.g. the application number `YK2026112700001`. One running instance per key and process. */
  businessKey: string;
  businessTitle: string;
  /** The business's org unit: post assignments resolve relative to it, now and after every return. */
  orgUnitCode: string;
  variables?: Record<string, unknown>;
  /** Backdate the start (seeding realistic in-flight data only). */
  startedAt?: Date;
  /** The domain starting one of its own processes (ADR 0021); a domain's process refuses any other start. */
  domain?: string | undefined;
  /** `false`: answer the opened tasks as `OpenedTask`s, not as views (two reads fewer, ADR 0109). Only the literal, so the type always says which. */
  views?: false | undefined;
}

export interface CompleteInput {
  outcome?: string | undefined;
  opinion?: string | undefined;
  form?: Record<string, unknown> | undefined;
  /** Task version the client saw (If-Match); a different current version → 412. */
  expectedVersion?: number | undefined;
  /** The domain completing a task of its own process (ADR 0021); a bound task refuses any other completion (409). */
  domain?: string | undefined;
  /** `false`: answer the opened tasks as `OpenedTask`s, not as views (two reads fewer, ADR 0109). Only the literal, so the type always says which. */
  views?: false | undefined;
}

/**
 * A task an action opened, as far as a caller that shows none needs it: a domain service finds the next step's
 * task by node, acts on it by id, or copies its due time (ADR 0109). The view (`Task`) takes two more reads.
 */
export type OpenedTask = Pick<Task, 'id' | 'nodeKey' | 'dueAt'>;
/** The tasks `start` and `complete` answer: views, or `OpenedTask`s when the input says `views: false`. */
export type OpenedTasks<I> = I extends { views: false } ? OpenedTask[] : Task[];

/** Options of transfer and return: the domain acting on a task of its own process (ADR 0021). */
export interface TaskActionOptions {
  domain?: string | undefined;
}

/**
 * The data scope of a monitor (`wf:monitor:view`) for resource type `wf_instance`, as the access model gives it
 * for a request: `all`, or org paths covering their subtree / only themselves. Without any rule (or when not
 * given) a monitor reads the instances of their own org unit and below.
 */
export type InstanceReadScope = { all: true } | { all: false; orgPaths: readonly string[]; exactOrgPaths: readonly string[] };

/** The generic-API actions a bound task refuses (ADR 0021). */
export type BoundAction = 'complete' | 'transfer' | 'return';

/**
 * A domain that owns process definitions (ADR 0021, issue 10), registered with `engine.registerDomain` by the
 * domain service at start (e.g. 业扩报装 owns `yk-lv-resident` …). The binding follows the process key — every
 * version, however deployed, and instances started before — so no redeploy can unbind a process. For those
 * processes:
 * - complete, transfer and return are acted on only through the domain's command (the engine refuses them
 *   unless called with `{ domain: name }`; the domain checks its rules and calls the engine in its transaction);
 * - instances start only through the domain (the generic `POST /instances` refuses);
 * - the generic workflow API carries the domain's limits: `permission` (which carries the domain app's
 *   zones and channels) and the data scope of `scopeResource` over the instance's org path.
 */
export interface WorkflowDomain {
  /** Service name, e.g. `connection`. */
  name: string;
  /** Shown in messages, e.g. `业扩报装`. */
  title: string;
  processKeys: readonly string[];
  /** Permission needed to see the domain's work through the workflow API, e.g. `yk:apply:view`. */
  permission: string;
  /** Data-scope resource type of the business items, e.g. `yk_apply`. */
  scopeResource: string;
  /** The domain route that does `action` on a task's node (named in the refusal), or null when the domain offers none. */
  commandOf(task: { businessKey: string; nodeKey: string }, action: BoundAction): string | null;
  /** Labels of form and variable keys (详情 drawer), e.g. `{ tgId: '台区' }`. */
  fieldLabels?: Readonly<Record<string, string>>;
  /** Labels of coded values per key, e.g. `{ certType: { ID_CARD: '居民身份证' } }`. */
  valueLabels?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * The domain's Idempotency-Key tables (server-kit `idempotent`: columns `key`, `username`, `created_at`), e.g.
   * `['yk_idempotency']`: the workflow's retention job trims them with its own (`WF_IDEMPOTENCY_RETENTION_HOURS`).
   */
  idempotencyTables?: readonly string[];
}

/** A domain command run by a BPMN service task (`<serviceTask wb:command="connection.archive">`), inside the engine's transaction. */
export type ServiceTaskHandler = (
  tx: Queryable,
  context: { instanceId: string; businessKey: string; orgUnitCode: string; variables: Record<string, unknown> },
) => Promise<Record<string, unknown> | void>;

export interface WorkflowEngine {
  /** Deploys BPMN XML as the next version of its process key; refuses unsupported elements naming them (400). */
  deploy(tx: Queryable, actor: WorkflowActor, xml: string): Promise<{ key: string; version: number }>;
  /** Which of these process keys have at least one deployed version (a seed deploys only the missing ones). */
  deployedKeys(q: Queryable, keys: readonly string[]): Promise<Set<string>>;
  start<I extends StartInput>(tx: Queryable, actor: WorkflowActor, input: I): Promise<{ instanceId: string; openTasks: OpenedTasks<I> }>;
  /** A task; with `actor`, its `mayAct` and `switchPost` say what that actor may do. */
  getTask(q: Queryable, taskId: string, actor?: WorkflowActor): Promise<Task | null>;
  /** The open (OPEN or CLAIMED) task of a running instance at `nodeKey`, or any open task when omitted. */
  findOpenTask(q: Queryable, businessKey: string, nodeKey?: string): Promise<Task | null>;
  /** The current instance of a business key; with `actor`, its open tasks carry that actor's `mayAct`. */
  getInstanceByBusinessKey(q: Queryable, businessKey: string, actor?: WorkflowActor): Promise<InstanceDetail | null>;
  /**
   * True when the actor may act on the open task by the one assignment rule: its assignee, or a candidate in
   * the actor's active post (post in the resolved org unit, role, user).
   */
  canAct(q: Queryable, actor: Principal, task: Pick<Task, 'id'>): Promise<boolean>;
  /** Like `canAct`, but throws the 403: "not a handler", or "switch to your post … first" when another post fits. */
  requireMayAct(q: Queryable, actor: WorkflowActor, task: Pick<Task, 'id'>, nodeName: string): Promise<void>;
  /** Binds process keys to a domain (ADR 0021): see `WorkflowDomain`. */
  registerDomain(domain: WorkflowDomain): void;

  claim(tx: Queryable, actor: WorkflowActor, taskId: string): Promise<Task>;
  unclaim(tx: Queryable, actor: WorkflowActor, taskId: string): Promise<Task>;
  /** Completes the task (claiming it first if open) and advances the token; returns the new open tasks. */
  complete<I extends CompleteInput>(tx: Queryable, actor: WorkflowActor, taskId: string, input: I): Promise<OpenedTasks<I>>;
  /** 转办 to a candidate of the node who could see the business item (400 otherwise). */
  transfer(tx: Queryable, actor: WorkflowActor, taskId: string, toUsername: string, opinion?: string, options?: TaskActionOptions): Promise<Task>;
  returnTo(
    tx: Queryable,
    actor: WorkflowActor,
    taskId: string,
    target: { kind: 'previous' } | { kind: 'initiator' } | { kind: 'node'; nodeKey: string },
    opinion: string,
    options?: TaskActionOptions,
  ): Promise<Task[]>;
  /** Takes back the actor's last completion while the next task is still unclaimed. */
  withdraw(tx: Queryable, actor: WorkflowActor, instanceId: string): Promise<Task[]>;
  suspend(tx: Queryable, actor: WorkflowActor, instanceId: string, reason: string): Promise<void>;
  resume(tx: Queryable, actor: WorkflowActor, instanceId: string, reason: string): Promise<void>;
  terminate(tx: Queryable, actor: WorkflowActor, instanceId: string, reason: string): Promise<void>;
  /**
   * 抄送: whoever may read the instance (`mayRead`: participant, `wf:process:manage`, or a monitor whose
   * `readScope` covers it) copies it to active users. 404 when the actor may not read it.
   */
  copyTo(tx: Queryable, actor: WorkflowActor, instanceId: string, usernames: string[], opinion?: string, readScope?: InstanceReadScope | null): Promise<void>;
  /**
   * Whether the actor may read the instance: the system, `wf:process:manage`, a participant (initiator, handler,
   * assignee or candidate of the open task, copied user), or a monitor (`wf:monitor:view`) whose `readScope`
   * covers the instance's org path (no scope rule: their own org unit and below).
   */
  mayRead(q: Queryable, actor: WorkflowActor, instanceId: string, readScope?: InstanceReadScope | null): Promise<boolean>;

  inbox(q: Queryable, actor: Principal, query: InboxQuery): Promise<InboxPage>;
  /**
   * Data scope ASSIGNED (ADR 0073): per resource type (a domain's `scopeResource`), the business keys of the
   * instances whose tasks are or were assigned to `actor`, completed by them or offered to them as a candidate.
   */
  assignedBusinessKeys(q: Queryable, actor: Principal, resourceTypes: readonly string[]): Promise<Map<string, string[]>>;

  /**
   * Commit, then wake the engine (ADR 0024): runs `fn` in one transaction of `db` and, once it committed,
   * has the outbox dispatcher deliver what it wrote — events reach their consumers (the bell's push among
   * them) at once instead of at the next periodic tick. Every service that commits engine work uses this
   * (or calls `afterCommit` right after its own commit).
   */
  runInTransaction<T>(db: Db, fn: (tx: Executor) => Promise<T>): Promise<T>;
  /** Wakes the outbox dispatcher after a commit made elsewhere (no-op before the workflow service bound the engine). */
  afterCommit(): void;
  /**
   * The domain-event stream (ADR 0024): registers a consumer by a stable name for topics (`task.created`,
   * `task.completed`, `instance.ended`, … or `*`). Each event is delivered at least once to each consumer,
   * in the dispatcher's transaction (`tx`), retried with backoff, dead after the last attempt. Register at
   * start; handlers must be idempotent (by `event.id`). Returns an unregister function.
   */
  consume(name: string, topics: readonly string[], handler: OutboxHandler): () => void;
  registerServiceTask(command: string, handler: ServiceTaskHandler): void;
  /**
   * The working-day calendar (`wf_holiday`, cached like the engine's own SLA clocks): domain services that keep
   * their own clocks (95598 tickets, ADR 0029) count working days with it (`addWorkingDays`).
   */
  holidays(q: Queryable): Promise<ReadonlyMap<string, boolean>>;
  /**
   * A domain's notice (ADR 0029: 来电弹屏, 催办) in the caller's transaction, pushed like the engine's own
   * (ADR 0024): to named users, or to the people of an open task (its assignee, else its candidates). Returns
   * how many were notified; a repeated `dedupe` key is skipped.
   */
  notify(
    tx: Queryable,
    to: { usernames: readonly string[] } | { taskId: string },
    notice: { kind: 'ASSIGNED' | 'REMINDER' | 'ESCALATION'; title: string; body: string; link: string | null; dedupe: string },
  ): Promise<number>;
  /** SLA sweep: warnings at 80 %, overdue, reminders, escalation to the org-unit leader, boundary timers. Idempotent. */
  sweep(q: Queryable, now: Date): Promise<{ warned: number; overdue: number; escalated: number; timers: number }>;
  /** The same sweep with each step in a transaction of its own (the server's periodic tick; ADR 0074). */
  sweepInTransactions(db: Db, now: Date): Promise<{ warned: number; overdue: number; escalated: number; timers: number }>;
}

export type { Assignment };

/**
 * The engine's read model for domain services (migration workflow/003, view `wf_business_process`): a LEFT
 * JOIN LATERAL fragment that joins, as `alias`, where the process of a business record stands — its current
 * instance for `businessKey` (a running or suspended one, else the latest) with the open task. Columns:
 * instance_id, business_key, process_key, process_version, org_unit_code, org_path, status (RUNNING,
 * SUSPENDED, COMPLETED, TERMINATED), suspended_reason, started_at, ended_at, due_at, warn_at (end-to-end),
 * task_id, node_key, task_state, assignee, task_created_at, task_due_at, task_warn_at (NULL without an open task;
 * with parallel branches the most urgent open task), open_nodes (every node holding an open task; ADR 0025).
 * Read at query time, it always agrees with the engine: no copy to keep fresh.
 */
export function businessProcessJoin(alias: string, businessKey: string): string {
  return `LEFT JOIN LATERAL (SELECT * FROM wf_business_process bp WHERE bp.business_key = ${businessKey}
    ORDER BY (bp.status IN ('RUNNING', 'SUSPENDED')) DESC, bp.started_at DESC LIMIT 1) ${alias} ON true`;
}

/**
 * SQL of the SLA state of a `businessProcessJoin` row (`alias`) at `now` (a SQL expression), by the engine's
 * rule (the same as a task's and an instance's slaState): the worse of the open task's clock and the
 * end-to-end clock — PAUSED while suspended, OVERDUE from a due time, WARNING from a stored warning time
 * (80 % of the window, moved with its due time on resume), else NORMAL. NULL once the instance ended.
 */
export function businessSlaSql(alias: string, now: string): string {
  const p = alias;
  return `(CASE WHEN ${p}.status = 'SUSPENDED' THEN 'PAUSED' WHEN ${p}.status IS DISTINCT FROM 'RUNNING' THEN NULL
    WHEN ${now} >= ${p}.task_due_at OR ${now} >= ${p}.due_at THEN 'OVERDUE'
    WHEN ${now} >= ${p}.task_warn_at OR ${now} >= ${p}.warn_at THEN 'WARNING'
    ELSE 'NORMAL' END)`;
}
