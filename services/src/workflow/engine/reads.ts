/** Reading tasks and instances: rows by id, the open task, and the DTOs (with what they say about the caller). */
import type { InstanceDetail, Task } from '@wb/contracts/workflow';
import type { Queryable } from '@wb/server-kit';
import type { OpenedTask, WorkflowActor } from '../engine-api.ts';
import * as dir from '../directory.ts';
import { TASK_SELECT, iso, slaStateOf, taskNameRequest, toHistory, toTask } from '../rows.ts';
import type { HistoryRow, InstanceRow, Names, TaskFacts, TaskRow } from '../rows.ts';
import { canActRow, otherPostFor, recipients } from './assignment.ts';
import { OPEN_STATES, UUID, isSystem, notFound } from './context.ts';
import type { EngineContext } from './context.ts';

/** A task with its instance's columns, without the definition's name of TASK_SELECT (for actions). */
export const CORE_SELECT = `SELECT t.*, i.process_key, i.process_version, i.business_key, i.business_title, i.org_unit_code, i.org_path,
  i.status AS instance_status, i.variables, i.initiator FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id`;

export async function taskRow(q: Queryable, taskId: string, lock = false): Promise<TaskRow | null> {
  if (!UUID.test(taskId)) return null;
  const [row] = await q.query<TaskRow>(`${TASK_SELECT} WHERE t.id = $1${lock ? ' FOR UPDATE OF t' : ''}`, [taskId]);
  return row ?? null;
}

export async function requireTask(q: Queryable, taskId: string): Promise<TaskRow> {
  const row = await taskRow(q, taskId);
  if (!row) throw notFound('未找到该任务');
  return row;
}

/**
 * `lock`: the instance row FOR NO KEY UPDATE — the one lock order (ADR 0031): a writer takes its instance row before
 * any of its task rows. NO KEY UPDATE (not UPDATE) so that rows referencing the instance (history, tasks) can still be
 * inserted by others meanwhile: their foreign-key check takes KEY SHARE, which only FOR UPDATE would block.
 */
export async function instanceRow(q: Queryable, instanceId: string, lock = false): Promise<InstanceRow | null> {
  if (!UUID.test(instanceId)) return null;
  const [row] = await q.query<InstanceRow>(`SELECT * FROM wf_instance WHERE id = $1${lock ? ' FOR NO KEY UPDATE' : ''}`, [instanceId]);
  return row ?? null;
}

export async function requireInstance(q: Queryable, instanceId: string, lock = false): Promise<InstanceRow> {
  const row = await instanceRow(q, instanceId, lock);
  if (!row) throw notFound('未找到该流程实例');
  return row;
}

/** The first open task of an instance (in creation order); parallel branches and 会签 have several: `openTasksOf`. */
export async function openTaskOf(q: Queryable, instanceId: string): Promise<TaskRow | null> {
  const [row] = await q.query<TaskRow>(`${TASK_SELECT} WHERE t.instance_id = $1 AND t.state IN ${OPEN_STATES} ORDER BY t.seq LIMIT 1`, [instanceId]);
  return row ?? null;
}

/** Every open task of an instance, in creation order. */
export async function openTasksOf(q: Queryable, instanceId: string): Promise<TaskRow[]> {
  return q.query<TaskRow>(`${TASK_SELECT} WHERE t.instance_id = $1 AND t.state IN ${OPEN_STATES} ORDER BY t.seq`, [instanceId]);
}

/** The people the open tasks of an instance concern (assignees or candidates of each), each once. */
export async function openTaskPeople(q: Queryable, instanceId: string, now: Date): Promise<string[]> {
  const people: string[] = [];
  for (const open of await openTasksOf(q, instanceId)) people.push(...(await recipients(q, open, now)));
  return [...new Set(people)];
}

/** The caller-specific and binding facts of a task DTO. */
export function taskFacts(ctx: EngineContext, row: TaskRow, actor?: WorkflowActor): TaskFacts {
  const domain = ctx.domains.get(row.process_key);
  const bound = domain ? { domain: domain.name, title: domain.title } : null;
  if (!actor) return { mayAct: false, switchPost: null, bound };
  const open = row.state === 'OPEN' || row.state === 'CLAIMED';
  const mayAct = open && row.instance_status === 'RUNNING' && canActRow(actor, row);
  const other = !mayAct && open && !isSystem(actor) ? otherPostFor(actor, row) : null;
  return { mayAct, switchPost: other ? { code: other.code, name: other.name, orgUnitCode: other.orgUnitCode, orgUnitName: other.orgUnitName } : null, bound };
}

