/**
 * Issue 10: the retention job trims every Idempotency-Key table, not only the workflow's — 受理登记's
 * `yk_idempotency` (declared by the connection domain, `WorkflowDomain.idempotencyTables`) after
 * WF_IDEMPOTENCY_RETENTION_HOURS like `wf_idempotency`; younger records stay and still answer a retry.
 */
import { describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { runRetention } from '../workflow/index.ts';
import { createConnectionTestApp, residentApplication } from './testing.ts';
import { suiteApp } from '../testing/suite.ts';

const HOUR = 3_600_000;

describe.each(testDbKinds())('retention of 受理登记 idempotency keys on %s', (kind) => {
  const t = suiteApp(() => createConnectionTestApp(kind, { customers: 200 }));

  it('deletes yk_idempotency records older than the retention hours, keeps younger ones (which still replay)', async () => {
    expect(t.engine.idempotencyTables()).toEqual(expect.arrayContaining(['wf_idempotency', 'yk_idempotency']));
    const old = await t.post('yk01', '/applications', residentApplication(71), { 'idempotency-key': 'ret-old' });
    expect(old.statusCode).toBe(201);
    t.clock.advance(25 * HOUR);
    t.cookies.yk01 = await t.login('yk01'); // the session of a day ago has expired
    const young = await t.post('yk01', '/applications', residentApplication(72), { 'idempotency-key': 'ret-young' });
    expect(young.statusCode).toBe(201);

    const report = await runRetention(t.db, t.clock.now(), { outboxDays: 7, idempotencyHours: 24, readNotificationDays: 30 }, t.engine.idempotencyTables());
    expect(report).toMatchObject({ ran: true, idempotency: 1 });
    const keys = await t.db.query<{ key: string }>(`SELECT key FROM yk_idempotency WHERE key LIKE 'ret-%' ORDER BY key`);
    expect(keys.map((k) => k.key)).toEqual(['ret-young']);
    // The young key still answers its first application.
    const replay = await t.post('yk01', '/applications', residentApplication(72), { 'idempotency-key': 'ret-young' });
    expect((replay.json() as { appNo: string }).appNo).toBe((young.json() as { appNo: string }).appNo);
  });

  it('refuses an unusual table name instead of building SQL from it', async () => {
    await expect(runRetention(t.db, t.clock.now(), undefined, ['yk_idempotency; DROP TABLE x'])).rejects.toThrow(/unusual table name/);
  });
});
