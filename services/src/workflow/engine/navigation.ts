/**
 * Moving tokens (ADR 0011, ADR 0025): from a node along its outgoing flows through exclusive gateways, service
 * tasks and parallel gateways to the next user tasks (created, their people notified) or an end event (instance
 * ended). A parallel fork sends a token down every branch; a join lets one token on when the last branch of
 * that fork activation arrives (`wf_activation`, counted with a guarded UPDATE: exactly one arrival is the
 * last). A multi-instance user task (会签) gives each of its people a task of their own; `decideVotes` says when
 * the node is done and with which outcome.
 *
 * A token's scope: '' outside parallel branches, else `activation:branch` per enclosing fork joined by '/'
 * (outermost first). Tasks carry it (`wf_task.scope`); a join pops the innermost element.
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import type { Completion, ModelNode, ProcessModel } from '../bpmn.ts';
import { dueDate, warnDate } from '../calendar.ts';
import * as dir from '../directory.ts';
import type { OpenedTask, WorkflowActor } from '../engine-api.ts';
import { evaluate, parseExpr } from '../expr.ts';
import type { InstanceRow } from '../rows.ts';
import { recipients, resolveAssignment } from './assignment.ts';
import { OPEN_STATES, cancelTaskSet, conflict } from './context.ts';
import type { EngineContext } from './context.ts';
import { notify, retractTaskNotices } from './journal.ts';
import type { Journal, Notice } from './journal.ts';

const MAX_STEPS = 200;

type CreateOptions = {
  override?: { assignee: string };
  notice?: (taskId: string) => Omit<Notice, 'dedupe' | 'taskId'> & { dedupe?: string };
  /** The token's scope (parallel branches) and the 会签 activation the task votes in. */
  scope?: string;
  mi?: string;
};

/** Creates the user task of `node` (candidates resolved from the model, or `override`) and notifies its people. */
export async function createTask(
  ctx: EngineContext,
  tx: Queryable,
  inst: InstanceRow,
  model: ProcessModel,
  node: ModelNode,
  prevTask: string | null,
  now: Date,
  j: Journal,
  options: CreateOptions = {},
): Promise<OpenedTask> {
  const who = await resolveAssignment(tx, inst, node, options.override);
  const due = dueDate(now, node.sla, await ctx.holidays.get(tx));
  const warn = warnDate(now, due);
  const timers = (node.timers ?? []).map((id) => model.nodes[id]).filter((t): t is ModelNode => !!t);
  const firstTimer = timers.sort((x, y) => (x.delayMs ?? 0) - (y.delayMs ?? 0))[0];
  const id = randomUUID();
  await tx.query(
    `INSERT INTO wf_task (id, instance_id, node_key, state, assignee, cand_kind, cand_value, cand_org, cand_org_path, created_at, due_at, warn_at, timer_at, timer_node, prev_task, scope, mi)
     VALUES ($1, $2, $3, 'OPEN', $4, $5, $6, $7, $16, $8, $9, $10, $11, $12, $13, $14, $15)`,
    [id, inst.id, node.id, who.assignee, who.cand_kind, who.cand_value, who.cand_org, now, due, warn,
      firstTimer ? new Date(now.getTime() + (firstTimer.delayMs ?? 0)) : null, firstTimer?.id ?? null, prevTask, options.scope ?? '', options.mi ?? null, who.cand_org_path],
    { prepare: true },
  );
  const custom = options.notice?.(id);
  const notice: Notice = custom
    ? { ...custom, dedupe: custom.dedupe ?? `assigned:${id}`, taskId: id }
    : { kind: 'ASSIGNED', title: `新待办：${node.name}`, body: `${inst.business_title}（${inst.business_key}）`, link: `/inbox?task=${id}`, dedupe: `assigned:${id}`, taskId: id };
  await notify(tx, await recipients(tx, who, now), notice, now);
  j.events.push({ topic: 'task.created', payload: { taskId: id, instanceId: inst.id, processKey: inst.process_key, businessKey: inst.business_key, nodeKey: node.id } });
  return { id, nodeKey: node.id, dueAt: due ? due.toISOString() : null };
}

/** The people of a 会签 node: every expression of its `wb:assignee` resolved to users, in order, each once. */
async function multiPeople(tx: Queryable, inst: InstanceRow, node: ModelNode, now: Date): Promise<string[]> {
  const people: string[] = [];
  for (const assignee of node.multi?.assignees ?? []) {
    const who = await resolveAssignment(tx, inst, { ...node, assignee });
    const users = who.cand_kind === 'post' && who.cand_org ? await dir.postHolders(tx, who.cand_value, who.cand_org, now) : await recipients(tx, who, now);
    people.push(...users);
  }
  return [...new Set(people)];
}

