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
  /** True when the actor is the assignee or a candidate of the task (post in the resolved org unit, role, user). */
  canAct(q: Queryable, actor: Principal, task: Task): Promise<boolean>;

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
  copyTo(tx: Queryable, actor: WorkflowActor, instanceId: string, usernames: string[], opinion?: string): Promise<void>;

  inbox(q: Queryable, actor: Principal, query: InboxQuery): Promise<InboxPage>;
  registerServiceTask(command: string, handler: ServiceTaskHandler): void;
  /** SLA sweep: warnings at 80 %, overdue, reminders, escalation to the org-unit leader, boundary timers. Idempotent. */
  sweep(q: Queryable, now: Date): Promise<{ warned: number; overdue: number; escalated: number; timers: number }>;
}

export type { Assignment };
