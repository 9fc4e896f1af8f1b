/**
 * Who may act on a task — the one assignment rule (issue 10), written once as data (`CANDIDATE_KEYS`) and
 * turned into both the in-memory check (`mayActOn`, `isCandidate`) and the SQL predicate (`mayActSql`) used by
 * the inbox and by every action's guarded UPDATE. A task is either assigned to one user (`assignee`) or
 * offered to candidates: a post in an org unit, a role, or a named user.
 *
 * The actor's keys come from the post they work in now (`activePost`, docs/architecture.md §7): a person holding
 * several posts acts on the tasks of the active one and is asked to switch post for the others.
 */
import type { PostRef } from '@wb/contracts';
import type { Queryable } from '@wb/server-kit';
import type { ModelNode } from '../bpmn.ts';
import * as dir from '../directory.ts';
import type { WorkflowActor } from '../engine-api.ts';
import type { InstanceRow, TaskRow } from '../rows.ts';
import { conflict, isSystem } from './context.ts';
import { postKey } from './post-key.ts';

/** The columns of a task the rule reads. */
export type AssignmentRow = Pick<TaskRow, 'assignee' | 'cand_kind' | 'cand_value' | 'cand_org'>;

/** A resolved assignment with the org path of its candidate org unit, stored with the task for data scope (ADR 0069). */
export type ResolvedAssignment = AssignmentRow & { cand_org_path: string | null };

/** What an actor matches against: their username, `post@org` keys and roles. */
export interface ActorKeys {
  username: string;
  posts: string[];
  roles: string[];
}

type Kind = Exclude<TaskRow['cand_kind'], 'none'>;

/** The rule as data: per candidate kind, the task's key (in memory and in SQL) and which actor keys match it. */
const CANDIDATE_KEYS: Record<Kind, { row(r: AssignmentRow): string; sql(t: string): string; actor: keyof ActorKeys }> = {
  post: { row: (r) => `${r.cand_value}@${r.cand_org ?? ''}`, sql: (t) => `(${t}.cand_value || '@' || ${t}.cand_org)`, actor: 'posts' },
  role: { row: (r) => r.cand_value, sql: (t) => `${t}.cand_value`, actor: 'roles' },
  user: { row: (r) => r.cand_value, sql: (t) => `${t}.cand_value`, actor: 'username' },
};

export { postKey };

/** The keys of the actor working in `post` (default: their active post). */
export function actorKeys(actor: WorkflowActor, post?: PostRef | null): ActorKeys {
  if (isSystem(actor)) return { username: actor.username, posts: [], roles: [] };
  const working = post === undefined ? actor.activePost : post;
  return { username: actor.username, posts: working ? [postKey(working)] : [], roles: actor.roles };
}

function matches(keys: ActorKeys, kind: Kind, key: string): boolean {
  const held = keys[CANDIDATE_KEYS[kind].actor];
  return Array.isArray(held) ? held.includes(key) : held === key;
}

/** Whether the keys are among the task's candidates (ignoring who holds it claimed). */
export function isCandidate(keys: ActorKeys, row: AssignmentRow): boolean {
  if (row.cand_kind === 'none') return false;
  return matches(keys, row.cand_kind, CANDIDATE_KEYS[row.cand_kind].row(row));
}

/** The rule in memory: the assignee alone when there is one, else any candidate. */
export function mayActOn(keys: ActorKeys, row: AssignmentRow): boolean {
  if (row.assignee) return row.assignee === keys.username;
  return isCandidate(keys, row);
}

/**
 * The same rule as a SQL predicate over task alias `t`, with the actor's keys as parameters: `username`
 * (text), `posts` and `roles` (text[]) are parameter references such as `$1`.
 */
export function mayActSql(t: string, p: { username: string; posts: string; roles: string }): string {
  return `(${t}.assignee = ${p.username} OR (${t}.assignee IS NULL AND ${candidateSql(t, p)}))`;
}

