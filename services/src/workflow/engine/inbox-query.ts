/**
 * The inbox (我的待办): 待办 (tasks the actor may act on in their active post, by the one assignment rule),
 * 已办, 我发起, 抄送 — with filters, counts per box, and counts of 待办 waiting in the person's other posts.
 * The history boxes' counts stop at `INBOX_COUNT_CAP + 1` rows (ADR 0091): they grow with every working day; each
 * is counted only in the answer for its own box (ADR 0108).
 * Every box carries the limits of the domains whose work it lists (ADR 0021): a domain's items appear only
 * with its permission here (zone, channel) and within its data scope.
 */
import { INBOX_COUNT_CAP, inboxQuerySchema } from '@wb/contracts/workflow';
import type { InboxBox, InboxItem, InboxPage, InboxQuery, SlaState } from '@wb/contracts/workflow';
import { parseOrThrow } from '@wb/server-kit';
import { SqlConditions, escapeLike } from '@wb/server-kit';
import type { Principal, Queryable } from '@wb/server-kit';
import * as dir from '../directory.ts';
import { iso, slaStateSql } from '../rows.ts';
import { actorKeys, openKeysOf, postKey, postOpenKey } from './assignment.ts';
import { OPEN_STATES } from './context.ts';
import type { EngineContext } from './context.ts';


/**
 * The domains' limits as one SQL condition on instance alias `i` (TRUE without registered domains). With
 * `candOrg` (the task boxes, task alias `t`), a task whose candidate org unit lies in the caller's data scope
 * passes too: a 联合办理 branch runs in another unit than the instance's (ADR 0050, ADR 0059).
 */
