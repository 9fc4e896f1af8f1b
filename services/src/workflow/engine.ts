/**
 * The workflow engine (issues 5 and 10): implements engine-api.ts over the wf_* tables. An instance may have
 * several open tasks (parallel gateways and 会签, ADR 0025; tokens in engine/navigation.ts). Every write runs in the
 * caller's transaction and is guarded by the row's state and version (D1). The engine is assembled here from
 * modules around one context object (engine/context.ts):
 *
 * | module | concern |
 * |---|---|
 * | engine/assignment.ts | the one rule of who may act on a task (in memory and as SQL), candidate resolution |
 * | engine/binding.ts | bound tasks: domain processes are acted on and started only through their domain |
 * | engine/navigation.ts | moving the token: gateways, service tasks, creating tasks, ending instances |
 * | engine/journal.ts | history rows, outbox events, notifications |
 * | engine/visibility.ts | who may read an instance or task; the domain's limits |
 * | engine/reads.ts | rows and DTOs |
 * | engine/task-actions.ts | claim, unclaim, complete, transfer, return |
 * | engine/instance-actions.ts | start, withdraw, suspend, resume, terminate, copy-to |
 * | engine/inbox-query.ts | the inbox boxes and counts |
 * | engine/sla-sweep.ts | warnings, overdue, escalation, boundary timers |
 * | engine/definitions.ts | deploying definitions |
 */
import type { InstanceDetail } from '@wb/contracts/workflow';
import type { Db, Executor, Principal, Queryable } from '@wb/server-kit';
import type { ProcessModel } from './bpmn.ts';
import type { CompleteInput, InstanceReadScope, OpenedTasks, StartInput, WorkflowActor, WorkflowEngine } from './engine-api.ts';
import type { Outbox, OutboxEvent, OutboxHandler } from './outbox.ts';
import type { InstanceRow } from './rows.ts';
import { TASK_SELECT } from './rows.ts';
import type { TaskRow } from './rows.ts';
import { canActRow, recipients } from './engine/assignment.ts';
import { notify } from './engine/journal.ts';
import { requireStartable } from './engine/binding.ts';
import { OPEN_STATES, UUID, createEngineContext, forbidden } from './engine/context.ts';
import { deploy, deployedKeys } from './engine/definitions.ts';
import * as dir from './directory.ts';
import type { InboxCache } from './engine/inbox-cache.ts';
import { inbox, inboxLimitsKey } from './engine/inbox-query.ts';
import { assignedBusinessKeys } from './engine/assigned-rows.ts';
import { copyTo, resume, start, suspend, terminate, withdraw } from './engine/instance-actions.ts';
import { instanceDetail, instanceRow, taskRow, toTaskDto } from './engine/reads.ts';
import { sweep, sweepEach } from './engine/sla-sweep.ts';
import { claim, complete, notAllowed, returnTo, transfer, unclaim } from './engine/task-actions.ts';
import { domainLimits, isParticipant, mayRead, mayReadTask } from './engine/visibility.ts';

export interface WorkflowEngineOptions {
  /** The clock; default: the app's (`app.now`, bound when the workflow plugin registers), else the system clock. */
  now?: () => Date;
  /** Holiday-calendar cache lifetime (other instances see a change after at most this long). */
  holidayCacheMs?: number;
  /** Inbox answer lifetime when no write touched its audience, ms (ADR 0055); 0 turns the inbox cache off. */
  inboxCacheMs?: number;
}

/** The engine with what the workflow service itself needs beyond engine-api.ts. */
export interface WorkflowEngineService extends WorkflowEngine {
  /** Binds the app's clock (unless one was given) and database (for the outbox dispatcher). */
  bind(context: { now: () => Date; db: Db }): void;
  now(): Date;
  /** The inbox's read cache (ADR 0055): the plugin connects it to Redis and configures it. */
  readonly inboxCache: InboxCache;
  getInstance(q: Queryable, instanceId: string, actor?: WorkflowActor): Promise<InstanceDetail | null>;
  instanceRow(q: Queryable, instanceId: string): Promise<InstanceRow | null>;
  /** Whether a user took part in an instance (initiator, handler, assignee or candidate of the open task, copied). */
  isParticipant(q: Queryable, actor: Principal, instanceId: string): Promise<boolean>;
  /**
   * Whether the actor may see a task: its assignee or a candidate of it (also while another candidate holds it
   * claimed), or a reader of its instance (`mayRead`). False for a task that does not exist.
   */
  mayReadTask(q: Queryable, actor: WorkflowActor, taskId: string, readScope?: InstanceReadScope | null): Promise<boolean>;
  /** The limits of the domain owning `processKey` for the actor at an org path: `ok`, `hidden` (404) or `forbidden` (403). */
  domainLimits(actor: WorkflowActor, processKey: string, orgPath: string, candOrgPath?: string | null, businessKey?: string): 'ok' | 'hidden' | 'forbidden';
  /** The process and org path of a task's instance (for the domain's limits), or null when there is no such task. */
  taskPlace(q: Queryable, taskId: string): Promise<{ processKey: string; orgPath: string; candOrgPath: string | null; businessKey: string } | null>;
  /** Refuses (409 WB_ERR_DOMAIN_BOUND) a generic start of a process a domain owns. */
  requireStartable(processKey: string): void;
  model(q: Queryable, key: string, version: number): Promise<ProcessModel>;
  invalidateHolidays(): void;
  /** The outbox (ADR 0024): settings, dead letters, retry and discard. */
  readonly outbox: Outbox;
  /** Fans out committed events and delivers the due ones to the consumers (at least once). Returns how many deliveries succeeded. */
  publishPending(db?: Db): Promise<number>;
  /** The Idempotency-Key tables the retention job trims: the workflow's own and the registered domains'. */
  idempotencyTables(): string[];
}