/**
 * Enters a user task: one task, or for a 会签 node one task per person (assigned to them) sharing a new
 * `wf_activation` of kind 'multi'. Takes what `createTask` takes; returns the new tasks.
 */
export async function enterUserTask(...args: Parameters<typeof createTask>): Promise<OpenedTask[]> {
  const [ctx, tx, inst, model, node, prevTask, now, j, options = {}] = args;
  if (!node.multi || options.override) return [await createTask(...args)];
  const people = await multiPeople(tx, inst, node, now);
  if (people.length === 0) throw conflict(`流程无法继续：会签环节「${node.name}」没有办理人`);
  const mi = randomUUID();
  await tx.query(`INSERT INTO wf_activation (id, instance_id, kind, node_key, scope, expected, created_at) VALUES ($1, $2, 'multi', $3, $4, $5, $6)`, [
    mi, inst.id, node.id, options.scope ?? '', people.length, now,
  ]);
  const opened: OpenedTask[] = [];
  for (const username of people) opened.push(await createTask(ctx, tx, inst, model, node, prevTask, now, j, { ...options, override: { assignee: username }, mi }));
  return opened;
}

/**
 * Ends the instance: its final variables and status are written with the journal (`flush`, the statement that
 * writes the END history row and the `instance.ended` event — one UPDATE of the instance row).
 */
function endInstance(inst: InstanceRow, endNode: ModelNode, actor: WorkflowActor, j: Journal, vars: Record<string, unknown>): void {
  j.instance = { id: inst.id, variables: vars, ended: true };
  j.history.push({ instanceId: inst.id, action: 'END', actor, fromNode: endNode.id });
  j.events.push({ topic: 'instance.ended', payload: { instanceId: inst.id, processKey: inst.process_key, businessKey: inst.business_key, endNode: endNode.id, status: 'COMPLETED' } });
  inst.status = 'COMPLETED';
}

/** The flow a gateway takes: the first condition that holds in document order, else its default. */
function gatewayFlow(model: ProcessModel, gateway: ModelNode, vars: Record<string, unknown>, outcome: string | undefined): string {
  const context = { ...vars, outcome: outcome ?? null };
  const flowId =
    gateway.outgoing.find((f) => {
      const condition = model.flows[f]?.condition;
      return f !== gateway.defaultFlow && condition !== undefined && evaluate(parseExpr(condition), context);
    }) ?? gateway.defaultFlow;
  if (!flowId) throw conflict(`流程无法继续：网关「${gateway.name}」没有满足条件的分支`);
  return flowId;
}

/** Scope helpers: the elements of a scope, and the activation ids it is inside. */
export const scopeParts = (scope: string): string[] => (scope ? scope.split('/') : []);
export const scopeActivations = (scope: string): string[] => scopeParts(scope).map((p) => p.split(':')[0] as string);
/** Whether `outer` encloses `inner` (the same branch, or a branch `inner` is nested in). */
export const scopeEncloses = (outer: string, inner: string): boolean => outer === '' || inner === outer || inner.startsWith(`${outer}/`);

/**
 * Parallel processes: locks the instance row (every action on a concurrent instance takes it before touching
 * other branches' rows, so they take turns instead of deadlocking) and rebases the action's variables on the
 * committed ones — keys the action did not change take their current value (another branch may have saved it
 * since `inst` was read, e.g. by the sweep).
 */
async function lockAndRebase(tx: Queryable, inst: InstanceRow, vars: Record<string, unknown>): Promise<void> {
  const [row] = await tx.query<{ variables: Record<string, unknown> | null }>('SELECT variables FROM wf_instance WHERE id = $1 FOR NO KEY UPDATE', [inst.id]);
  const base = inst.variables ?? {};
  for (const [key, value] of Object.entries(row?.variables ?? {})) {
    if (!(key in vars) || JSON.stringify(vars[key]) === JSON.stringify(base[key])) vars[key] = value;
  }
}

export async function scopeOfTask(q: Queryable, taskId: string): Promise<string> {
  const [row] = await q.query<{ scope: string }>('SELECT scope FROM wf_task WHERE id = $1', [taskId]);
  return row?.scope ?? '';
}

