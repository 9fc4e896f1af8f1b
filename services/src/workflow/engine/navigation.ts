/**
 * Moving the token (single-token processes, ADR 0011): from a node along its outgoing flow through gateways
 * and service tasks to the next user task (created, its people notified) or an end event (instance ended).
 */
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import type { ModelNode, ProcessModel } from '../bpmn.ts';
import { dueDate, warnDate } from '../calendar.ts';
import type { WorkflowActor } from '../engine-api.ts';
import { evaluate, parseExpr } from '../expr.ts';
import type { InstanceRow } from '../rows.ts';
import { recipients, resolveAssignment } from './assignment.ts';
import { conflict } from './context.ts';
import type { EngineContext } from './context.ts';
import { notify } from './journal.ts';
import type { Journal, Notice } from './journal.ts';

const MAX_STEPS = 200;

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
  options: { override?: { assignee: string }; notice?: (taskId: string) => Omit<Notice, 'dedupe' | 'taskId'> & { dedupe?: string } } = {},
): Promise<string> {
  const who = await resolveAssignment(tx, inst, node, options.override);
  const due = dueDate(now, node.sla, await ctx.holidays.get(tx));
  const warn = warnDate(now, due);
  const timers = (node.timers ?? []).map((id) => model.nodes[id]).filter((t): t is ModelNode => !!t);
  const firstTimer = timers.sort((x, y) => (x.delayMs ?? 0) - (y.delayMs ?? 0))[0];
  const id = randomUUID();
  await tx.query(
    `INSERT INTO wf_task (id, instance_id, node_key, state, assignee, cand_kind, cand_value, cand_org, created_at, due_at, warn_at, timer_at, timer_node, prev_task)
     VALUES ($1, $2, $3, 'OPEN', $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [id, inst.id, node.id, who.assignee, who.cand_kind, who.cand_value, who.cand_org, now, due, warn,
      firstTimer ? new Date(now.getTime() + (firstTimer.delayMs ?? 0)) : null, firstTimer?.id ?? null, prevTask],
  );
  const custom = options.notice?.(id);
  const notice: Notice = custom
    ? { ...custom, dedupe: custom.dedupe ?? `assigned:${id}`, taskId: id }
    : { kind: 'ASSIGNED', title: `新待办：${node.name}`, body: `${inst.business_title}（${inst.business_key}）`, link: `/inbox?task=${id}`, dedupe: `assigned:${id}`, taskId: id };
  await notify(tx, await recipients(tx, who, now), notice, now);
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

/**
 * Moves the token from `fromNode` to the next user task (created) or end event. `vars` is updated in place by
 * service tasks.
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
): Promise<{ taskIds: string[]; toNodes: string[]; ended: boolean }> {
  let current = model.nodes[fromNode] as ModelNode;
  for (let step = 0; step < MAX_STEPS; step++) {
    const flowId = current.type === 'gateway' ? gatewayFlow(model, current, vars, outcome) : (current.outgoing[0] as string);
    const target = model.nodes[model.flows[flowId]?.target as string] as ModelNode;
    if (target.type === 'userTask') {
      const taskId = await createTask(ctx, tx, inst, model, target, prevTask, now, j);
      return { taskIds: [taskId], toNodes: [target.id], ended: false };
    }
    if (target.type === 'end') {
      await endInstance(tx, inst, target, actor, now, j, vars);
      return { taskIds: [], toNodes: [target.id], ended: true };
    }
    if (target.type === 'serviceTask') {
      const handler = ctx.handlers.get(target.command as string);
      if (!handler) throw new AppError(500, ErrorCode.Internal, `服务任务「${target.name}」的命令 ${target.command ?? ''} 未注册`);
      const result = await handler(tx, { instanceId: inst.id, businessKey: inst.business_key, orgUnitCode: inst.org_unit_code, variables: { ...vars } });
      if (result) Object.assign(vars, result);
      j.history.push({ instanceId: inst.id, action: 'SERVICE', actor, fromNode: target.id, form: result ?? {} });
    }
    current = target;
  }
  throw conflict('流程无法继续：流转步数过多（可能存在循环）');
}

export async function saveVariables(tx: Queryable, instanceId: string, vars: Record<string, unknown>): Promise<void> {
  await tx.query('UPDATE wf_instance SET variables = $2::jsonb, version = version + 1 WHERE id = $1', [instanceId, JSON.stringify(vars)]);
}
