/** Row shapes of the workflow tables and their mapping to the contract DTOs. */
import type { HistoryEntry, SlaState, Task } from '@wb/contracts/workflow';
import type { ProcessModel } from './bpmn.ts';

/** A task with the columns of its instance that TASK_SELECT joins in. */
export interface TaskRow
  extends Pick<InstanceRow, 'process_key' | 'process_version' | 'business_key' | 'business_title' | 'org_unit_code' | 'org_path' | 'variables' | 'initiator'> {
  id: string;
  instance_id: string;
  node_key: string;
  state: Task['state'];
  assignee: string | null;
  cand_kind: 'post' | 'role' | 'user' | 'none';
  cand_value: string;
  cand_org: string | null;
  created_at: Date;
  claimed_at: Date | null;
  completed_at: Date | null;
  completed_by: string | null;
  due_at: Date | null;
  warn_at: Date | null;
  prev_task: string | null;
  version: number;
  instance_status: InstanceRow['status'];
  process_name: string;
}

/**
 * Every column a Task DTO needs from the workflow's own tables. The display names (org units, people, posts,
 * roles) are identity's: they come from its directory port after this statement (`taskNameRequest`, ADR 0069).
 */
export const TASK_SELECT = `SELECT t.id, t.instance_id, t.node_key, t.state, t.assignee, t.cand_kind, t.cand_value, t.cand_org,
  t.created_at, t.claimed_at, t.completed_at, t.completed_by, t.due_at, t.warn_at, t.prev_task, t.version,
  i.process_key, i.process_version, i.business_key, i.business_title, i.org_unit_code, i.org_path, i.status AS instance_status,
  i.variables, i.initiator,
  (SELECT d.name FROM wf_definition d WHERE d.key = i.process_key AND d.version = i.process_version) AS process_name
 FROM wf_task t
 JOIN wf_instance i ON i.id = t.instance_id`;

/** Identity's display names a read model shows (ADR 0069); absent keys show as themselves. */
export interface Names {
  orgUnits: ReadonlyMap<string, string>;
  users: ReadonlyMap<string, string>;
  posts: ReadonlyMap<string, string>;
  roles: ReadonlyMap<string, string>;
}

export const NO_NAMES: Names = { orgUnits: new Map(), users: new Map(), posts: new Map(), roles: new Map() };

/** What `toTask` asks identity to name for these rows, added to `into` (one directory call per batch of rows). */
export function taskNameRequest(
  rows: Iterable<Pick<TaskRow, 'org_unit_code' | 'assignee' | 'cand_kind' | 'cand_value' | 'cand_org'>>,
  into: { orgUnits: Set<string>; users: Set<string>; posts: Set<string>; roles: Set<string> } = { orgUnits: new Set(), users: new Set(), posts: new Set(), roles: new Set() },
): { orgUnits: Set<string>; users: Set<string>; posts: Set<string>; roles: Set<string> } {
  for (const row of rows) {
    into.orgUnits.add(row.org_unit_code);
    if (row.assignee) into.users.add(row.assignee);
    if (row.cand_org) into.orgUnits.add(row.cand_org);
    if (row.cand_kind === 'post') into.posts.add(row.cand_value);
    else if (row.cand_kind === 'role') into.roles.add(row.cand_value);
    else if (row.cand_kind === 'user') into.users.add(row.cand_value);
  }
  return into;
}

export interface InstanceRow {
  id: string;
  process_key: string;
  process_version: number;
  business_key: string;
  business_title: string;
  org_unit_code: string;
  org_path: string;
  initiator: string;
  status: 'RUNNING' | 'SUSPENDED' | 'COMPLETED' | 'TERMINATED';
  variables: Record<string, unknown>;
  started_at: Date;
  ended_at: Date | null;
  due_at: Date | null;
  warn_at: Date | null;
  suspended_at: Date | null;
  suspended_reason: string | null;
  version: number;
}

export const iso = (d: Date | null | undefined): string | null => (d ? new Date(d).toISOString() : null);

