/**
 * The SLA sweep (docs/workflow.md "SLA"): warnings at 80 %, overdue notices, escalation to the org-unit leader —
 * for each task's limit and for the end-to-end limit of each instance — and interrupting boundary timers. Each
 * step claims its rows with a conditional UPDATE … RETURNING: of two concurrent sweeps (two server instances)
 * only one gets a row; notifications are unique by key besides. Times in texts are China Standard Time.
 *
 * Lock order (ADR 0031): every step first locks the instance rows it will touch (ordered by id, FOR NO KEY UPDATE
 * SKIP LOCKED), then their task rows — as a completion, a return and the instance actions do. An instance another
 * transaction holds is skipped and swept on the next tick, so the sweep never waits for an instance and never
 * holds a task row of an instance it has not locked: no deadlock with completions on parallel branches.
 */
import type { Queryable } from '@wb/server-kit';
import { cstDateTime } from '../calendar.ts';
import * as dir from '../directory.ts';
import type { InstanceRow, TaskRow } from '../rows.ts';
import { recipients } from './assignment.ts';
import { OPEN_STATES, cancelTaskSet } from './context.ts';
import type { EngineContext } from './context.ts';
import { flush, newJournal, notify, record, retractTaskNotices } from './journal.ts';
import type { JournalEntry } from './journal.ts';
import { proceed } from './navigation.ts';
import { instanceRow, openTaskOf, openTaskPeople } from './reads.ts';
import { SYSTEM_ACTOR as SYSTEM } from '../process-files.ts';

const TASK_COLUMNS = 't.id, t.instance_id, t.node_key, t.assignee, t.cand_kind, t.cand_value, t.cand_org, t.due_at, i.business_key, i.business_title, i.process_key, i.process_version, i.org_unit_code';

/** Locks the running instances matching `where` (over alias `i`) in id order, skipping locked ones; their ids. */
async function lockInstances(q: Queryable, where: string, params: unknown[]): Promise<string[]> {
  const rows = await q.query<{ id: string }>(`SELECT i.id FROM wf_instance i WHERE i.status = 'RUNNING' AND ${where} ORDER BY i.id FOR NO KEY UPDATE SKIP LOCKED`, params);
  return rows.map((r) => r.id);
}

async function nodeName(ctx: EngineContext, q: Queryable, t: Pick<TaskRow, 'process_key' | 'process_version' | 'node_key'>): Promise<string> {
  return (await ctx.model(q, t.process_key, t.process_version)).nodes[t.node_key]?.name ?? t.node_key;
}

const WARN_DUE = `t.state IN ${OPEN_STATES} AND t.warned_at IS NULL AND t.warn_at IS NOT NULL AND t.warn_at <= $1 AND t.due_at > $1`;
const OVERDUE = `t.state IN ${OPEN_STATES} AND t.overdue_at IS NULL AND t.due_at IS NOT NULL AND t.due_at <= $1`;
const TIMER_DUE = `t.state IN ${OPEN_STATES} AND t.timer_at IS NOT NULL AND t.timer_at <= $1`;
const tasksWhere = (cond: string): string => `i.id IN (SELECT t.instance_id FROM wf_task t WHERE ${cond})`;

async function warnTasks(ctx: EngineContext, q: Queryable, now: Date): Promise<number> {
  const ids = await lockInstances(q, tasksWhere(WARN_DUE), [now]);
  if (ids.length === 0) return 0;
  const warned = await q.query<TaskRow>(
    `UPDATE wf_task t SET warned_at = $1 FROM wf_instance i
      WHERE i.id = t.instance_id AND i.id = ANY($2::uuid[]) AND ${WARN_DUE}
      RETURNING ${TASK_COLUMNS}`,
    [now, ids],
  );
  for (const t of warned) {
    const body = `${t.business_title}（${t.business_key}）将于 ${cstDateTime(t.due_at)} 到期`;
    await notify(q, await recipients(q, t, now), { kind: 'WARNING', title: `即将超期：${await nodeName(ctx, q, t)}`, body, link: `/inbox?task=${t.id}`, dedupe: `warn:${t.id}`, taskId: t.id }, now);
    await record(ctx, q, { instanceId: t.instance_id, taskId: t.id, action: 'REMIND', actor: SYSTEM, fromNode: t.node_key, form: { kind: 'WARNING' } }, now);
  }
  return warned.length;
}

