/**
 * Counts that grow with a person's history stop at a cap (ADR 0091): the inbox's 已办, 我发起 and 抄送 at
 * `INBOX_COUNT_CAP + 1` (shown 999+), unread notices at `UNREAD_COUNT_CAP + 1` (shown 99+), and the answer says
 * so. On PostgreSQL the rows a count reads stay near the cap however long the history (pg_stat_xact_user_tables;
 * PGlite's one connection has no such view).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOX_COUNT_CAP, UNREAD_COUNT_CAP } from '@wb/contracts/workflow';
import type { Db, Principal, Queryable } from '@wb/server-kit';
import { rowsRead, testDbKinds } from '@wb/server-kit/testing';
import { pushMessagesOf } from './consumers/push.ts';
import { createWorkflowEngine } from './engine.ts';
import type { WorkflowEngineService } from './engine.ts';
import { NOTICE_CREATED } from './engine/journal.ts';
import { createWorkflowDb } from './testing/db.ts';
import { SIMPLE_XML, principalOf } from './testing/fixtures.ts';
import { unreadCounts } from './unread.ts';

const PATH = '/33401/3340101/334010101';

/** `n` finished instances `yk01` started, each with a task `yk01` completed and a copy to `yk01` (one history). */
async function addHistory(db: Db, from: number, n: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO wf_instance (id, process_key, process_version, business_key, business_title, org_unit_code, org_path, initiator, status, started_at, ended_at)
       SELECT gen_random_uuid(), 'bc', 1, 'BC-' || g, '历史 ' || g, '334010101', $3, 'yk01', 'COMPLETED',
              timestamptz '2025-01-01' + g * interval '1 minute', timestamptz '2025-01-01' + g * interval '1 minute'
         FROM generate_series($1::int, $2::int) g`,
      [from, from + n - 1, PATH],
    );
    await tx.query(
      `INSERT INTO wf_task (id, done_seq, instance_id, node_key, state, assignee, cand_kind, cand_value, created_at, completed_at, completed_by)
       SELECT gen_random_uuid(), nextval('wf_task_done_seq'), i.id, 'task', 'COMPLETED', 'yk01', 'user', 'yk01', i.started_at, i.started_at, 'yk01'
         FROM wf_instance i WHERE i.business_key = ANY(ARRAY(SELECT 'BC-' || g FROM generate_series($1::int, $2::int) g))`,
      [from, from + n - 1],
    );
    await tx.query(
      `INSERT INTO wf_cc (instance_id, username, by_user, at)
       SELECT i.id, 'yk01', 'yk04', i.started_at FROM wf_instance i WHERE i.business_key = ANY(ARRAY(SELECT 'BC-' || g FROM generate_series($1::int, $2::int) g))`,
      [from, from + n - 1],
    );
  });
}

/** `n` notices for `username`, read or unread. */
async function addNotices(db: Db, username: string, n: number, read: boolean): Promise<void> {
  await db.query(
    `INSERT INTO wf_notification (id, username, kind, title, body, dedupe_key, created_at, read_at)
     SELECT gen_random_uuid(), $1, 'ASSIGNED', '新的待办', '请办理', gen_random_uuid()::text, timestamptz '2025-01-01' + g * interval '1 second',
            CASE WHEN $3 THEN timestamptz '2025-06-01' END
       FROM generate_series(1, $2::int) g`,
    [username, n, read],
  );
}

const WF_TABLES = ['wf_task', 'wf_instance', 'wf_cc', 'wf_notification'];
/** Rows of the workflow's tables read by `work` in one transaction (PostgreSQL). */
const readsOf = (db: Db, work: (tx: Queryable) => Promise<unknown>): Promise<Record<string, number>> => rowsRead(db, WF_TABLES, work);

describe.each(testDbKinds())('counts bounded by a cap on %s (ADR 0091)', (kind) => {
  let db: Db;
  let engine: WorkflowEngineService;
  let yk01: Principal;

  beforeAll(async () => {
    db = await createWorkflowDb(kind, 4);
    engine = createWorkflowEngine({ inboxCacheMs: 0 });
    yk01 = await principalOf(db, 'yk01');
    await db.transaction((tx) => engine.deploy(tx, yk01, SIMPLE_XML('bc', 'user:yk01')));
  }, 60_000);
  afterAll(async () => db?.close());

  /** Each history box's count, from the answer for that box (the others' answers leave it out, ADR 0108). */
  const historyCounts = async () => {
    const answers = await Promise.all((['done', 'started', 'cc'] as const).map(async (box) => [box, await engine.inbox(db, yk01, { box })] as const));
    return Object.fromEntries(answers.map(([box, page]) => [box, { count: page.counts[box], capped: page.capped.includes(box) }]));
  };

  // A story in two steps: the second reads the long history the first wrote.
  describe('a history growing past the cap', { shuffle: false }, () => {
    it('counts 已办, 我发起 and 抄送 exactly up to the cap, then stops at cap + 1 and says so; 待办 in full', async () => {
      await addHistory(db, 1, INBOX_COUNT_CAP);
      // Open work at hand is never capped (another test may have given yk01 open tasks of its own).
      const open = (await engine.inbox(db, yk01, { box: 'todo' })).counts.todo! + 1;
      await db.transaction((tx) => engine.start(tx, yk01, { processKey: 'bc', businessKey: 'BC-OPEN', businessTitle: '在办', orgUnitCode: '334010101' }));
      const exact = await engine.inbox(db, yk01, { box: 'done' });
      expect(exact.counts).toEqual({ todo: open, done: INBOX_COUNT_CAP, started: null, cc: null });
      expect(exact).toMatchObject({ total: INBOX_COUNT_CAP, totalCapped: false, capped: [] });
      // 我发起 has the open instance too: 1,000 rows, one more than the cap can say exactly.
      expect(await historyCounts()).toEqual({
        done: { count: INBOX_COUNT_CAP, capped: false },
        started: { count: INBOX_COUNT_CAP + 1, capped: true },
        cc: { count: INBOX_COUNT_CAP, capped: false },
      });

      // Past the cap; on PostgreSQL a long history (6,000 in all), whose reads the next test counts.
      await addHistory(db, INBOX_COUNT_CAP + 1, kind === 'postgres' ? 5001 : 2);
      if (kind === 'postgres') await db.query('ANALYZE wf_task, wf_instance, wf_cc');
      const done = await engine.inbox(db, yk01, { box: 'done' });
      expect(done.counts).toEqual({ todo: open, done: INBOX_COUNT_CAP + 1, started: null, cc: null });
      expect(done.capped).toEqual(['done']);
      expect(done).toMatchObject({ total: INBOX_COUNT_CAP + 1, totalCapped: true });
      expect(done.items).toHaveLength(20);
      const past = { count: INBOX_COUNT_CAP + 1, capped: true };
      expect(await historyCounts()).toEqual({ done: past, started: past, cc: past });
      // A filter that still matches thousands stops counting at the cap too; one that matches a few is exact.
      expect(await engine.inbox(db, yk01, { box: 'cc', q: 'BC-' })).toMatchObject({ total: INBOX_COUNT_CAP + 1, totalCapped: true });
      expect(await engine.inbox(db, yk01, { box: 'started', q: 'BC-1000' })).toMatchObject({ total: 1, totalCapped: false });
      const todo = await engine.inbox(db, yk01, { box: 'todo' });
      expect(todo).toMatchObject({ total: open, totalCapped: false, capped: [], counts: { todo: open, done: null, started: null, cc: null } });
    });

    if (kind === 'postgres') it('reads none of the person’s history for the 待办, and rows near the cap for a history box (6,000 of each)', async () => {
      // The 待办 listing — every open page's bell and inbox — counted the three history boxes up to the cap each:
      // ~1,000 rows of wf_task, of wf_cc and ~2,000 of wf_instance per listing (issue 16, P11; ADR 0108).
      const todo = await readsOf(db, (tx) => engine.inbox(tx, yk01, { box: 'todo' }));
      expect(todo['wf_task']).toBeLessThan(20);
      expect(todo['wf_cc']).toBe(0);
      expect(todo['wf_instance']).toBeLessThan(20);
      // Counted in full, a history box would read 6,000 rows of its table.
      const done = await readsOf(db, (tx) => engine.inbox(tx, yk01, { box: 'done' }));
      expect(done['wf_task']).toBeLessThan(1500);
      expect(done['wf_cc']).toBe(0);
      const cc = await readsOf(db, (tx) => engine.inbox(tx, yk01, { box: 'cc' }));
      expect(cc['wf_cc']).toBeLessThan(1500);
      expect(cc['wf_instance']).toBeLessThan(1500);
    });
  });

  it('lists a person’s 待办 from their own open keys, however many open tasks other posts hold (issue 16, P11; ADR 0105)', async () => {
    // P11 (ADR 0091): every 受理 hands a 勘查 task to one of eight 勘查员 posts, and open post tasks pile up there. The
    // 待办 compared `cand_value || '@' || cand_org` with the person's post key, which no index held, with estimates
    // from the whole table (yk01's 6,000 completed tasks): each listing read every open unassigned task.
    const post = yk01.activePost!;
    const openTasks = async (n: number, postCode: string, tag: string): Promise<void> => {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO wf_instance (id, process_key, process_version, business_key, business_title, org_unit_code, org_path, initiator, status, started_at)
           SELECT gen_random_uuid(), 'bc', 1, $3 || g, '在办 ' || g, $4, $5, 'yk02', 'RUNNING', timestamptz '2025-03-01' + g * interval '1 minute'
             FROM generate_series($1::int, $2::int) g`,
          [1, n, tag, post.orgUnitCode, PATH],
        );
        await tx.query(
          `INSERT INTO wf_task (id, instance_id, node_key, state, cand_kind, cand_value, cand_org, created_at)
           SELECT gen_random_uuid(), i.id, 'task', 'OPEN', 'post', $2, $3, i.started_at FROM wf_instance i WHERE i.business_key LIKE $1 || '%'`,
          [tag, postCode, post.orgUnitCode],
        );
      });
    };
    const analyze = async () => (kind === 'postgres' ? db.query('ANALYZE wf_task, wf_instance') : undefined);
    await openTasks(3, post.code, 'MINE-');
    await analyze();
    const before = await engine.inbox(db, yk01, { box: 'todo' });
    const readBefore = kind === 'postgres' ? await readsOf(db, (tx) => engine.inbox(tx, yk01, { box: 'todo' })) : {};
    await openTasks(kind === 'postgres' ? 3000 : 30, `${post.code}-OTHER`, 'PILE-');
    await analyze();
    const after = await engine.inbox(db, yk01, { box: 'todo' });
    expect(after.items.map((i) => i.businessKey).filter((k) => k.startsWith('MINE-')).sort()).toEqual(['MINE-1', 'MINE-2', 'MINE-3']);
    expect(after.counts.todo).toBe(before.counts.todo);
    if (kind === 'postgres') {
      const readAfter = await readsOf(db, (tx) => engine.inbox(tx, yk01, { box: 'todo' }));
      // The pile adds nothing to what a listing reads.
      expect(readAfter['wf_task']! - readBefore['wf_task']!).toBeLessThan(20);
    }
  });

  it('counts unread notices up to the cap + 1, for the bell and the push messages', async () => {
    await addNotices(db, 'yk02', 3000, false);
    await addNotices(db, 'yk03', 3000, true);
    await addNotices(db, 'yk03', 5, false);
    if (kind === 'postgres') await db.query('ANALYZE wf_notification');
    const counts = await unreadCounts(db, ['yk02', 'yk03', 'yk04', 'yk02']);
    expect(Object.fromEntries(counts)).toEqual({ yk02: UNREAD_COUNT_CAP + 1, yk03: 5, yk04: 0 });
    const messages = await pushMessagesOf(
      { id: 1, topic: NOTICE_CREATED, createdAt: '2025-06-01T00:00:00.000Z', payload: { kind: 'ASSIGNED', title: 't', body: 'b', recipients: [{ username: 'yk02', id: 'n1' }, { username: 'yk03', id: 'n2' }] } },
      db,
    );
    expect(messages.map((m) => [m.username, (m.data as { unread: number }).unread])).toEqual([
      ['yk02', UNREAD_COUNT_CAP + 1],
      ['yk03', 5],
    ]);
  });

  if (kind === 'postgres') it('an unread count is a few steps down the unread notices’ own index, however many were read', async () => {
    // yk02: 3,000 unread; yk03: 3,000 read and 5 unread. A full count read 3,000 rows for yk02; a capped probe on the
    // index of every notice stepped over yk03's 3,000 read ones.
    const read = await readsOf(db, (tx) => unreadCounts(tx, ['yk02', 'yk03']));
    expect(read['wf_notification'] ?? 0).toBeLessThanOrEqual(UNREAD_COUNT_CAP + 1 + 5);
  });
});