/** Where a token went: the user tasks it opened, the nodes it reached, whether it ended the instance. */
export type Moved = { opened: OpenedTask[]; toNodes: string[]; ended: boolean };

/**
 * Moves the token from `fromNode` to the next user tasks (created) or an end event. `vars` is updated in place
 * by service tasks. The token's `scope` defaults to that of `prevTask` (e.g. a boundary timer's task).
 */
export async function proceed(
  ctx: EngineContext,
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
  scope?: string,
): Promise<Moved> {
  if (model.concurrent) await lockAndRebase(tx, inst, vars);
  const start = model.nodes[fromNode] as ModelNode;
  const tokens: Array<{ flow: string; scope: string }> = [{ flow: start.outgoing[0] as string, scope: scope ?? (prevTask ? await scopeOfTask(tx, prevTask) : '') }];
  const result: Moved = { opened: [], toNodes: [], ended: false };
  for (let step = 0; tokens.length > 0; step++) {
    if (step >= MAX_STEPS) throw conflict('流程无法继续：流转步数过多（可能存在循环）');
    const token = tokens.shift() as { flow: string; scope: string };
    const target = model.nodes[model.flows[token.flow]?.target as string] as ModelNode;
    if (target.type === 'userTask') {
      // Assignees read the variables as they are now (`post:X#$unit` named by this very completion's form).
      result.opened.push(...(await enterUserTask(ctx, tx, { ...inst, variables: vars }, model, target, prevTask, now, j, { scope: token.scope })));
      result.toNodes.push(target.id);
    } else if (target.type === 'end') {
      endInstance(inst, target, actor, j, vars);
      return { opened: [], toNodes: [...result.toNodes, target.id], ended: true };
    } else if (target.type === 'serviceTask') {
      const handler = ctx.handlers.get(target.command as string);
      if (!handler) throw new AppError(500, ErrorCode.Internal, `服务任务「${target.name}」的命令 ${target.command ?? ''} 未注册`);
      const returned = await handler(tx, { instanceId: inst.id, businessKey: inst.business_key, orgUnitCode: inst.org_unit_code, variables: { ...vars } });
      if (returned) Object.assign(vars, returned);
      j.history.push({ instanceId: inst.id, action: 'SERVICE', actor, fromNode: target.id, form: returned ?? {} });
      tokens.push({ flow: target.outgoing[0] as string, scope: token.scope });
    } else if (target.type === 'gateway') {
      tokens.push({ flow: gatewayFlow(model, target, vars, outcome), scope: token.scope });
    } else if (target.fork) {
      const activation = randomUUID();
      await tx.query(`INSERT INTO wf_activation (id, instance_id, kind, node_key, scope, expected, created_at) VALUES ($1, $2, 'fork', $3, $4, $5, $6)`, [
        activation, inst.id, target.fork.join, token.scope, target.outgoing.length, now,
      ]);
      target.outgoing.forEach((flow, branch) => tokens.push({ flow, scope: [...scopeParts(token.scope), `${activation}:${branch}`].join('/') }));
    } else if (target.join) {
      const parts = scopeParts(token.scope);
      const activation = parts.pop()?.split(':')[0];
      if (!activation) throw conflict(`流程无法继续：并行汇聚网关「${target.name}」没有对应的分支`);
      // The guarded increment: of concurrent arrivals exactly one sees the count reach `expected`.
      const [row] = await tx.query<{ arrived: number; expected: number }>(
        `UPDATE wf_activation SET arrived = arrived + 1, closed_at = CASE WHEN arrived + 1 >= expected THEN $2::timestamptz END
          WHERE id = $1 AND closed_at IS NULL RETURNING arrived, expected`,
        [activation, now],
      );
      if (!row) throw conflict(`流程无法继续：并行分支已在「${target.name}」汇合`);
      if (row.arrived >= row.expected) tokens.push({ flow: target.outgoing[0] as string, scope: parts.join('/') });
      else result.toNodes.push(target.id);
    } else {
      tokens.push({ flow: target.outgoing[0] as string, scope: token.scope });
    }
  }
  return result;
}

/**
 * Whether a 会签 node is done after a vote, and its outcome (docs/workflow.md "Multi-instance"). The first
 * outcome listed in `wb:outcomes` approves. `all`: done when everyone voted — the approving outcome when
 * unanimous, else the earliest-listed other outcome chosen (one `reject` rejects). `any`: the first vote
 * decides. `ratio:r`: done as soon as ⌈r × people⌉ approve (approving outcome) or that can no longer happen
 * (the most chosen other outcome, ties to the earliest listed); without outcomes, when ⌈r × people⌉ voted.
 */
