/** Deploying process definitions: parse and validate the BPMN, check the directory, store the next version. */
import type { Queryable } from '@wb/server-kit';
import { BpmnError, parseBpmn } from '../bpmn.ts';
import type { ProcessModel } from '../bpmn.ts';
import * as dir from '../directory.ts';
import type { WorkflowActor } from '../engine-api.ts';
import { badRequest, conflict, isUniqueViolation } from './context.ts';
import type { EngineContext } from './context.ts';

/** Validates the assignees of a parsed model against the directory (posts, roles, users exist). */
async function checkAssignees(q: Queryable, model: ProcessModel): Promise<void> {
  // A 会签 node names several assignees (`multi.assignees`); every one must exist.
  for (const [node, a] of Object.values(model.nodes).flatMap((n) => (n.multi?.assignees ?? [n.assignee]).map((x) => [n, x] as const))) {
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

/** Which of `keys` have at least one deployed version. */
export async function deployedKeys(q: Queryable, keys: readonly string[]): Promise<Set<string>> {
  const rows = await q.query<{ key: string }>('SELECT DISTINCT key FROM wf_definition WHERE key = ANY($1::text[])', [[...keys]]);
  return new Set(rows.map((r) => r.key));
}

/** Deploys BPMN XML as the next version of its process key; refuses unsupported elements naming them (400). */
export async function deploy(ctx: EngineContext, tx: Queryable, actor: WorkflowActor, xml: string): Promise<{ key: string; version: number }> {
  let model: ProcessModel;
  try {
    model = await parseBpmn(xml);
    await checkAssignees(tx, model);
  } catch (error) {
    if (error instanceof BpmnError) throw badRequest(error.message, { xml: error.message });
    throw error;
  }
  const now = ctx.now();
  // Serialize deployments of one key: the lock on the latest row (or the PK on a first version).
  const [latest] = await tx.query<{ version: number }>('SELECT version FROM wf_definition WHERE key = $1 ORDER BY version DESC LIMIT 1 FOR UPDATE', [model.key]);
  const version = (latest?.version ?? 0) + 1;
  try {
    await tx.query('INSERT INTO wf_definition (key, version, name, xml, model, deployed_by, deployed_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7)', [
      model.key, version, model.name, xml, JSON.stringify(model), actor.username, now,
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('该流程正在被其他人发布，请重试');
    throw error;
  }
  await ctx.outbox.emit(tx, 'definition.deployed', { key: model.key, version, by: actor.username }, now);
  return { key: model.key, version };
}
