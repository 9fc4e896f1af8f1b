/**
 * Actions on one task: claim (签收), unclaim (退签), complete (办理), transfer (转办), return (退回). Each is
 * guarded by the task's state and version (`UPDATE … WHERE state IN (…) AND version = $v`): of concurrent
 * actions exactly one updates (D1), the others get 409. Refusal order inside the engine: missing 404, state
 * 409, then 403 (not the assignee or a candidate in the active post — with a request to switch post when the
 * actor holds the right one elsewhere).
 */
import { ErrorCode } from '@wb/contracts';
import type { Task } from '@wb/contracts/workflow';
import { AppError } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import type { ModelNode } from '../bpmn.ts';
import * as dir from '../directory.ts';
import type { CompleteInput, OpenedTask, WorkflowActor } from '../engine-api.ts';
import type { InstanceRow, TaskRow } from '../rows.ts';
import { actorKeys, canActRow, isCandidate, mayActSql, otherPostFor, resolveAssignment } from './assignment.ts';
import { requireUnbound } from './binding.ts';
import { OPEN_STATES, UUID, badRequest, cancelTaskSet, conflict, forbidden, isSystem, notFound, requireRunning } from './context.ts';
import type { EngineContext } from './context.ts';
import { flush, newJournal, notify, record, retractTaskNotices, withdrawnEvent } from './journal.ts';
import type { JournalEntry } from './journal.ts';
import { countVote, enterUserTask, leaveActivations, proceed, scopeActivations, scopeEncloses, scopeParts } from './navigation.ts';
import { CORE_SELECT, instanceRow, openedAnswer, requireTask, taskRow, tasksByIds, toTaskDto } from './reads.ts';
import { isCandidateInAnyPost } from './visibility.ts';

/** 403 for whoever may not act on an open task: a request to switch post when another post of theirs fits, else plain. */
export function notAllowed(actor: WorkflowActor, row: Pick<TaskRow, 'assignee' | 'cand_kind' | 'cand_value' | 'cand_org'>): AppError {
  const other = otherPostFor(actor, row);
  if (other) {
    return forbidden(`该任务属于您的另一岗位「${other.name}（${other.orgUnitName}）」，请先在页眉切换到该岗位再办理`, { post: `${other.code}@${other.orgUnitCode}` });
  }
  return forbidden('您不是该任务的办理人');
}

/** The refusal for an open task the actor may not take: 409 when another candidate holds it claimed, else 403. */
function refuseAct(actor: WorkflowActor, row: TaskRow): AppError {
  if (row.state === 'CLAIMED' && !isSystem(actor) && isCandidateInAnyPost(actor, { ...row, assignee: null })) {
    if (isCandidate(actorKeys(actor), row)) return conflict('任务已被他人签收');
  }
  return notAllowed(actor, row);
}

const isDone = (row: Pick<TaskRow, 'state'>): boolean => row.state === 'COMPLETED' || row.state === 'CANCELLED';

export async function claim(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, taskId: string): Promise<Task> {
  const row = await requireTask(tx, taskId);
  requireRunning({ status: row.instance_status });
  if (row.state === 'CLAIMED' && row.assignee === actor.username) return toTaskDto(ctx, tx, row, actor);
  if (isDone(row)) throw conflict('任务已办结');
  if (!canActRow(actor, row)) throw refuseAct(actor, row);
  const now = ctx.now();
  const done = await tx.query(
    `UPDATE wf_task SET state = 'CLAIMED', assignee = $2, claimed_at = $3, version = version + 1 WHERE id = $1 AND state = 'OPEN' AND version = $4 RETURNING id`,
    [taskId, actor.username, now, row.version],
  );
  if (done.length === 0) throw conflict('任务已被他人签收');
  await record(ctx, tx, { instanceId: row.instance_id, taskId, action: 'CLAIM', actor, fromNode: row.node_key }, now);
  return toTaskDto(ctx, tx, (await taskRow(tx, taskId)) as TaskRow, actor);
}

