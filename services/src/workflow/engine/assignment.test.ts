/**
 * The one assignment rule (issue 10): the in-memory check and the SQL predicate are generated from one table,
 * and must agree on every combination of task and actor — on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostRef } from '@wb/contracts';
import type { Db, Principal } from '@wb/server-kit';
import { createTestDb, testDbKinds } from '@wb/server-kit/testing';
import type { AssignmentRow } from './assignment.ts';
import { actorKeys, mayActOn, mayActSql, otherPostFor } from './assignment.ts';

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
