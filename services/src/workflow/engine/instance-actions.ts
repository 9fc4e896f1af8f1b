/**
 * Actions on a whole instance: start, withdraw (撤回), suspend (挂起) / resume (恢复) with the SLA clock
 * stopped, terminate (终止) and copy-to (抄送). An instance may have several open tasks (parallel branches,
 * 会签, ADR 0025): suspend, resume and terminate act on all of them.
 */
import { randomUUID } from 'node:crypto';
import type { Task } from '@wb/contracts/workflow';
import type { Queryable } from '@wb/server-kit';
import type { ModelNode } from '../bpmn.ts';
import { dueDate, warnDate } from '../calendar.ts';
import * as dir from '../directory.ts';
import type { InstanceReadScope, OpenedTask, StartInput, WorkflowActor } from '../engine-api.ts';
import type { InstanceRow } from '../rows.ts';
import { canActRow, recipients } from './assignment.ts';
import { requireStartable } from './binding.ts';
import { OPEN_STATES, badRequest, cancelTaskSet, conflict, forbidden, hasPermission, isUniqueViolation, notFound, requireRunning } from './context.ts';
import type { EngineContext } from './context.ts';
import { flush, newJournal, notify, record, retractTaskNotices } from './journal.ts';
import type { JournalEntry } from './journal.ts';
import { createTask, leaveActivations, proceed, scopeActivations, scopeEncloses, scopeParts } from './navigation.ts';
import { openTasksOf, openedAnswer, requireInstance, tasksByIds } from './reads.ts';
import { mayRead } from './visibility.ts';

export async function start(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, input: StartInput): Promise<{ instanceId: string; openTasks: Task[] | OpenedTask[] }> {
  requireStartable(ctx, input.processKey, input.domain);
  const [def] = await tx.query<{ version: number }>('SELECT version FROM wf_definition WHERE key = $1 ORDER BY version DESC LIMIT 1', [input.processKey]);
  if (!def) throw notFound(`流程未发布：${input.processKey}`);
  const model = await ctx.model(tx, input.processKey, def.version);
  const unit = await dir.orgUnit(tx, input.orgUnitCode);
  if (!unit) throw badRequest('业务所属单位不存在', { orgUnitCode: '业务所属单位不存在' });
  const now = input.startedAt ?? ctx.now();
  const due = dueDate(now, model.sla, await ctx.holidays.get(tx));
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
  // One running instance per business key: the unique index `wf_instance_running_key` refuses a second (409),
  // without a read first (ADR 0109). The refused INSERT ends the caller's transaction, as every refusal does.
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
  const j = newJournal();
  const startEntry: JournalEntry = { instanceId: inst.id, action: 'START', actor, fromNode: model.startId, form: { ...vars } };
  j.history.push(startEntry);
  j.events.push({ topic: 'instance.started', payload: { instanceId: inst.id, processKey: inst.process_key, version: def.version, businessKey: inst.business_key, initiator: inst.initiator } });
  const moved = await proceed(ctx, tx, inst, model, model.startId, vars, undefined, actor, null, now, j);
  startEntry.toNodes = moved.toNodes;
  if (!moved.ended && JSON.stringify(vars) !== JSON.stringify(input.variables ?? {})) j.instance = { id: inst.id, variables: vars };
  await flush(ctx, tx, j, now);
  return { instanceId: inst.id, openTasks: await openedAnswer(ctx, tx, moved.opened, actor, input.views) };
}

type Step = { id: string; node_key: string; prev_task: string | null; state: string; claimed_at: Date | null; version: number; scope: string; mi: string | null };

/**
 * Takes back the actor's last completion in the instance while every task it created is still open and
 * unclaimed (after a fork: all branches' first tasks; a 会签 node: all its tasks). Not possible for a 会签 vote,
 * nor for a completion that waits at a join or moved the token out through one (ADR 0025).
 */
