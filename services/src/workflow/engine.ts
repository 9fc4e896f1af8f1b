/**
 * The workflow engine (issue 5): implements engine-api.ts over the wf_* tables. Single-token processes (the
 * BPMN subset has no parallel split), so an instance has at most one open task. Every write runs in the
 * caller's transaction and is guarded by the row's state and version (`UPDATE … WHERE state IN (…) AND
 * version = $v RETURNING`): of concurrent completions exactly one updates a row (D1), the others get 409.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@wb/contracts';
import { inboxQuerySchema } from '@wb/contracts/workflow';
import type { InboxItem, InboxPage, InboxQuery, InstanceDetail, SlaState, Task } from '@wb/contracts/workflow';
import { AppError, parseOrThrow } from '@wb/server-kit';
import type { Db, Principal, Queryable } from '@wb/server-kit';
import { BpmnError, parseBpmn } from './bpmn.ts';
import type { ModelNode, ProcessModel } from './bpmn.ts';
import { createHolidayCache, dueDate, warnDate } from './calendar.ts';
import * as dir from './directory.ts';
import { evaluate, parseExpr } from './expr.ts';
import type { CompleteInput, InstanceReadScope, ServiceTaskHandler, StartInput, WorkflowActor, WorkflowEngine } from './engine-api.ts';
import { createOutbox } from './outbox.ts';
import type { OutboxEvent, OutboxSubscriber } from './outbox.ts';
import { TASK_SELECT, iso, slaStateOf, slaStateSql, toHistory, toTask } from './rows.ts';
import type { HistoryRow, InstanceRow, TaskRow } from './rows.ts';

export interface WorkflowEngineOptions {
  /** The clock; default: the app's (`app.now`, bound when the workflow plugin registers), else the system clock. */
  now?: () => Date;
  /** Holiday-calendar cache lifetime (other instances see a change after at most this long). */
  holidayCacheMs?: number;
}

/** The engine with what the workflow service itself needs beyond engine-api.ts. */
export interface WorkflowEngineService extends WorkflowEngine {
  /** Binds the app's clock (unless one was given) and database (for the outbox dispatcher). */
  bind(context: { now: () => Date; db: Db }): void;
  now(): Date;
  getInstance(q: Queryable, instanceId: string): Promise<InstanceDetail | null>;
  instanceRow(q: Queryable, instanceId: string): Promise<InstanceRow | null>;
  /** Whether a user took part in an instance (initiator, handler, assignee or candidate of the open task, copied). */
  isParticipant(q: Queryable, actor: Principal, instanceId: string): Promise<boolean>;
  /**
   * Whether the actor may see a task: its assignee or a candidate of it (also while another candidate holds it
   * claimed), or a reader of its instance (`mayRead`). False for a task that does not exist.
   */
  mayReadTask(q: Queryable, actor: WorkflowActor, taskId: string, readScope?: InstanceReadScope | null): Promise<boolean>;
  model(q: Queryable, key: string, version: number): Promise<ProcessModel>;
  invalidateHolidays(): void;
  /** In-process subscribers of domain events (topic or `*`); returns an unsubscribe function. */
  subscribe(topic: string, handler: OutboxSubscriber): () => void;
  /** Publishes committed, unpublished outbox events to the subscribers (at least once). Returns how many. */
  publishPending(db?: Db): Promise<number>;
  /** Schedules `publishPending` soon (after the caller's commit); errors are logged by the caller's hook. */
  kick(): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const OPEN_STATES = "('OPEN', 'CLAIMED')";
const MAX_STEPS = 200;

const isSystem = (actor: WorkflowActor): actor is { system: true; username: string; displayName: string } => 'system' in actor && actor.system;
const actorName = (actor: WorkflowActor): string => actor.displayName;
const conflict = (message: string): AppError => new AppError(409, ErrorCode.Conflict, message);
const notFound = (message: string): AppError => new AppError(404, ErrorCode.NotFound, message);
const forbidden = (message: string): AppError => new AppError(403, ErrorCode.NotAllowed, message);
const badRequest = (message: string, fields?: Record<string, string>): AppError => new AppError(400, ErrorCode.BadRequest, message, fields);

function hasPermission(actor: WorkflowActor, permission: string): boolean {
  if (isSystem(actor)) return true;
  return actor.permissions.has('*') || actor.permissions.has(permission);
}

/** Candidate match without the assignee rule: the actor holds the post/role, or is the named user. */
function candidateMatch(actor: Principal, row: Pick<TaskRow, 'cand_kind' | 'cand_value' | 'cand_org'>): boolean {
  switch (row.cand_kind) {
    case 'post':
      return actor.posts.some((p) => p.code === row.cand_value && p.orgUnitCode === row.cand_org);
    case 'role':
      return actor.roles.includes(row.cand_value);
    case 'user':
      return actor.username === row.cand_value;
    default:
      return false;
  }
}

function canActRow(actor: WorkflowActor, row: TaskRow): boolean {
  if (isSystem(actor)) return true;
  if (row.state !== 'OPEN' && row.state !== 'CLAIMED') return false;
  if (row.assignee) return row.assignee === actor.username;
  return candidateMatch(actor, row);
}

function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505';
}

interface JournalEntry {
  instanceId: string;
  taskId?: string | null;
  action: string;
  actor: WorkflowActor;
  fromNode?: string | null;
  toNodes?: string[];
  outcome?: string | null;
  opinion?: string;
  form?: Record<string, unknown>;
}
interface Journal {
  history: JournalEntry[];
  events: Array<{ topic: string; payload: Record<string, unknown> }>;
}

/** A task with its instance's columns, without the display names of TASK_SELECT (for actions). */
const CORE_SELECT = `SELECT t.*, i.process_key, i.process_version, i.business_key, i.business_title, i.org_unit_code, i.org_path,
  i.status AS instance_status, i.variables, i.initiator FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id`;

function instanceFromTask(row: TaskRow): InstanceRow {
  return {
    id: row.instance_id,
    process_key: row.process_key,
    process_version: row.process_version,
    business_key: row.business_key,
    business_title: row.business_title,
    org_unit_code: row.org_unit_code,
    org_path: row.org_path,
    initiator: row.initiator,
    status: row.instance_status,
    variables: row.variables ?? {},
    started_at: new Date(0),
    ended_at: null,
    due_at: null,
    warn_at: null,
    suspended_at: null,
    suspended_reason: null,
    version: 0,
  };
}