async function overdueTasks(ctx: EngineContext, q: Queryable, now: Date): Promise<{ overdue: number; escalated: number }> {
  const ids = await lockInstances(q, tasksWhere(OVERDUE), [now]);
  if (ids.length === 0) return { overdue: 0, escalated: 0 };
  const overdue = await q.query<TaskRow>(
    `UPDATE wf_task t SET overdue_at = $1, escalated_at = $1, warned_at = COALESCE(t.warned_at, $1) FROM wf_instance i
      WHERE i.id = t.instance_id AND i.id = ANY($2::uuid[]) AND ${OVERDUE}
      RETURNING ${TASK_COLUMNS}`,
    [now, ids],
  );
  let escalated = 0;
  for (const t of overdue) {
    const name = await nodeName(ctx, q, t);
    const body = `${t.business_title}（${t.business_key}）已于 ${cstDateTime(t.due_at)} 超期`;
    await notify(q, await recipients(q, t, now), { kind: 'OVERDUE', title: `已超期：${name}`, body, link: `/inbox?task=${t.id}`, dedupe: `overdue:${t.id}`, taskId: t.id }, now);
    const leader = await dir.leaderOf(q, t.cand_org ?? t.org_unit_code);
    if (!leader) continue;
    await notify(q, [leader], { kind: 'ESCALATION', title: `超期升级：${name}`, body, link: `/inbox?box=started&instance=${t.instance_id}`, dedupe: `escalate:${t.id}` }, now);
    await record(ctx, q, { instanceId: t.instance_id, taskId: t.id, action: 'ESCALATE', actor: SYSTEM, fromNode: t.node_key, toNodes: [], form: { leader } }, now, {
      topic: 'task.escalated',
      payload: { taskId: t.id, instanceId: t.instance_id, businessKey: t.business_key, nodeKey: t.node_key, leader },
    });
    escalated++;
  }
  return { overdue: overdue.length, escalated };
}

type ProcessRow = InstanceRow & { process_name: string };

/**
 * The end-to-end (process-level) limit, the same way: a warning at 80 % and the overdue notice to whoever holds
 * the open task, the escalation to the leader of the instance's org unit — each once per instance.
 */
async function processLimits(ctx: EngineContext, q: Queryable, now: Date): Promise<{ warned: number; overdue: number; escalated: number }> {
  const toWarn = await lockInstances(q, 'i.warned_at IS NULL AND i.warn_at IS NOT NULL AND i.warn_at <= $1 AND i.due_at > $1', [now]);
  const warned = toWarn.length === 0 ? [] : await q.query<ProcessRow>(
    `UPDATE wf_instance i SET warned_at = $1 FROM wf_definition d
      WHERE d.key = i.process_key AND d.version = i.process_version AND i.id = ANY($2::uuid[])
      RETURNING i.*, d.name AS process_name`,
    [now, toWarn],
  );
  for (const inst of warned) {
    const open = await openTaskOf(q, inst.id);
    const body = `${inst.business_title}（${inst.business_key}）全流程时限将于 ${cstDateTime(inst.due_at)} 到期`;
    await notify(q, await openTaskPeople(q, inst.id, now), { kind: 'WARNING', title: `流程即将超期：${inst.process_name}`, body, link: open ? `/inbox?task=${open.id}` : null, dedupe: `warn-process:${inst.id}`, taskId: open?.id ?? null }, now);
    await record(ctx, q, { instanceId: inst.id, taskId: open?.id ?? null, action: 'REMIND', actor: SYSTEM, fromNode: open?.node_key ?? null, form: { kind: 'WARNING', scope: 'process' } }, now);
  }
  const toOverdue = await lockInstances(q, 'i.overdue_at IS NULL AND i.due_at IS NOT NULL AND i.due_at <= $1', [now]);
  const overdue = toOverdue.length === 0 ? [] : await q.query<ProcessRow>(
    `UPDATE wf_instance i SET overdue_at = $1, warned_at = COALESCE(i.warned_at, $1) FROM wf_definition d
      WHERE d.key = i.process_key AND d.version = i.process_version AND i.id = ANY($2::uuid[])
      RETURNING i.*, d.name AS process_name`,
    [now, toOverdue],
  );
  let escalated = 0;
  for (const inst of overdue) {
    const open = await openTaskOf(q, inst.id);
    const body = `${inst.business_title}（${inst.business_key}）全流程时限已于 ${cstDateTime(inst.due_at)} 超期`;
    await notify(q, await openTaskPeople(q, inst.id, now), { kind: 'OVERDUE', title: `流程已超期：${inst.process_name}`, body, link: open ? `/inbox?task=${open.id}` : null, dedupe: `overdue-process:${inst.id}`, taskId: open?.id ?? null }, now);
    const leader = await dir.leaderOf(q, inst.org_unit_code);
    if (!leader) continue;
    await notify(q, [leader], { kind: 'ESCALATION', title: `流程超期升级：${inst.process_name}`, body, link: `/inbox?box=started&instance=${inst.id}`, dedupe: `escalate-process:${inst.id}` }, now);
    await record(ctx, q, { instanceId: inst.id, taskId: open?.id ?? null, action: 'ESCALATE', actor: SYSTEM, fromNode: open?.node_key ?? null, toNodes: [], form: { leader, scope: 'process' } }, now, {
      topic: 'instance.escalated',
      payload: { instanceId: inst.id, businessKey: inst.business_key, processKey: inst.process_key, leader },
    });
    escalated++;
  }
  return { warned: warned.length, overdue: overdue.length, escalated };
}