export async function withdraw(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, instanceId: string): Promise<Task[]> {
  const inst = await requireInstance(tx, instanceId, true);
  requireRunning(inst);
  const [last] = await tx.query<Step>(
    `SELECT id, node_key, prev_task, state, claimed_at, version, scope, mi FROM wf_task WHERE instance_id = $1 AND state = 'COMPLETED' AND completed_by = $2 ORDER BY done_seq DESC LIMIT 1`,
    [instanceId, actor.username],
  );
  const next = last ? await tx.query<Step>('SELECT id, node_key, prev_task, state, claimed_at, version, scope, mi FROM wf_task WHERE prev_task = $1 ORDER BY seq', [last.id]) : [];
  if (last?.mi) throw conflict('会签任务提交后不能撤回');
  if (!last || next.length === 0 || next.some((t) => t.state !== 'OPEN' && t.state !== 'CLAIMED') || next.some((t) => !scopeEncloses(last.scope, t.scope))) {
    throw conflict('只能撤回自己刚办理、且下一环节尚未签收的任务');
  }
  if (next.some((t) => t.claimed_at)) throw conflict('下一环节已签收，无法撤回');
  const now = ctx.now();
  const model = await ctx.model(tx, inst.process_key, inst.process_version);
  const done = await tx.query(
    `UPDATE wf_task t SET ${cancelTaskSet('$2', '$3', "'withdrawn'", 't')}
       FROM unnest($1::uuid[], $4::int[]) AS v (id, version)
      WHERE t.id = v.id AND t.state IN ${OPEN_STATES} AND t.version = v.version RETURNING t.id`,
    [next.map((t) => t.id), now, actor.username, next.map((t) => t.version)],
  );
  if (done.length !== next.length) throw conflict('任务状态已变化，请刷新后重试');
  await retractTaskNotices(tx, next.map((t) => t.id));
  // The forks and 会签 the withdrawn completion entered are closed.
  const entered = new Set(next.flatMap((t) => [...scopeActivations(t.scope).slice(scopeParts(last.scope).length), ...(t.mi ? [t.mi] : [])]));
  await leaveActivations(tx, instanceId, [...entered], actor, now, 'withdrawn');
  const j = newJournal();
  const { id: newId } = await createTask(ctx, tx, inst, model, model.nodes[last.node_key] as ModelNode, last.prev_task, now, j, { override: { assignee: actor.username }, scope: last.scope });
  const first = next[0] as Step;
  j.history.push({ instanceId, taskId: first.id, action: 'WITHDRAW', actor, fromNode: first.node_key, toNodes: [last.node_key] });
  j.events.push({
    topic: 'task.withdrawn',
    payload: { instanceId, businessKey: inst.business_key, cancelledTaskId: first.id, ...(next.length > 1 ? { cancelledTaskIds: next.map((t) => t.id) } : {}), newTaskId: newId, nodeKey: last.node_key },
  });
  await flush(ctx, tx, j, now);
  return tasksByIds(ctx, tx, [newId], actor);
}

/** The initiator, a handler of one of the open tasks, or `wf:process:manage`. */
async function mayManage(q: Queryable, actor: WorkflowActor, inst: InstanceRow): Promise<boolean> {
  if (hasPermission(actor, 'wf:process:manage') || actor.username === inst.initiator) return true;
  return (await openTasksOf(q, inst.id)).some((open) => canActRow(actor, open));
}

export async function suspend(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, instanceId: string, reason: string): Promise<void> {
  const inst = await requireInstance(tx, instanceId, true);
  if (inst.status !== 'RUNNING') throw conflict(inst.status === 'SUSPENDED' ? '流程已处于挂起状态' : '流程已结束');
  if (!(await mayManage(tx, actor, inst))) throw forbidden('您无权挂起该流程');
  const now = ctx.now();
  await tx.query(`UPDATE wf_instance SET status = 'SUSPENDED', suspended_at = $2, suspended_reason = $3, version = version + 1 WHERE id = $1`, [instanceId, now, reason]);
  await record(ctx, tx, { instanceId, action: 'SUSPEND', actor, opinion: reason }, now, { topic: 'instance.suspended', payload: { instanceId, businessKey: inst.business_key, reason } });
}