/** `isCandidate` as SQL (the candidate clauses of `mayActSql`). */
export function candidateSql(t: string, p: { username: string; posts: string; roles: string }): string {
  const param: Record<keyof ActorKeys, string> = { username: p.username, posts: `${p.posts}::text[]`, roles: `${p.roles}::text[]` };
  const clauses = (Object.keys(CANDIDATE_KEYS) as Kind[]).map((kind) => {
    const spec = CANDIDATE_KEYS[kind];
    const against = spec.actor === 'username' ? `${spec.sql(t)} = ${param.username}` : `${spec.sql(t)} = ANY(${param[spec.actor]})`;
    return `(${t}.cand_kind = '${kind}' AND ${against})`;
  });
  return `(${clauses.join(' OR ')})`;
}

/** SQL of a post candidate's `post@org` key (to count tasks per post). */
export const postKeySql = (t: string): string => CANDIDATE_KEYS.post.sql(t);

/** Whether a system or session actor may act on an open task now. */
export function canActRow(actor: WorkflowActor, row: AssignmentRow & Pick<TaskRow, 'state'>): boolean {
  if (isSystem(actor)) return true;
  if (row.state !== 'OPEN' && row.state !== 'CLAIMED') return false;
  return mayActOn(actorKeys(actor), row);
}

/** Another post the actor holds under which they would be a candidate (to ask them to switch), or null. */
export function otherPostFor(actor: WorkflowActor, row: AssignmentRow): PostRef | null {
  if (isSystem(actor) || row.assignee) return null;
  return actor.posts.find((p) => (!actor.activePost || postKey(p) !== postKey(actor.activePost)) && isCandidate(actorKeys(actor, p), row)) ?? null;
}

/** The people a task concerns: its assignee, else the holders of its candidate post / role, else the named user. */
export async function recipients(q: Queryable, row: AssignmentRow, now: Date): Promise<string[]> {
  if (row.assignee) return [row.assignee];
  if (row.cand_kind === 'post' && row.cand_org) return dir.postHolders(q, row.cand_value, row.cand_org, now);
  if (row.cand_kind === 'role') return dir.roleHolders(q, row.cand_value, now);
  if (row.cand_kind === 'user') return [row.cand_value];
  return [];
}

/** Resolves a node's `wb:assignee` for an instance: candidates (post in a resolved org unit, role) or one user. */
export async function resolveAssignment(q: Queryable, inst: InstanceRow, node: ModelNode, override?: { assignee: string }): Promise<ResolvedAssignment> {
  if (override) return { assignee: override.assignee, cand_kind: 'user', cand_value: override.assignee, cand_org: null, cand_org_path: null };
  const a = node.assignee;
  if (a?.kind === 'post') {
    const fromVar = a.orgUnitVar ? inst.variables?.[a.orgUnitVar] : undefined;
    const unit = a.orgUnitVar
      ? typeof fromVar === 'string' ? await dir.orgUnit(q, fromVar) : undefined
      : a.orgUnitCode ? await dir.orgUnit(q, a.orgUnitCode) : await dir.orgUnitUp(q, inst.org_unit_code, a.level);
    if (!unit) throw conflict(`无法确定环节「${node.name}」的办理单位`);
    return { assignee: null, cand_kind: 'post', cand_value: a.post, cand_org: unit.code, cand_org_path: unit.path };
  }
  if (a?.kind === 'role') return { assignee: null, cand_kind: 'role', cand_value: a.role, cand_org: null, cand_org_path: null };
  if (a?.kind === 'user' || a?.kind === 'initiator' || a?.kind === 'leader') {
    const username = a.kind === 'user' ? a.username : a.kind === 'initiator' ? inst.initiator : await dir.leaderOf(q, inst.org_unit_code);
    if (!username) throw conflict(`环节「${node.name}」的办理人是组织负责人，但该单位未配置负责人`);
    return { assignee: username, cand_kind: 'user', cand_value: username, cand_org: null, cand_org_path: null };
  }
  return { assignee: null, cand_kind: 'none', cand_value: '', cand_org: null, cand_org_path: null };
}
