/**
 * The optional cap on concurrent sessions per user (issue 9 item 7): with SESSION_MAX_PER_USER set, a new
 * session ends the user's oldest ones first, and an ended session is refused on its very next request;
 * unset, sessions are not capped. Other users' sessions are never touched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from '../testing/harness.ts';
import type { TestApp } from '../testing/harness.ts';

describe.each(testDbKinds())('sessions per user on %s', (kind) => {
  let capped: TestApp;
  let uncapped: TestApp;
  beforeAll(async () => {
    capped = await createTestApp(kind, { env: { SESSION_MAX_PER_USER: '2' } });
    uncapped = await createTestApp(kind);
  }, 60_000);
  afterAll(async () => {
    await capped?.close();
    await uncapped?.close();
  });

  const me = (t: TestApp, cookie: string) => t.request({ method: 'GET', url: '/api/identity/me', cookie }).then((r) => r.statusCode);

  /** Logs in `count` times, a minute apart (so "oldest" is well defined), each session used once. */
  async function logins(t: TestApp, username: string, count: number): Promise<string[]> {
    const cookies: string[] = [];
    for (let i = 0; i < count; i += 1) {
      t.clock.advance(60_000);
      const cookie = await t.login(username);
      expect(await me(t, cookie)).toBe(200);
      cookies.push(cookie);
    }
    return cookies;
  }

  it('ends the oldest sessions first when a new one would exceed SESSION_MAX_PER_USER', async () => {
    const other = await capped.login('yk01');
    const [first, second, third] = await logins(capped, 'kf01', 3);
    expect(await me(capped, first!)).toBe(401);
    expect(await me(capped, second!)).toBe(200);
    expect(await me(capped, third!)).toBe(200);
    const [fourth] = await logins(capped, 'kf01', 1);
    expect(await me(capped, second!)).toBe(401);
    expect(await me(capped, third!)).toBe(200);
    expect(await me(capped, fourth!)).toBe(200);
    expect(await me(capped, other)).toBe(200);
    const [row] = await capped.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM session s JOIN sys_user u ON u.id = s.user_id WHERE u.username = 'kf01'`,
    );
    expect(row!.n).toBe(2);
  }, 30_000);

  it('does not cap sessions by default', async () => {
    const cookies = await logins(uncapped, 'kf01', 4);
    for (const cookie of cookies) expect(await me(uncapped, cookie)).toBe(200);
  }, 30_000);
});