export async function unclaim(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, taskId: string): Promise<Task> {
  const row = await requireTask(tx, taskId);
  requireRunning({ status: row.instance_status });
  if (row.state !== 'CLAIMED') throw conflict(row.state === 'OPEN' ? '任务尚未签收' : '任务已办结');
  if (!isSystem(actor) && row.assignee !== actor.username) throw forbidden('只能退签自己签收的任务');
  const now = ctx.now();
  // A task assigned to one user stays with that user; a candidate task returns to its candidates.
  const done = await tx.query(
    `UPDATE wf_task SET state = 'OPEN', claimed_at = NULL, assignee = CASE WHEN cand_kind = 'user' THEN cand_value ELSE NULL END, version = version + 1
      WHERE id = $1 AND state = 'CLAIMED' AND version = $2 RETURNING id`,
    [taskId, row.version],
  );
  if (done.length === 0) throw conflict('任务状态已变化，请刷新后重试');
  await record(ctx, tx, { instanceId: row.instance_id, taskId, action: 'UNCLAIM', actor, fromNode: row.node_key }, now);
  return toTaskDto(ctx, tx, (await taskRow(tx, taskId)) as TaskRow, actor);
}

/** Why a guarded completion updated nothing: 404, done 409, suspended 409, 403, bound 409, stale 412, else 409. */
async function explainNoCompletion(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, taskId: string, input: CompleteInput): Promise<never> {
  const [current] = await tx.query<TaskRow>(`${CORE_SELECT} WHERE t.id = $1`, [taskId]);
  if (!current) throw notFound('未找到该任务');
  if (isDone(current)) throw conflict('任务已办结，不能重复提交');
  requireRunning({ status: current.instance_status });
  if (!canActRow(actor, current)) throw refuseAct(actor, current);
  requireUnbound(ctx, current, 'complete', input.domain);
  if (input.expectedVersion !== undefined && input.expectedVersion !== current.version) {
    throw new AppError(412, ErrorCode.PreconditionFailed, '任务已被修改，请刷新后重试');
  }
  throw conflict('任务已被他人办理，请刷新');
}

/**
 * The completion's one guarded statement (P7, ADR 0078); built once.
 * The instance is fetched by primary key in a materialized CTE: joined directly, a planner without
 * statistics (PGlite never analyzes) scans every running instance through the partial unique index.
 * The one lock order (ADR 0031): the instance row is locked first (FOR NO KEY UPDATE, in the CTE, before this
 * task's row), as the SLA sweep, return and the instance actions lock it. Completions of one instance take
 * turns — each reads the variables and status the previous one committed, joins and votes of parallel work
 * (ADR 0025) are counted one at a time — and none can deadlock with the sweep, which once took task rows first.
 * The notices' DELETE reads the UPDATE's result: it deletes nothing when the guard refused.
 * Sent prepared (ADR 0094): on PGlite its parse, analysis and planning cost more than running it.
 */
const COMPLETE_SQL = `WITH i AS MATERIALIZED (SELECT * FROM wf_instance WHERE id = (SELECT instance_id FROM wf_task WHERE id = $1) FOR NO KEY UPDATE),
     u AS (
       UPDATE wf_task t SET state = 'COMPLETED', assignee = $2, claimed_at = COALESCE(t.claimed_at, $3), done_seq = nextval('wf_task_done_seq'),
          completed_at = $3, completed_by = $2, outcome = $4, version = t.version + 1
         FROM i
        WHERE t.id = $1 AND i.id = t.instance_id AND i.status = 'RUNNING' AND t.state IN ${OPEN_STATES} AND ($5::int IS NULL OR t.version = $5)
          AND ($6::boolean OR ${mayActSql('t', { username: '$2', posts: '$7', roles: '$8' })})
        RETURNING t.id, t.instance_id, t.node_key, i.process_key, i.process_version, i.business_key, i.business_title, i.org_unit_code, i.org_path,
                  i.status AS instance_status, i.variables, i.initiator, t.scope, t.mi),
     n AS (DELETE FROM wf_notification WHERE task_id = $1 AND read_at IS NULL AND EXISTS (SELECT 1 FROM u) RETURNING username)
     SELECT u.*, ARRAY(SELECT username FROM n) AS withdrawn FROM u`;

