/**
 * Issue 20: a post assignment that ends at a date ends at that minute — the cached principal (TTL up to 60 s,
 * identity/access-cache.ts) is stale from the assignment's end on, without any write bumping the grant version.
 * The upcoming expiries are listed for administrators.
 */
import { describe, expect, it } from 'vitest';
import { expiringAssignmentSchema } from '@wb/contracts/iam-admin';
import { IAM_BASE as IAM, createIamTestApp } from './testing.ts';
import { suiteApp } from '../testing/suite.ts';
import { cstDate } from '../workflow/index.ts';

const CUSTOMERS = '/api/svc/customer/v1/customers?q=&page=1&pageSize=1';

/** The China calendar day (YYYY-MM-DD) `days` after the instant `ms`. */
const chinaDay = (ms: number, days: number): string => cstDate(new Date(ms + days * 86_400_000));

describe('post assignments with an end date', () => {
  const t = suiteApp(() => createIamTestApp());
  /** What the holder's customer search answers now (200, or 403 once the post that grants it has ended). */
  const searchStatus = async (cookie: string) => (await t.request({ method: 'GET', url: CUSTOMERS, cookie })).statusCode;
  /**
   * guest01 signs in `lead` ms before `end` (its principal is cached from the first request on): the search is
   * allowed until the last second before `end` and refused at `end`, with no write in between.
   */
  async function expectRefusedFrom(end: number, lead: number): Promise<void> {
    t.clock.advance(end - lead - t.clock.now().getTime());
    const cookie = await t.login('guest01');
    expect(await searchStatus(cookie)).toBe(200);
    t.clock.advance(lead - 1_000);
    expect(await searchStatus(cookie)).toBe(200);
    t.clock.advance(1_000);
    expect(await searchStatus(cookie)).toBe(403);
  }

  it('refuses the holder at the minute the assignment ends, not a cache lifetime later', async () => {
    const [guest] = await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'guest01'`);
    // The assignment ends at the start of the next day (China time) after the test clock's now; the clock only
    // moves forward, so the day is read from it rather than written down (the tests run in any order).
    const validTo = chinaDay(t.clock.now().getTime(), 1);
    const admin = await t.login('admin');
    const assigned = await t.request({
      method: 'POST',
      url: `${IAM}/users/${guest!.id}/posts`,
      cookie: admin,
      payload: { postCode: 'KF_AGENT', orgUnitCode: '3340180', validTo, primary: true },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    const [row] = await t.db.query<{ validTo: Date }>(`SELECT valid_to AS "validTo" FROM user_post WHERE user_id = $1 AND org_unit_code = '3340180'`, [guest!.id]);
    const end = new Date(row!.validTo).getTime();
    expect(end).toBe(Date.parse(`${validTo}T00:00:00+08:00`));

    const upcoming = await t.request({ method: 'GET', url: `${IAM}/post-assignments/expiring?days=7`, cookie: admin });
    expect(upcoming.statusCode).toBe(200);
    const list = expiringAssignmentSchema.array().parse(upcoming.json());
    expect(list.find((a) => a.username === 'guest01' && a.orgUnitCode === '3340180')).toMatchObject({ postCode: 'KF_AGENT', validTo });

    // Signed in half a minute before the end: refused at the end, although the cached entry is only 30 s old.
    await expectRefusedFrom(end, 30_000);
    // A day went by: the administrator signs in again (idle timeout).
    const again = await t.request({ method: 'GET', url: `${IAM}/post-assignments/expiring?days=7`, cookie: await t.login('admin') });
    expect(expiringAssignmentSchema.array().parse(again.json()).some((a) => a.username === 'guest01' && a.orgUnitCode === '3340180')).toBe(false);
  });

  it('ends at the minute chosen in China time: refused at 10:30, allowed at 10:29 (ADR 0073)', async () => {
    const [holder] = await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'guest01'`);
    const cookieAdmin = await t.login('admin');
    // Another unit than the other test's assignment, three days after the clock's now (the clock only moves forward).
    const day = chinaDay(t.clock.now().getTime(), 3);
    const endsAt = Date.parse(`${day}T10:30:00+08:00`);
    const assigned = await t.request({
      method: 'POST',
      url: `${IAM}/users/${holder!.id}/posts`,
      cookie: cookieAdmin,
      payload: { postCode: 'KF_AGENT', orgUnitCode: '3340181', validTo: `${day}T10:30:00+08:00`, primary: true },
    });
    expect(assigned.statusCode, assigned.body).toBe(201);
    // Stored and answered as the instant, 02:30 UTC — not a whole day, not 08:00 China time.
    expect(assigned.json()).toMatchObject({ validTo: `${day}T02:30:00.000Z` });
    const upcoming = expiringAssignmentSchema.array().parse((await t.request({ method: 'GET', url: `${IAM}/post-assignments/expiring?days=30`, cookie: cookieAdmin })).json());
    expect(upcoming.find((a) => a.username === 'guest01' && a.orgUnitCode === '3340181')).toMatchObject({ validTo: day, endsAt: new Date(endsAt).toISOString() });

    // Allowed at 10:29 and at 10:29:59, refused at 10:30.
    await expectRefusedFrom(endsAt, 60_000);
  });
});
