/**
 * 全局搜索 (issue 17, ADR 0066): `GET /api/search` answers each kind only to holders of its permission, within
 * their data scope, and refuses bad input in Chinese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchResultSchema, type SearchKind, type SearchResult } from '@wb/contracts/search';
import { testDbKinds } from '@wb/server-kit/testing';
import { deployConnectionProcesses } from '../connection/index.ts';
import { residentApplication } from '../connection/testing.ts';
import { createTicketTestApp, customerOf, repairRequest, type TicketTestApp } from '../ticket/testing.ts';
import { createLimiter } from './plugin.ts';

describe.each(testDbKinds())('global search on %s', (kind) => {
  let t: TicketTestApp;
  /** A customer of 江北城关供电所 (yk01's unit) and one of another 供电所 (outside yk01's scope). */
  let home: { consNo: string; name: string };
  let away: { consNo: string; name: string };
  let appNo: string;
  let ticketNo: string;

  beforeAll(async () => {
    t = await createTicketTestApp(kind, { customers: 600 });
    await t.db.transaction((tx) => deployConnectionProcesses(tx, t.engine));
    home = await customerOf(t, '334010101');
    const [other] = await t.db.query<{ consNo: string; name: string }>(
      `SELECT cons_no AS "consNo", name FROM customer WHERE org_unit_code <> '334010101' ORDER BY cons_no LIMIT 1`,
    );
    away = other!;
    const ticket = await t.post('kf01', '/tickets', repairRequest(await customerOf(t, '334010101', 1)));
    expect(ticket.statusCode, ticket.body).toBe(201);
    ticketNo = (ticket.json() as { ticket: { no: string } }).ticket.no;
    const application = await t.request({ method: 'POST', url: '/api/svc/connection/v1/applications', payload: { ...residentApplication(1) }, cookie: t.cookies['yk01'] ?? '' });
    expect(application.statusCode, application.body).toBe(201);
    appNo = (application.json() as { appNo: string }).appNo;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  }, 30_000);

  const search = (user: string | null, query: string) =>
    t.request({ method: 'GET', url: `/api/search?${query}`, ...(user ? { cookie: t.cookies[user] ?? '' } : {}) });
  async function found(user: string, q: string): Promise<SearchResult> {
    const res = await search(user, `q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return searchResultSchema.parse(res.json());
  }
  const kinds = (result: SearchResult): SearchKind[] => result.groups.map((g) => g.kind);
  const keys = (result: SearchResult, kind: SearchKind): string[] => result.groups.find((g) => g.kind === kind)?.items.map((i) => i.key) ?? [];

  it('answers only the kinds the caller holds, in a fixed order', async () => {
    expect(kinds(await found('kf01', '江北'))).toEqual(['customer', 'ticket']);
    expect(kinds(await found('yk01', '江北'))).toEqual(['customer', 'application']);
    expect(kinds(await found('mgr01', '江北'))).toEqual(['customer', 'application', 'ticket']);
    expect(kinds(await found('admin', '江北'))).toEqual(['customer', 'application', 'ticket', 'user']);
    // No searchable kind at all: closed (the route would otherwise be an empty answer to everyone).
    const guest = await search('guest01', 'q=江北');
    expect(guest.statusCode).toBe(403);
    expect((await search(null, 'q=江北')).statusCode).toBe(401);
  });

  it('finds a customer by 户号 within the data scope only', async () => {
    expect(keys(await found('kf01', home.consNo), 'customer')).toEqual([home.consNo]);
    expect(keys(await found('yk01', home.consNo), 'customer')).toEqual([home.consNo]);
    // kf01 sees the whole city; yk01 only 江北城关供电所: the other 供电所's customer is not there for yk01.
    expect(keys(await found('kf01', away.consNo), 'customer')).toEqual([away.consNo]);
    const outside = await found('yk01', away.consNo);
    expect(outside.groups.find((g) => g.kind === 'customer')).toEqual({ kind: 'customer', total: 0, items: [] });
  });

  it('finds a 业扩 application by 申请编号 and a 95598 ticket by 工单号, each within scope', async () => {
    const byYk = await found('yk01', appNo);
    expect(keys(byYk, 'application')).toEqual([appNo]);
    expect(byYk.groups.find((g) => g.kind === 'application')?.items[0]).toMatchObject({ kind: 'application', title: residentApplication(1).consName });
    expect(keys(await found('mgr01', appNo), 'application')).toEqual([appNo]);
    expect(keys(await found('kf01', ticketNo), 'ticket')).toEqual([ticketNo]);
    expect(keys(await found('mgr01', ticketNo), 'ticket')).toEqual([ticketNo]);
    // qx02 (抢修, 临川城区供电所) may view tickets, but not those of 江北城关供电所.
    t.cookies['qx02'] ??= await t.login('qx02');
    const qx = await found('qx02', ticketNo);
    expect(kinds(qx)).toContain('ticket');
    expect(keys(qx, 'ticket')).toEqual([]);
  });

  it('finds people for administrators only, and caps each kind at the limit with the full total', async () => {
    expect(keys(await found('admin', 'kf01'), 'user')).toEqual(['kf01']);
    expect(kinds(await found('mgr01', 'kf01'))).not.toContain('user');
    // Customer addresses begin with the county (江北县…); two characters would match names only (surnames).
    const res = await search('kf01', `q=${encodeURIComponent('江北县')}&limit=2`);
    const capped = searchResultSchema.parse(res.json()).groups.find((g) => g.kind === 'customer')!;
    expect(capped.items).toHaveLength(2);
    expect(capped.total).toBeGreaterThan(2);
  });

  it('refuses bad input with a Chinese message: too short, too long, control characters, bad limit, unknown fields', async () => {
    const cases: Array<[string, RegExp]> = [
      ['q=a', /至少输入 2 个字符/],
      ['q=%20%20a%20', /至少输入 2 个字符/],
      [`q=${'张'.repeat(65)}`, /不能超过 64 个字符/],
      ['q=ab%00', /不允许的字符|包含/],
      ['q=江北&limit=11', /每类条数/],
      ['q=江北&limit=0', /每类条数/],
      ['q=江北&field=name', /./],
      ['', /./],
    ];
    for (const [query, message] of cases) {
      const res = await search('kf01', query);
      expect(res.statusCode, query).toBe(400);
      expect((res.json() as { error: { message: string } }).error.message, query).toMatch(message);
    }
  });
});

describe('search rate guard', () => {
  it('admits a user’s searches up to the limit per minute, then refuses until the next window; users apart', () => {
    let now = Date.parse('2026-03-02T01:00:00Z');
    const admit = createLimiter(3, () => new Date(now));
    expect([admit('a'), admit('a'), admit('a'), admit('a')]).toEqual([true, true, true, false]);
    expect(admit('b')).toBe(true);
    now += 59_000;
    expect(admit('a')).toBe(false);
    now += 1_000;
    expect(admit('a')).toBe(true);
  });
});