export function decideVotes(
  completion: Completion,
  outcomes: ReadonlyArray<{ key: string }>,
  tally: { expected: number; arrived: number; votes: Record<string, number> },
  last: string | undefined,
): { done: boolean; outcome?: string } {
  const approve = outcomes[0]?.key;
  const others = outcomes.slice(1).map((o) => o.key);
  const count = (key: string): number => tally.votes[key] ?? 0;
  if (completion.kind === 'any') return { done: true, ...(last ? { outcome: last } : {}) };
  if (completion.kind === 'all') {
    if (tally.arrived < tally.expected) return { done: false };
    if (!approve) return { done: true };
    return { done: true, outcome: count(approve) === tally.expected ? approve : (others.find((k) => count(k) > 0) ?? approve) };
  }
  const need = Math.max(1, Math.ceil(completion.ratio * tally.expected - 1e-9));
  if (!approve) return tally.arrived >= need ? { done: true } : { done: false };
  if (count(approve) >= need) return { done: true, outcome: approve };
  if (count(approve) + (tally.expected - tally.arrived) >= need) return { done: false };
  const worst = others.reduce<string | undefined>((best, k) => (best === undefined || count(k) > count(best) ? k : best), undefined);
  return { done: true, outcome: worst ?? approve };
}

/**
 * Counts a completed 会签 task's vote. When the node is done, its other open tasks are cancelled (outcome
 * `cancelled`) and the caller moves the token on with the returned outcome; otherwise the token waits.
 */
export async function countVote(
  tx: Queryable,
  node: ModelNode,
  mi: string,
  outcome: string | undefined,
  actor: WorkflowActor,
  now: Date,
): Promise<{ done: boolean; outcome?: string; cancelled: string[] }> {
  const [tally] = await tx.query<{ expected: number; arrived: number; votes: Record<string, number> }>(
    `UPDATE wf_activation SET arrived = arrived + 1, votes = jsonb_set(votes, ARRAY[$2::text], to_jsonb(COALESCE((votes ->> $2::text)::int, 0) + 1))
      WHERE id = $1 AND closed_at IS NULL RETURNING expected, arrived, votes`,
    [mi, outcome ?? ''],
  );
  if (!tally) throw conflict(`会签环节「${node.name}」已结束`);
  const decision = decideVotes(node.multi?.completion ?? { kind: 'all' }, node.outcomes ?? [], tally, outcome);
  if (!decision.done) return { done: false, cancelled: [] };
  await tx.query('UPDATE wf_activation SET closed_at = $2 WHERE id = $1', [mi, now]);
  const cancelled = await tx.query<{ id: string }>(
    `UPDATE wf_task SET ${cancelTaskSet('$2', '$3', "'cancelled'")}
      WHERE mi = $1 AND state IN ${OPEN_STATES} RETURNING id`,
    [mi, now, actor.username],
  );
  await retractTaskNotices(tx, cancelled.map((c) => c.id));
  return { ...decision, cancelled: cancelled.map((c) => c.id) };
}

/**
 * Cancels the open tasks of the given parallel / 会签 activations (and of those nested in them) and closes the
 * activations: a return or withdraw that leaves a parallel region takes its other branches with it.
 */
export async function leaveActivations(tx: Queryable, instanceId: string, activations: readonly string[], actor: WorkflowActor, now: Date, outcome: string): Promise<string[]> {
  if (activations.length === 0) return [];
  const patterns = activations.map((a) => `%${a}:%`);
  const cancelled = await tx.query<{ id: string }>(
    `UPDATE wf_task SET ${cancelTaskSet('$2', '$3', '$4')}
      WHERE instance_id = $1 AND state IN ${OPEN_STATES} AND (scope LIKE ANY($5::text[]) OR mi = ANY($6::uuid[])) RETURNING id`,
    [instanceId, now, actor.username, outcome, patterns, activations],
  );
  await tx.query(
    `UPDATE wf_activation SET closed_at = $2 WHERE instance_id = $1 AND closed_at IS NULL AND (id = ANY($3::uuid[]) OR scope LIKE ANY($4::text[]))`,
    [instanceId, now, activations, patterns],
  );
  await retractTaskNotices(tx, cancelled.map((c) => c.id));
  return cancelled.map((c) => c.id);
}
