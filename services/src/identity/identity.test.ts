import { describe, expect, it } from 'vitest';
import { testDbKinds } from '@wb/server-kit/testing';
import { TEST_PASSWORD, createTestApp, sessionCookieOf } from '../testing/harness.ts';
import { suiteApp } from '../testing/suite.ts';

const MINUTE = 60_000;

describe.each(testDbKinds())('identity on %s', (kind) => {
  const t = suiteApp(() => createTestApp(kind));

  const login = (username: string, password: string, extra: Record<string, unknown> = {}) =>
    t.request({ method: 'POST', url: '/api/identity/login', payload: { username, password }, ...extra });
  const me = (cookie: string | undefined) => t.request({ method: 'GET', url: '/api/identity/me', ...(cookie ? { cookie } : {}) });

  it('logs in with a fresh HttpOnly SameSite=Lax session cookie and returns the session user', async () => {
    const response = await login('kf01', TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((c) => c.name === 'wb_session');
    expect(cookie).toMatchObject({ path: '/', httpOnly: true, sameSite: 'Lax' });
    expect(cookie?.secure).toBeUndefined();
    expect(cookie?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(response.json().user).toMatchObject({
      username: 'kf01',
      displayName: '张敏',
      orgUnitCode: '3340180',
      activePost: { code: 'KF_AGENT', orgUnitCode: '3340180' },
      permissions: ['cust:archive:view', 'kf:pii:reveal', 'kf:ticket:accept', 'kf:ticket:view', 'store:market:use', 'wf:task:handle'],
    });
  });

  it('stores only the SHA-256 of the session id', async () => {
    const cookie = await t.login('yk01');
    const id = cookie.split('=')[1]!;
    const rows = await t.db.query<{ id_hash: string }>('SELECT id_hash FROM session');
    expect(rows.some((r) => r.id_hash === id)).toBe(false);
    const { createHash } = await import('node:crypto');
    expect(rows.map((r) => r.id_hash)).toContain(createHash('sha256').update(id).digest('hex'));
  });

  it('sets the Secure flag when the request came over TLS (as a trusted proxy reports)', async () => {
    const proxied = await createTestApp(kind, { env: { TRUST_PROXY: '127.0.0.1' } });
    try {
      const response = await proxied.request({
        method: 'POST',
        url: '/api/identity/login',
        payload: { username: 'kf01', password: TEST_PASSWORD },
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(response.statusCode).toBe(200);
      const cookie = response.cookies.find((c) => c.name === '__Host-wb_session');
      expect(cookie).toMatchObject({ secure: true, path: '/', httpOnly: true, sameSite: 'Lax' });
      expect(cookie?.domain).toBeUndefined();
      expect(response.cookies.find((c) => c.name === 'wb_session')).toBeUndefined();
      // Over TLS only the __Host- cookie counts: a plain-named one (planted over HTTP) is not a session.
      const planted = await proxied.request({
        method: 'GET',
        url: '/api/identity/me',
        headers: { 'x-forwarded-proto': 'https', cookie: `wb_session=${cookie?.value ?? ''}` },
      });
      expect(planted.statusCode).toBe(401);
      const me = await proxied.request({
        method: 'GET',
        url: '/api/identity/me',
        headers: { 'x-forwarded-proto': 'https', cookie: `__Host-wb_session=${cookie?.value ?? ''}` },
      });
      expect(me.statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  }, 60_000);

  it('answers wrong password, unknown user and disabled account with the same 401 and message', async () => {
    await t.db.query(`UPDATE sys_user SET status = 'disabled' WHERE username = 'guest01'`);
    try {
      const responses = [await login('kf01', 'wrong-password'), await login('nobody', TEST_PASSWORD), await login('guest01', TEST_PASSWORD)];
      for (const response of responses) {
        expect(response.statusCode).toBe(401);
        expect(response.json()).toEqual({ error: { code: 'WB_ERR_INVALID_CREDENTIALS', message: '用户名或密码错误' } });
        expect(sessionCookieOf(response)).toBeUndefined();
      }
    } finally {
      await t.db.query(`UPDATE sys_user SET status = 'active' WHERE username = 'guest01'`);
    }
  });

  it('accepts a 64-character password', async () => {
    const long = 'x'.repeat(60) + 'Aa1#';
    const { createPasswordHasher } = await import('./password.ts');
    const hash = await createPasswordHasher({ scryptN: 2 ** 10 }).hash(long);
    await t.db.query(`UPDATE sys_user SET password_hash = $1 WHERE username = 'mgr01'`, [hash]);
    expect((await login('mgr01', long)).statusCode).toBe(200);
    expect((await login('mgr01', long.slice(0, 63))).statusCode).toBe(401);
  });

  it('rejects bad login input with 400 and field messages, creating no session', async () => {
    const [before] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM session');
    const response = await t.request({ method: 'POST', url: '/api/identity/login', payload: { username: '', password: 1, admin: true } });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body.error.code).toBe('WB_ERR_BAD_REQUEST');
    expect(body.error.fields).toMatchObject({ username: '请输入用户名', admin: '不允许的字段' });
    expect(body.error.fields.password).toBeTypeOf('string');
    const [after] = await t.db.query<{ n: number }>('SELECT count(*) AS n FROM session');
    expect(after?.n).toBe(before?.n);
  });

  it('requires a session for /me (401) and serves it with one', async () => {
    expect((await me(undefined)).statusCode).toBe(401);
    expect((await me(undefined)).json().error.code).toBe('WB_ERR_UNAUTHENTICATED');
    expect((await me('wb_session=not-a-real-session-id-but-43-chars-long-xxxx')).statusCode).toBe(401);
    const cookie = await t.login('kf01');
    const response = await me(cookie);
    expect(response.statusCode).toBe(200);
    expect(response.json().user.username).toBe('kf01');
  });

  it('rotates the session at login: the old id stops working', async () => {
    const first = await t.login('kf01');
    const second = await t.login('kf01', TEST_PASSWORD, { headers: { cookie: first, 'x-workbench-request': '1' } });
    expect(second).not.toBe(first);
    expect((await me(first)).statusCode).toBe(401);
    expect((await me(second)).statusCode).toBe(200);
  });

  it('logs out: the session is deleted and the cookie cleared', async () => {
    const cookie = await t.login('yk01');
    const response = await t.request({ method: 'POST', url: '/api/identity/logout', cookie });
    expect(response.statusCode).toBe(204);
    expect(response.cookies.find((c) => c.name === 'wb_session')?.value).toBe('');
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('expires a session idle for 30 minutes, and keeps one that is used', async () => {
    const idle = await t.login('kf01');
    const busy = await t.login('kf01');
    for (let i = 0; i < 3; i += 1) {
      t.clock.advance(20 * MINUTE);
      expect((await me(busy)).statusCode).toBe(200);
    }
    expect((await me(idle)).statusCode).toBe(401);
    t.clock.advance(30 * MINUTE);
    expect((await me(busy)).statusCode).toBe(401);
  });

  it('expires every session 12 hours after login however active it is', async () => {
    const cookie = await t.login('kf01');
    for (let elapsed = 0; elapsed < 12 * 60 - 20; elapsed += 20) {
      t.clock.advance(20 * MINUTE);
      expect((await me(cookie)).statusCode).toBe(200);
    }
    t.clock.advance(25 * MINUTE);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('refuses a disabled account on its next request', async () => {
    // jl01, whom no other test here signs in as (the long-password test gave mgr01 a password of its own).
    const cookie = await t.login('jl01');
    await t.db.query(`UPDATE sys_user SET status = 'disabled' WHERE username = 'jl01'`);
    try {
      expect((await me(cookie)).statusCode).toBe(401);
    } finally {
      await t.db.query(`UPDATE sys_user SET status = 'active' WHERE username = 'jl01'`);
    }
  });

  it('throttles the 11th failure per username and address with 429 + Retry-After, not other addresses', async () => {
    const attacker = { remoteAddress: '203.0.113.7' };
    for (let i = 0; i < 10; i += 1) expect((await login('yk01', `guess-${i}`, attacker)).statusCode).toBe(401);
    const blocked = await login('yk01', TEST_PASSWORD, attacker);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.json().error.code).toBe('WB_ERR_TOO_MANY_REQUESTS');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // The real user, from their own address, is not locked out.
    expect((await login('yk01', TEST_PASSWORD, { remoteAddress: '10.1.2.3' })).statusCode).toBe(200);
    t.clock.advance(61_000);
    expect((await login('yk01', TEST_PASSWORD, attacker)).statusCode).toBe(200);
  });

  it('audits login, failed login and logout with address and zone, and no secret', async () => {
    await t.db.query('DELETE FROM audit_log');
    const cookie = await t.login('kf01');
    await login('kf01', 'bad-password-123', { remoteAddress: '198.51.100.9' });
    await t.request({ method: 'POST', url: '/api/identity/logout', cookie });
    const rows = await t.db.query<{ action: string; actor: string; result: string; ip: string; zone: string; detail: unknown; at: Date }>(
      'SELECT action, actor, result, ip, zone, detail, at FROM audit_log ORDER BY id',
    );
    expect(rows.map((r) => [r.action, r.actor, r.result, r.ip, r.zone])).toEqual([
      ['identity.login', 'kf01', 'success', '127.0.0.1', 'intranet'],
      ['identity.login', 'kf01', 'failure', '198.51.100.9', 'internet'],
      ['identity.logout', 'kf01', 'success', '127.0.0.1', 'intranet'],
    ]);
    expect(rows[0]?.at).toEqual(t.clock.now());
    expect(JSON.stringify(rows)).not.toContain('bad-password-123');
    expect(JSON.stringify(rows)).not.toContain(cookie.split('=')[1]);
  });
});
