/**
 * Who may see an instance or a task (docs/workflow.md "Visibility"): participants, `wf:process:manage`, and
 * monitors within their `wf_instance` scope; a task also to its assignee and candidates. On top, the limits
 * of the domain whose work it is (ADR 0021): its permission (which carries the domain app's zones and
 * channels) and its data scope over the instance's org path — for a task, or over its candidate org unit's path
 * (a post resolved in another unit, as a 联合办理 branch is: ADR 0059).
 */
import { isOrgPathUnder } from '@wb/server-kit';
import type { DataScope, Principal, Queryable } from '@wb/server-kit';
import type { InstanceReadScope, WorkflowActor } from '../engine-api.ts';
import type { InstanceRow, TaskRow } from '../rows.ts';
import { actorKeys, isCandidate } from './assignment.ts';
import { UUID, hasPermission, isSystem } from './context.ts';
import type { EngineContext } from './context.ts';
import { instanceRow, openTasksOf } from './reads.ts';

/** Whether a user took part in an instance (initiator, handler, assignee or candidate of the open task, copied). */
export async function isParticipant(q: Queryable, actor: Principal, instanceId: string, initiator?: string): Promise<boolean> {
  const starter = initiator ?? (await instanceRow(q, instanceId))?.initiator;
  if (starter === undefined) return false;
  if (starter === actor.username) return true;
  const rows = await q.query(
    `SELECT 1 FROM wf_history WHERE instance_id = $1 AND actor = $2
     UNION ALL SELECT 1 FROM wf_cc WHERE instance_id = $1 AND username = $2
     UNION ALL SELECT 1 FROM wf_task WHERE instance_id = $1 AND (assignee = $2 OR completed_by = $2) LIMIT 1`,
    [instanceId, actor.username],
  );
  if (rows.length > 0) return true;
  // A candidate of an open task (under any post they hold) is a participant even while another holds it claimed.
  return (await openTasksOf(q, instanceId)).some((open) => open.assignee === actor.username || isCandidateInAnyPost(actor, open));
}

/** Candidate under any post the person holds: such a task is visible (acting on it asks to switch post first). */
export function isCandidateInAnyPost(actor: WorkflowActor, row: Pick<TaskRow, 'assignee' | 'cand_kind' | 'cand_value' | 'cand_org'>): boolean {
  if (isSystem(actor)) return false;
  if (isCandidate(actorKeys(actor), row)) return true;
  return actor.posts.some((p) => isCandidate(actorKeys(actor, p), row));
}

/** Whether `orgPath` lies in a data scope (`all`, subtree paths, exact paths). */
export function scopeCovers(scope: Pick<DataScope, 'all'> & { orgPaths?: readonly string[]; exactOrgPaths?: readonly string[] }, orgPath: string): boolean {
  if (scope.all) return true;
  return (scope.orgPaths ?? []).some((path) => isOrgPathUnder(orgPath, path)) || (scope.exactOrgPaths ?? []).includes(orgPath);
}

/** Monitors read instances under their `wf_instance` scope; without a rule, their own org unit and below. */
function monitorCovers(actor: Principal, orgPath: string, scope: InstanceReadScope | null | undefined): boolean {
  if (!hasPermission(actor, 'wf:monitor:view')) return false;
  if (!scope || (!scope.all && scope.orgPaths.length === 0 && scope.exactOrgPaths.length === 0)) return scopeCovers({ all: false, orgPaths: [actor.orgUnitPath] }, orgPath);
  return scopeCovers(scope, orgPath);
}

/** The one read rule of an instance (docs/workflow.md "Visibility"). */
export async function mayRead(q: Queryable, actor: WorkflowActor, inst: Pick<InstanceRow, 'id' | 'org_path'> & { initiator?: string }, scope?: InstanceReadScope | null): Promise<boolean> {
  if (isSystem(actor) || hasPermission(actor, 'wf:process:manage')) return true;
  if (monitorCovers(actor, inst.org_path, scope)) return true;
  return isParticipant(q, actor, inst.id, inst.initiator);
}

/** The task's assignee or a candidate of it (also while another candidate holds it claimed), or a reader of its instance. */
export async function mayReadTask(q: Queryable, actor: WorkflowActor, taskId: string, readScope?: InstanceReadScope | null): Promise<boolean> {
  if (!UUID.test(taskId)) return false;
  const [row] = await q.query<Pick<TaskRow, 'instance_id' | 'assignee' | 'cand_kind' | 'cand_value' | 'cand_org' | 'org_path' | 'initiator'>>(
    'SELECT t.instance_id, t.assignee, t.cand_kind, t.cand_value, t.cand_org, i.org_path, i.initiator FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id WHERE t.id = $1',
    [taskId],
  );
  if (!row) return false;
  if (!isSystem(actor) && (row.assignee === actor.username || isCandidateInAnyPost(actor, row))) return true;
  return mayRead(q, actor, { id: row.instance_id, org_path: row.org_path, initiator: row.initiator }, readScope);
}

/**
 * The limits of the domain that owns the process (ADR 0021), for a caller of the generic API:
 * `hidden` — the business item lies outside the caller's data scope of the domain (answer as missing, 404); for a
 * task, `candOrgPath` (its candidate org unit's path) in scope is enough;
 * `forbidden` — the caller lacks the domain's permission here (its zone or channel excludes this request, or it
 * was never granted: 403, as the domain's own API answers); `ok` otherwise, and for processes of no domain.
 */
export function domainLimits(ctx: EngineContext, actor: WorkflowActor, processKey: string, orgPath: string, candOrgPath?: string | null, businessKey?: string): 'ok' | 'hidden' | 'forbidden' {
  const domain = ctx.domains.get(processKey);
  if (!domain || isSystem(actor) || actor.permissions.has('*')) return 'ok';
  const scope: DataScope = actor.scope?.(domain.scopeResource) ?? { all: false, orgPaths: [], exactOrgPaths: [] };
  // A task is also in scope through its candidate org unit (a 联合办理 branch of another unit, ADR 0059).
  // ASSIGNED (ADR 0073): the business item of one of the user's tasks, by its key.
  const byKey = businessKey !== undefined && !scope.all && !!scope.keys?.includes(businessKey);
  if (!byKey && !scopeCovers(scope, orgPath) && !(candOrgPath && scopeCovers(scope, candOrgPath))) return 'hidden';
  return actor.permissions.has(domain.permission) ? 'ok' : 'forbidden';
}