/** Completes the task (claiming it if open) and moves the token; returns the new open tasks. */
export async function complete(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, taskId: string, input: CompleteInput): Promise<Task[] | OpenedTask[]> {
  if (!UUID.test(taskId)) throw notFound('未找到该任务');
  const now = ctx.now();
  const outcome = input.outcome || undefined;
  const system = isSystem(actor);
  const keys = actorKeys(actor);
  // The hot path (P7, ADR 0078): one guarded UPDATE — task open, version as expected, instance running, actor may
  // act — returning the task with its instance, and deleting the task's unread notices when (and only when) it
  // updated. When it updates nothing, a read tells which refusal applies. Everything else the completion writes
  // goes with one more statement (`flush`): two statements for a completion that ends its instance.
  const [row] = await tx.query<TaskRow & { scope: string; mi: string | null; withdrawn: string[] }>(
    COMPLETE_SQL,
    [taskId, actor.username, now, outcome ?? null, input.expectedVersion ?? null, system, keys.posts, keys.roles],
    { prepare: true },
  );
  if (!row) return explainNoCompletion(ctx, tx, actor, taskId, input);
  const model = await ctx.model(tx, row.process_key, row.process_version);
  const node = model.nodes[row.node_key] as ModelNode;
  // A refusal from here on throws after the UPDATE: the caller's transaction rolls back, nothing is kept.
  requireUnbound(ctx, row, 'complete', input.domain, node.name);
  const outcomes = node.outcomes ?? [];
  if (outcomes.length > 0 && !outcomes.some((o) => o.key === outcome)) {
    const message = outcome ? `处理结果「${outcome}」无效，可选：${outcomes.map((o) => o.label).join('、')}` : `请选择处理结果：${outcomes.map((o) => o.label).join('、')}`;
    throw badRequest(message, { outcome: message });
  }
  if (outcomes.length === 0 && outcome) throw badRequest('该环节没有处理结果可选', { outcome: '该环节没有处理结果可选' });
  const form = input.form ?? {};
  const j = newJournal();
  // The people whose notices of the task went are told first (as `retractTaskNotices` would, ahead of the rest).
  const withdrawn = withdrawnEvent(row.withdrawn, [taskId]);
  if (withdrawn) j.events.push(withdrawn);
  const entry: JournalEntry = { instanceId: row.instance_id, taskId, action: 'COMPLETE', actor, fromNode: row.node_key, outcome: outcome ?? null, opinion: input.opinion ?? '', form };
  j.history.push(entry);
  j.events.push({
    topic: 'task.completed',
    payload: { taskId, instanceId: row.instance_id, processKey: row.process_key, businessKey: row.business_key, nodeKey: row.node_key, outcome: outcome ?? null, actor: actor.username },
  });
  const inst = instanceFromTask(row);
  const vars = { ...inst.variables, ...form };
  // A 会签 vote moves the token only when it decides the node (with the node's aggregated outcome).
  const vote = row.mi ? await countVote(tx, node, row.mi, outcome, actor, now) : { done: true, outcome };
  const moved = vote.done ? await proceed(ctx, tx, inst, model, row.node_key, vars, vote.outcome, actor, taskId, now, j, row.scope) : { opened: [], toNodes: [], ended: false };
  entry.toNodes = moved.toNodes;
  if (!moved.ended && JSON.stringify(vars) !== JSON.stringify(inst.variables)) j.instance = { id: inst.id, variables: vars };
  await flush(ctx, tx, j, now);
  return openedAnswer(ctx, tx, moved.opened, actor, input.views);
}

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

/**
 * Loads an open task for transfer / return: 404, done 409, not running 409, 403 (not the actor's), then 409
 * bound (whoever could act on it is told to use the domain's command).
 */
async function actionableTask(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, taskId: string, action: 'transfer' | 'return', via: string | undefined): Promise<TaskRow & { scope: string }> {
  const row = await requireTask(tx, taskId);
  if (isDone(row)) throw conflict('任务已办结');
  requireRunning({ status: row.instance_status });
  if (!canActRow(actor, row)) throw notAllowed(actor, row);
  requireUnbound(ctx, row, action, via, (await ctx.model(tx, row.process_key, row.process_version)).nodes[row.node_key]?.name);
  const [place] = await tx.query<{ scope: string; mi: string | null }>('SELECT scope, mi FROM wf_task WHERE id = $1', [taskId]);
  if (place?.mi) throw conflict(action === 'transfer' ? '会签任务不能转办' : '会签任务不能退回，请在处理结果中选择退回');
  return Object.assign(row, { scope: place?.scope ?? '' });
}

