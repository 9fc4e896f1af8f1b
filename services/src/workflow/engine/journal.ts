/**
 * What an action leaves behind: `wf_history` rows, outbox events and notifications. An action collects its
 * history entries, its events and the change of its instance row (ended, variables) in a `Journal`, and `flush`
 * writes them all with one statement — one data-modifying CTE per table, the inbox audience read by the same
 * statement (P7, ADR 0078): fewer round trips on the hot path, and entries can still be amended before (the
 * COMPLETE row learns its `toNodes`).
 */
import { randomUUID } from 'node:crypto';
import { onCommit } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import type { WorkflowActor } from '../engine-api.ts';
import type { EngineContext } from './context.ts';
import { insertEvents, insertEventsSql } from '../outbox.ts';

export interface JournalEntry {
  instanceId: string;
  taskId?: string | null;
  action: string;
  actor: WorkflowActor;
  fromNode?: string | null;
  toNodes?: string[];
  outcome?: string | null;
  opinion?: string;
  form?: Record<string, unknown>;
}

export interface Journal {
  history: JournalEntry[];
  events: Array<{ topic: string; payload: Record<string, unknown> }>;
  /**
   * The instance row's change, written by `flush` with the rest: its variables, and `ended` when the token
   * reached an end event (status COMPLETED, `ended_at`). The instance row is locked already (the action's first
   * statement, or `lockAndRebase`), so writing it last changes no lock order.
   */
  instance?: { id: string; variables: Record<string, unknown>; ended?: boolean };
}

export const newJournal = (): Journal => ({ history: [], events: [] });

/** The inbox audience of instances `$n` (a uuid[] parameter): every key whose answers a write to them makes stale. */
const audienceSql = (ids: string): string => `SELECT DISTINCT k FROM (
       SELECT 'u:' || t.assignee AS k FROM wf_task t WHERE t.instance_id = ANY(${ids}::uuid[]) AND t.assignee IS NOT NULL
       UNION ALL SELECT 'u:' || t.completed_by FROM wf_task t WHERE t.instance_id = ANY(${ids}::uuid[]) AND t.completed_by IS NOT NULL
       UNION ALL SELECT CASE t.cand_kind WHEN 'post' THEN 'p:' || t.cand_value || '@' || coalesce(t.cand_org, '') WHEN 'role' THEN 'r:' || t.cand_value ELSE 'u:' || t.cand_value END
         FROM wf_task t WHERE t.instance_id = ANY(${ids}::uuid[]) AND t.cand_kind <> 'none'
       UNION ALL SELECT 'u:' || i.initiator FROM wf_instance i WHERE i.id = ANY(${ids}::uuid[])
       UNION ALL SELECT 'u:' || c.username FROM wf_cc c WHERE c.instance_id = ANY(${ids}::uuid[])
     ) a WHERE k IS NOT NULL`;

/**
 * The journals whose statement is sent prepared (ADR 0094): up to 3 history rows and 4 events — a completion, a
 * start, a claim, with or without the next task and the notices. With the instance change and the audience read
 * on or off, at most 120 statement texts.
 */
const PREPARED_SHAPE = { history: 3, events: 4 };

/**
 * Writes the journal — the instance row's change, the history rows, the events — with one statement (a CTE per
 * table) and empties it. Every action writes history, so every write reaches here: when the inbox cache is on,
 * the same statement reads the audience of the touched instances (assignees, candidates, completers, initiator,
 * copied users) and their inbox answers are made stale once the transaction commits (engine/inbox-cache.ts,
 * ADR 0055). The audience is read in the statement's snapshot: the task rows written before it, in this
 * transaction, are in it; the CTEs' own writes (instance status and variables, history, outbox) change no key.
 */
export async function flush(ctx: EngineContext, tx: Queryable, j: Journal, now: Date): Promise<void> {
  const params: unknown[] = [];
  let nowParam: string | undefined;
  const at = (): string => (nowParam ??= `$${params.push(now)}::timestamptz`);
  const writes: string[] = [];
  if (j.instance) {
    const ended = j.instance.ended ? `status = 'COMPLETED', ended_at = ${at()}, ` : '';
    params.push(j.instance.id, JSON.stringify(j.instance.variables));
    writes.push(`UPDATE wf_instance SET ${ended}variables = $${params.length}::jsonb, version = version + 1 WHERE id = $${params.length - 1}::uuid`);
  }
  if (j.history.length > 0) {
    const values = j.history.map((e) => {
      const time = at();
      const base = params.length;
      params.push(e.instanceId, e.taskId ?? null, e.action, e.actor.username, e.actor.displayName, e.fromNode ?? null, e.toNodes ?? [], e.outcome ?? null, e.opinion ?? '', JSON.stringify(e.form ?? {}));
      const [instanceId, taskId, action, actor, actorName, fromNode, toNodes, outcome, opinion, form] = Array.from({ length: 10 }, (_, i) => `$${base + i + 1}`);
      return `(${instanceId}::uuid, ${taskId}::uuid, ${time}, ${action}::text, ${actor}::text, ${actorName}::text, ${fromNode}::text, ${toNodes}::text[], ${outcome}::text, ${opinion}::text, ${form}::jsonb)`;
    });
    writes.push(`INSERT INTO wf_history (instance_id, task_id, at, action, actor, actor_name, from_node, to_nodes, outcome, opinion, form) VALUES ${values.join(', ')}`);
  }
  if (j.events.length > 0) writes.push(insertEventsSql(j.events, params, at()));
  const audience = ctx.inboxCache.enabled && j.history.length > 0;
  if (audience) params.push([...new Set(j.history.map((e) => e.instanceId))]);
  const historyCount = j.history.length;
  const eventCount = j.events.length;
  j.history = [];
  j.events = [];
  delete j.instance;
  if (writes.length === 0) return;
  // Data-modifying CTEs run exactly once and to completion whether or not the main statement reads them.
  const main = audience ? audienceSql(`$${params.length}`) : (writes.pop() as string);
  const sql = writes.length > 0 ? `WITH ${writes.map((w, i) => `w${i} AS (${w})`).join(', ')} ${main}` : main;
  // Prepared (ADR 0094) when the journal has one of the few common shapes; each shape is its own statement text.
  const prepare = historyCount <= PREPARED_SHAPE.history && eventCount <= PREPARED_SHAPE.events;
  const rows = await tx.query<{ k: string }>(sql, params, { prepare });
  if (audience) {
    const keys = rows.map((r) => r.k);
    onCommit(tx, () => ctx.inboxCache.bump(keys));
  }
}

