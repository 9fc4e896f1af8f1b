/**
 * The one assignment rule (issue 10): the in-memory check and the SQL predicate are generated from one table,
 * and must agree on every combination of task and actor — on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostRef } from '@wb/contracts';
import type { Db, Principal } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import type { AssignmentRow } from './assignment.ts';
import { actorKeys, mayActOn, mayActSql, openKeyOf, openKeysOf, otherPostFor } from './assignment.ts';
import { createWorkflowEngine } from '../engine.ts';
import { createWorkflowDb } from '../testing/db.ts';
import { SIMPLE_XML, principalOf } from '../testing/fixtures.ts';

const post = (code: string, orgUnitCode: string): PostRef => ({ code, name: code, orgUnitCode, orgUnitName: orgUnitCode });
const person = (username: string, posts: PostRef[], active: PostRef | null, roles: string[] = []): Principal => ({
  userId: username, username, displayName: username, orgUnitCode: '33401', orgUnitName: '', orgUnitPath: '/33401', roles, posts, activePost: active, permissions: new Set(),
});

const ACCEPT = post('YK_ACCEPT', '334010101');
const SURVEY = post('YK_SURVEY', '334010102');
const ACTORS: Principal[] = [
  person('multi01', [ACCEPT, SURVEY], ACCEPT),
  person('multi01', [ACCEPT, SURVEY], SURVEY),
  person('yk01', [ACCEPT], ACCEPT, ['YK_HANDLER']),
  person('nobody', [], null),
];
const TASKS: AssignmentRow[] = [
  { assignee: null, cand_kind: 'post', cand_value: 'YK_ACCEPT', cand_org: '334010101' },
  { assignee: null, cand_kind: 'post', cand_value: 'YK_SURVEY', cand_org: '334010102' },
  { assignee: null, cand_kind: 'post', cand_value: 'YK_ACCEPT', cand_org: '334010102' },
  { assignee: null, cand_kind: 'role', cand_value: 'YK_HANDLER', cand_org: null },
  { assignee: null, cand_kind: 'user', cand_value: 'multi01', cand_org: null },
  { assignee: 'yk01', cand_kind: 'post', cand_value: 'YK_ACCEPT', cand_org: '334010101' },
  { assignee: 'multi01', cand_kind: 'user', cand_value: 'multi01', cand_org: null },
  { assignee: null, cand_kind: 'none', cand_value: '', cand_org: null },
];

describe.each(testDbKinds())('the one assignment rule on %s', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createTestDb(kind);
  }, 60_000);
  afterAll(async () => db?.close());

  it('gives the same answer in memory and in SQL for every task and actor', async () => {
    for (const actor of ACTORS) {
      const keys = actorKeys(actor);
      for (const task of TASKS) {
        const [row] = await db.query<{ ok: boolean }>(
          `SELECT ${mayActSql('t', { username: '$1', posts: '$2', roles: '$3' })} AS ok
             FROM (SELECT $4::text AS assignee, $5::text AS cand_kind, $6::text AS cand_value, $7::text AS cand_org) t`,
          [keys.username, keys.posts, keys.roles, task.assignee, task.cand_kind, task.cand_value, task.cand_org],
        );
        expect(row?.ok === true, `${actor.username}@${actor.activePost?.code ?? '-'} on ${JSON.stringify(task)}`).toBe(mayActOn(keys, task));
      }
    }
  });

  it('counts only the active post: multi01 working as 勘查员 may not act on 受理 tasks and is pointed to that post', () => {
    const asSurvey = ACTORS[1]!;
    expect(mayActOn(actorKeys(asSurvey), TASKS[0]!)).toBe(false);
    expect(mayActOn(actorKeys(asSurvey), TASKS[1]!)).toBe(true);
    expect(otherPostFor(asSurvey, TASKS[0]!)).toMatchObject({ code: 'YK_ACCEPT', orgUnitCode: '334010101' });
    expect(otherPostFor(asSurvey, TASKS[2]!)).toBeNull();
  });
});

describe.each(testDbKinds())('the rule as stored open keys on %s (ADR 0105)', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await createWorkflowDb(kind, 2);
    const yk01 = await principalOf(db, 'yk01');
    await db.transaction((tx) => createWorkflowEngine().deploy(tx, yk01, SIMPLE_XML('k', 'user:yk01')));
  }, 60_000);
  afterAll(async () => db?.close());

  it('the generated column is the in-memory key for every task and state, and an open task is the actor’s exactly when its key is theirs', async () => {
    const [instance] = await db.query<{ id: string }>(
      `INSERT INTO wf_instance (id, process_key, process_version, business_key, business_title, org_unit_code, org_path, initiator, status, started_at)
       VALUES (gen_random_uuid(), 'k', 1, 'B-1', 't', '334010101', '/33401/3340101/334010101', 'yk01', 'RUNNING', now()) RETURNING id`,
    );
    const rows = TASKS.flatMap((task) => (['OPEN', 'CLAIMED', 'COMPLETED'] as const).map((state) => ({ ...task, state })));
    for (const row of rows) {
      const [stored] = await db.query<{ open_key: string | null }>(
        `INSERT INTO wf_task (id, instance_id, node_key, state, assignee, cand_kind, cand_value, cand_org, created_at)
         VALUES (gen_random_uuid(), $1, 'n', $2, $3, $4, $5, $6, now()) RETURNING open_key`,
        [instance!.id, row.state, row.assignee, row.cand_kind, row.cand_value, row.cand_org],
      );
      expect(stored?.open_key ?? null, JSON.stringify(row)).toBe(openKeyOf(row));
      for (const actor of ACTORS) {
        const keys = actorKeys(actor);
        const key = openKeyOf(row);
        const theirs = key !== null && openKeysOf(keys).includes(key);
        expect(theirs, `${actor.username}@${actor.activePost?.code ?? '-'} on ${JSON.stringify(row)}`).toBe(row.state !== 'COMPLETED' && mayActOn(keys, row));
      }
    }
  });
});