/** Identity's names for task rows: one directory call for the whole batch (ADR 0069). */
export function taskNames(q: Queryable, rows: readonly TaskRow[]): Promise<Names> {
  return dir.displayNames(q, taskNameRequest(rows));
}

export async function toTaskDto(ctx: EngineContext, q: Queryable, row: TaskRow, actor?: WorkflowActor, names?: Names): Promise<Task> {
  const model = await ctx.model(q, row.process_key, row.process_version);
  return toTask(row, model, ctx.now(), taskFacts(ctx, row, actor), names ?? (await taskNames(q, [row])));
}

export async function tasksByIds(ctx: EngineContext, q: Queryable, ids: string[], actor?: WorkflowActor): Promise<Task[]> {
  if (ids.length === 0) return [];
  const rows = await q.query<TaskRow>(`${TASK_SELECT} WHERE t.id = ANY($1::uuid[]) ORDER BY t.seq`, [ids]);
  const names = await taskNames(q, rows);
  return Promise.all(rows.map((r) => toTaskDto(ctx, q, r, actor, names)));
}

/** What an action answers for the tasks it opened: their views, or with `views: false` what it knows of them (ADR 0109). */
export async function openedAnswer(ctx: EngineContext, q: Queryable, opened: readonly OpenedTask[], actor: WorkflowActor, views: false | undefined): Promise<Task[] | OpenedTask[]> {
  return views === false ? [...opened] : tasksByIds(ctx, q, opened.map((t) => t.id), actor);
}

const DONE_ACTIONS = ['START', 'COMPLETE', 'SERVICE', 'TIMER', 'END'];

export async function instanceDetail(ctx: EngineContext, q: Queryable, inst: InstanceRow, actor?: WorkflowActor): Promise<InstanceDetail> {
  const model = await ctx.model(q, inst.process_key, inst.process_version);
  const now = ctx.now();
  const openRows = await openTasksOf(q, inst.id);
  const request = taskNameRequest(openRows);
  request.orgUnits.add(inst.org_unit_code);
  request.users.add(inst.initiator);
  const names = await dir.displayNames(q, request);
  const historyRows = await q.query<HistoryRow>('SELECT * FROM wf_history WHERE instance_id = $1 ORDER BY id', [inst.id]);
  const doneNodes = new Set<string>();
  for (const h of historyRows) if (h.from_node && DONE_ACTIONS.includes(h.action)) doneNodes.add(h.from_node);
  const open = inst.status === 'RUNNING' || inst.status === 'SUSPENDED';
  const domain = ctx.domains.get(inst.process_key);
  return {
    id: inst.id,
    processKey: inst.process_key,
    processName: model.name,
    processVersion: inst.process_version,
    status: inst.status,
    businessKey: inst.business_key,
    businessTitle: inst.business_title,
    orgUnitCode: inst.org_unit_code,
    orgUnitName: names.orgUnits.get(inst.org_unit_code) ?? inst.org_unit_code,
    initiator: inst.initiator,
    initiatorName: names.users.get(inst.initiator) ?? inst.initiator,
    startedAt: iso(inst.started_at) as string,
    endedAt: iso(inst.ended_at),
    dueAt: iso(inst.due_at),
    slaState: slaStateOf(open, inst.status === 'SUSPENDED', inst.due_at, inst.warn_at, inst.ended_at, now),
    suspendedReason: inst.status === 'SUSPENDED' ? inst.suspended_reason : null,
    variables: inst.variables ?? {},
    openTasks: openRows.map((r) => toTask(r, model, now, taskFacts(ctx, r, actor), names)),
    doneNodes: [...doneNodes],
    // Several open tasks may stand on one node (会签) and on several nodes (parallel branches).
    currentNodes: [...new Set(openRows.map((r) => r.node_key))],
    history: historyRows.map((h) => toHistory(h, model)),
    fieldLabels: { ...domain?.fieldLabels },
    valueLabels: { ...domain?.valueLabels, outcome: Object.fromEntries(Object.values(model.nodes).flatMap((n) => (n.outcomes ?? []).map((o) => [o.key, o.label]))) },
  };
}