/** One history row (and optionally one event) written at once: for the actions that write nothing else. */
export async function record(ctx: EngineContext, tx: Queryable, entry: JournalEntry, now: Date, event?: { topic: string; payload: Record<string, unknown> }): Promise<void> {
  await flush(ctx, tx, { history: [entry], events: event ? [event] : [] }, now);
}

export interface Notice {
  kind: string;
  title: string;
  body: string;
  link: string | null;
  /** Unique per notice; the recipient's username is appended. */
  dedupe: string;
  /** The task the notice is about: unread notices of a task are withdrawn when it closes (`retractTaskNotices`). */
  taskId?: string | null;
}

/** Internal topics of the notification stream (ADR 0024): the push consumer tells the recipients at once. */
export const NOTICE_CREATED = 'notice.created';
export const NOTICE_WITHDRAWN = 'notice.withdrawn';

/**
 * One INSERT for all recipients (one round trip per notice, not per person); a repeated dedupe key is skipped.
 * Written in the action's transaction, so a notice is consistent with its task (ADR 0024): it exists exactly
 * when the task's change committed, and is withdrawn in the transaction that closes the task. The same
 * transaction writes a `notice.created` event for the people actually notified: the push consumer delivers it.
 */
export async function notify(tx: Queryable, usernames: string[], n: Notice, now: Date): Promise<number> {
  const people = [...new Set(usernames)];
  if (people.length === 0) return 0;
  const event = { kind: n.kind, title: n.title, body: n.body, link: n.link, taskId: n.taskId ?? null, createdAt: now.toISOString() };
  const [row] = await tx.query<{ notified: number }>(
    NOTIFY_SQL,
    [people.map(() => randomUUID()), people, n.kind, n.title, n.body, n.link, n.dedupe, now, n.taskId ?? null, NOTICE_CREATED, JSON.stringify(event)],
    { prepare: true },
  );
  return row?.notified ?? 0;
}

/**
 * The notices and their `notice.created` event in one statement (ADR 0109): the event names the people the INSERT
 * actually notified (a repeated dedupe key notifies nobody again), and is written only when there is one.
 */
const NOTIFY_SQL = `WITH n AS (
    INSERT INTO wf_notification (id, username, kind, title, body, link, dedupe_key, created_at, task_id)
    SELECT u.id, u.username, $3, $4, $5, $6, $7 || ':' || u.username, $8, $9::uuid FROM unnest($1::uuid[], $2::text[]) AS u (id, username)
    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id, username)
  INSERT INTO wf_outbox (topic, payload, created_at)
  SELECT $10::text, $11::jsonb || jsonb_build_object('recipients', jsonb_agg(jsonb_build_object('username', n.username, 'id', n.id::text))), $8
    FROM n HAVING count(*) > 0
  RETURNING jsonb_array_length(payload -> 'recipients') AS notified`;

/**
 * A task left the inbox (completed, cancelled): its unread notices go too, so nobody is told about work they
 * can no longer do — e.g. the 受理 task a clerk opens and completes in one 受理登记 (issue 10). The people
 * whose notices went are told (`notice.withdrawn`): their bell and 待办 count change.
 */
export async function retractTaskNotices(tx: Queryable, taskIds: readonly string[]): Promise<void> {
  if (taskIds.length === 0) return;
  const rows = await tx.query<{ username: string }>('DELETE FROM wf_notification WHERE task_id = ANY($1::uuid[]) AND read_at IS NULL RETURNING username', [taskIds]);
  const event = withdrawnEvent(rows.map((r) => r.username), taskIds);
  if (event) await insertEvents(tx, [event], new Date());
}

/** The `notice.withdrawn` event for the people whose unread notices of `taskIds` were deleted; null when nobody's were. */
export function withdrawnEvent(usernames: readonly string[], taskIds: readonly string[]): { topic: string; payload: Record<string, unknown> } | null {
  if (usernames.length === 0) return null;
  return { topic: NOTICE_WITHDRAWN, payload: { usernames: [...new Set(usernames)], taskIds: [...taskIds] } };
}
