import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '@wb/server-kit';
import { testDbKinds } from '@wb/server-kit/testing';
import { defaultServices } from '../modules.ts';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';
import { cstDate, isWorkday } from './calendar.ts';
import type { HolidayMap } from './calendar.ts';
import { createWorkflowEngine } from './engine.ts';
import type { WorkflowEngineService } from './engine.ts';
import type { WorkflowActor } from './engine-api.ts';
import { CONNECTION_XML, PROCESS_SLA_XML, SIMPLE_XML, TIMER_XML, principalOf } from './testing/fixtures.ts';

const HOUR = 3_600_000;
/** The first Monday 09:00 China time at or after `ms` on which that Monday and the Tuesday are workdays. */
function nextMondayNine(ms: number, holidays: HolidayMap): number {
  const first = Date.parse(`${cstDate(new Date(ms))}T09:00:00+08:00`);
  for (let at = first; ; at += 24 * HOUR) {
    const day = cstDate(new Date(at));
    if (at >= ms && new Date(`${day}T00:00:00Z`).getUTCDay() === 1 && isWorkday(day, holidays) && isWorkday(cstDate(new Date(at + 24 * HOUR)), holidays)) return at;
  }
}

const SYSTEM: WorkflowActor = { system: true, username: 'system', displayName: '系统' };

async function expectStatus(promise: Promise<unknown>, status: number): Promise<void> {
  await expect(promise).rejects.toMatchObject({ statusCode: status });
}