/**
 * Whom a task may be transferred to (docs/quality.md S19): an active user who could see the business item — one of
 * whose posts (or own org unit) lies on its org unit's line (the unit and those above it) — and who is a
 * candidate of the node by the model (holds the post in the resolved unit, or the role). Nodes assigned to one
 * person (`user:`, `initiator`, `leader`) have no other candidates: the line alone decides there.
 */
async function checkTransferTarget(ctx: EngineContext, tx: Queryable, row: TaskRow, toUsername: string): Promise<{ username: string; displayName: string }> {
  const target = await dir.activeUser(tx, toUsername);
  if (!target) throw badRequest('转办人不存在或已停用', { toUsername: '转办人不存在或已停用' });
  if (target.username === row.assignee) throw badRequest('任务已在该用户名下', { toUsername: '任务已在该用户名下' });
  const model = await ctx.model(tx, row.process_key, row.process_version);
  const inst = (await instanceRow(tx, row.instance_id)) as InstanceRow;
  const node = model.nodes[row.node_key] as ModelNode;
  const planned = await resolveAssignment(tx, inst, node);
  const now = ctx.now();
  const candidate =
    planned.cand_kind === 'post' ? (await dir.postHolders(tx, planned.cand_value, planned.cand_org as string, now)).includes(target.username)
      : planned.cand_kind === 'role' ? (await dir.roleHolders(tx, planned.cand_value, now)).includes(target.username)
        : null;
  if (candidate === false) {
    const message = `只能转办给本环节的办理岗位人员（${target.displayName} 不是「${node.name}」的候选办理人）`;
    throw badRequest(message, { toUsername: message });
  }
  if (candidate === null && !(await dir.onOrgLine(tx, target.username, inst.org_path, now))) {
    const message = `${target.displayName} 不在该业务所属单位的管辖范围内，不能转办`;
    throw badRequest(message, { toUsername: message });
  }
  return target;
}

export async function transfer(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, taskId: string, toUsername: string, opinion?: string, via?: string): Promise<Task> {
  const row = await actionableTask(ctx, tx, actor, taskId, 'transfer', via);
  const target = await checkTransferTarget(ctx, tx, row, toUsername);
  const now = ctx.now();
  const done = await tx.query(
    `UPDATE wf_task SET state = 'OPEN', assignee = $2, cand_kind = 'user', cand_value = $2, cand_org = NULL, cand_org_path = NULL, claimed_at = NULL, version = version + 1
      WHERE id = $1 AND state IN ${OPEN_STATES} AND version = $3 RETURNING id`,
    [taskId, target.username, row.version],
  );
  if (done.length === 0) throw conflict('任务状态已变化，请刷新后重试');
  await retractTaskNotices(tx, [taskId]);
  const nodeName = (await ctx.model(tx, row.process_key, row.process_version)).nodes[row.node_key]?.name ?? row.node_key;
  await notify(
    tx,
    [target.username],
    { kind: 'ASSIGNED', title: `转办待办：${nodeName}`, body: `${actor.displayName} 转给您：${row.business_title}（${row.business_key}）`, link: `/inbox?task=${taskId}`, dedupe: `transfer:${taskId}:${row.version}`, taskId },
    now,
  );
  await record(
    ctx,
    tx,
    { instanceId: row.instance_id, taskId, action: 'TRANSFER', actor, fromNode: row.node_key, toNodes: [row.node_key], opinion: opinion ?? '', form: { toUsername: target.username } },
    now,
    { topic: 'task.transferred', payload: { taskId, instanceId: row.instance_id, businessKey: row.business_key, nodeKey: row.node_key, from: actor.username, to: target.username } },
  );
  return toTaskDto(ctx, tx, (await taskRow(tx, taskId)) as TaskRow, actor);
}

type ReturnTarget = { kind: 'previous' } | { kind: 'initiator' } | { kind: 'node'; nodeKey: string };

/**
 * Where a return goes: the node, the `prev_task` the reopened task remembers, a fixed assignee for the
 * initiator, and the token's scope there. Parallel branches (ADR 0025): the destination must lie on the
 * returning task's own branch or before the fork it is in — never on another branch, nor inside a parallel
 * region the token has already left through its join.
 */