export function createWorkflowEngine(options: WorkflowEngineOptions = {}): WorkflowEngineService {
  let clock: () => Date = options.now ?? (() => new Date());
  let boundDb: Db | null = null;
  const models = new Map<string, ProcessModel>();
  const handlers = new Map<string, ServiceTaskHandler>();
  const holidays = createHolidayCache(options.holidayCacheMs);
  const outbox = createOutbox();

  async function loadModel(q: Queryable, key: string, version: number): Promise<ProcessModel> {
    const cacheKey = `${key}@${version}`;
    const hit = models.get(cacheKey);
    if (hit) return hit;
    const [row] = await q.query<{ model: ProcessModel }>('SELECT model FROM wf_definition WHERE key = $1 AND version = $2', [key, version]);
    if (!row) throw notFound(`流程定义不存在：${key} 第 ${version} 版`);
    models.set(cacheKey, row.model);
    return row.model;
  }

  async function taskRow(q: Queryable, taskId: string, lock = false): Promise<TaskRow | null> {
    if (!UUID.test(taskId)) return null;
    const [row] = await q.query<TaskRow>(`${TASK_SELECT} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`, [taskId]);
    return row ?? null;
  }

  async function requireTask(q: Queryable, taskId: string): Promise<TaskRow> {
    const row = await taskRow(q, taskId);
    if (!row) throw notFound('未找到该任务');
    return row;
  }

  async function toTaskDto(q: Queryable, row: TaskRow): Promise<Task> {
    return toTask(row, await loadModel(q, row.process_key, row.process_version), clock());
  }

  async function tasksByIds(q: Queryable, ids: string[]): Promise<Task[]> {
    if (ids.length === 0) return [];
    const rows = await q.query<TaskRow>(`${TASK_SELECT} WHERE t.id = ANY($1::uuid[]) ORDER BY t.seq`, [ids]);
    return Promise.all(rows.map((r) => toTaskDto(q, r)));
  }

  async function instanceRow(q: Queryable, instanceId: string, lock = false): Promise<InstanceRow | null> {
    if (!UUID.test(instanceId)) return null;
    const [row] = await q.query<InstanceRow>(`SELECT * FROM wf_instance WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [instanceId]);
    return row ?? null;
  }

  async function requireInstance(q: Queryable, instanceId: string, lock = false): Promise<InstanceRow> {
    const row = await instanceRow(q, instanceId, lock);
    if (!row) throw notFound('未找到该流程实例');
    return row;
  }

  async function history(
    tx: Queryable,
    entry: { instanceId: string; taskId?: string | null; action: string; actor: WorkflowActor; fromNode?: string | null; toNodes?: string[]; outcome?: string | null; opinion?: string; form?: Record<string, unknown> },
    now: Date,
  ): Promise<string> {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO wf_history (instance_id, task_id, at, action, actor, actor_name, from_node, to_nodes, outcome, opinion, form)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9, $10, $11::jsonb) RETURNING id`,
      [
        entry.instanceId,
        entry.taskId ?? null,
        now,
        entry.action,
        entry.actor.username,
        actorName(entry.actor),
        entry.fromNode ?? null,
        entry.toNodes ?? [],
        entry.outcome ?? null,
        entry.opinion ?? '',
        JSON.stringify(entry.form ?? {}),
      ],
    );
    return String(row?.id);
  }

  /**
   * Writes of one action collected in order and flushed as one INSERT per table (history, outbox): fewer round
   * trips on the hot path (P7), and entries can still be amended (the COMPLETE row learns its `toNodes`).
   */
  async function flush(tx: Queryable, j: Journal, now: Date): Promise<void> {
    if (j.history.length > 0) {
      const params: unknown[] = [];
      const values = j.history.map((e) => {
        const base = params.length;
        params.push(e.instanceId, e.taskId ?? null, now, e.action, e.actor.username, actorName(e.actor), e.fromNode ?? null, e.toNodes ?? [], e.outcome ?? null, e.opinion ?? '', JSON.stringify(e.form ?? {}));
        return `(${Array.from({ length: 11 }, (_, i) => `$${base + i + 1}${i === 7 ? '::text[]' : i === 10 ? '::jsonb' : ''}`).join(', ')})`;
      });
      await tx.query(`INSERT INTO wf_history (instance_id, task_id, at, action, actor, actor_name, from_node, to_nodes, outcome, opinion, form) VALUES ${values.join(', ')}`, params);
      j.history = [];
    }
    if (j.events.length > 0) {
      await outbox.emitMany(tx, j.events, now);
      j.events = [];
    }
  }

  async function notify(
    tx: Queryable,
    usernames: string[],
    n: { kind: string; title: string; body: string; link: string | null; dedupe: string },
    now: Date,
  ): Promise<number> {
    const people = [...new Set(usernames)];
    if (people.length === 0) return 0;
    // One INSERT for all recipients (one round trip per notice, not per person).
    const rows = await tx.query(
      `INSERT INTO wf_notification (id, username, kind, title, body, link, dedupe_key, created_at)
       SELECT u.id, u.username, $3, $4, $5, $6, $7 || ':' || u.username, $8 FROM unnest($1::uuid[], $2::text[]) AS u (id, username)
       ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
      [people.map(() => randomUUID()), people, n.kind, n.title, n.body, n.link, n.dedupe, now],
    );
    return rows.length;
  }

  /** The people a task concerns: its assignee, else the holders of its candidate post/role. */
  async function recipients(tx: Queryable, row: Pick<TaskRow, 'assignee' | 'cand_kind' | 'cand_value' | 'cand_org'>, now: Date): Promise<string[]> {
    if (row.assignee) return [row.assignee];
    if (row.cand_kind === 'post' && row.cand_org) return dir.postHolders(tx, row.cand_value, row.cand_org, now);
    if (row.cand_kind === 'role') return dir.roleHolders(tx, row.cand_value, now);
    if (row.cand_kind === 'user') return [row.cand_value];
    return [];
  }

  async function createTask(
    tx: Queryable,
    inst: InstanceRow,
    model: ProcessModel,
    node: ModelNode,
    prevTask: string | null,
    now: Date,
    j: Journal,
    override?: { assignee: string },
  ): Promise<string> {
    let kind: TaskRow['cand_kind'] = 'none';
    let value = '';
    let org: string | null = null;
    let assignee: string | null = null;
    const a = node.assignee;
    if (override) {
      kind = 'user';
      value = override.assignee;
      assignee = override.assignee;
    } else if (a?.kind === 'post') {
      const unit = a.orgUnitCode ? await dir.orgUnit(tx, a.orgUnitCode) : await dir.orgUnitUp(tx, inst.org_unit_code, a.level);
      if (!unit) throw conflict(`无法确定环节「${node.name}」的办理单位`);
      kind = 'post';
      value = a.post;
      org = unit.code;
    } else if (a?.kind === 'role') {
      kind = 'role';
      value = a.role;
    } else if (a?.kind === 'user' || a?.kind === 'initiator' || a?.kind === 'leader') {
      const username = a.kind === 'user' ? a.username : a.kind === 'initiator' ? inst.initiator : await dir.leaderOf(tx, inst.org_unit_code);
      if (!username) throw conflict(`环节「${node.name}」的办理人是组织负责人，但该单位未配置负责人`);
      kind = 'user';
      value = username;
      assignee = username;
    }
    const due = dueDate(now, node.sla, await holidays.get(tx));
    const warn = warnDate(now, due);
    const timers = (node.timers ?? []).map((id) => model.nodes[id]).filter((t): t is ModelNode => !!t);
    const firstTimer = timers.sort((x, y) => (x.delayMs ?? 0) - (y.delayMs ?? 0))[0];
    const id = randomUUID();
    await tx.query(
      `INSERT INTO wf_task (id, instance_id, node_key, state, assignee, cand_kind, cand_value, cand_org, created_at, due_at, warn_at, timer_at, timer_node, prev_task)
       VALUES ($1, $2, $3, 'OPEN', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [
        id,
        inst.id,
        node.id,
        assignee,
        kind,
        value,
        org,
        now,
        due,
        warn,
        firstTimer ? new Date(now.getTime() + (firstTimer.delayMs ?? 0)) : null,
        firstTimer?.id ?? null,
        prevTask,
      ],
    );
    const people = await recipients(tx, { assignee, cand_kind: kind, cand_value: value, cand_org: org }, now);
    await notify(
      tx,
      people,
      { kind: 'ASSIGNED', title: `新待办：${node.name}`, body: `${inst.business_title}（${inst.business_key}）`, link: `/inbox?task=${id}`, dedupe: `assigned:${id}` },
      now,
    );
    j.events.push({ topic: 'task.created', payload: { taskId: id, instanceId: inst.id, processKey: inst.process_key, businessKey: inst.business_key, nodeKey: node.id } });
    return id;
  }

  /** Ends the instance, saving its final variables in the same UPDATE. */
  async function endInstance(tx: Queryable, inst: InstanceRow, endNode: ModelNode, actor: WorkflowActor, now: Date, j: Journal, vars: Record<string, unknown>): Promise<void> {
    await tx.query(`UPDATE wf_instance SET status = 'COMPLETED', ended_at = $2, variables = $3::jsonb, version = version + 1 WHERE id = $1`, [inst.id, now, JSON.stringify(vars)]);
    j.history.push({ instanceId: inst.id, action: 'END', actor, fromNode: endNode.id });
    j.events.push({ topic: 'instance.ended', payload: { instanceId: inst.id, processKey: inst.process_key, businessKey: inst.business_key, endNode: endNode.id, status: 'COMPLETED' } });
    inst.status = 'COMPLETED';
  }

  /**
   * Moves the token from `fromNode` along its outgoing flow through gateways and service tasks to the next
   * user task (created) or end event. `vars` is updated in place by service tasks.
   */
  async function proceed(
    tx: Queryable,
    inst: InstanceRow,
    model: ProcessModel,
    fromNode: string,
    vars: Record<string, unknown>,
    outcome: string | undefined,
    actor: WorkflowActor,
    prevTask: string | null,
    now: Date,
    j: Journal,
  ): Promise<{ taskIds: string[]; toNodes: string[]; ended: boolean }> {
    let current = model.nodes[fromNode] as ModelNode;
    for (let step = 0; step < MAX_STEPS; step++) {
      let flowId: string | undefined;
      if (current.type === 'gateway') {
        const context = { ...vars, outcome: outcome ?? null };
        flowId = current.outgoing.find((f) => {
          const condition = model.flows[f]?.condition;
          return f !== current.defaultFlow && condition !== undefined && evaluate(parseExpr(condition), context);
        });
        flowId ??= current.defaultFlow;
        if (!flowId) throw conflict(`流程无法继续：网关「${current.name}」没有满足条件的分支`);
      } else {
        flowId = current.outgoing[0];
      }
      const target = model.nodes[model.flows[flowId as string]?.target as string] as ModelNode;
      if (target.type === 'userTask') {
        const taskId = await createTask(tx, inst, model, target, prevTask, now, j);
        return { taskIds: [taskId], toNodes: [target.id], ended: false };
      }
      if (target.type === 'end') {
        await endInstance(tx, inst, target, actor, now, j, vars);
        return { taskIds: [], toNodes: [target.id], ended: true };
      }
      if (target.type === 'serviceTask') {
        const handler = handlers.get(target.command as string);
        if (!handler) throw new AppError(500, ErrorCode.Internal, `服务任务「${target.name}」的命令 ${target.command ?? ''} 未注册`);
        const result = await handler(tx, { instanceId: inst.id, businessKey: inst.business_key, orgUnitCode: inst.org_unit_code, variables: { ...vars } });
        if (result) Object.assign(vars, result);
        j.history.push({ instanceId: inst.id, action: 'SERVICE', actor, fromNode: target.id, form: result ?? {} });
      }
      current = target;
    }
    throw conflict('流程无法继续：流转步数过多（可能存在循环）');
  }

  async function saveVariables(tx: Queryable, instanceId: string, vars: Record<string, unknown>): Promise<void> {
    await tx.query('UPDATE wf_instance SET variables = $2::jsonb, version = version + 1 WHERE id = $1', [instanceId, JSON.stringify(vars)]);
  }

  async function openTaskOf(q: Queryable, instanceId: string): Promise<TaskRow | null> {
    const [row] = await q.query<TaskRow>(`${TASK_SELECT} WHERE t.instance_id = $1 AND t.state IN ${OPEN_STATES} ORDER BY t.seq LIMIT 1`, [instanceId]);
    return row ?? null;
  }

  /** Cancels an open task if it is still at the version read; 409 when it moved on meanwhile. */
  async function cancelTask(tx: Queryable, row: TaskRow, actor: WorkflowActor, outcome: string, now: Date): Promise<void> {
    const done = await tx.query(
      `UPDATE wf_task SET state = 'CANCELLED', done_seq = nextval('wf_task_done_seq'), completed_at = $2, completed_by = $3, outcome = $4, version = version + 1
        WHERE id = $1 AND state IN ${OPEN_STATES} AND version = $5 RETURNING id`,
      [row.id, now, actor.username, outcome, row.version],
    );
    if (done.length === 0) throw conflict('任务状态已变化，请刷新后重试');
  }

  function requireRunning(inst: Pick<InstanceRow, 'status'>): void {
    if (inst.status === 'SUSPENDED') throw conflict('流程已挂起，恢复后才能办理');
    if (inst.status !== 'RUNNING') throw conflict('流程已结束');
  }

  async function mayManage(q: Queryable, actor: WorkflowActor, inst: InstanceRow): Promise<boolean> {
    if (hasPermission(actor, 'wf:process:manage') || actor.username === inst.initiator) return true;
    const open = await openTaskOf(q, inst.id);
    return !!open && canActRow(actor, open);
  }

  async function isParticipant(q: Queryable, actor: Principal, instanceId: string): Promise<boolean> {
    const inst = await instanceRow(q, instanceId);
    if (!inst) return false;
    if (inst.initiator === actor.username) return true;
    const rows = await q.query(
      `SELECT 1 FROM wf_history WHERE instance_id = $1 AND actor = $2
       UNION ALL SELECT 1 FROM wf_cc WHERE instance_id = $1 AND username = $2
       UNION ALL SELECT 1 FROM wf_task WHERE instance_id = $1 AND (assignee = $2 OR completed_by = $2) LIMIT 1`,
      [instanceId, actor.username],
    );
    if (rows.length > 0) return true;
    // A candidate of the open task is a participant even while another candidate holds it claimed.
    const open = await openTaskOf(q, instanceId);
    return !!open && (open.assignee === actor.username || candidateMatch(actor, open));
  }

  /** Monitors read instances under their `wf_instance` scope; without a rule, their own org unit and below. */
  function monitorCovers(actor: Principal, orgPath: string, scope: InstanceReadScope | null | undefined): boolean {
    if (!hasPermission(actor, 'wf:monitor:view')) return false;
    const under = (path: string): boolean => {
      const base = path.replace(/\/+$/, '');
      return orgPath === base || orgPath.startsWith(`${base}/`);
    };
    if (!scope) return under(actor.orgUnitPath);
    if (scope.all) return true;
    if (scope.orgPaths.length > 0 || scope.exactOrgPaths.length > 0) return scope.orgPaths.some(under) || scope.exactOrgPaths.includes(orgPath);
    return under(actor.orgUnitPath);
  }

  /** The one read rule of an instance (docs/workflow.md "Visibility"). */
  async function mayRead(q: Queryable, actor: WorkflowActor, inst: Pick<InstanceRow, 'id' | 'org_path'>, scope?: InstanceReadScope | null): Promise<boolean> {
    if (isSystem(actor) || hasPermission(actor, 'wf:process:manage')) return true;
    if (monitorCovers(actor, inst.org_path, scope)) return true;
    return isParticipant(q, actor, inst.id);
  }

  async function instanceDetail(q: Queryable, inst: InstanceRow): Promise<InstanceDetail> {
    const model = await loadModel(q, inst.process_key, inst.process_version);
    const now = clock();
    const [names] = await q.query<{ org_unit_name: string | null; initiator_name: string | null }>(
      `SELECT (SELECT name FROM org_unit WHERE code = $1) AS org_unit_name, (SELECT display_name FROM sys_user WHERE username = $2) AS initiator_name`,
      [inst.org_unit_code, inst.initiator],
    );
    const openRows = await q.query<TaskRow>(`${TASK_SELECT} WHERE t.instance_id = $1 AND t.state IN ${OPEN_STATES} ORDER BY t.seq`, [inst.id]);
    const historyRows = await q.query<HistoryRow>('SELECT * FROM wf_history WHERE instance_id = $1 ORDER BY id', [inst.id]);
    const doneNodes = new Set<string>();
    for (const h of historyRows) {
      if (h.from_node && ['START', 'COMPLETE', 'SERVICE', 'TIMER', 'END'].includes(h.action)) doneNodes.add(h.from_node);
    }
    const open = inst.status === 'RUNNING' || inst.status === 'SUSPENDED';
    return {
      id: inst.id,
      processKey: inst.process_key,
      processName: model.name,
      processVersion: inst.process_version,
      status: inst.status,
      businessKey: inst.business_key,
      businessTitle: inst.business_title,
      orgUnitCode: inst.org_unit_code,
      orgUnitName: names?.org_unit_name ?? inst.org_unit_code,
      initiator: inst.initiator,
      initiatorName: names?.initiator_name ?? inst.initiator,
      startedAt: iso(inst.started_at) as string,
      endedAt: iso(inst.ended_at),
      dueAt: iso(inst.due_at),
      slaState: slaStateOf(open, inst.status === 'SUSPENDED', inst.due_at, inst.warn_at, inst.ended_at, now),
      suspendedReason: inst.status === 'SUSPENDED' ? inst.suspended_reason : null,
      variables: inst.variables ?? {},
      openTasks: openRows.map((r) => toTask(r, model, now)),
      doneNodes: [...doneNodes],
      currentNodes: openRows.map((r) => r.node_key),
      history: historyRows.map((h) => toHistory(h, model)),
    };
  }

  /** Validates the assignees of a parsed model against the directory (posts, roles, users exist). */
  async function checkAssignees(q: Queryable, model: ProcessModel): Promise<void> {
    for (const node of Object.values(model.nodes)) {
      const a = node.assignee;
      const where = `环节「${node.name}」（id=${node.id}）`;
      if (a?.kind === 'post') {
        if (!(await dir.postExists(q, a.post))) throw new BpmnError(`${where}的岗位 ${a.post} 不存在`);
        if (a.orgUnitCode && !(await dir.orgUnit(q, a.orgUnitCode))) throw new BpmnError(`${where}的单位 ${a.orgUnitCode} 不存在`);
      } else if (a?.kind === 'role') {
        if (!(await dir.roleExists(q, a.role))) throw new BpmnError(`${where}的角色 ${a.role} 不存在`);
      } else if (a?.kind === 'user') {
        if (!(await dir.activeUser(q, a.username))) throw new BpmnError(`${where}的用户 ${a.username} 不存在或已停用`);
      }
    }
  }

  const engine: WorkflowEngineService = {
    bind(context) {
      if (!options.now) clock = context.now;
      boundDb = context.db;
    },
    now: () => clock(),
    model: loadModel,
    instanceRow: (q, id) => instanceRow(q, id),
    isParticipant,
    async mayRead(q, actor, instanceId, readScope) {
      const inst = await instanceRow(q, instanceId);
      return !!inst && mayRead(q, actor, inst, readScope);
    },
    async mayReadTask(q, actor, taskId, readScope) {
      if (!UUID.test(taskId)) return false;
      const [row] = await q.query<Pick<TaskRow, 'instance_id' | 'assignee' | 'cand_kind' | 'cand_value' | 'cand_org' | 'org_path'>>(
        'SELECT t.instance_id, t.assignee, t.cand_kind, t.cand_value, t.cand_org, i.org_path FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id WHERE t.id = $1',
        [taskId],
      );
      if (!row) return false;
      if (!isSystem(actor) && (row.assignee === actor.username || candidateMatch(actor, row))) return true;
      return mayRead(q, actor, { id: row.instance_id, org_path: row.org_path }, readScope);
    },
    invalidateHolidays: () => holidays.invalidate(),
    subscribe: (topic, handler) => outbox.subscribe(topic, handler),
    publishPending: (db) => {
      const target = db ?? boundDb;
      if (!target) throw new Error('workflow engine: no database bound for the outbox');
      return outbox.publishPending(target);
    },
    kick() {
      if (boundDb) outbox.kick(boundDb);
    },

    async deploy(tx, actor, xml) {
      let model: ProcessModel;
      try {
        model = await parseBpmn(xml);
        await checkAssignees(tx, model);
      } catch (error) {
        if (error instanceof BpmnError) throw badRequest(error.message, { xml: error.message });
        throw error;
      }
      const now = clock();
      // Serialize deployments of one key: the lock on the latest row (or the PK on a first version).
      const [latest] = await tx.query<{ version: number }>('SELECT version FROM wf_definition WHERE key = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE', [model.key]);
      const version = (latest?.version ?? 0) + 1;
      try {
        await tx.query(
          'INSERT INTO wf_definition (key, version, name, xml, model, deployed_by, deployed_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)',
          [model.key, version, model.name, xml, JSON.stringify(model), actor.username, now],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict('该流程正在被其他人发布，请重试');
        throw error;
      }
      await outbox.emit(tx, 'definition.deployed', { key: model.key, version, by: actor.username }, now);
      return { key: model.key, version };
    },

    async start(tx, actor, input: StartInput) {
      const [def] = await tx.query<{ version: number }>('SELECT version FROM wf_definition WHERE key = $1 ORDER BY version DESC LIMIT 1', [input.processKey]);
      if (!def) throw notFound(`流程未发布：${input.processKey}`);
      const model = await loadModel(tx, input.processKey, def.version);
      const unit = await dir.orgUnit(tx, input.orgUnitCode);
      if (!unit) throw badRequest('业务所属单位不存在', { orgUnitCode: '业务所属单位不存在' });
      const running = await tx.query(`SELECT 1 FROM wf_instance WHERE process_key = $1 AND business_key = $2 AND status IN ('RUNNING', 'SUSPENDED')`, [
        input.processKey,
        input.businessKey,
      ]);
      if (running.length > 0) throw conflict(`业务 ${input.businessKey} 已有进行中的流程`);
      const now = input.startedAt ?? clock();
      const due = dueDate(now, model.sla, await holidays.get(tx));
      const vars = { ...(input.variables ?? {}) };
      const inst: InstanceRow = {
        id: randomUUID(),
        process_key: input.processKey,
        process_version: def.version,
        business_key: input.businessKey,
        business_title: input.businessTitle,
        org_unit_code: unit.code,
        org_path: unit.path,
        initiator: actor.username,
        status: 'RUNNING',
        variables: vars,
        started_at: now,
        ended_at: null,
        due_at: due,
        warn_at: warnDate(now, due),
        suspended_at: null,
        suspended_reason: null,
        version: 1,
      };
      try {
        await tx.query(
          `INSERT INTO wf_instance (id, process_key, process_version, business_key, business_title, org_unit_code, org_path, initiator, status, variables, started_at, due_at, warn_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'RUNNING', $9::jsonb, $10, $11, $12)`,
          [inst.id, inst.process_key, inst.process_version, inst.business_key, inst.business_title, inst.org_unit_code, inst.org_path, inst.initiator, JSON.stringify(vars), now, due, inst.warn_at],
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw conflict(`业务 ${input.businessKey} 已有进行中的流程`);
        throw error;
      }
      const j: Journal = { history: [], events: [] };
      const startEntry: JournalEntry = { instanceId: inst.id, action: 'START', actor, fromNode: model.startId, form: { ...vars } };
      j.history.push(startEntry);
      j.events.push({ topic: 'instance.started', payload: { instanceId: inst.id, processKey: inst.process_key, version: def.version, businessKey: inst.business_key, initiator: inst.initiator } });
      const moved = await proceed(tx, inst, model, model.startId, vars, undefined, actor, null, now, j);
      startEntry.toNodes = moved.toNodes;
      await flush(tx, j, now);
      if (!moved.ended && JSON.stringify(vars) !== JSON.stringify(input.variables ?? {})) await saveVariables(tx, inst.id, vars);
      return { instanceId: inst.id, openTasks: await tasksByIds(tx, moved.taskIds) };
    },

    async getTask(q, taskId) {
      const row = await taskRow(q, taskId);
      return row ? toTaskDto(q, row) : null;
    },

    async findOpenTask(q, businessKey, nodeKey) {
      const [row] = await q.query<TaskRow>(
        `${TASK_SELECT} WHERE i.business_key = $1 AND i.status IN ('RUNNING', 'SUSPENDED') AND t.state IN ${OPEN_STATES} AND ($2::text IS NULL OR t.node_key = $2)
         ORDER BY t.seq DESC LIMIT 1`,
        [businessKey, nodeKey ?? null],
      );
      return row ? toTaskDto(q, row) : null;
    },

    async getInstanceByBusinessKey(q, businessKey) {
      const [row] = await q.query<InstanceRow>(
        `SELECT * FROM wf_instance WHERE business_key = $1 ORDER BY (status IN ('RUNNING', 'SUSPENDED')) DESC, started_at DESC LIMIT 1`,
        [businessKey],
      );
      return row ? instanceDetail(q, row) : null;
    },

    async getInstance(q, instanceId) {
      const row = await instanceRow(q, instanceId);
      return row ? instanceDetail(q, row) : null;
    },

    async canAct(q, actor, task) {
      if (!UUID.test(task.id)) return false;
      const [row] = await q.query<TaskRow>('SELECT t.state, t.assignee, t.cand_kind, t.cand_value, t.cand_org FROM wf_task t WHERE t.id = $1', [task.id]);
      return !!row && canActRow(actor, row);
    },

    async claim(tx, actor, taskId) {
      const row = await requireTask(tx, taskId);
      requireRunning({ status: row.instance_status });
      if (row.state === 'CLAIMED' && row.assignee === actor.username) return toTaskDto(tx, row);
      if (row.state === 'COMPLETED' || row.state === 'CANCELLED') throw conflict('任务已办结');
      if (!canActRow(actor, row)) {
        if (row.state === 'CLAIMED' && !isSystem(actor) && candidateMatch(actor, row)) throw conflict('任务已被他人签收');
        throw forbidden('您不是该任务的办理人');
      }
      const now = clock();
      const done = await tx.query(
        `UPDATE wf_task SET state = 'CLAIMED', assignee = $2, claimed_at = $3, version = version + 1
          WHERE id = $1 AND state = 'OPEN' AND version = $4 RETURNING id`,
        [taskId, actor.username, now, row.version],
      );
      if (done.length === 0) throw conflict('任务已被他人签收');
      await history(tx, { instanceId: row.instance_id, taskId, action: 'CLAIM', actor, fromNode: row.node_key }, now);
      return toTaskDto(tx, (await taskRow(tx, taskId)) as TaskRow);
    },

    async unclaim(tx, actor, taskId) {
      const row = await requireTask(tx, taskId);
      requireRunning({ status: row.instance_status });
      if (row.state !== 'CLAIMED') throw conflict(row.state === 'OPEN' ? '任务尚未签收' : '任务已办结');
      if (!isSystem(actor) && row.assignee !== actor.username) throw forbidden('只能退签自己签收的任务');
      const now = clock();
      // A task assigned to one user stays with that user; a candidate task returns to its candidates.
      const done = await tx.query(
        `UPDATE wf_task SET state = 'OPEN', claimed_at = NULL, assignee = CASE WHEN cand_kind = 'user' THEN cand_value ELSE NULL END, version = version + 1
          WHERE id = $1 AND state = 'CLAIMED' AND version = $2 RETURNING id`,
        [taskId, row.version],
      );
      if (done.length === 0) throw conflict('任务状态已变化，请刷新后重试');
      await history(tx, { instanceId: row.instance_id, taskId, action: 'UNCLAIM', actor, fromNode: row.node_key }, now);
      return toTaskDto(tx, (await taskRow(tx, taskId)) as TaskRow);
    },

    async complete(tx, actor, taskId, input: CompleteInput) {
      if (!UUID.test(taskId)) throw notFound('未找到该任务');
      const now = clock();
      const outcome = input.outcome || undefined;
      const system = isSystem(actor);
      // The hot path (P7): one guarded UPDATE — task open, version as expected, instance running, actor may act —
      // returning the task with its instance. When it updates nothing, a read tells which refusal applies.
      const [row] = await tx.query<TaskRow>(
        // The instance is fetched by primary key in a materialized CTE: joined directly, a planner without
        // statistics (PGlite never analyzes) scans every running instance through the partial unique index.
        `WITH i AS MATERIALIZED (SELECT * FROM wf_instance WHERE id = (SELECT instance_id FROM wf_task WHERE id = $1))
         UPDATE wf_task t SET state = 'COMPLETED', assignee = $2, claimed_at = COALESCE(t.claimed_at, $3), done_seq = nextval('wf_task_done_seq'),
            completed_at = $3, completed_by = $2, outcome = $4, version = t.version + 1
           FROM i
          WHERE t.id = $1 AND i.id = t.instance_id AND i.status = 'RUNNING' AND t.state IN ${OPEN_STATES} AND ($5::int IS NULL OR t.version = $5)
            AND ($6::boolean OR t.assignee = $2 OR (t.assignee IS NULL AND ((t.cand_kind = 'post' AND (t.cand_value || '@' || t.cand_org) = ANY($7::text[]))
                 OR (t.cand_kind = 'role' AND t.cand_value = ANY($8::text[])) OR (t.cand_kind = 'user' AND t.cand_value = $2))))
          RETURNING t.id, t.instance_id, t.node_key, i.process_key, i.process_version, i.business_key, i.business_title, i.org_unit_code, i.org_path,
                    i.status AS instance_status, i.variables, i.initiator`,
        [
          taskId,
          actor.username,
          now,
          outcome ?? null,
          input.expectedVersion ?? null,
          system,
          system ? [] : actor.posts.map((p) => `${p.code}@${p.orgUnitCode}`),
          system ? [] : actor.roles,
        ],
      );
      if (!row) {
        const [current] = await tx.query<TaskRow>(`${CORE_SELECT} WHERE t.id = $1`, [taskId]);
        if (!current) throw notFound('未找到该任务');
        if (current.state === 'COMPLETED' || current.state === 'CANCELLED') throw conflict('任务已办结，不能重复提交');
        requireRunning({ status: current.instance_status });
        if (!canActRow(actor, current)) {
          if (current.state === 'CLAIMED' && !system && candidateMatch(actor, current)) throw conflict('任务已被他人签收');
          throw forbidden('您不是该任务的办理人');
        }
        if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
          throw new AppError(412, ErrorCode.PreconditionFailed, '任务已被修改，请刷新后重试');
        }
        throw conflict('任务已被他人办理，请刷新');
      }
      const model = await loadModel(tx, row.process_key, row.process_version);
      const node = model.nodes[row.node_key] as ModelNode;
      const outcomes = node.outcomes ?? [];
      // A refusal from here on throws after the UPDATE: the caller's transaction rolls back, nothing is kept.
      if (outcomes.length > 0 && !outcomes.some((o) => o.key === outcome)) {
        const message = outcome ? `处理结果「${outcome}」无效，可选：${outcomes.map((o) => o.label).join('、')}` : `请选择处理结果：${outcomes.map((o) => o.label).join('、')}`;
        throw badRequest(message, { outcome: message });
      }
      if (outcomes.length === 0 && outcome) throw badRequest('该环节没有处理结果可选', { outcome: '该环节没有处理结果可选' });
      const form = input.form ?? {};
      const j: Journal = { history: [], events: [] };
      const entry: JournalEntry = { instanceId: row.instance_id, taskId, action: 'COMPLETE', actor, fromNode: row.node_key, outcome: outcome ?? null, opinion: input.opinion ?? '', form };
      j.history.push(entry);
      j.events.push({
        topic: 'task.completed',
        payload: { taskId, instanceId: row.instance_id, processKey: row.process_key, businessKey: row.business_key, nodeKey: row.node_key, outcome: outcome ?? null, actor: actor.username },
      });
      const inst = instanceFromTask(row);
      const vars = { ...inst.variables, ...form };
      const moved = await proceed(tx, inst, model, row.node_key, vars, outcome, actor, taskId, now, j);
      entry.toNodes = moved.toNodes;
      await flush(tx, j, now);
      if (!moved.ended && JSON.stringify(vars) !== JSON.stringify(inst.variables)) await saveVariables(tx, inst.id, vars);
      return tasksByIds(tx, moved.taskIds);
    },

    async transfer(tx, actor, taskId, toUsername, opinion) {
      const row = await requireTask(tx, taskId);
      if (row.state === 'COMPLETED' || row.state === 'CANCELLED') throw conflict('任务已办结');
      requireRunning({ status: row.instance_status });
      if (!canActRow(actor, row)) throw forbidden('您不是该任务的办理人');
      const target = await dir.activeUser(tx, toUsername);
      if (!target) throw badRequest('转办人不存在或已停用', { toUsername: '转办人不存在或已停用' });
      if (target.username === row.assignee) throw badRequest('任务已在该用户名下', { toUsername: '任务已在该用户名下' });
      const now = clock();
      const done = await tx.query(
        `UPDATE wf_task SET state = 'OPEN', assignee = $2, cand_kind = 'user', cand_value = $2, cand_org = NULL, claimed_at = NULL, version = version + 1
          WHERE id = $1 AND state IN ${OPEN_STATES} AND version = $3 RETURNING id`,
        [taskId, target.username, row.version],
      );
      if (done.length === 0) throw conflict('任务状态已变化，请刷新后重试');
      await history(tx, { instanceId: row.instance_id, taskId, action: 'TRANSFER', actor, fromNode: row.node_key, toNodes: [row.node_key], opinion: opinion ?? '', form: { toUsername: target.username } }, now);
      await notify(
        tx,
        [target.username],
        { kind: 'ASSIGNED', title: `转办待办：${(await loadModel(tx, row.process_key, row.process_version)).nodes[row.node_key]?.name ?? row.node_key}`, body: `${actorName(actor)} 转给您：${row.business_title}（${row.business_key}）`, link: `/inbox?task=${taskId}`, dedupe: `transfer:${taskId}:${row.version}` },
        now,
      );
      await outbox.emit(tx, 'task.transferred', { taskId, instanceId: row.instance_id, businessKey: row.business_key, nodeKey: row.node_key, from: actor.username, to: target.username }, now);
      return toTaskDto(tx, (await taskRow(tx, taskId)) as TaskRow);
    },

    async returnTo(tx, actor, taskId, target, opinion) {
      const row = await requireTask(tx, taskId);
      if (row.state === 'COMPLETED' || row.state === 'CANCELLED') throw conflict('任务已办结');
      requireRunning({ status: row.instance_status });
      if (!canActRow(actor, row)) throw forbidden('您不是该任务的办理人');
      const model = await loadModel(tx, row.process_key, row.process_version);
      const completed = await tx.query<{ id: string; node_key: string; prev_task: string | null }>(
        `SELECT id, node_key, prev_task FROM wf_task WHERE instance_id = $1 AND state = 'COMPLETED' ORDER BY done_seq DESC`,
        [row.instance_id],
      );
      let targetNode: string;
      let prevOfTarget: string | null;
      let override: { assignee: string } | undefined;
      if (target.kind === 'previous') {
        const prev = completed.find((c) => c.id === row.prev_task);
        if (!prev) throw conflict('当前环节之前没有可退回的环节');
        targetNode = prev.node_key;
        prevOfTarget = prev.prev_task;
      } else if (target.kind === 'initiator') {
        const [first] = await tx.query<{ node_key: string }>('SELECT node_key FROM wf_task WHERE instance_id = $1 ORDER BY seq LIMIT 1', [row.instance_id]);
        if (!first || first.node_key === row.node_key) throw conflict('当前已是发起环节，无法退回发起人');
        targetNode = first.node_key;
        prevOfTarget = null;
        override = { assignee: (await instanceRow(tx, row.instance_id))?.initiator as string };
      } else {
        const earlier = completed.find((c) => c.node_key === target.nodeKey);
        if (!earlier || target.nodeKey === row.node_key || model.nodes[target.nodeKey]?.type !== 'userTask') {
          throw badRequest('只能退回到已经办理过的环节', { nodeKey: '只能退回到已经办理过的环节' });
        }
        targetNode = earlier.node_key;
        prevOfTarget = earlier.prev_task;
      }
      const now = clock();
      await cancelTask(tx, row, actor, 'returned', now);
      const inst = (await instanceRow(tx, row.instance_id)) as InstanceRow;
      const j: Journal = { history: [], events: [] };
      const newId = await createTask(tx, inst, model, model.nodes[targetNode] as ModelNode, prevOfTarget, now, j, override);
      await flush(tx, j, now);
      await history(tx, { instanceId: row.instance_id, taskId, action: 'RETURN', actor, fromNode: row.node_key, toNodes: [targetNode], opinion, form: { target: target.kind } }, now);
      const [created] = await tx.query<TaskRow>(`${TASK_SELECT} WHERE t.id = $1`, [newId]);
      await notify(
        tx,
        await recipients(tx, created as TaskRow, now),
        { kind: 'RETURNED', title: `退回：${model.nodes[targetNode]?.name ?? targetNode}`, body: `${actorName(actor)} 退回：${opinion}`, link: `/inbox?task=${newId}`, dedupe: `returned:${newId}` },
        now,
      );
      await outbox.emit(tx, 'task.returned', { taskId, newTaskId: newId, instanceId: row.instance_id, businessKey: row.business_key, fromNode: row.node_key, toNode: targetNode }, now);
      return tasksByIds(tx, [newId]);
    },

    async withdraw(tx, actor, instanceId) {
      const inst = await requireInstance(tx, instanceId, true);
      requireRunning(inst);
      const open = await openTaskOf(tx, instanceId);
      const [last] = await tx.query<{ id: string; node_key: string; prev_task: string | null; completed_by: string | null }>(
        `SELECT id, node_key, prev_task, completed_by FROM wf_task WHERE instance_id = $1 AND state = 'COMPLETED' ORDER BY done_seq DESC LIMIT 1`,
        [instanceId],
      );
      if (!open || !last || last.completed_by !== actor.username || open.prev_task !== last.id) throw conflict('只能撤回自己刚办理、且下一环节尚未签收的任务');
      if (open.claimed_at) throw conflict('下一环节已签收，无法撤回');
      const now = clock();
      const model = await loadModel(tx, inst.process_key, inst.process_version);
      await cancelTask(tx, open, actor, 'withdrawn', now);
      const j: Journal = { history: [], events: [] };
      const newId = await createTask(tx, inst, model, model.nodes[last.node_key] as ModelNode, last.prev_task, now, j, { assignee: actor.username });
      await flush(tx, j, now);
      await history(tx, { instanceId, taskId: open.id, action: 'WITHDRAW', actor, fromNode: open.node_key, toNodes: [last.node_key] }, now);
      await outbox.emit(tx, 'task.withdrawn', { instanceId, businessKey: inst.business_key, cancelledTaskId: open.id, newTaskId: newId, nodeKey: last.node_key }, now);
      return tasksByIds(tx, [newId]);
    },

    async suspend(tx, actor, instanceId, reason) {
      const inst = await requireInstance(tx, instanceId, true);
      if (inst.status !== 'RUNNING') throw conflict(inst.status === 'SUSPENDED' ? '流程已处于挂起状态' : '流程已结束');
      if (!(await mayManage(tx, actor, inst))) throw forbidden('您无权挂起该流程');
      const now = clock();
      await tx.query(`UPDATE wf_instance SET status = 'SUSPENDED', suspended_at = $2, suspended_reason = $3, version = version + 1 WHERE id = $1`, [instanceId, now, reason]);
      await history(tx, { instanceId, action: 'SUSPEND', actor, opinion: reason }, now);
      await outbox.emit(tx, 'instance.suspended', { instanceId, businessKey: inst.business_key, reason }, now);
    },

    async resume(tx, actor, instanceId, reason) {
      const inst = await requireInstance(tx, instanceId, true);
      if (inst.status !== 'SUSPENDED') throw conflict(inst.status === 'RUNNING' ? '流程未挂起' : '流程已结束');
      if (!(await mayManage(tx, actor, inst))) throw forbidden('您无权恢复该流程');
      const now = clock();
      const pausedMs = Math.max(0, now.getTime() - (inst.suspended_at as Date).getTime());
      const shift = `make_interval(secs => $2::double precision / 1000)`;
      await tx.query(
        `UPDATE wf_instance SET status = 'RUNNING', suspended_at = NULL, paused_ms = paused_ms + $2, due_at = due_at + ${shift}, warn_at = warn_at + ${shift}, version = version + 1 WHERE id = $1`,
        [instanceId, pausedMs],
      );
      await tx.query(
        `UPDATE wf_task SET due_at = due_at + ${shift}, warn_at = warn_at + ${shift}, timer_at = timer_at + ${shift} WHERE instance_id = $1 AND state IN ${OPEN_STATES}`,
        [instanceId, pausedMs],
      );
      await history(tx, { instanceId, action: 'RESUME', actor, opinion: reason, form: { pausedMs } }, now);
      await outbox.emit(tx, 'instance.resumed', { instanceId, businessKey: inst.business_key, pausedMs }, now);
    },

    async terminate(tx, actor, instanceId, reason) {
      const inst = await requireInstance(tx, instanceId, true);
      if (inst.status !== 'RUNNING' && inst.status !== 'SUSPENDED') throw conflict('流程已结束');
      if (!hasPermission(actor, 'wf:process:manage') && actor.username !== inst.initiator) throw forbidden('只有发起人或流程管理员可以终止流程');
      const now = clock();
      await tx.query(
        `UPDATE wf_task SET state = 'CANCELLED', done_seq = nextval('wf_task_done_seq'), completed_at = $2, completed_by = $3, outcome = 'terminated', version = version + 1 WHERE instance_id = $1 AND state IN ${OPEN_STATES}`,
        [instanceId, now, actor.username],
      );
      await tx.query(`UPDATE wf_instance SET status = 'TERMINATED', ended_at = $2, suspended_at = NULL, version = version + 1 WHERE id = $1`, [instanceId, now]);
      await history(tx, { instanceId, action: 'TERMINATE', actor, opinion: reason }, now);
      await outbox.emit(tx, 'instance.ended', { instanceId, processKey: inst.process_key, businessKey: inst.business_key, status: 'TERMINATED', reason }, now);
    },

    async copyTo(tx, actor, instanceId, usernames, opinion, readScope) {
      const inst = await requireInstance(tx, instanceId);
      // Whoever may read the instance may draw someone else's attention to it (docs/workflow.md "Actions").
      if (!(await mayRead(tx, actor, inst, readScope))) throw notFound('未找到该流程实例');
      const unique = [...new Set(usernames)];
      for (const username of unique) {
        if (!(await dir.activeUser(tx, username))) throw badRequest(`抄送人 ${username} 不存在或已停用`, { usernames: `抄送人 ${username} 不存在或已停用` });
      }
      const now = clock();
      for (const username of unique) {
        await tx.query(
          `INSERT INTO wf_cc (instance_id, username, by_user, at, opinion) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (instance_id, username) DO UPDATE SET by_user = EXCLUDED.by_user, at = EXCLUDED.at, opinion = EXCLUDED.opinion`,
          [instanceId, username, actor.username, now, opinion ?? ''],
        );
      }
      await history(tx, { instanceId, action: 'COPY', actor, opinion: opinion ?? '', form: { usernames: unique } }, now);
      await notify(
        tx,
        unique,
        { kind: 'CC', title: `抄送：${inst.business_title}`, body: `${actorName(actor)} 抄送给您${opinion ? `：${opinion}` : ''}`, link: `/inbox?box=cc&instance=${instanceId}`, dedupe: `cc:${instanceId}:${now.getTime()}` },
        now,
      );
    },

    async inbox(q, actor, query: InboxQuery): Promise<InboxPage> {
      const input = parseOrThrow(inboxQuerySchema, query);
      const now = clock();
      const posts = actor.posts.map((p) => `${p.code}@${p.orgUnitCode}`);
      // $1 username, $2 posts, $3 roles, $4 now
      const base: unknown[] = [actor.username, posts, actor.roles, now];
      const todoWhere = `t.state IN ${OPEN_STATES} AND i.status IN ('RUNNING', 'SUSPENDED') AND (t.assignee = $1 OR (t.assignee IS NULL AND (
        (t.cand_kind = 'post' AND (t.cand_value || '@' || t.cand_org) = ANY($2::text[])) OR (t.cand_kind = 'role' AND t.cand_value = ANY($3::text[])) OR (t.cand_kind = 'user' AND t.cand_value = $1))))`;
      const doneWhere = `t.state = 'COMPLETED' AND t.completed_by = $1`;
      const startedWhere = `i.initiator = $1`;
      const ccWhere = `EXISTS (SELECT 1 FROM wf_cc c WHERE c.instance_id = i.id AND c.username = $1)`;
      const taskSla = slaStateSql(
        { open: `t.state IN ${OPEN_STATES}`, suspended: `i.status = 'SUSPENDED'`, due: 't.due_at', warn: 't.warn_at', finished: 't.completed_at' },
        '$4::timestamptz',
      );
      const instSla = slaStateSql(
        { open: `i.status IN ('RUNNING', 'SUSPENDED')`, suspended: `i.status = 'SUSPENDED'`, due: 'i.due_at', warn: 'i.warn_at', finished: 'i.ended_at' },
        '$4::timestamptz',
      );
      const taskFrom = `FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id`;
      const instFrom = `FROM wf_instance i`;
      const [counts] = await q.query<{ todo: number; done: number; started: number; cc: number }>(
        `SELECT (SELECT count(*)::int ${taskFrom} WHERE ${todoWhere}) AS todo, (SELECT count(*)::int ${taskFrom} WHERE ${doneWhere}) AS done,
                (SELECT count(*)::int ${instFrom} WHERE ${startedWhere}) AS started, (SELECT count(*)::int ${instFrom} WHERE ${ccWhere}) AS cc, $4::timestamptz AS at, $2::text[] AS p, $3::text[] AS r`,
        base,
      );
      const isTaskBox = input.box === 'todo' || input.box === 'done';
      const params = [...base];
      const filters: string[] = [input.box === 'todo' ? todoWhere : input.box === 'done' ? doneWhere : input.box === 'started' ? startedWhere : ccWhere];
      if (input.processKey) {
        params.push(input.processKey);
        filters.push(`i.process_key = $${params.length}`);
      }
      if (input.orgUnitCode) {
        params.push(input.orgUnitCode);
        filters.push(`(i.org_unit_code = $${params.length} OR i.org_path LIKE '%/' || $${params.length} || '/%')`);
      }
      if (input.q) {
        params.push(`%${input.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
        filters.push(`(i.business_key ILIKE $${params.length} OR i.business_title ILIKE $${params.length})`);
      }
      const sla = isTaskBox ? taskSla : instSla;
      if (input.slaState) {
        params.push(input.slaState);
        filters.push(`${sla} = $${params.length}`);
      }
      const where = filters.join(' AND ');
      const from = isTaskBox ? taskFrom : `${instFrom} LEFT JOIN LATERAL (SELECT * FROM wf_task ot WHERE ot.instance_id = i.id AND ot.state IN ${OPEN_STATES} ORDER BY ot.seq LIMIT 1) t ON true`;
      const order =
        input.box === 'todo'
          ? 't.due_at ASC NULLS LAST, t.seq ASC'
          : input.box === 'done'
            ? 't.done_seq DESC'
            : input.box === 'cc'
              ? `(SELECT max(c.at) FROM wf_cc c WHERE c.instance_id = i.id AND c.username = $1) DESC`
              : 'i.started_at DESC';
      const [total] = await q.query<{ n: number }>(`SELECT count(*)::int AS n, $4::timestamptz AS at, $2::text[] AS p, $3::text[] AS r ${from} WHERE ${where}`, params);
      params.push(input.pageSize, (input.page - 1) * input.pageSize);
      const rows = await q.query<{
        task_id: string | null;
        instance_id: string;
        process_key: string;
        process_version: number;
        node_key: string | null;
        business_key: string;
        business_title: string;
        org_unit_code: string;
        org_unit_name: string | null;
        state: string;
        assignee: string | null;
        created_at: Date;
        due_at: Date | null;
        sla: SlaState;
        instance_status: string;
      }>(
        `SELECT ${isTaskBox ? 't.id' : 'NULL::uuid'} AS task_id, i.id AS instance_id, i.process_key, i.process_version, t.node_key, i.business_key, i.business_title,
                i.org_unit_code, (SELECT name FROM org_unit WHERE code = i.org_unit_code) AS org_unit_name,
                ${isTaskBox ? 't.state' : 'i.status'} AS state, t.assignee, ${isTaskBox ? 't.created_at' : 'i.started_at'} AS created_at,
                ${isTaskBox ? 't.due_at' : 'i.due_at'} AS due_at, ${sla} AS sla, i.status AS instance_status, $2::text[] AS p, $3::text[] AS r
           ${from} WHERE ${where} ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      const items: InboxItem[] = [];
      for (const r of rows) {
        const model = await loadModel(q, r.process_key, r.process_version);
        const ended = r.instance_status === 'COMPLETED' ? '已办结' : r.instance_status === 'TERMINATED' ? '已终止' : '';
        items.push({
          taskId: r.task_id,
          instanceId: r.instance_id,
          processKey: r.process_key,
          processName: model.name,
          nodeKey: r.node_key,
          nodeName: r.node_key ? (model.nodes[r.node_key]?.name ?? r.node_key) : ended,
          businessKey: r.business_key,
          businessTitle: r.business_title,
          orgUnitCode: r.org_unit_code,
          orgUnitName: r.org_unit_name ?? r.org_unit_code,
          state: r.state,
          assignee: r.assignee,
          createdAt: iso(r.created_at) as string,
          dueAt: iso(r.due_at),
          slaState: r.sla,
        });
      }
      return {
        items,
        total: total?.n ?? 0,
        page: input.page,
        pageSize: input.pageSize,
        counts: { todo: counts?.todo ?? 0, done: counts?.done ?? 0, started: counts?.started ?? 0, cc: counts?.cc ?? 0 },
      };
    },

    registerServiceTask(command, handler) {
      if (handlers.has(command)) throw new Error(`workflow: service task command ${command} registered twice`);
      handlers.set(command, handler);
    },

    async sweep(q, now) {
      const system: WorkflowActor = { system: true, username: 'system', displayName: '系统' };
      // Each step claims its rows with a conditional UPDATE … RETURNING: of two concurrent sweeps (two server
      // instances) only one gets a row; notifications are unique by key besides.
      const warned = await q.query<TaskRow>(
        `UPDATE wf_task t SET warned_at = $1 FROM wf_instance i
          WHERE i.id = t.instance_id AND i.status = 'RUNNING' AND t.state IN ${OPEN_STATES}
            AND t.warned_at IS NULL AND t.warn_at IS NOT NULL AND t.warn_at <= $1 AND t.due_at > $1
          RETURNING t.id, t.instance_id, t.node_key, t.assignee, t.cand_kind, t.cand_value, t.cand_org, t.due_at, i.business_key, i.business_title, i.process_key, i.process_version`,
        [now],
      );
      for (const t of warned) {
        const model = await loadModel(q, t.process_key, t.process_version);
        const nodeName = model.nodes[t.node_key]?.name ?? t.node_key;
        await notify(
          q,
          await recipients(q, t, now),
          { kind: 'WARNING', title: `即将超期：${nodeName}`, body: `${t.business_title}（${t.business_key}）将于 ${iso(t.due_at)} 到期`, link: `/inbox?task=${t.id}`, dedupe: `warn:${t.id}` },
          now,
        );
        await history(q, { instanceId: t.instance_id, taskId: t.id, action: 'REMIND', actor: system, fromNode: t.node_key, form: { kind: 'WARNING' } }, now);
      }
      const overdue = await q.query<TaskRow>(
        `UPDATE wf_task t SET overdue_at = $1, escalated_at = $1, warned_at = COALESCE(t.warned_at, $1) FROM wf_instance i
          WHERE i.id = t.instance_id AND i.status = 'RUNNING' AND t.state IN ${OPEN_STATES}
            AND t.overdue_at IS NULL AND t.due_at IS NOT NULL AND t.due_at <= $1
          RETURNING t.id, t.instance_id, t.node_key, t.assignee, t.cand_kind, t.cand_value, t.cand_org, t.due_at, i.business_key, i.business_title, i.process_key, i.process_version, i.org_unit_code`,
        [now],
      );
      let escalated = 0;
      for (const t of overdue) {
        const model = await loadModel(q, t.process_key, t.process_version);
        const nodeName = model.nodes[t.node_key]?.name ?? t.node_key;
        const body = `${t.business_title}（${t.business_key}）已于 ${iso(t.due_at)} 超期`;
        await notify(q, await recipients(q, t, now), { kind: 'OVERDUE', title: `已超期：${nodeName}`, body, link: `/inbox?task=${t.id}`, dedupe: `overdue:${t.id}` }, now);
        const leader = await dir.leaderOf(q, t.cand_org ?? t.org_unit_code);
        if (leader) {
          await notify(q, [leader], { kind: 'ESCALATION', title: `超期升级：${nodeName}`, body, link: `/inbox?box=started&instance=${t.instance_id}`, dedupe: `escalate:${t.id}` }, now);
          await history(q, { instanceId: t.instance_id, taskId: t.id, action: 'ESCALATE', actor: system, fromNode: t.node_key, toNodes: [], form: { leader } }, now);
          await outbox.emit(q, 'task.escalated', { taskId: t.id, instanceId: t.instance_id, businessKey: t.business_key, nodeKey: t.node_key, leader }, now);
          escalated++;
        }
      }
      // The end-to-end (process-level) limit, the same way: a warning at 80 % and the overdue notice to whoever
      // holds the open task, the escalation to the leader of the instance's org unit — each once per instance
      // (claimed with a conditional UPDATE of wf_instance; dedupe keys besides).
      const processWarned = await q.query<InstanceRow & { process_name: string }>(
        `UPDATE wf_instance i SET warned_at = $1 FROM wf_definition d
          WHERE d.key = i.process_key AND d.version = i.process_version AND i.status = 'RUNNING'
            AND i.warned_at IS NULL AND i.warn_at IS NOT NULL AND i.warn_at <= $1 AND i.due_at > $1
          RETURNING i.*, d.name AS process_name`,
        [now],
      );
      for (const inst of processWarned) {
        const open = await openTaskOf(q, inst.id);
        await notify(
          q,
          open ? await recipients(q, open, now) : [],
          { kind: 'WARNING', title: `流程即将超期：${inst.process_name}`, body: `${inst.business_title}（${inst.business_key}）全流程时限将于 ${iso(inst.due_at)} 到期`, link: open ? `/inbox?task=${open.id}` : null, dedupe: `warn-process:${inst.id}` },
          now,
        );
        await history(q, { instanceId: inst.id, taskId: open?.id ?? null, action: 'REMIND', actor: system, fromNode: open?.node_key ?? null, form: { kind: 'WARNING', scope: 'process' } }, now);
      }
      const processOverdue = await q.query<InstanceRow & { process_name: string }>(
        `UPDATE wf_instance i SET overdue_at = $1, warned_at = COALESCE(i.warned_at, $1) FROM wf_definition d
          WHERE d.key = i.process_key AND d.version = i.process_version AND i.status = 'RUNNING'
            AND i.overdue_at IS NULL AND i.due_at IS NOT NULL AND i.due_at <= $1
          RETURNING i.*, d.name AS process_name`,
        [now],
      );
      for (const inst of processOverdue) {
        const open = await openTaskOf(q, inst.id);
        const body = `${inst.business_title}（${inst.business_key}）全流程时限已于 ${iso(inst.due_at)} 超期`;
        await notify(
          q,
          open ? await recipients(q, open, now) : [],
          { kind: 'OVERDUE', title: `流程已超期：${inst.process_name}`, body, link: open ? `/inbox?task=${open.id}` : null, dedupe: `overdue-process:${inst.id}` },
          now,
        );
        const leader = await dir.leaderOf(q, inst.org_unit_code);
        if (leader) {
          await notify(q, [leader], { kind: 'ESCALATION', title: `流程超期升级：${inst.process_name}`, body, link: `/inbox?box=started&instance=${inst.id}`, dedupe: `escalate-process:${inst.id}` }, now);
          await history(q, { instanceId: inst.id, taskId: open?.id ?? null, action: 'ESCALATE', actor: system, fromNode: open?.node_key ?? null, toNodes: [], form: { leader, scope: 'process' } }, now);
          await outbox.emit(q, 'instance.escalated', { instanceId: inst.id, businessKey: inst.business_key, processKey: inst.process_key, leader }, now);
          escalated++;
        }
      }
      const fired = await q.query<{ id: string; instance_id: string; node_key: string; timer_node: string; process_key: string; process_version: number }>(
        `UPDATE wf_task t SET state = 'CANCELLED', done_seq = nextval('wf_task_done_seq'), timer_fired_at = $1, completed_at = $1, completed_by = 'system', outcome = 'timeout', version = t.version + 1
           FROM wf_instance i
          WHERE i.id = t.instance_id AND i.status = 'RUNNING' AND t.state IN ${OPEN_STATES} AND t.timer_at IS NOT NULL AND t.timer_at <= $1
          RETURNING t.id, t.instance_id, t.node_key, t.timer_node, i.process_key, i.process_version`,
        [now],
      );
      for (const t of fired) {
        const model = await loadModel(q, t.process_key, t.process_version);
        const inst = (await instanceRow(q, t.instance_id)) as InstanceRow;
        const vars = { ...inst.variables };
        const j: Journal = { history: [], events: [] };
        const entry: JournalEntry = { instanceId: t.instance_id, taskId: t.id, action: 'TIMER', actor: system, fromNode: t.timer_node, form: { task: t.node_key } };
        j.history.push(entry);
        j.events.push({ topic: 'task.timeout', payload: { taskId: t.id, instanceId: t.instance_id, businessKey: inst.business_key, nodeKey: t.node_key, timer: t.timer_node } });
        const moved = await proceed(q, inst, model, t.timer_node, vars, undefined, system, t.id, now, j);
        entry.toNodes = moved.toNodes;
        await flush(q, j, now);
        if (!moved.ended) await saveVariables(q, inst.id, vars);
      }
      return { warned: warned.length + processWarned.length, overdue: overdue.length + processOverdue.length, escalated, timers: fired.length };
    },
  };
  return engine;
}

export type { OutboxEvent };