describe.each(testDbKinds())('workflow engine on %s', (kind) => {
  let t: TestApp;
  let engine: WorkflowEngineService;
  const people: Record<string, Principal> = {};
  const archived: string[] = [];
  let seq = 0;
  const nextKey = (): string => `YK-T-${kind}-${++seq}`;

  beforeAll(async () => {
    engine = createWorkflowEngine();
    engine.registerServiceTask('test.archive', async (_tx, ctx) => {
      archived.push(ctx.businessKey);
      return { consNo: `33${String(archived.length).padStart(8, '0')}` };
    });
    t = await createTestApp(kind, { services: defaultServices({ workflow: { engine, sweepIntervalMs: 0 } }) });
    for (const u of ['yk01', 'yk02', 'yk03', 'yk04', 'jl01', 'kf03', 'ld01', 'admin', 'kf01', 'df01']) people[u] = await principalOf(t.db, u);
    await t.db.transaction(async (tx) => {
      await engine.deploy(tx, people.admin!, CONNECTION_XML);
      await engine.deploy(tx, people.admin!, TIMER_XML);
      await engine.deploy(tx, people.admin!, SIMPLE_XML());
    });
  }, 120_000);
  afterAll(async () => t?.close());

  const tx = <T>(fn: (q: Parameters<Parameters<typeof t.db.transaction>[0]>[0]) => Promise<T>): Promise<T> => t.db.transaction(fn);
  const start = (processKey = 't-connection', variables: Record<string, unknown> = { capacity: 8 }, by = 'yk01') =>
    tx((q) => engine.start(q, people[by]!, { processKey, businessKey: nextKey(), businessTitle: '张三 居民新装', orgUnitCode: '334010101', variables }));
  const historyActions = async (instanceId: string) =>
    (await t.db.query<{ action: string }>('SELECT action FROM wf_history WHERE instance_id = $1 ORDER BY id', [instanceId])).map((r) => r.action);

  it('deploys new versions and keeps running instances on theirs', async () => {
    const first = await start('t-simple');
    const v2 = await tx((q) => engine.deploy(q, people.admin!, SIMPLE_XML('t-simple', 'user:yk02')));
    expect(v2).toEqual({ key: 't-simple', version: 2 });
    const second = await start('t-simple');
    expect(first.openTasks[0]).toMatchObject({ processVersion: 1, assignee: 'yk01' });
    expect(second.openTasks[0]).toMatchObject({ processVersion: 2, assignee: 'yk02' });
  });

  it('refuses a definition whose assignee names an unknown post, role or user', async () => {
    await expectStatus(tx((q) => engine.deploy(q, people.admin!, SIMPLE_XML('t-bad', 'post:NO_SUCH_POST'))), 400);
    await expectStatus(tx((q) => engine.deploy(q, people.admin!, SIMPLE_XML('t-bad', 'role:NO_SUCH'))), 400);
    await expectStatus(tx((q) => engine.deploy(q, people.admin!, SIMPLE_XML('t-bad', 'user:nobody'))), 400);
    expect(await t.db.query(`SELECT 1 FROM wf_definition WHERE key = 't-bad'`)).toHaveLength(0);
  });

  it('starts: resolves the post in the business org unit, one running instance per business key, events in the outbox', async () => {
    // Other tests move the clock forward: start on the next Monday 09:00 China time from wherever it stands.
    const calendar = await t.db.query<{ date: string; workday: boolean }>(`SELECT to_char(date, 'YYYY-MM-DD') AS date, workday FROM wf_holiday`);
    const monday = nextMondayNine(t.clock.now().getTime(), new Map(calendar.map((h) => [h.date, h.workday])));
    t.clock.advance(monday - t.clock.now().getTime());
    const businessKey = nextKey();
    const started = await tx((q) => engine.start(q, people.yk01!, { processKey: 't-connection', businessKey, businessTitle: '李四', orgUnitCode: '334010101', variables: { capacity: 8 } }));
    const task = started.openTasks[0]!;
    expect(task).toMatchObject({ nodeKey: 'accept', nodeName: '受理', state: 'OPEN', assignee: null, candidates: '业扩受理员（江北城关供电所）', slaState: 'NORMAL' });
    // 1 working day from Monday 09:00 CST → Tuesday 09:00 CST.
    expect(task.dueAt).toBe(new Date(monday + 24 * HOUR).toISOString());
    expect(await engine.canAct(t.db, people.yk01!, task)).toBe(true);
    expect(await engine.canAct(t.db, people.yk02!, task)).toBe(false);
    await expectStatus(tx((q) => engine.start(q, people.yk01!, { processKey: 't-connection', businessKey, businessTitle: '重复', orgUnitCode: '334010101' })), 409);
    await expectStatus(tx((q) => engine.start(q, people.yk01!, { processKey: 'no-such', businessKey: nextKey(), businessTitle: 'x', orgUnitCode: '334010101' })), 404);
    const topics = await t.db.query<{ topic: string }>(`SELECT topic FROM wf_outbox WHERE payload->>'instanceId' = $1 ORDER BY id`, [started.instanceId]);
    expect(topics.map((r) => r.topic)).toEqual(['instance.started', 'task.created']);
    const notes = await t.db.query<{ username: string; kind: string }>(`SELECT username, kind FROM wf_notification WHERE link = $1`, [`/inbox?task=${task.id}`]);
    expect(notes.map((n) => n.username)).toContain('yk01');
    expect(notes.every((n) => n.kind === 'ASSIGNED')).toBe(true);
    expect((await engine.findOpenTask(t.db, businessKey, 'accept'))?.id).toBe(task.id);
    expect(await engine.findOpenTask(t.db, businessKey, 'survey')).toBeNull();
  });

  it('runs the whole path: claim, complete with outcome and form, gateway by variables, service task, fixed-org post, end', async () => {
    const { instanceId, openTasks } = await start('t-connection', { capacity: 250 });
    const accept = openTasks[0]!;
    const claimed = await tx((q) => engine.claim(q, people.yk01!, accept.id));
    expect(claimed).toMatchObject({ state: 'CLAIMED', assignee: 'yk01', version: accept.version + 1 });
    const [survey] = await tx((q) => engine.complete(q, people.yk01!, accept.id, { opinion: '资料齐全', form: { idNo: '330102199001011234' } }));
    expect(survey).toMatchObject({ nodeKey: 'survey', candidates: '勘查员（江北城关供电所）', outcomes: [{ key: 'pass', label: '通过' }, { key: 'reject', label: '退回' }] });
    const [scheme] = await tx((q) => engine.complete(q, people.yk02!, survey!.id, { outcome: 'pass', form: { tgId: 'TG001' } }));
    // capacity 250 > 100 → 方案编制 by YK_SCHEME one level up (the county).
    expect(scheme).toMatchObject({ nodeKey: 'scheme', candidates: '方案编制（江北县供电公司）' });
    expect(await engine.canAct(t.db, people.yk03!, scheme!)).toBe(true);
    const [install] = await tx((q) => engine.complete(q, people.yk03!, scheme!.id, {}));
    const [revisit] = await tx((q) => engine.complete(q, people.jl01!, install!.id, { form: { meterNo: 'M1' } }));
    expect(revisit).toMatchObject({ nodeKey: 'revisit', candidates: '回访员（江州客户服务中心）' });
    expect(revisit!.variables).toMatchObject({ capacity: 250, idNo: '330102199001011234', tgId: 'TG001', meterNo: 'M1' });
    expect(revisit!.variables.consNo).toMatch(/^33\d{8}$/);
    const none = await tx((q) => engine.complete(q, people.kf03!, revisit!.id, {}));
    expect(none).toEqual([]);
    const detail = await engine.getInstance(t.db, instanceId);
    expect(detail).toMatchObject({ status: 'COMPLETED', currentNodes: [], openTasks: [] });
    expect(detail!.doneNodes).toEqual(expect.arrayContaining(['start', 'accept', 'survey', 'scheme', 'install', 'archive', 'revisit', 'end']));
    expect(await historyActions(instanceId)).toEqual(['START', 'CLAIM', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'COMPLETE', 'SERVICE', 'COMPLETE', 'END']);
    const surveyEntry = detail!.history.find((h) => h.fromNode === 'survey');
    expect(surveyEntry).toMatchObject({ action: 'COMPLETE', actor: 'yk02', outcome: 'pass', toNodes: ['scheme'], form: { tgId: 'TG001' } });
    const topics = (await t.db.query<{ topic: string }>(`SELECT topic FROM wf_outbox WHERE payload->>'instanceId' = $1`, [instanceId])).map((r) => r.topic);
    expect(topics.filter((x) => x === 'task.completed')).toHaveLength(5);
    expect(topics.filter((x) => x === 'instance.ended')).toHaveLength(1);
  });

  it('a gateway condition can send the token back (reject → accept) and small capacity skips the scheme', async () => {
    const { openTasks } = await start('t-connection', { capacity: 8 });
    const [survey] = await tx((q) => engine.complete(q, people.yk01!, openTasks[0]!.id, {}));
    const [again] = await tx((q) => engine.complete(q, people.yk02!, survey!.id, { outcome: 'reject', opinion: '证件不清' }));
    expect(again?.nodeKey).toBe('accept');
    const [survey2] = await tx((q) => engine.complete(q, people.yk01!, again!.id, {}));
    const [install] = await tx((q) => engine.complete(q, people.yk02!, survey2!.id, { outcome: 'pass' }));
    expect(install?.nodeKey).toBe('install');
  });

  it('refuses: not a candidate 403, bad outcome 400, stale version 412, completed twice 409 — state unchanged (D5)', async () => {
    const { openTasks } = await start();
    const accept = openTasks[0]!;
    await expectStatus(tx((q) => engine.complete(q, people.yk02!, accept.id, {})), 403);
    await expectStatus(tx((q) => engine.claim(q, people.kf01!, accept.id)), 403);
    await expectStatus(tx((q) => engine.complete(q, people.yk01!, accept.id, { outcome: 'pass' })), 400);
    await expectStatus(tx((q) => engine.complete(q, people.yk01!, accept.id, { expectedVersion: accept.version + 5 })), 412);
    expect(await engine.getTask(t.db, accept.id)).toMatchObject({ state: 'OPEN', version: accept.version });
    const [survey] = await tx((q) => engine.complete(q, people.yk01!, accept.id, { expectedVersion: accept.version }));
    await expectStatus(tx((q) => engine.complete(q, people.yk01!, accept.id, { expectedVersion: accept.version })), 409);
    await expectStatus(tx((q) => engine.complete(q, people.yk02!, survey!.id, {})), 400);
    await expectStatus(tx((q) => engine.complete(q, people.yk02!, survey!.id, { outcome: 'maybe' })), 400);
    expect(await engine.getTask(t.db, survey!.id)).toMatchObject({ state: 'OPEN', version: survey!.version });
    await expectStatus(tx((q) => engine.getTask(q, '00000000-0000-0000-0000-000000000000').then((x) => x ?? engine.claim(q, people.yk01!, '00000000-0000-0000-0000-000000000000'))), 404);
  });

  it('claim and unclaim: a claimed task is the claimant’s alone (409 for other candidates), unclaim returns it', async () => {
    // yk05 holds YK_ACCEPT too? Use two candidates of YK_SURVEY: yk02 and the 兼岗 account when seeded; else role check.
    const { openTasks } = await start();
    const accept = openTasks[0]!;
    await tx((q) => engine.claim(q, people.yk01!, accept.id));
    const other = { ...people.yk01!, username: 'yk01-twin', userId: 'x' };
    await expectStatus(tx((q) => engine.claim(q, other, accept.id)), 409);
    await expectStatus(tx((q) => engine.complete(q, other, accept.id, {})), 409);
    await expectStatus(tx((q) => engine.unclaim(q, other, accept.id)), 403);
    const open = await tx((q) => engine.unclaim(q, people.yk01!, accept.id));
    expect(open).toMatchObject({ state: 'OPEN', assignee: null });
    await expectStatus(tx((q) => engine.unclaim(q, people.yk01!, accept.id)), 409);
    expect((await tx((q) => engine.claim(q, other, accept.id))).assignee).toBe('yk01-twin');
  });

  it('transfers to a named user who alone can then act — only to a candidate of the node (S19)', async () => {
    const { openTasks } = await start();
    await expectStatus(tx((q) => engine.transfer(q, people.yk01!, openTasks[0]!.id, 'nobody')), 400);
    // yk02 is a 勘查员, not a candidate of 受理 (YK_ACCEPT of 江北城关供电所): refused, nothing changes.
    await expectStatus(tx((q) => engine.transfer(q, people.yk01!, openTasks[0]!.id, 'yk02', '请代办')), 400);
    expect(await engine.getTask(t.db, openTasks[0]!.id)).toMatchObject({ assignee: null, version: openTasks[0]!.version });
    // multi01 holds YK_ACCEPT in 江北城关供电所 (and YK_SURVEY in 河口): a candidate.
    const moved = await tx((q) => engine.transfer(q, people.yk01!, openTasks[0]!.id, 'multi01', '请代办'));
    expect(moved).toMatchObject({ assignee: 'multi01', state: 'OPEN', candidates: '胡建华' });
    await expectStatus(tx((q) => engine.complete(q, people.yk01!, moved.id, {})), 403);
    const multi = await principalOf(t.db, 'multi01');
    const inbox = await engine.inbox(t.db, multi, { box: 'todo' });
    expect(inbox.items.map((i) => i.taskId)).toContain(moved.id);
    const [next] = await tx((q) => engine.complete(q, multi, moved.id, {}));
    expect(next?.nodeKey).toBe('survey');
  });

  it('returns to the previous node, to the initiator and to a chosen node; candidates re-resolved in the original org', async () => {
    const { instanceId, openTasks } = await start('t-connection', { capacity: 500 });
    const [survey] = await tx((q) => engine.complete(q, people.yk01!, openTasks[0]!.id, {}));
    const [scheme] = await tx((q) => engine.complete(q, people.yk02!, survey!.id, { outcome: 'pass' }));
    await expectStatus(tx((q) => engine.returnTo(q, people.yk03!, scheme!.id, { kind: 'node', nodeKey: 'install' }, '不行')), 400);
    const [backToSurvey] = await tx((q) => engine.returnTo(q, people.yk03!, scheme!.id, { kind: 'previous' }, '台区信息有误'));
    expect(backToSurvey).toMatchObject({ nodeKey: 'survey', candidates: '勘查员（江北城关供电所）', state: 'OPEN' });
    expect(await engine.getTask(t.db, scheme!.id)).toMatchObject({ state: 'CANCELLED' });
    const [backToAccept] = await tx((q) => engine.returnTo(q, people.yk02!, backToSurvey!.id, { kind: 'previous' }, '补充资料'));
    expect(backToAccept?.nodeKey).toBe('accept');
    await expectStatus(tx((q) => engine.returnTo(q, people.yk01!, backToAccept!.id, { kind: 'previous' }, '无处可退')), 409);
    const [survey2] = await tx((q) => engine.complete(q, people.yk01!, backToAccept!.id, {}));
    const [scheme2] = await tx((q) => engine.complete(q, people.yk02!, survey2!.id, { outcome: 'pass' }));
    const [toInitiator] = await tx((q) => engine.returnTo(q, people.yk03!, scheme2!.id, { kind: 'initiator' }, '请申请人补件'));
    expect(toInitiator).toMatchObject({ nodeKey: 'accept', assignee: 'yk01' });
    const [survey3] = await tx((q) => engine.complete(q, people.yk01!, toInitiator!.id, {}));
    const [scheme3] = await tx((q) => engine.complete(q, people.yk02!, survey3!.id, { outcome: 'pass' }));
    const [chosen] = await tx((q) => engine.returnTo(q, people.yk03!, scheme3!.id, { kind: 'node', nodeKey: 'accept' }, '重新受理'));
    expect(chosen).toMatchObject({ nodeKey: 'accept', candidates: '业扩受理员（江北城关供电所）' });
    const returned = await t.db.query<{ kind: string }>(`SELECT kind FROM wf_notification WHERE kind = 'RETURNED' AND link = $1`, [`/inbox?task=${chosen!.id}`]);
    expect(returned.length).toBeGreaterThan(0);
    expect((await historyActions(instanceId)).filter((a) => a === 'RETURN')).toHaveLength(4);
  });

  it('withdraws the actor’s last completion while the next task is unclaimed, not after it was claimed', async () => {
    const { instanceId, openTasks } = await start();
    const [survey] = await tx((q) => engine.complete(q, people.yk01!, openTasks[0]!.id, {}));
    await expectStatus(tx((q) => engine.withdraw(q, people.yk02!, instanceId)), 409);
    const [back] = await tx((q) => engine.withdraw(q, people.yk01!, instanceId));
    expect(back).toMatchObject({ nodeKey: 'accept', assignee: 'yk01' });
    expect(await engine.getTask(t.db, survey!.id)).toMatchObject({ state: 'CANCELLED' });
    const [survey2] = await tx((q) => engine.complete(q, people.yk01!, back!.id, {}));
    await tx((q) => engine.claim(q, people.yk02!, survey2!.id));
    await expectStatus(tx((q) => engine.withdraw(q, people.yk01!, instanceId)), 409);
    expect(await engine.getTask(t.db, survey2!.id)).toMatchObject({ state: 'CLAIMED', assignee: 'yk02' });
  });

  it('suspends with the SLA clock stopped (PAUSED, due dates moved by the pause), refuses work meanwhile, resumes', async () => {
    const { instanceId, openTasks } = await start();
    const task = openTasks[0]!;
    await expectStatus(tx((q) => engine.suspend(q, people.kf01!, instanceId, '无关人员')), 403);
    await tx((q) => engine.suspend(q, people.yk01!, instanceId, '客户要求暂缓'));
    expect(await engine.getTask(t.db, task.id)).toMatchObject({ slaState: 'PAUSED' });
    await expectStatus(tx((q) => engine.complete(q, people.yk01!, task.id, {})), 409);
    await expectStatus(tx((q) => engine.suspend(q, people.yk01!, instanceId, '再次挂起')), 409);
    t.clock.advance(30 * HOUR);
    // While suspended the sweep neither warns nor escalates.
    await tx((q) => engine.sweep(q, t.clock.now()));
    const [swept] = await t.db.query<{ warned_at: Date | null; overdue_at: Date | null }>('SELECT warned_at, overdue_at FROM wf_task WHERE id = $1', [task.id]);
    expect(swept).toEqual({ warned_at: null, overdue_at: null });
    await tx((q) => engine.resume(q, people.yk01!, instanceId, '客户已确认'));
    const resumed = (await engine.getTask(t.db, task.id))!;
    expect(new Date(resumed.dueAt!).getTime() - new Date(task.dueAt!).getTime()).toBe(30 * HOUR);
    expect(resumed.slaState).toBe('NORMAL');
    const detail = await engine.getInstance(t.db, instanceId);
    expect(detail).toMatchObject({ status: 'RUNNING', suspendedReason: null });
    expect(detail!.history.map((h) => h.action)).toEqual(expect.arrayContaining(['SUSPEND', 'RESUME']));
    await expectStatus(tx((q) => engine.resume(q, people.yk01!, instanceId, '再次恢复')), 409);
  });

  it('terminates (initiator or manager only) and cancels the open task; copy-to shows the instance in the cc box', async () => {
    const { instanceId, openTasks } = await start();
    await tx((q) => engine.copyTo(q, people.yk01!, instanceId, ['yk04', 'ld01'], '请关注'));
    await expectStatus(tx((q) => engine.copyTo(q, people.yk01!, instanceId, ['nobody'])), 400);
    // df01 may not read the instance: 404, as if it did not exist.
    await expectStatus(tx((q) => engine.copyTo(q, people.df01!, instanceId, ['kf01'])), 404);
    const cc = await engine.inbox(t.db, people.yk04!, { box: 'cc' });
    expect(cc.items.map((i) => i.instanceId)).toContain(instanceId);
    expect(cc.counts.cc).toBeGreaterThan(0);
    await expectStatus(tx((q) => engine.terminate(q, people.yk02!, instanceId, '不是我的')), 403);
    await tx((q) => engine.terminate(q, people.yk01!, instanceId, '客户撤销申请'));
    expect(await engine.getTask(t.db, openTasks[0]!.id)).toMatchObject({ state: 'CANCELLED' });
    expect((await engine.getInstance(t.db, instanceId))?.status).toBe('TERMINATED');
    await expectStatus(tx((q) => engine.terminate(q, people.yk01!, instanceId, '再次终止')), 409);
    // A new instance may start for the same business key once the old one ended.
    const [row] = await t.db.query<{ business_key: string }>('SELECT business_key FROM wf_instance WHERE id = $1', [instanceId]);
    await tx((q) => engine.start(q, people.yk01!, { processKey: 't-connection', businessKey: row!.business_key, businessTitle: '重新申请', orgUnitCode: '334010101' }));
  });

  it('inbox boxes: todo by candidate post, done, started, with filters and counts', async () => {
    const { openTasks } = await start('t-connection', { capacity: 1 }, 'yk01');
    const todo = await engine.inbox(t.db, people.yk01!, { box: 'todo', q: openTasks[0]!.businessKey });
    expect(todo.items).toHaveLength(1);
    expect(todo.items[0]).toMatchObject({ taskId: openTasks[0]!.id, nodeName: '受理', processName: '测试业扩', orgUnitName: '江北城关供电所', slaState: 'NORMAL' });
    expect((await engine.inbox(t.db, people.yk02!, { box: 'todo', q: openTasks[0]!.businessKey })).total).toBe(0);
    await tx((q) => engine.complete(q, people.yk01!, openTasks[0]!.id, {}));
    const done = await engine.inbox(t.db, people.yk01!, { box: 'done', q: openTasks[0]!.businessKey });
    expect(done.items[0]).toMatchObject({ taskId: openTasks[0]!.id, state: 'COMPLETED' });
    const started = await engine.inbox(t.db, people.yk01!, { box: 'started', q: openTasks[0]!.businessKey });
    expect(started.items[0]).toMatchObject({ taskId: null, nodeKey: 'survey', nodeName: '现场勘查' });
    expect((await engine.inbox(t.db, people.yk02!, { box: 'todo', processKey: 'other' })).total).toBe(0);
    expect((await engine.inbox(t.db, people.yk02!, { box: 'todo', slaState: 'NORMAL', q: openTasks[0]!.businessKey })).total).toBe(1);
    expect((await engine.inbox(t.db, people.yk02!, { box: 'todo', slaState: 'OVERDUE', q: openTasks[0]!.businessKey })).total).toBe(0);
    expect((await engine.inbox(t.db, people.yk02!, { box: 'todo', orgUnitCode: '3340101', q: openTasks[0]!.businessKey })).total).toBe(1);
    expect((await engine.inbox(t.db, people.yk02!, { box: 'todo', orgUnitCode: '3340102', q: openTasks[0]!.businessKey })).total).toBe(0);
  });

  it('sweep: warning at 80 %, overdue with escalation to the org-unit leader, idempotent; boundary timers fire', async () => {
    // A process of its own whose task goes to yk02.
    await tx((q) => engine.deploy(q, people.admin!, SIMPLE_XML('t-sweep', 'user:yk02')));
    const { instanceId, openTasks } = await start('t-sweep', {}, 'yk01');
    const task = openTasks[0]!;
    expect(task.assignee).toBe('yk02');
    const due = new Date(task.dueAt!).getTime();
    const createdAt = new Date(task.createdAt).getTime();
    const { instanceId: timerInstance, openTasks: waits } = await start('t-timer', {}, 'yk01');
    expect(waits[0]).toMatchObject({ nodeKey: 'wait', assignee: 'yk01' });
    t.clock.advance(createdAt + (due - createdAt) * 0.85 - t.clock.now().getTime());
    const first = await tx((q) => engine.sweep(q, t.clock.now()));
    expect(first.warned).toBeGreaterThanOrEqual(1);
    expect(first.timers).toBeGreaterThanOrEqual(1);
    expect(await engine.getTask(t.db, task.id)).toMatchObject({ slaState: 'WARNING' });
    const warned = await t.db.query(`SELECT 1 FROM wf_notification WHERE kind = 'WARNING' AND username = 'yk02' AND link = $1`, [`/inbox?task=${task.id}`]);
    expect(warned).toHaveLength(1);
    // The boundary timer (PT2H) interrupted 等待处理 and assigned 所长督办 to the leader of 334010101.
    const timerDetail = await engine.getInstance(t.db, timerInstance);
    expect(timerDetail?.openTasks[0]).toMatchObject({ nodeKey: 'boss', assignee: 'ld01' });
    expect(await engine.getTask(t.db, waits[0]!.id)).toMatchObject({ state: 'CANCELLED' });
    expect(timerDetail!.history.map((h) => h.action)).toContain('TIMER');

    t.clock.advance(due - t.clock.now().getTime() + 60_000);
    const second = await tx((q) => engine.sweep(q, t.clock.now()));
    expect(second.overdue).toBeGreaterThanOrEqual(1);
    expect(second.escalated).toBeGreaterThanOrEqual(1);
    expect(await engine.getTask(t.db, task.id)).toMatchObject({ slaState: 'OVERDUE' });
    const escalation = await t.db.query<{ username: string }>(`SELECT username FROM wf_notification WHERE kind = 'ESCALATION' AND dedupe_key LIKE $1`, [`escalate:${task.id}:%`]);
    expect(escalation.map((e) => e.username)).toEqual(['ld01']);
    expect(await historyActions(instanceId)).toEqual(['START', 'REMIND', 'ESCALATE']);
    const again = await tx((q) => engine.sweep(q, t.clock.now()));
    expect(again).toEqual({ warned: 0, overdue: 0, escalated: 0, timers: 0 });
    expect(await t.db.query(`SELECT 1 FROM wf_notification WHERE dedupe_key LIKE $1`, [`%:${task.id}:%`])).toHaveLength(4); // assigned, warning and overdue to yk02; escalation to ld01
  });

  it('outbox: delivers committed events after commit (also after a restart), nothing from a rolled-back transaction (D3)', async () => {
    const seen: string[] = [];
    const off = engine.consume('test.seen', ['instance.started'], (e) => {
      seen.push(String(e.payload.businessKey));
    });
    await engine.publishPending(t.db);
    seen.length = 0;
    const rolledBackKey = nextKey();
    await expect(
      tx(async (q) => {
        await engine.start(q, people.yk01!, { processKey: 't-simple', businessKey: rolledBackKey, businessTitle: '回滚', orgUnitCode: '334010101' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    // "Crash" between commit and dispatch: commit with no dispatch, then a fresh engine (a restarted process) publishes.
    const committed = await start('t-simple');
    const [pending] = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM wf_outbox WHERE published_at IS NULL AND payload->>'instanceId' = $1`, [committed.instanceId]);
    expect(pending!.n).toBeGreaterThan(0);
    off();
    const restarted = createWorkflowEngine();
    const afterRestart: string[] = [];
    restarted.consume('test.restarted', ['instance.started'], (e) => {
      afterRestart.push(String(e.payload.instanceId));
    });
    await restarted.publishPending(t.db);
    expect(afterRestart).toEqual([committed.instanceId]);
    expect(seen).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM wf_outbox WHERE payload->>'businessKey' = $1`, [rolledBackKey])).toHaveLength(0);
    expect(await t.db.query(`SELECT 1 FROM wf_outbox WHERE published_at IS NULL`)).toHaveLength(0);
    // A failing consumer keeps its delivery for a retry (at least once); the next dispatch after the backoff delivers it.
    let fail = true;
    const off2 = restarted.consume('test.flaky', ['task.created'], () => {
      if (fail) throw new Error('subscriber down');
    });
    await start('t-simple');
    await restarted.publishPending(t.db);
    expect(await t.db.query(`SELECT attempts, last_error FROM wf_outbox_delivery WHERE consumer = 'test.flaky'`)).toEqual([{ attempts: 1, last_error: 'subscriber down' }]);
    fail = false;
    await t.db.query(`UPDATE wf_outbox_delivery SET next_at = next_at - interval '1 hour' WHERE consumer = 'test.flaky'`);
    await restarted.publishPending(t.db);
    expect(await t.db.query(`SELECT 1 FROM wf_outbox_delivery WHERE consumer = 'test.flaky'`)).toHaveLength(0);
    off2();
  });

  it('sweep: the end-to-end limit warns at 80 %, then notifies overdue and escalates to the org-unit leader — once, also with two sweeps at once', async () => {
    await tx((q) => engine.deploy(q, people.admin!, PROCESS_SLA_XML));
    const { instanceId, openTasks } = await start('t-process-sla', {}, 'yk01');
    const task = openTasks[0]!;
    expect(task.dueAt).toBeNull();
    const started = (await engine.getInstance(t.db, instanceId))!;
    const begin = Date.parse(started.startedAt);
    const due = Date.parse(started.dueAt!);
    expect(due - begin).toBe(2 * 24 * HOUR);
    const notes = (kind: string) =>
      t.db.query<{ username: string }>(`SELECT username FROM wf_notification WHERE kind = $1 AND dedupe_key LIKE $2 ORDER BY username`, [kind, `%-process:${instanceId}:%`]);
    const holders = (await t.db.query<{ username: string }>(
      `SELECT DISTINCT u.username FROM user_post up JOIN sys_user u ON u.id = up.user_id WHERE up.post_code = 'YK_ACCEPT' AND up.org_unit_code = '334010101' ORDER BY 1`,
    )).map((r) => r.username);
    expect(holders).toContain('yk01');
    // Two server instances sweeping at the same moment (two transactions; on PostgreSQL truly concurrent).
    const sweepTwice = () => Promise.all([tx((q) => engine.sweep(q, t.clock.now())), tx((q) => engine.sweep(q, t.clock.now()))]);

    t.clock.advance(begin + (due - begin) * 0.5 - t.clock.now().getTime());
    await sweepTwice();
    expect(await notes('WARNING')).toEqual([]);
    t.clock.advance(begin + (due - begin) * 0.85 - t.clock.now().getTime());
    await sweepTwice();
    expect((await notes('WARNING')).map((n) => n.username)).toEqual(holders);
    expect((await engine.getInstance(t.db, instanceId))!.slaState).toBe('WARNING');
    expect(await notes('OVERDUE')).toEqual([]);

    t.clock.advance(due - t.clock.now().getTime() + 60_000);
    await sweepTwice();
    await sweepTwice();
    expect((await notes('WARNING')).map((n) => n.username)).toEqual(holders);
    expect((await notes('OVERDUE')).map((n) => n.username)).toEqual(holders);
    expect((await notes('ESCALATION')).map((n) => n.username)).toEqual(['ld01']);
    const detail = (await engine.getInstance(t.db, instanceId))!;
    expect(detail.slaState).toBe('OVERDUE');
    expect(detail.history.map((h) => h.action)).toEqual(['START', 'REMIND', 'ESCALATE']);
    expect(detail.history[1]).toMatchObject({ actor: 'system', fromNode: 'task', form: { kind: 'WARNING', scope: 'process' } });
    expect(detail.history[2]).toMatchObject({ form: { leader: 'ld01', scope: 'process' } });
    const events = await t.db.query(`SELECT 1 FROM wf_outbox WHERE topic = 'instance.escalated' AND payload->>'instanceId' = $1`, [instanceId]);
    expect(events).toHaveLength(1);
    // The task itself has no limit: no task-level notices.
    expect(await t.db.query(`SELECT 1 FROM wf_notification WHERE dedupe_key LIKE $1 AND kind <> 'ASSIGNED'`, [`%:${task.id}:%`])).toHaveLength(0);
  });

  it('system actors act on any task (service callers, seeding)', async () => {
    const { instanceId, openTasks } = await start();
    const [survey] = await tx((q) => engine.complete(q, SYSTEM, openTasks[0]!.id, {}));
    expect(survey?.nodeKey).toBe('survey');
    expect((await engine.getInstanceByBusinessKey(t.db, openTasks[0]!.businessKey))?.id).toBe(instanceId);
  });
});
