/**
 * docs/quality.md S5, object-level access: 100 foreign ids of each business resource type answer 404 and leak no
 * field of the record. `identity/access-model.test.ts` does this for 户号; here the same for 业扩 applications,
 * workflow tasks and 95598 tickets, on the seeded data: 业扩受理员 yk01, 勘查员 yk02 and 抢修员 qx01 work in 江北城关供电所,
 * and ask for the records of every other 供电所 (each with one of their own as the control).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployConnectionProcesses, seedConnections } from './connection/index.ts';
import { defaultServices } from './modules.ts';
import { seedTickets } from './seed/index.ts';
import type { TestApp } from './testing/harness.ts';
import { openTicketWorld } from './ticket/testing.ts';
import type { WorkflowEngineService } from './workflow/index.ts';

const OWN_UNIT = '334010101';
const FOREIGN = 100;

describe('100 foreign ids of each resource type: 404 and no field (S5)', () => {
  let t: TestApp & { engine: WorkflowEngineService };
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    t = await openTicketWorld('pglite', defaultServices(), 3000);
    await t.db.transaction((tx) => deployConnectionProcesses(tx, t.engine));
    // 200 applications leave 120 in other 供电所 with 122 open tasks there (the seed is deterministic): enough for
    // 100 of each. The setup's time grows with the seed: besides writing it, the app's start (its first request here)
    // delivers the seed's ~3,600 outbox events before it is ready (the catch-up of ADR 0077, ~4 s on PGlite).
    // (400 applications: 38 s alone, 200: 24 s.)
    await seedConnections(t.db, t.engine, { applications: 200, now: t.clock.now() });
    await seedTickets(t.db, t.engine, { now: t.clock.now() });
    for (const user of ['yk01', 'yk02', 'qx01']) cookies[user] = await t.login(user);
  }, 240_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  /** Asks for each record as `user`: every answer 404, and none carries any of the record's words. */
  async function expectHidden(user: string, records: ReadonlyArray<{ url: string; words: ReadonlyArray<string | null> }>): Promise<void> {
    expect(records).toHaveLength(FOREIGN);
    for (const record of records) {
      const response = await t.request({ method: 'GET', url: record.url, cookie: cookies[user] });
      expect(response.statusCode, `${user} GET ${record.url}`).toBe(404);
      for (const word of record.words) if (word) expect(response.body).not.toContain(word);
    }
  }

  it('业扩 applications of other 供电所 (yk01)', async () => {
    const rows = await t.db.query<{ app_no: string; cons_name: string; address: string; contact_mobile: string }>(
      `SELECT app_no, cons_name, address, contact_mobile FROM yk_application WHERE org_unit_code <> $1 ORDER BY app_no LIMIT ${FOREIGN}`,
      [OWN_UNIT],
    );
    await expectHidden('yk01', rows.map((r) => ({ url: `/api/svc/connection/v1/applications/${r.app_no}`, words: [r.cons_name, r.address, r.contact_mobile] })));
    const [own] = await t.db.query<{ app_no: string }>('SELECT app_no FROM yk_application WHERE org_unit_code = $1 LIMIT 1', [OWN_UNIT]);
    expect((await t.request({ method: 'GET', url: `/api/svc/connection/v1/applications/${own!.app_no}`, cookie: cookies.yk01 })).statusCode).toBe(200);
  });

  it('open workflow tasks of other 供电所 (勘查员 yk02)', async () => {
    const rows = await t.db.query<{ id: string; business_key: string; business_title: string }>(
      `SELECT t.id::text AS id, i.business_key, i.business_title FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id
        WHERE t.state IN ('OPEN', 'CLAIMED') AND i.org_unit_code <> $1 ORDER BY t.created_at, t.id LIMIT ${FOREIGN}`,
      [OWN_UNIT],
    );
    await expectHidden('yk02', rows.map((r) => ({ url: `/api/svc/workflow/v1/tasks/${r.id}`, words: [r.business_title] })));
    const [own] = await t.db.query<{ id: string }>(
      `SELECT t.id::text AS id FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id
        WHERE t.state = 'OPEN' AND i.org_unit_code = $1 AND t.cand_kind = 'post' AND t.cand_value = 'YK_SURVEY' LIMIT 1`,
      [OWN_UNIT],
    );
    expect((await t.request({ method: 'GET', url: `/api/svc/workflow/v1/tasks/${own!.id}`, cookie: cookies.yk02 })).statusCode).toBe(200);
  });

  it('95598 tickets of other 供电所 (qx01)', async () => {
    const rows = await t.db.query<{ ticket_no: string; cons_name: string | null; address: string; contact_phone: string; content: string }>(
      `SELECT ticket_no, cons_name, address, contact_phone, content FROM ticket WHERE org_unit_code <> $1 AND cons_name IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM ticket_branch b WHERE b.ticket_no = ticket.ticket_no AND b.org_unit_code = $1)
        ORDER BY ticket_no LIMIT ${FOREIGN}`,
      [OWN_UNIT],
    );
    await expectHidden('qx01', rows.map((r) => ({ url: `/api/svc/ticket/v1/tickets/${r.ticket_no}`, words: [r.cons_name, r.address, r.contact_phone] })));
    const [own] = await t.db.query<{ ticket_no: string }>('SELECT ticket_no FROM ticket WHERE org_unit_code = $1 LIMIT 1', [OWN_UNIT]);
    expect((await t.request({ method: 'GET', url: `/api/svc/ticket/v1/tickets/${own!.ticket_no}`, cookie: cookies.qx01 })).statusCode).toBe(200);
  });
});