export async function resume(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, instanceId: string, reason: string): Promise<void> {
  const inst = await requireInstance(tx, instanceId, true);
  if (inst.status !== 'SUSPENDED') throw conflict(inst.status === 'RUNNING' ? '流程未挂起' : '流程已结束');
  if (!(await mayManage(tx, actor, inst))) throw forbidden('您无权恢复该流程');
  const now = ctx.now();
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
  await record(ctx, tx, { instanceId, action: 'RESUME', actor, opinion: reason, form: { pausedMs } }, now, { topic: 'instance.resumed', payload: { instanceId, businessKey: inst.business_key, pausedMs } });
}

export async function terminate(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, instanceId: string, reason: string): Promise<void> {
  const inst = await requireInstance(tx, instanceId, true);
  if (inst.status !== 'RUNNING' && inst.status !== 'SUSPENDED') throw conflict('流程已结束');
  if (!hasPermission(actor, 'wf:process:manage') && actor.username !== inst.initiator) throw forbidden('只有发起人或流程管理员可以终止流程');
  const now = ctx.now();
  const cancelled = await tx.query<{ id: string }>(
    `UPDATE wf_task SET ${cancelTaskSet('$2', '$3', "'terminated'")}
      WHERE instance_id = $1 AND state IN ${OPEN_STATES} RETURNING id`,
    [instanceId, now, actor.username],
  );
  await retractTaskNotices(tx, cancelled.map((c) => c.id));
  await tx.query('UPDATE wf_activation SET closed_at = $2 WHERE instance_id = $1 AND closed_at IS NULL', [instanceId, now]);
  await tx.query(`UPDATE wf_instance SET status = 'TERMINATED', ended_at = $2, suspended_at = NULL, version = version + 1 WHERE id = $1`, [instanceId, now]);
  await record(ctx, tx, { instanceId, action: 'TERMINATE', actor, opinion: reason }, now, {
    topic: 'instance.ended',
    payload: { instanceId, processKey: inst.process_key, businessKey: inst.business_key, status: 'TERMINATED', reason },
  });
}

/**
 * 抄送: whoever may read the instance (`mayRead`) draws others' attention to it (docs/workflow.md "Actions").
 * The copied users must be able to see the business item (docs/quality.md S19): one of their posts or their own org
 * unit lies on its org unit's line, or they are a candidate of its open task.
 */
export async function copyTo(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, instanceId: string, usernames: string[], opinion?: string, readScope?: InstanceReadScope | null): Promise<void> {
  const inst = await requireInstance(tx, instanceId);
  if (!(await mayRead(tx, actor, inst, readScope))) throw notFound('未找到该流程实例');
  const unique = [...new Set(usernames)];
  const now = ctx.now();
  const candidates: string[] = [];
  for (const open of await openTasksOf(tx, instanceId)) candidates.push(...(await recipients(tx, open, now)));
  for (const username of unique) {
    const user = await dir.activeUser(tx, username);
    if (!user) throw badRequest(`抄送人 ${username} 不存在或已停用`, { usernames: `抄送人 ${username} 不存在或已停用` });
    if (!candidates.includes(username) && !(await dir.onOrgLine(tx, username, inst.org_path, now))) {
      const message = `${user.displayName} 不在该业务所属单位的管辖范围内，不能抄送`;
      throw badRequest(message, { usernames: message });
    }
  }
  for (const username of unique) {
    await tx.query(
      `INSERT INTO wf_cc (instance_id, username, by_user, at, opinion) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (instance_id, username) DO UPDATE SET by_user = EXCLUDED.by_user, at = EXCLUDED.at, opinion = EXCLUDED.opinion`,
      [instanceId, username, actor.username, now, opinion ?? ''],
    );
  }
  await record(ctx, tx, { instanceId, action: 'COPY', actor, opinion: opinion ?? '', form: { usernames: unique } }, now);
  await notify(
    tx,
    unique,
    { kind: 'CC', title: `抄送：${inst.business_title}`, body: `${actor.displayName} 抄送给您${opinion ? `：${opinion}` : ''}`, link: `/inbox?box=cc&instance=${instanceId}`, dedupe: `cc:${instanceId}:${now.getTime()}` },
    now,
  );
}
