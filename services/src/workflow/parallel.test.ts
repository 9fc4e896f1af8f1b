/**
 * Parallel work (ADR 0025): fork and join, several open tasks per instance (inbox, read model, withdraw,
 * terminate, suspend, return, boundary timers) and multi-instance user tasks (会签: all, any, ratio) — on
 * PGlite and on PostgreSQL, where two people completing the last two branches at the same moment must give
 * exactly one token after the join (D1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Principal, Queryable } from '@wb/server-kit';
import { testDbKinds } from '@wb/server-kit/testing';
import { createWorkflowEngine } from './engine.ts';
import type { WorkflowEngineService } from './engine.ts';
import { decideVotes } from './engine/navigation.ts';
import { createWorkflowDb } from './testing/db.ts';
import { principalOf } from './testing/fixtures.ts';
import { MI_XML, PARALLEL_XML, TWO_BRANCHES_XML } from './testing/parallel-fixtures.ts';

const HOUR = 3_600_000;

async function expectStatus(promise: Promise<unknown>, status: number, message?: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ statusCode: status, ...(message ? { message: expect.stringContaining(message) } : {}) });
}

describe('会签 votes (decideVotes)', () => {
  const outcomes = [{ key: 'pass' }, { key: 'reject' }];
  it('all: waits for everyone; unanimous approval passes, one reject rejects', () => {
    expect(decideVotes({ kind: 'all' }, outcomes, { expected: 3, arrived: 2, votes: { pass: 2 } }, 'pass')).toEqual({ done: false });
    expect(decideVotes({ kind: 'all' }, outcomes, { expected: 3, arrived: 3, votes: { pass: 3 } }, 'pass')).toEqual({ done: true, outcome: 'pass' });
    expect(decideVotes({ kind: 'all' }, outcomes, { expected: 3, arrived: 3, votes: { pass: 2, reject: 1 } }, 'pass')).toEqual({ done: true, outcome: 'reject' });
    expect(decideVotes({ kind: 'all' }, [], { expected: 2, arrived: 2, votes: { '': 2 } }, undefined)).toEqual({ done: true });
  });
  it('any: the first vote decides with its outcome', () => {
    expect(decideVotes({ kind: 'any' }, outcomes, { expected: 3, arrived: 1, votes: { reject: 1 } }, 'reject')).toEqual({ done: true, outcome: 'reject' });
  });
  it('ratio: done once ⌈r × n⌉ approve, or once that can no longer happen', () => {
    const half = { kind: 'ratio' as const, ratio: 0.5 };
    expect(decideVotes(half, outcomes, { expected: 3, arrived: 1, votes: { pass: 1 } }, 'pass')).toEqual({ done: false });
    expect(decideVotes(half, outcomes, { expected: 3, arrived: 2, votes: { pass: 2 } }, 'pass')).toEqual({ done: true, outcome: 'pass' });
    expect(decideVotes(half, outcomes, { expected: 3, arrived: 1, votes: { reject: 1 } }, 'reject')).toEqual({ done: false });
    expect(decideVotes(half, outcomes, { expected: 3, arrived: 2, votes: { reject: 2 } }, 'reject')).toEqual({ done: true, outcome: 'reject' });
    expect(decideVotes({ kind: 'ratio', ratio: 0.6 }, [], { expected: 5, arrived: 2, votes: { '': 2 } }, undefined)).toEqual({ done: false });
    expect(decideVotes({ kind: 'ratio', ratio: 0.6 }, [], { expected: 5, arrived: 3, votes: { '': 3 } }, undefined)).toEqual({ done: true });
  });
});

describe.each(testDbKinds())('parallel work on %s', (kind) => {
  // One database per kind; PostgreSQL gets a pool, so the D1 cases below run truly concurrent transactions.
  let db: Db;
  let engine: WorkflowEngineService;
  let clock = new Date('2026-03-02T01:00:00.000Z');
  const people: Record<string, Principal> = {};
  let seq = 0;

  beforeAll(async () => {
    db = await createWorkflowDb(kind, 20);
    engine = createWorkflowEngine({ now: () => clock });
    for (const u of ['yk01', 'yk02', 'yk03', 'yk04', 'jl01', 'multi01', 'admin']) people[u] = await principalOf(db, u);
    await db.transaction(async (tx) => {
      await engine.deploy(tx, people.admin!, PARALLEL_XML);
      await engine.deploy(tx, people.admin!, TWO_BRANCHES_XML());
      await engine.deploy(tx, people.admin!, MI_XML('t-mi-all', null));
      await engine.deploy(tx, people.admin!, MI_XML('t-mi-any', 'any'));
      await engine.deploy(tx, people.admin!, MI_XML('t-mi-ratio', 'ratio:0.5'));
      await engine.deploy(tx, people.admin!, MI_XML('t-mi-post', 'all', 'post:YK_ACCEPT'));
      await engine.deploy(tx, people.admin!, TWO_BRANCHES_XML('d1-two'));
      await engine.deploy(tx, people.admin!, MI_XML('d1-any', 'any'));
    });
  }, 60_000);
  afterAll(async () => db?.close());

  const tx = <T>(fn: (q: Queryable) => Promise<T>): Promise<T> => db.transaction(fn);
  const start = (processKey: string, by = 'yk01') =>
    tx((q) => engine.start(q, people[by]!, { processKey, businessKey: `PAR-${kind}-${++seq}`, businessTitle: '并行测试', orgUnitCode: '334010101' }));
  const complete = (by: string, taskId: string, input: { outcome?: string; form?: Record<string, unknown> } = {}) => tx((q) => engine.complete(q, people[by]!, taskId, input));
  /** Starts t-par and completes 发起准备: the token forks to a and b. */
  const forked = async () => {
    const { instanceId, openTasks } = await start('t-par');
    const next = await complete('yk01', openTasks[0]!.id);
    const byNode = Object.fromEntries(next.map((t) => [t.nodeKey, t]));
    return { instanceId, pre: openTasks[0]!, a: byNode.a!, b: byNode.b!, next };
  };
  const tasksOf = (instanceId: string) =>
    db.query<{ id: string; node_key: string; state: string; outcome: string | null; assignee: string | null }>('SELECT id, node_key, state, outcome, assignee FROM wf_task WHERE instance_id = $1 ORDER BY seq', [instanceId]);
  const openActivations = async (instanceId: string) =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM wf_activation WHERE instance_id = $1 AND closed_at IS NULL', [instanceId]))[0]!.n;

  it('forks into two open tasks and joins when both branches arrived (a first, then b)', async () => {
    const { instanceId, a, b, next } = await forked();
    expect(next.map((t) => t.nodeKey).sort()).toEqual(['a', 'b']);
    expect((await engine.getInstance(db, instanceId))!.currentNodes.sort()).toEqual(['a', 'b']);
    expect(await complete('yk01', a.id)).toEqual([]);
    const waiting = await engine.getInstance(db, instanceId);
    expect(waiting!.currentNodes).toEqual(['b']);
    expect(waiting!.history.find((h) => h.fromNode === 'a')).toMatchObject({ action: 'COMPLETE', toNodes: ['join'] });
    const [final] = await complete('yk02', b.id, { outcome: 'ok', form: { checked: true } });
    expect(final).toMatchObject({ nodeKey: 'final', assignee: 'yk04' });
    expect(await complete('yk04', final!.id)).toEqual([]);
    const done = await engine.getInstance(db, instanceId);
    expect(done).toMatchObject({ status: 'COMPLETED', currentNodes: [], variables: { checked: true } });
    expect(await openActivations(instanceId)).toBe(0);
  });

  it('joins in the other order, through an exclusive gateway inside a branch; the join waits for the slower branch', async () => {
    const { instanceId, a, b } = await forked();
    const [c] = await complete('yk02', b.id, { outcome: 'more' });
    expect(c).toMatchObject({ nodeKey: 'c', assignee: 'jl01' });
    expect((await engine.getInstance(db, instanceId))!.currentNodes.sort()).toEqual(['a', 'c']);
    expect(await complete('jl01', c!.id, { form: { supplement: 'ok' } })).toEqual([]);
    expect((await engine.getInstance(db, instanceId))!.currentNodes).toEqual(['a']);
    const [final] = await complete('yk01', a.id, { form: { accepted: 1 } });
    expect(final?.nodeKey).toBe('final');
    // Both branches' form data reached the instance.
    expect(final!.variables).toMatchObject({ supplement: 'ok', accepted: 1 });
  });

  it('shows each parallel task to its own candidates; the instance boxes and the read model name every current node', async () => {
    const { instanceId, a, b } = await forked();
    const todo = async (u: string) => (await engine.inbox(db, people[u]!, { box: 'todo', pageSize: 100 })).items.map((i) => i.taskId);
    expect(await todo('yk01')).toContain(a.id);
    expect(await todo('yk01')).not.toContain(b.id);
    expect(await todo('yk02')).toContain(b.id);
    expect(await todo('yk02')).not.toContain(a.id);
    expect(await engine.canAct(db, people.yk02!, a)).toBe(false);
    const started = (await engine.inbox(db, people.yk01!, { box: 'started', pageSize: 100 })).items.find((i) => i.instanceId === instanceId);
    expect(started?.nodeName).toBe('受理审核、现场核查');
    const [row] = await db.query<{ open_nodes: string[]; node_key: string }>('SELECT open_nodes, node_key FROM wf_business_process WHERE instance_id = $1', [instanceId]);
    expect(row!.open_nodes).toEqual(['a', 'b']);
    expect(['a', 'b']).toContain(row!.node_key);
    // Each branch's candidates were told about their task only.
    const noticed = async (taskId: string) => (await db.query<{ username: string }>('SELECT username FROM wf_notification WHERE task_id = $1', [taskId])).map((n) => n.username);
    expect(await noticed(a.id)).toContain('yk01');
    expect(await noticed(a.id)).not.toContain('yk02');
    expect(await noticed(b.id)).toEqual(['yk02']);
  });

  it('terminate cancels every open task and withdraws their notices', async () => {
    const { instanceId, a, b } = await forked();
    await tx((q) => engine.terminate(q, people.yk01!, instanceId, '不再需要'));
    const rows = await tasksOf(instanceId);
    expect(rows.filter((r) => r.node_key === 'a' || r.node_key === 'b').map((r) => [r.state, r.outcome])).toEqual([['CANCELLED', 'terminated'], ['CANCELLED', 'terminated']]);
    expect(await db.query('SELECT 1 FROM wf_notification WHERE task_id = ANY($1::uuid[]) AND read_at IS NULL', [[a.id, b.id]])).toHaveLength(0);
    expect(await openActivations(instanceId)).toBe(0);
    expect((await engine.getInstance(db, instanceId))!.currentNodes).toEqual([]);
  });

  it('withdraw takes back a completion that forked while every branch is unclaimed; not once one is claimed', async () => {
    const { instanceId, a, b } = await forked();
    const [again] = await tx((q) => engine.withdraw(q, people.yk01!, instanceId));
    expect(again).toMatchObject({ nodeKey: 'pre', assignee: 'yk01', state: 'OPEN' });
    expect((await tasksOf(instanceId)).filter((r) => r.id === a.id || r.id === b.id).map((r) => r.outcome)).toEqual(['withdrawn', 'withdrawn']);
    expect(await openActivations(instanceId)).toBe(0);
    expect((await engine.getInstance(db, instanceId))!.currentNodes).toEqual(['pre']);
    // Forward again: a fresh fork; once a branch is claimed the completion stays.
    const next = await complete('yk01', again!.id);
    expect(next).toHaveLength(2);
    await tx((q) => engine.claim(q, people.yk02!, next.find((t) => t.nodeKey === 'b')!.id));
    await expectStatus(tx((q) => engine.withdraw(q, people.yk01!, instanceId)), 409, '已签收');
    // A branch completion waiting at the join cannot be withdrawn either.
    await complete('yk01', next.find((t) => t.nodeKey === 'a')!.id);
    await expectStatus(tx((q) => engine.withdraw(q, people.yk01!, instanceId)), 409);
  });

  it('suspend and resume: a handler of any branch may; every open task pauses and its clock moves', async () => {
    const { instanceId } = await forked();
    await tx((q) => engine.suspend(q, people.yk02!, instanceId, '等待资料'));
    const paused = await engine.getInstance(db, instanceId);
    expect(paused!.openTasks.map((t) => t.slaState)).toEqual(['PAUSED', 'PAUSED']);
    await expectStatus(complete('yk01', paused!.openTasks.find((t) => t.nodeKey === 'a')!.id), 409);
    const before = await db.query<{ timer_at: Date }>(`SELECT timer_at FROM wf_task WHERE instance_id = $1 AND node_key = 'a' AND state = 'OPEN'`, [instanceId]);
    clock = new Date(clock.getTime() + HOUR);
    await tx((q) => engine.resume(q, people.yk02!, instanceId, '资料已到'));
    const after = await db.query<{ timer_at: Date }>(`SELECT timer_at FROM wf_task WHERE instance_id = $1 AND node_key = 'a' AND state = 'OPEN'`, [instanceId]);
    expect(new Date(after[0]!.timer_at).getTime() - new Date(before[0]!.timer_at).getTime()).toBe(HOUR);
    expect((await engine.getInstance(db, instanceId))!.openTasks.map((t) => t.slaState)).toEqual(['NORMAL', 'NORMAL']);
  });

  it('return: back before the fork cancels the other branch; never to another branch or into a joined region', async () => {
    const first = await forked();
    const [pre] = await tx((q) => engine.returnTo(q, people.yk02!, first.b.id, { kind: 'previous' }, '资料不全'));
    expect(pre).toMatchObject({ nodeKey: 'pre', assignee: 'yk01' });
    expect((await tasksOf(first.instanceId)).filter((r) => r.id === first.a.id || r.id === first.b.id).map((r) => r.outcome)).toEqual(['returned', 'returned']);
    expect(await openActivations(first.instanceId)).toBe(0);
    expect((await engine.getInstance(db, first.instanceId))!.currentNodes).toEqual(['pre']);
    // After forking again the process still joins normally.
    const next = await complete('yk01', pre!.id);
    await complete('yk01', next.find((t) => t.nodeKey === 'a')!.id);
    const [final] = await complete('yk02', next.find((t) => t.nodeKey === 'b')!.id, { outcome: 'ok' });
    expect(final?.nodeKey).toBe('final');
    await expectStatus(tx((q) => engine.returnTo(q, people.yk04!, final!.id, { kind: 'previous' }, 'x')), 409, '已汇合');

    const second = await forked();
    await complete('yk02', second.b.id, { outcome: 'ok' });
    await expectStatus(tx((q) => engine.returnTo(q, people.yk01!, second.a.id, { kind: 'node', nodeKey: 'b' }, 'x')), 400, '本分支');
  });

  it('a boundary timer inside a branch moves that branch on to the join', async () => {
    const { instanceId, b } = await forked();
    const fired = await tx((q) => engine.sweep(q, new Date(clock.getTime() + 3 * HOUR)));
    expect(fired.timers).toBeGreaterThanOrEqual(1);
    expect((await tasksOf(instanceId)).find((r) => r.node_key === 'a')).toMatchObject({ state: 'CANCELLED', outcome: 'timeout' });
    expect((await engine.getInstance(db, instanceId))!.currentNodes).toEqual(['b']);
    const [final] = await complete('yk02', b.id, { outcome: 'ok' });
    expect(final?.nodeKey).toBe('final');
  });

  it('会签 all: each person gets a task; waits for every vote; one reject rejects', async () => {
    const { instanceId, openTasks } = await start('t-mi-all');
    expect(openTasks.map((t) => t.assignee)).toEqual(['yk02', 'yk03', 'yk04']);
    expect((await engine.getInstance(db, instanceId))!.currentNodes).toEqual(['vote']);
    const [t2, t3, t4] = openTasks;
    expect(await complete('yk02', t2!.id, { outcome: 'pass' })).toEqual([]);
    expect(await complete('yk03', t3!.id, { outcome: 'reject' })).toEqual([]);
    await expectStatus(complete('yk02', t4!.id, { outcome: 'pass' }), 403);
    const [redo] = await complete('yk04', t4!.id, { outcome: 'pass' });
    expect(redo).toMatchObject({ nodeKey: 'redo', assignee: 'yk01' });
    const unanimous = await start('t-mi-all');
    for (const [i, u] of ['yk02', 'yk03', 'yk04'].entries()) await complete(u, unanimous.openTasks[i]!.id, { outcome: 'pass' });
    expect((await engine.getInstance(db, unanimous.instanceId))!.status).toBe('COMPLETED');
  });

  it('会签 any: the first vote decides; the others are cancelled with their notices', async () => {
    const { instanceId, openTasks } = await start('t-mi-any');
    const [redo] = await complete('yk03', openTasks[1]!.id, { outcome: 'reject' });
    expect(redo?.nodeKey).toBe('redo');
    const rows = await tasksOf(instanceId);
    expect(rows.filter((r) => r.node_key === 'vote').map((r) => [r.assignee, r.state, r.outcome])).toEqual([
      ['yk02', 'CANCELLED', 'cancelled'],
      ['yk03', 'COMPLETED', 'reject'],
      ['yk04', 'CANCELLED', 'cancelled'],
    ]);
    await expectStatus(complete('yk02', openTasks[0]!.id, { outcome: 'pass' }), 409);
    expect(await db.query('SELECT 1 FROM wf_notification WHERE task_id = ANY($1::uuid[]) AND read_at IS NULL', [[openTasks[0]!.id, openTasks[2]!.id]])).toHaveLength(0);
    expect((await engine.inbox(db, people.yk04!, { box: 'todo', pageSize: 100 })).items.map((i) => i.taskId)).not.toContain(openTasks[2]!.id);
  });

  it('会签 ratio:0.5: two approvals of three pass at once; two rejections fail at once; the third is cancelled', async () => {
    const pass = await start('t-mi-ratio');
    expect(await complete('yk02', pass.openTasks[0]!.id, { outcome: 'pass' })).toEqual([]);
    expect(await complete('yk04', pass.openTasks[2]!.id, { outcome: 'pass' })).toEqual([]);
    expect((await engine.getInstance(db, pass.instanceId))!.status).toBe('COMPLETED');
    expect((await tasksOf(pass.instanceId)).find((r) => r.assignee === 'yk03')).toMatchObject({ state: 'CANCELLED', outcome: 'cancelled' });

    const fail = await start('t-mi-ratio');
    expect(await complete('yk02', fail.openTasks[0]!.id, { outcome: 'reject' })).toEqual([]);
    const [redo] = await complete('yk03', fail.openTasks[1]!.id, { outcome: 'reject' });
    expect(redo?.nodeKey).toBe('redo');
    expect((await tasksOf(fail.instanceId)).find((r) => r.assignee === 'yk04')).toMatchObject({ state: 'CANCELLED' });
  });

  it('会签 of a post: every holder in the unit gets a task in their inbox; 会签 tasks are neither transferred, returned nor withdrawn', async () => {
    const { instanceId, openTasks } = await start('t-mi-post', 'yk02');
    expect(openTasks.map((t) => t.assignee).sort()).toEqual(['multi01', 'yk01']);
    const mine = openTasks.find((t) => t.assignee === 'yk01')!;
    expect((await engine.inbox(db, people.yk01!, { box: 'todo', pageSize: 100 })).items.map((i) => i.taskId)).toContain(mine.id);
    await expectStatus(tx((q) => engine.transfer(q, people.yk01!, mine.id, 'jl01')), 409, '会签');
    await expectStatus(tx((q) => engine.returnTo(q, people.yk01!, mine.id, { kind: 'initiator' }, 'x')), 409, '会签');
    await complete('yk01', mine.id, { outcome: 'pass' });
    await expectStatus(tx((q) => engine.withdraw(q, people.yk01!, instanceId)), 409, '会签');
  });

  it('the last two branches completed at the same moment: both succeed, exactly one token passes the join', async () => {
    for (let i = 0; i < 8; i++) {
      const { instanceId, openTasks } = await db.transaction((tx) => engine.start(tx, people.yk01!, { processKey: 'd1-two', businessKey: `D1P-${kind}-${i}`, businessTitle: 'D1', orgUnitCode: '334010101' }));
      const a = openTasks.find((t) => t.nodeKey === 'a')!;
      const b = openTasks.find((t) => t.nodeKey === 'b')!;
      const results = await Promise.allSettled([
        db.transaction((tx) => engine.complete(tx, people.yk01!, a.id, { form: { fromA: i } })),
        db.transaction((tx) => engine.complete(tx, people.yk02!, b.id, { form: { fromB: i } })),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
      const after = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM wf_task WHERE instance_id = $1 AND node_key = 'after'`, [instanceId]);
      expect(after[0]!.n).toBe(1);
      const [join] = await db.query<{ arrived: number; closed: boolean }>(`SELECT arrived, closed_at IS NOT NULL AS closed FROM wf_activation WHERE instance_id = $1`, [instanceId]);
      expect(join).toEqual({ arrived: 2, closed: true });
      const [vars] = await db.query<{ variables: Record<string, unknown> }>('SELECT variables FROM wf_instance WHERE id = $1', [instanceId]);
      expect(vars!.variables).toMatchObject({ fromA: i, fromB: i });
    }
  });

  it('会签 any with three votes at the same moment: one decides, the others get 409, one token moves on', async () => {
    const { instanceId, openTasks } = await db.transaction((tx) => engine.start(tx, people.yk01!, { processKey: 'd1-any', businessKey: `D1P-${kind}-MI`, businessTitle: 'D1', orgUnitCode: '334010101' }));
    const results = await Promise.allSettled(openTasks.map((t) => db.transaction((tx) => engine.complete(tx, people[t.assignee!]!, t.id, { outcome: 'reject' }))));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { statusCode?: number }).statusCode] : []))).toEqual([409, 409]);
    expect(await db.query(`SELECT 1 FROM wf_task WHERE instance_id = $1 AND node_key = 'redo'`, [instanceId])).toHaveLength(1);
    expect(await db.query(`SELECT 1 FROM wf_history WHERE instance_id = $1 AND action = 'COMPLETE'`, [instanceId])).toHaveLength(1);
  });
});
