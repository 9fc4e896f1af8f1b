/**
 * The in-process face of the workflow engine (issue 5), for domain services that drive their business
 * through a process in the same transaction as their own writes (e.g. the `connection` service completes
 * the 现场勘查 task and records the survey in one commit). The `workflow` service's HTTP routes use the same
 * engine. Every method that writes takes the caller's transaction (`tx`): the engine never commits on its own.
 *
 * Errors are AppErrors: 404 (no such task/instance), 403 (the actor may not act on it), 409 (state changed:
 * already completed, claimed by another, instance suspended — QUALITY.md D1/D5), 412 (stale expectedVersion),
 * 400 (bad outcome or form).
 */
import type { Assignment, InboxPage, InboxQuery, InstanceDetail, Task } from '@wb/contracts/workflow';
import type { Principal, Queryable } from '@wb/server-kit';

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
}

export interface CompleteInput {
  outcome?: string | undefined;
  opinion?: string | undefined;
  form?: Record<string, unknown> | undefined;
  /** Task version the client saw (If-Match); a different current version → 412. */
  expectedVersion?: number | undefined;
}

/**
 * The data scope of a monitor (`wf:monitor:view`) for resource type `wf_instance`, as the access model gives it
 * for a request: `all`, or org paths covering their subtree / only themselves. Without any rule (or when not
 * given) a monitor reads the instances of their own org unit and below.
 */
export type InstanceReadScope = { all: true } | { all: false; orgPaths: readonly string[]; exactOrgPaths: readonly string[] };

/** A domain command run by a BPMN service task (`<serviceTask wb:command="connection.archive">`), inside the engine's transaction. */
export type ServiceTaskHandler = (
  tx: Queryable,
  context: { instanceId: string; businessKey: string; orgUnitCode: string; variables: Record<string, unknown> },
) => Promise<Record<string, unknown> | void>;

export interface WorkflowEngine {
  /** Deploys BPMN XML as the next version of its process key; refuses unsupported elements naming them (400). */
  deploy(tx: Queryable, actor: WorkflowActor, xml: string): Promise<{ key: string; version: number }>;
  start(tx: Queryable, actor: WorkflowActor, input: StartInput): Promise<{ instanceId: string; openTasks: Task[] }>;
  getTask(q: Queryable, taskId: string): Promise<Task | null>;
  /** The open (OPEN or CLAIMED) task of a running instance at `nodeKey`, or any open task when omitted. */
  findOpenTask(q: Queryable, businessKey: string, nodeKey?: string): Promise<Task | null>;
  getInstanceByBusinessKey(q: Queryable, businessKey: string): Promise<InstanceDetail | null>;
  /** True when the actor is the assignee or a candidate of the open task (post in the resolved org unit, role, user). */
  canAct(q: Queryable, actor: Principal, task: Pick<Task, 'id'>): Promise<boolean>;

  claim(tx: Queryable, actor: WorkflowActor, taskId: string): Promise<Task>;
  unclaim(tx: Queryable, actor: WorkflowActor, taskId: string): Promise<Task>;
  /** Completes the task (claiming it first if open) and advances the token; returns the new open tasks. */
  complete(tx: Queryable, actor: WorkflowActor, taskId: string, input: CompleteInput): Promise<Task[]>;
  transfer(tx: Queryable, actor: WorkflowActor, taskId: string, toUsername: string, opinion?: string): Promise<Task>;
  returnTo(tx: Queryable, actor: WorkflowActor, taskId: string, target: { kind: 'previous' } | { kind: 'initiator' } | { kind: 'node'; nodeKey: string }, opinion: string): Promise<Task[]>;
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
  registerServiceTask(command: string, handler: ServiceTaskHandler): void;
  /** SLA sweep: warnings at 80 %, overdue, reminders, escalation to the org-unit leader, boundary timers. Idempotent. */
  sweep(q: Queryable, now: Date): Promise<{ warned: number; overdue: number; escalated: number; timers: number }>;
}

export type { Assignment };

/**
 * The engine's read model for domain services (migration workflow/003, view `wf_business_process`): a LEFT
 * JOIN LATERAL fragment that joins, as `alias`, where the process of a business record stands — its current
 * instance for `businessKey` (a running or suspended one, else the latest) with the open task. Columns:
 * instance_id, business_key, process_key, process_version, org_unit_code, org_path, status (RUNNING,
 * SUSPENDED, COMPLETED, TERMINATED), suspended_reason, started_at, ended_at, due_at, warn_at (end-to-end),
 * task_id, node_key, task_state, assignee, task_created_at, task_due_at, task_warn_at (NULL without an open task).
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