/** Interrupting boundary timers that are due: the task is cancelled and the token follows the timer's flow. */
async function fireTimers(ctx: EngineContext, q: Queryable, now: Date): Promise<number> {
  const ids = await lockInstances(q, tasksWhere(TIMER_DUE), [now]);
  if (ids.length === 0) return 0;
  const fired = await q.query<{ id: string; instance_id: string; node_key: string; timer_node: string; process_key: string; process_version: number }>(
    `UPDATE wf_task t SET ${cancelTaskSet('$1', "'system'", "'timeout'", 't')}, timer_fired_at = $1
       FROM wf_instance i
      WHERE i.id = t.instance_id AND i.id = ANY($2::uuid[]) AND ${TIMER_DUE}
      RETURNING t.id, t.instance_id, t.node_key, t.timer_node, i.process_key, i.process_version`,
    [now, ids],
  );
  await retractTaskNotices(q, fired.map((t) => t.id));
  for (const t of fired) {
    const model = await ctx.model(q, t.process_key, t.process_version);
    const inst = (await instanceRow(q, t.instance_id)) as InstanceRow;
    const vars = { ...inst.variables };
    const j = newJournal();
    const entry: JournalEntry = { instanceId: t.instance_id, taskId: t.id, action: 'TIMER', actor: SYSTEM, fromNode: t.timer_node, form: { task: t.node_key } };
    j.history.push(entry);
    j.events.push({ topic: 'task.timeout', payload: { taskId: t.id, instanceId: t.instance_id, businessKey: inst.business_key, nodeKey: t.node_key, timer: t.timer_node } });
    const moved = await proceed(ctx, q, inst, model, t.timer_node, vars, undefined, SYSTEM, t.id, now, j);
    entry.toNodes = moved.toNodes;
    if (!moved.ended) j.instance = { id: inst.id, variables: vars };
    await flush(ctx, q, j, now);
  }
  return fired.length;
}

export async function sweep(ctx: EngineContext, q: Queryable, now: Date): Promise<SweepCounts> {
  return sweepEach(ctx, (step) => step(q), now);
}

export interface SweepCounts {
  warned: number;
  overdue: number;
  escalated: number;
  timers: number;
}

/**
 * The sweep's steps, each run by `run` (the server's tick gives each its own transaction, ADR 0074: on the embedded
 * database a transaction holds the one connection, and the four steps in one transaction held it for seconds under
 * load). Each step claims its rows itself, so the steps need no common transaction.
 */
export async function sweepEach(ctx: EngineContext, run: <T>(step: (q: Queryable) => Promise<T>) => Promise<T>, now: Date): Promise<SweepCounts> {
  const warned = await run((q) => warnTasks(ctx, q, now));
  const tasks = await run((q) => overdueTasks(ctx, q, now));
  const process = await run((q) => processLimits(ctx, q, now));
  const timers = await run((q) => fireTimers(ctx, q, now));
  return { warned: warned + process.warned, overdue: tasks.overdue + process.overdue, escalated: tasks.escalated + process.escalated, timers };
}