export function createWorkflowEngine(options: WorkflowEngineOptions = {}): WorkflowEngineService {
  const ctx = createEngineContext(options);
  const afterCommit = (): void => {
    if (ctx.db) ctx.outbox.kick(ctx.db);
  };
  return {
    bind(context) {
      if (!options.now) ctx.setClock(context.now);
      ctx.db = context.db;
    },
    now: () => ctx.now(),
    model: (q, key, version) => ctx.model(q, key, version),
    instanceRow: (q, id) => instanceRow(q, id),
    isParticipant: (q, actor, instanceId) => isParticipant(q, actor, instanceId),
    async mayRead(q, actor, instanceId, readScope) {
      const inst = await instanceRow(q, instanceId);
      return !!inst && mayRead(q, actor, inst, readScope);
    },
    mayReadTask: (q, actor, taskId, readScope) => mayReadTask(q, actor, taskId, readScope),
    domainLimits: (actor, processKey, orgPath, candOrgPath, businessKey) => domainLimits(ctx, actor, processKey, orgPath, candOrgPath, businessKey),
    async taskPlace(q, taskId) {
      if (!UUID.test(taskId)) return null;
      const [row] = await q.query<{ process_key: string; org_path: string; cand_org: string | null; business_key: string }>(
        `SELECT i.process_key, i.org_path, t.cand_org, i.business_key FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id WHERE t.id = $1`,
        [taskId],
      );
      if (!row) return null;
      // The candidate unit's path comes from the directory (identity's port), not from its table.
      const candOrgPath = row.cand_org ? ((await dir.orgUnit(q, row.cand_org))?.path ?? null) : null;
      return { processKey: row.process_key, orgPath: row.org_path, candOrgPath, businessKey: row.business_key };
    },
    requireStartable: (processKey) => requireStartable(ctx, processKey, undefined),
    idempotencyTables: () => [...new Set(['wf_idempotency', ...[...ctx.domains.values()].flatMap((d) => d.idempotencyTables ?? [])])],
    invalidateHolidays: () => ctx.holidays.invalidate(),
    outbox: ctx.outbox,
    consume: (name: string, topics: readonly string[], handler: OutboxHandler) => ctx.outbox.consume(name, topics, handler),
    async runInTransaction<T>(db: Db, fn: (tx: Executor) => Promise<T>): Promise<T> {
      const result = await db.transaction(fn);
      afterCommit();
      return result;
    },
    afterCommit,
    publishPending(db) {
      const target = db ?? ctx.db;
      if (!target) throw new Error('workflow engine: no database bound for the outbox');
      return ctx.outbox.publishPending(target);
    },
    registerServiceTask(command, handler) {
      if (ctx.handlers.has(command)) throw new Error(`workflow: service task command ${command} registered twice`);
      ctx.handlers.set(command, handler);
    },
    registerDomain(domain) {
      for (const key of domain.processKeys) {
        const owner = ctx.domains.get(key);
        if (owner && owner.name !== domain.name) throw new Error(`workflow: process ${key} is bound to ${owner.name} already`);
        ctx.domains.set(key, domain);
      }
    },

    deploy: (tx, actor, xml) => deploy(ctx, tx, actor, xml),
    deployedKeys,
    // `views: false` answers `OpenedTask`s (ADR 0109); the input's type says which the caller gets.
    start: <I extends StartInput>(tx: Queryable, actor: WorkflowActor, input: I) =>
      start(ctx, tx, actor, input) as Promise<{ instanceId: string; openTasks: OpenedTasks<I> }>,
    async getTask(q, taskId, actor) {
      const row = await taskRow(q, taskId);
      return row ? toTaskDto(ctx, q, row, actor) : null;
    },
    async findOpenTask(q, businessKey, nodeKey) {
      const [row] = await q.query<TaskRow>(
        `${TASK_SELECT} WHERE i.business_key = $1 AND i.status IN ('RUNNING', 'SUSPENDED') AND t.state IN ${OPEN_STATES} AND ($2::text IS NULL OR t.node_key = $2)
         ORDER BY t.seq DESC LIMIT 1`,
        [businessKey, nodeKey ?? null],
      );
      return row ? toTaskDto(ctx, q, row) : null;
    },
    async getInstanceByBusinessKey(q, businessKey, actor) {
      const [row] = await q.query<InstanceRow>(`SELECT * FROM wf_instance WHERE business_key = $1 ORDER BY (status IN ('RUNNING', 'SUSPENDED')) DESC, started_at DESC LIMIT 1`, [businessKey]);
      return row ? instanceDetail(ctx, q, row, actor) : null;
    },
    async getInstance(q, instanceId, actor) {
      const row = await instanceRow(q, instanceId);
      return row ? instanceDetail(ctx, q, row, actor) : null;
    },
    async canAct(q, actor, task) {
      if (!UUID.test(task.id)) return false;
      const [row] = await q.query<TaskRow>('SELECT t.state, t.assignee, t.cand_kind, t.cand_value, t.cand_org FROM wf_task t WHERE t.id = $1', [task.id]);
      return !!row && canActRow(actor, row);
    },
    async requireMayAct(q, actor, task, nodeName) {
      const [row] = UUID.test(task.id) ? await q.query<TaskRow>('SELECT t.state, t.assignee, t.cand_kind, t.cand_value, t.cand_org FROM wf_task t WHERE t.id = $1', [task.id]) : [];
      if (row && canActRow(actor, row)) return;
      const refusal = row ? notAllowed(actor, row) : null;
      if (refusal && refusal.fields?.post) throw refusal;
      throw forbidden(`您不是「${nodeName}」环节的办理人`);
    },
    claim: (tx, actor, taskId) => claim(ctx, tx, actor, taskId),
    unclaim: (tx, actor, taskId) => unclaim(ctx, tx, actor, taskId),
    complete: <I extends CompleteInput>(tx: Queryable, actor: WorkflowActor, taskId: string, input: I) => complete(ctx, tx, actor, taskId, input) as Promise<OpenedTasks<I>>,
    transfer: (tx, actor, taskId, toUsername, opinion, opts) => transfer(ctx, tx, actor, taskId, toUsername, opinion, opts?.domain),
    returnTo: (tx, actor, taskId, target, opinion, opts) => returnTo(ctx, tx, actor, taskId, target, opinion, opts?.domain),
    withdraw: (tx, actor, instanceId) => withdraw(ctx, tx, actor, instanceId),
    suspend: (tx, actor, instanceId, reason) => suspend(ctx, tx, actor, instanceId, reason),
    resume: (tx, actor, instanceId, reason) => resume(ctx, tx, actor, instanceId, reason),
    terminate: (tx, actor, instanceId, reason) => terminate(ctx, tx, actor, instanceId, reason),
    copyTo: (tx, actor, instanceId, usernames, opinion, readScope) => copyTo(ctx, tx, actor, instanceId, usernames, opinion, readScope),
    // Answers read outside a transaction are cached (inside one, the caller may be reading its own writes).
    inbox: (q, actor, query) =>
      q === ctx.db && ctx.inboxCache.enabled
        ? ctx.inboxCache.get(actor, query, inboxLimitsKey(ctx, actor), () => inbox(ctx, q, actor, query))
        : inbox(ctx, q, actor, query),
    inboxCache: ctx.inboxCache,
    assignedBusinessKeys: (q, actor, resourceTypes) => assignedBusinessKeys(ctx, q, actor, resourceTypes),
    sweep: (q, now) => sweep(ctx, q, now),
    sweepInTransactions: (db, now) => sweepEach(ctx, (step) => db.transaction(step), now),
    holidays: (q) => ctx.holidays.get(q),
    async notify(tx, to, notice) {
      const now = ctx.now();
      if ('usernames' in to) return notify(tx, [...to.usernames], notice, now);
      if (!UUID.test(to.taskId)) return 0;
      const [row] = await tx.query<TaskRow>(`SELECT t.state, t.assignee, t.cand_kind, t.cand_value, t.cand_org FROM wf_task t WHERE t.id = $1 AND t.state IN ${OPEN_STATES}`, [to.taskId]);
      return row ? notify(tx, await recipients(tx, row, now), { ...notice, taskId: to.taskId }, now) : 0;
    },
  };
}

export type { OutboxEvent };
