/**
 * ADR 0069: the workflow reads nothing of identity's tables. Display names come from identity's directory port
 * (current at each read, one call per batch); the candidate org unit's path, which the inbox's data-scope filter
 * needs, is copied onto the task at assignment, moved with the unit, and filled for rows written before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Principal } from '@wb/server-kit';
import { testDbKinds } from '@wb/server-kit/testing';
import { createWorkflowEngine } from './engine.ts';
import type { WorkflowEngineService } from './engine.ts';
import { backfillCandOrgPaths, rewriteWorkflowOrgPaths } from './org-paths.ts';
import { createWorkflowDb } from './testing/db.ts';
import { SIMPLE_XML, principalOf } from './testing/fixtures.ts';

describe.each(testDbKinds())('workflow names and candidate org paths from identity on %s', (kind) => {
  let db: Db;
  let engine: WorkflowEngineService;
  const people: Record<string, Principal> = {};
  let seq = 0;
  /** A task offered to 回访员 of 江州客户服务中心 (3340180) on an item of 城关供电所 (334010101): two units. */
  const startJoint = () =>
    db.transaction((tx) => engine.start(tx, people.yk01!, { processKey: 't-names', businessKey: `NM-${kind}-${++seq}`, businessTitle: '王五 居民新装', orgUnitCode: '334010101' }));
  const unit = async (code: string) => (await db.query<{ name: string; path: string }>('SELECT name, path FROM org_unit WHERE code = $1', [code]))[0]!;
  const candOrgPath = async (taskId: string) => (await db.query<{ p: string | null }>('SELECT cand_org_path AS p FROM wf_task WHERE id = $1', [taskId]))[0]?.p;

  beforeAll(async () => {
    db = await createWorkflowDb(kind, 4);
    engine = createWorkflowEngine({ inboxCacheMs: 0 });
    for (const u of ['yk01', 'kf03', 'admin']) people[u] = await principalOf(db, u);
    await db.transaction((tx) => engine.deploy(tx, people.admin!, SIMPLE_XML('t-names', 'post:KF_REVISIT#3340180')));
  }, 120_000);
  afterAll(async () => db?.close());

  it('names org units, candidates and people from the directory, current at each read', async () => {
    const started = await startJoint();
    const task = started.openTasks[0]!;
    const [item, center] = [await unit('334010101'), await unit('3340180')];
    expect(task).toMatchObject({ orgUnitName: item.name, candidates: `回访员（${center.name}）`, assigneeName: null });

    // Identity renames: the next read says so (no copy of the name is kept in the workflow's tables).
    await db.query("UPDATE org_unit SET name = '江州客户服务中心（新）' WHERE code = '3340180'");
    await db.query("UPDATE sys_user SET display_name = '李强强' WHERE username = 'yk01'");
    try {
      expect(await engine.getTask(db, task.id)).toMatchObject({ candidates: '回访员（江州客户服务中心（新））' });
      const detail = await engine.getInstance(db, started.instanceId);
      expect(detail).toMatchObject({ orgUnitName: item.name, initiatorName: '李强强' });
      expect(detail?.openTasks[0]).toMatchObject({ candidates: '回访员（江州客户服务中心（新））' });
      const claimed = await db.transaction((tx) => engine.claim(tx, people.kf03!, task.id));
      expect(claimed).toMatchObject({ assignee: 'kf03', assigneeName: '刘芳' });
      const inbox = await engine.inbox(db, people.kf03!, { box: 'todo', q: task.businessKey });
      expect(inbox.items.map((i) => i.orgUnitName)).toEqual([item.name]);
    } finally {
      await db.query("UPDATE org_unit SET name = $1 WHERE code = '3340180'", [center.name]);
      await db.query("UPDATE sys_user SET display_name = '李强' WHERE username = 'yk01'");
    }
  });

  it('copies the candidate org path onto the task, moves it with the unit, and fills rows written before', async () => {
    const task = (await startJoint()).openTasks[0]!;
    const center = await unit('3340180');
    expect(await candOrgPath(task.id)).toBe(center.path);

    await db.transaction((tx) => rewriteWorkflowOrgPaths(tx, center.path, '/moved/3340180'));
    expect(await candOrgPath(task.id)).toBe('/moved/3340180');

    // A row from before workflow/007 (no path) gets identity's current one when the service starts.
    await db.query('UPDATE wf_task SET cand_org_path = NULL WHERE id = $1', [task.id]);
    expect(await backfillCandOrgPaths(db)).toBeGreaterThanOrEqual(1);
    expect(await candOrgPath(task.id)).toBe(center.path);
    expect(await backfillCandOrgPaths(db)).toBe(0);
  });
});