/** SLA state of a task or instance at `now` (PAUSED while its instance is suspended). */
export function slaStateOf(
  open: boolean,
  suspended: boolean,
  due: Date | null,
  warn: Date | null,
  finishedAt: Date | null,
  now: Date,
): SlaState {
  if (open && suspended) return 'PAUSED';
  if (!due) return 'NORMAL';
  if (!open) return finishedAt && finishedAt.getTime() > due.getTime() ? 'OVERDUE' : 'NORMAL';
  if (now.getTime() >= due.getTime()) return 'OVERDUE';
  if (warn && now.getTime() >= warn.getTime()) return 'WARNING';
  return 'NORMAL';
}

/** The same rule in SQL, for filters (`$now` is the parameter index of the current time). */
export function slaStateSql(alias: { open: string; suspended: string; due: string; warn: string; finished: string }, nowParam: string): string {
  return `(CASE WHEN ${alias.open} AND ${alias.suspended} THEN 'PAUSED'
    WHEN ${alias.due} IS NULL THEN 'NORMAL'
    WHEN NOT (${alias.open}) THEN CASE WHEN ${alias.finished} > ${alias.due} THEN 'OVERDUE' ELSE 'NORMAL' END
    WHEN ${nowParam} >= ${alias.due} THEN 'OVERDUE'
    WHEN ${alias.warn} IS NOT NULL AND ${nowParam} >= ${alias.warn} THEN 'WARNING'
    ELSE 'NORMAL' END)`;
}

export function candidatesLabel(row: Pick<TaskRow, 'cand_kind' | 'cand_value' | 'cand_org'>, names: Names): string {
  switch (row.cand_kind) {
    case 'post':
      return `${names.posts.get(row.cand_value) ?? row.cand_value}（${(row.cand_org && names.orgUnits.get(row.cand_org)) ?? ''}）`;
    case 'role':
      return `角色：${names.roles.get(row.cand_value) ?? row.cand_value}`;
    case 'user':
      return names.users.get(row.cand_value) ?? row.cand_value;
    default:
      return '';
  }
}

/** What a task DTO says about the caller and the domain binding (computed by the engine, see engine/reads.ts). */
export interface TaskFacts {
  mayAct: boolean;
  switchPost: Task['switchPost'];
  bound: Task['bound'];
}

const NO_FACTS: TaskFacts = { mayAct: false, switchPost: null, bound: null };

export function toTask(row: TaskRow, model: ProcessModel, now: Date, facts: TaskFacts = NO_FACTS, names: Names = NO_NAMES): Task {
  const node = model.nodes[row.node_key];
  const open = row.state === 'OPEN' || row.state === 'CLAIMED';
  return {
    id: row.id,
    instanceId: row.instance_id,
    processKey: row.process_key,
    processName: row.process_name,
    processVersion: row.process_version,
    nodeKey: row.node_key,
    nodeName: node?.name ?? row.node_key,
    businessKey: row.business_key,
    businessTitle: row.business_title,
    orgUnitCode: row.org_unit_code,
    orgUnitName: names.orgUnits.get(row.org_unit_code) ?? row.org_unit_code,
    state: row.state,
    assignee: row.assignee,
    assigneeName: row.assignee ? (names.users.get(row.assignee) ?? row.assignee) : null,
    candidates: candidatesLabel(row, names),
    outcomes: node?.outcomes ?? [],
    createdAt: iso(row.created_at) as string,
    claimedAt: iso(row.claimed_at),
    completedAt: iso(row.completed_at),
    dueAt: iso(row.due_at),
    slaState: slaStateOf(open, row.instance_status === 'SUSPENDED', row.due_at, row.warn_at, row.completed_at, now),
    variables: row.variables ?? {},
    version: row.version,
    ...facts,
  };
}

export interface HistoryRow {
  id: string | number;
  at: Date;
  action: HistoryEntry['action'];
  actor: string;
  actor_name: string;
  from_node: string | null;
  to_nodes: string[] | null;
  outcome: string | null;
  opinion: string;
  form: Record<string, unknown> | null;
}

export function toHistory(row: HistoryRow, model: ProcessModel): HistoryEntry {
  return {
    id: String(row.id),
    at: iso(row.at) as string,
    action: row.action,
    actor: row.actor,
    actorName: row.actor_name,
    fromNode: row.from_node,
    fromNodeName: row.from_node ? (model.nodes[row.from_node]?.name ?? row.from_node) : null,
    toNodes: row.to_nodes ?? [],
    outcome: row.outcome,
    opinion: row.opinion,
    form: row.form ?? {},
  };
}