function domainLimitSql(ctx: EngineContext, actor: Principal, p: SqlConditions, candOrg?: 'task'): string {
  if (actor.permissions.has('*')) return 'TRUE';
  const parts: string[] = [];
  for (const domain of new Set(ctx.domains.values())) {
    const keys = p.param([...domain.processKeys]);
    const outside = `NOT (i.process_key = ANY(${keys}::text[]))`;
    if (!actor.permissions.has(domain.permission)) {
      parts.push(outside);
      continue;
    }
    const scope = actor.scope?.(domain.scopeResource) ?? { all: false as const, orgPaths: [], exactOrgPaths: [] };
    if (scope.all) continue;
    const branch = candOrg ? ` OR (t.cand_org IS NOT NULL AND ${p.scopeSql(CAND_ORG_PATH, scope)})` : '';
    parts.push(`(${outside} OR ${p.scopeSql('i.org_path', scope, 'i.business_key')}${branch})`);
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/**
 * The org path of task `t`'s candidate org unit (a post candidate resolved in a unit other than the instance's),
 * copied onto the task when it was assigned (ADR 0069).
 */
const CAND_ORG_PATH = 't.cand_org_path';

/** What `domainLimitSql` reads of the actor, as a cache key part (engine/inbox-cache.ts): permission and scope per domain. */
export function inboxLimitsKey(ctx: EngineContext, actor: Principal): string {
  if (actor.permissions.has('*')) return '*';
  const parts: unknown[] = [];
  for (const domain of new Set(ctx.domains.values())) {
    const held = actor.permissions.has(domain.permission);
    parts.push(held ? (actor.scope?.(domain.scopeResource) ?? null) : false);
  }
  return JSON.stringify(parts);
}

interface InboxRow {
  task_id: string | null;
  instance_id: string;
  process_key: string;
  process_version: number;
  node_key: string | null;
  business_key: string;
  business_title: string;
  org_unit_code: string;
  state: string;
  assignee: string | null;
  created_at: Date;
  due_at: Date | null;
  sla: SlaState;
  instance_status: string;
  /** Instance boxes: every node holding an open task (parallel branches, ADR 0025). */
  open_nodes: string[] | null;
}

/** The boxes that grow with the person's history: counted up to `INBOX_COUNT_CAP + 1` rows. */
const HISTORY_BOXES: readonly InboxBox[] = ['done', 'started', 'cc'];

/** 待办 per other post the person holds (post candidacy only: assigned tasks already show in every post). */
async function otherPostCounts(q: Queryable, actor: Principal): Promise<InboxPage['otherPosts']> {
  const others = actor.posts.filter((p) => !actor.activePost || postKey(p) !== postKey(actor.activePost));
  if (others.length === 0) return [];
  // Unassigned tasks offered to each post: their open keys (ADR 0105).
  const rows = await q.query<{ key: string; n: number }>(
    `SELECT t.open_key AS key, count(*)::int AS n FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id
      WHERE t.open_key = ANY($1::text[]) AND i.status IN ('RUNNING', 'SUSPENDED') GROUP BY 1`,
    [others.map((p) => postOpenKey(postKey(p)))],
  );
  const counts = new Map(rows.map((r) => [r.key, r.n]));
  return others.map((p) => ({ code: p.code, name: p.name, orgUnitCode: p.orgUnitCode, orgUnitName: p.orgUnitName, todo: counts.get(postOpenKey(postKey(p))) ?? 0 }));
}

export async function inbox(ctx: EngineContext, q: Queryable, actor: Principal, query: InboxQuery): Promise<InboxPage> {
  const input = parseOrThrow(inboxQuerySchema, query);
  const p = new SqlConditions();
  const [user, openKeys, now] = [p.param(actor.username), p.param(openKeysOf(actorKeys(actor))), p.param(ctx.now())];
  // The instance boxes' limits, made (and their parameters bound) only for a statement that uses them.
  let instanceLimits: string | undefined;
  const limits = (): string => (instanceLimits ??= domainLimitSql(ctx, actor, p));
  const taskLimits = domainLimitSql(ctx, actor, p, 'task');
  // The tasks the actor may act on now: one index scan of the open tasks' keys (ADR 0105), open by construction.
  const todoWhere = `t.open_key = ANY(${openKeys}::text[]) AND i.status IN ('RUNNING', 'SUSPENDED')`;
  const doneWhere = `t.state = 'COMPLETED' AND t.completed_by = ${user}`;
  const startedWhere = `i.initiator = ${user}`;
  // 抄送 from the person's copies, newest first (one per instance: wf_cc's key is the instance and the user).
  const ccWhere = `c.username = ${user}`;
  const at = `${now}::timestamptz`;
  const taskSla = slaStateSql({ open: `t.state IN ${OPEN_STATES}`, suspended: `i.status = 'SUSPENDED'`, due: 't.due_at', warn: 't.warn_at', finished: 't.completed_at' }, at);
  const instSla = slaStateSql({ open: `i.status IN ('RUNNING', 'SUSPENDED')`, suspended: `i.status = 'SUSPENDED'`, due: 'i.due_at', warn: 'i.warn_at', finished: 'i.ended_at' }, at);
  const taskFrom = `FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id`;
  // The 待办's instances, one primary-key probe per task (OFFSET 0 keeps the subquery a lateral probe): a person's
  // open tasks are few, and with an estimate of a few hundred the planner hashed every running instance instead
  // (ADR 0105; P11's instances stay running, so that read grew with the day).
  const todoFrom = `FROM wf_task t CROSS JOIN LATERAL (SELECT * FROM wf_instance WHERE id = t.instance_id OFFSET 0) i`;
  const instFrom = `FROM wf_instance i`;
  // A history box's count (已办, 我发起, 抄送) reads at most `INBOX_COUNT_CAP + 1` rows (ADR 0091), in the order of
  // the index that finds the person's rows, newest first: ordered so, the planner walks that index and stops at the
  // cap, where an unordered LIMIT may pick a scan that finds the cap soon only for people with that many rows.
  const cap = p.param(INBOX_COUNT_CAP + 1);
  // Every parameter is referenced in every statement (PostgreSQL must infer each one's type).
  const typed = `${user}::text AS u, ${openKeys}::text[] AS k, ${at} AS at, ${cap}::int AS cap`;
  const capped = (from: string, where: string, order?: string): string =>
    `(SELECT count(*)::int FROM (SELECT 1 ${from} WHERE ${where}${order ? ` ORDER BY ${order}` : ''} LIMIT ${cap}) capped)`;
  const ccFrom = 'FROM wf_cc c JOIN wf_instance i ON i.id = c.instance_id';
  const isTaskBox = input.box === 'todo' || input.box === 'done';
  const boxWhere = input.box === 'todo' ? todoWhere : input.box === 'done' ? doneWhere : input.box === 'started' ? startedWhere : ccWhere;
  const narrowing: string[] = [];
  if (input.processKey) narrowing.push(`i.process_key = ${p.param(input.processKey)}`);
  if (input.orgUnitCode) narrowing.push(p.subtreeSql('i.org_path', (await dir.orgUnit(q, input.orgUnitCode))?.path));
  if (input.q) {
    const like = p.param(`%${escapeLike(input.q)}%`);
    narrowing.push(`(i.business_key ILIKE ${like} OR i.business_title ILIKE ${like})`);
  }
  const sla = isTaskBox ? taskSla : instSla;
  if (input.slaState) narrowing.push(`${sla} = ${p.param(input.slaState)}`);
  const where = [boxWhere, isTaskBox ? taskLimits : limits(), ...narrowing].join(' AND ');
  const openTask = `LEFT JOIN LATERAL (SELECT * FROM wf_task ot WHERE ot.instance_id = i.id AND ot.state IN ${OPEN_STATES} ORDER BY ot.seq LIMIT 1) t ON true`;
  const from = { todo: todoFrom, done: taskFrom, started: `${instFrom} ${openTask}`, cc: `${ccFrom} ${openTask}` }[input.box];
  const order = {
    todo: 't.due_at ASC NULLS LAST, t.seq ASC',
    done: 't.done_seq DESC',
    cc: 'c.at DESC',
    started: 'i.started_at DESC',
  }[input.box];
  const limit = p.param(input.pageSize);
  const offset = p.param((input.page - 1) * input.pageSize);
  // The page's columns over aliases t and i (the org units' names come from identity's directory afterwards).
  const columns = (taskBox: boolean): string =>
    `${taskBox ? 't.id' : 'NULL::uuid'} AS task_id, i.id AS instance_id, i.process_key, i.process_version, t.node_key, i.business_key, i.business_title, i.org_unit_code,
     ${taskBox ? 't.state' : 'i.status'} AS state, t.assignee, ${taskBox ? 't.created_at' : 'i.started_at'} AS created_at, ${taskBox ? 't.due_at' : 'i.due_at'} AS due_at,
     ${taskBox ? taskSla : instSla} AS sla, i.status AS instance_status,
     ${taskBox ? 'NULL::text[]' : `ARRAY(SELECT DISTINCT n.node_key FROM wf_task n WHERE n.instance_id = i.id AND n.state IN ${OPEN_STATES} ORDER BY 1)`} AS open_nodes`;
  // One statement (P13): under load the inbox's cost was its round trips and their planning (three statements per
  // request), not their execution. The 待办 set is selected once (materialized): counted, and paged from when the
  // 待办 box is shown unfiltered — the default view and the bell's; the box's total is then its count.
  const fast = input.box === 'todo' && narrowing.length === 0;
  const page = fast
    ? `SELECT row_number() OVER (ORDER BY x.due_at ASC NULLS LAST, x.seq ASC) AS ord, x.*
         FROM todo x ORDER BY x.due_at ASC NULLS LAST, x.seq ASC LIMIT ${limit} OFFSET ${offset}`
    : `SELECT row_number() OVER (ORDER BY ${order}) AS ord, ${columns(isTaskBox)}
         ${from} WHERE ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}`;
  // A history box is counted only in its own answer (ADR 0108): the 待办 listing, asked by every open page's bell
  // and inbox, read three times up to 1,000 rows of the person's history, which grows with every working day.
  const shown = (box: InboxBox, count: () => string): string => (input.box === box ? count() : 'NULL::int');
  // A filtered history box stops counting at the cap too (its pages then reach the first INBOX_COUNT_CAP + 1 rows).
  const totalSql = narrowing.length === 0 ? 'NULL::int' : input.box === 'todo' ? `(SELECT count(*)::int ${from} WHERE ${where})` : capped(from, where);
  const rows = await q.query<InboxRow & { todo: number; done: number | null; started: number | null; cc: number | null; total: number | null; ord: number | null }>(
    `WITH todo AS MATERIALIZED (SELECT t.seq, ${columns(true)} ${todoFrom} WHERE ${todoWhere} AND ${taskLimits}),
          counts AS (SELECT (SELECT count(*)::int FROM todo) AS todo, ${shown('done', () => capped(taskFrom, `${doneWhere} AND ${taskLimits}`, 't.done_seq DESC'))} AS done,
                            ${shown('started', () => capped(instFrom, `${startedWhere} AND ${limits()}`, 'i.started_at DESC'))} AS started,
                            ${shown('cc', () => capped(ccFrom, `${ccWhere} AND ${limits()}`, 'c.at DESC'))} AS cc, ${totalSql} AS total, ${typed}),
          page AS (${page})
     SELECT counts.todo, counts.done, counts.started, counts.cc, counts.total, page.* FROM counts LEFT JOIN page ON true ORDER BY page.ord`,
    p.params,
  );
  const head = rows[0];
  const counts: InboxPage['counts'] = { todo: head?.todo ?? 0, done: head?.done ?? null, started: head?.started ?? null, cc: head?.cc ?? null };
  const cappedBoxes = HISTORY_BOXES.filter((box) => (counts[box] ?? 0) > INBOX_COUNT_CAP);
  // The page's org unit names: one directory call (none for an empty page).
  const names = await dir.displayNames(q, { orgUnits: rows.flatMap((r) => (r.ord === null ? [] : [r.org_unit_code])) });
  const items: InboxItem[] = [];
  for (const r of rows) {
    if (r.ord === null) continue; // no page rows: the counts alone
    const model = await ctx.model(q, r.process_key, r.process_version);
    const ended = r.instance_status === 'COMPLETED' ? '已办结' : r.instance_status === 'TERMINATED' ? '已终止' : '';
    items.push({
      taskId: r.task_id,
      instanceId: r.instance_id,
      processKey: r.process_key,
      processName: model.name,
      nodeKey: r.node_key,
      nodeName: (r.open_nodes?.length ?? 0) > 1 ? (r.open_nodes ?? []).map((n) => model.nodes[n]?.name ?? n).join('、') : r.node_key ? (model.nodes[r.node_key]?.name ?? r.node_key) : ended,
      businessKey: r.business_key,
      businessTitle: r.business_title,
      orgUnitCode: r.org_unit_code,
      orgUnitName: names.orgUnits.get(r.org_unit_code) ?? r.org_unit_code,
      state: r.state,
      assignee: r.assignee,
      createdAt: iso(r.created_at) as string,
      dueAt: iso(r.due_at),
      slaState: r.sla,
    });
  }
  const total = head?.total ?? counts[input.box] ?? 0;
  return {
    items,
    total,
    totalCapped: input.box !== 'todo' && total > INBOX_COUNT_CAP,
    page: input.page,
    pageSize: input.pageSize,
    counts,
    capped: cappedBoxes,
    otherPosts: await otherPostCounts(q, actor),
  };
}