async function returnDestination(tx: Queryable, row: TaskRow & { scope: string }, target: ReturnTarget, isUserTask: (node: string) => boolean) {
  const completed = await tx.query<{ id: string; node_key: string; prev_task: string | null; scope: string }>(
    `SELECT id, node_key, prev_task, scope FROM wf_task WHERE instance_id = $1 AND state = 'COMPLETED' ORDER BY done_seq DESC`,
    [row.instance_id],
  );
  const onBranch = (scope: string, refuse: () => AppError): void => {
    if (!scopeEncloses(scope, row.scope)) throw refuse();
  };
  if (target.kind === 'previous') {
    const prev = completed.find((c) => c.id === row.prev_task);
    if (!prev) throw conflict('当前环节之前没有可退回的环节');
    onBranch(prev.scope, () => conflict('上一环节在已汇合的并行分支中，无法退回'));
    return { node: prev.node_key, prev: prev.prev_task, scope: prev.scope };
  }
  if (target.kind === 'initiator') {
    const [first] = await tx.query<{ node_key: string; scope: string }>('SELECT node_key, scope FROM wf_task WHERE instance_id = $1 ORDER BY seq LIMIT 1', [row.instance_id]);
    if (!first || first.node_key === row.node_key) throw conflict('当前已是发起环节，无法退回发起人');
    onBranch(first.scope, () => conflict('发起环节在另一并行分支中，无法退回发起人'));
    return { node: first.node_key, prev: null, override: { assignee: row.initiator }, scope: first.scope };
  }
  const earlier = completed.find((c) => c.node_key === target.nodeKey);
  if (!earlier || target.nodeKey === row.node_key || !isUserTask(target.nodeKey)) {
    throw badRequest('只能退回到已经办理过的环节', { nodeKey: '只能退回到已经办理过的环节' });
  }
  onBranch(earlier.scope, () => badRequest('只能退回到本分支或并行分叉之前已办理的环节', { nodeKey: '只能退回到本分支或并行分叉之前已办理的环节' }));
  return { node: earlier.node_key, prev: earlier.prev_task, scope: earlier.scope };
}

export async function returnTo(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, taskId: string, target: ReturnTarget, opinion: string, via?: string): Promise<Task[]> {
  const row = await actionableTask(ctx, tx, actor, taskId, 'return', via);
  const model = await ctx.model(tx, row.process_key, row.process_version);
  // The instance row first (the one lock order, ADR 0031): a return may cancel other branches' tasks.
  const inst = (await instanceRow(tx, row.instance_id, true)) as InstanceRow;
  const dest = await returnDestination(tx, row, target, (node) => model.nodes[node]?.type === 'userTask');
  const now = ctx.now();
  const cancelled = await tx.query(
    `UPDATE wf_task SET ${cancelTaskSet('$2', '$3', "'returned'")}
      WHERE id = $1 AND state IN ${OPEN_STATES} AND version = $4 RETURNING id`,
    [row.id, now, actor.username, row.version],
  );
  if (cancelled.length === 0) throw conflict('任务状态已变化，请刷新后重试');
  await retractTaskNotices(tx, [row.id]);
  // Leaving parallel regions (back before their fork) cancels their other branches.
  const left = scopeActivations(row.scope).slice(scopeParts(dest.scope).length);
  const alsoCancelled = await leaveActivations(tx, row.instance_id, left, actor, now, 'returned');
  const j = newJournal();
  const nodeName = model.nodes[dest.node]?.name ?? dest.node;
  const opened = await enterUserTask(ctx, tx, inst, model, model.nodes[dest.node] as ModelNode, dest.prev, now, j, {
    ...(dest.override ? { override: dest.override } : {}),
    scope: dest.scope,
    notice: (id) => ({ kind: 'RETURNED', title: `退回：${nodeName}`, body: `${actor.displayName} 退回：${opinion}`, link: `/inbox?task=${id}`, dedupe: `returned:${id}` }),
  });
  j.history.push({ instanceId: row.instance_id, taskId, action: 'RETURN', actor, fromNode: row.node_key, toNodes: [dest.node], opinion, form: { target: target.kind } });
  j.events.push({
    topic: 'task.returned',
    payload: { taskId, newTaskId: opened[0]?.id, instanceId: row.instance_id, businessKey: row.business_key, fromNode: row.node_key, toNode: dest.node, ...(alsoCancelled.length ? { cancelledTaskIds: alsoCancelled } : {}) },
  });
  await flush(ctx, tx, j, now);
  return tasksByIds(ctx, tx, opened.map((t) => t.id), actor);
}
