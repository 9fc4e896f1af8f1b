/**
 * Issue 9 item 4 (ADR 0018): login under a flood. A bounded hash queue (503 + Retry-After at once when
 * full), per-address limits across usernames, and an account lockout with a notice — which never locks
 * the account out for the addresses its user has signed in from.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { testDbKinds } from '@wb/server-kit/testing';
import { TEST_PASSWORD, createTestApp } from '../testing/harness.ts';
import type { TestApp, TestAppOptions } from '../testing/harness.ts';

const IAM = '/api/svc/iam/v1';

function loginAs(t: TestApp, username: string, password: string, remoteAddress: string): Promise<LightMyRequestResponse> {
  return t.request({ method: 'POST', url: '/api/identity/login', payload: { username, password }, remoteAddress });
}

function expectRetryAfter(response: LightMyRequestResponse, min: number, max: number): void {
  const seconds = Number(response.headers['retry-after']);
  expect(seconds).toBeGreaterThanOrEqual(min);
  expect(seconds).toBeLessThanOrEqual(max);
}

describe.each(testDbKinds())('login under a flood on %s', (kind) => {
  const apps: TestApp[] = [];
  const open = async (options: TestAppOptions): Promise<TestApp> => {
    const t = await createTestApp(kind, options);
    apps.push(t);
    return t;
  };
  afterAll(async () => {
    for (const t of apps) await t.close();
  });

  it('answers logins beyond the hash queue with 503 + Retry-After instead of piling them up', async () => {
    // One derivation at a time, one waiting; 2^15 makes each take long enough that eight arrive together.
    const t = await open({ env: { LOGIN_HASH_CONCURRENCY: '1', LOGIN_HASH_QUEUE: '1' }, testing: { scryptN: 2 ** 15 } });
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => loginAs(t, `nobody${i}`, 'guess', `198.51.100.${i + 1}`)));
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeGreaterThanOrEqual(2);
    const refused = responses.filter((r) => r.statusCode === 503);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(codes.filter((c) => c !== 401 && c !== 503)).toEqual([]);
    for (const response of refused) {
      expect(response.json().error.code).toBe('WB_ERR_SERVICE_UNAVAILABLE');
      expectRetryAfter(response, 1, 60);
    }
  }, 60_000);

  it('answers a refusal late to an address that asks again before its Retry-After (ADR 0044)', async () => {
    const t = await open({ env: { LOGIN_ADDRESS_MAX_FAILURES: '2', LOGIN_REFUSAL_DELAY_MS: '400' } });
    const script = '198.51.100.40';
    for (let i = 0; i < 2; i += 1) expect((await loginAs(t, `probe${i}`, 'guess', script)).statusCode).toBe(401);
    const timed = async (address: string): Promise<{ status: number; ms: number }> => {
      const started = performance.now();
      const response = await loginAs(t, 'probe9', 'guess', address);
      return { status: response.statusCode, ms: performance.now() - started };
    };
    const first = await timed(script);
    expect(first.status).toBe(429);
    const again = await timed(script); // at once, although Retry-After said minutes: held for the cap
    expect(again.status).toBe(429);
    expect(again.ms).toBeGreaterThanOrEqual(380);
    expect(again.ms).toBeGreaterThan(first.ms);
  }, 60_000);

  describe('limits', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await open({
        env: { LOGIN_ADDRESS_MAX_FAILURES: '5', LOGIN_ADDRESS_MAX_ATTEMPTS: '40', LOGIN_LOCKOUT_FAILURES: '4', LOGIN_LOCKOUT_MINUTES: '15' },
      });
    }, 60_000);

    it('limits failed logins per address across usernames: changing the username does not help', async () => {
      const attacker = '198.51.100.20';
      for (let i = 0; i < 5; i += 1) expect((await loginAs(t, `user${i}`, 'guess', attacker)).statusCode).toBe(401);
      const blocked = await loginAs(t, 'user-next', 'guess', attacker);
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().error.code).toBe('WB_ERR_TOO_MANY_REQUESTS');
      expectRetryAfter(blocked, 1, 15 * 60);
      // A real password from that address waits too, unless the account has signed in from there before.
      expect((await loginAs(t, 'kf02', TEST_PASSWORD, attacker)).statusCode).toBe(429);
      // Other addresses are not affected.
      expect((await loginAs(t, 'kf02', TEST_PASSWORD, '198.51.100.21')).statusCode).toBe(200);
    });

    it('lets an account that signed in from an address before past that address\'s failure limit', async () => {
      const office = '198.51.100.40';
      expect((await loginAs(t, 'df01', TEST_PASSWORD, office)).statusCode).toBe(200);
      for (let i = 0; i < 5; i += 1) expect((await loginAs(t, `typo${i}`, 'guess', office)).statusCode).toBe(401);
      expect((await loginAs(t, 'someone-new', 'guess', office)).statusCode).toBe(429);
      expect((await loginAs(t, 'df01', TEST_PASSWORD, office)).statusCode).toBe(200);
    });

    it('caps all login attempts per address, successful ones included', async () => {
      const busy = '198.51.100.30';
      const codes: number[] = [];
      for (let i = 0; i < 41; i += 1) codes.push((await loginAs(t, 'kf01', TEST_PASSWORD, busy)).statusCode);
      expect(codes.slice(0, 40).every((c) => c === 200)).toBe(true);
      expect(codes[40]).toBe(429);
    }, 60_000);

    it('locks an account after N failures from any addresses, says so in Chinese, audits it, and spares known addresses', async () => {
      const home = '10.9.9.9';
      expect((await loginAs(t, 'yk02', TEST_PASSWORD, home)).statusCode).toBe(200);
      for (let i = 1; i <= 4; i += 1) expect((await loginAs(t, 'yk02', `guess-${i}`, `203.0.113.${i}`)).statusCode).toBe(401);
      const locked = await loginAs(t, 'yk02', TEST_PASSWORD, '203.0.113.50');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.message).toBe('账号已临时锁定，请 15 分钟后再试');
      expectRetryAfter(locked, 14 * 60, 15 * 60);
      // The user at an address they have signed in from is not locked out by someone elsewhere.
      expect((await loginAs(t, 'yk02', TEST_PASSWORD, home)).statusCode).toBe(200);
      const audit = await t.db.query<{ action: string; target: string; result: string }>(
        `SELECT action, target, result FROM audit_log WHERE action = 'identity.login.lockout' AND target = 'yk02'`,
      );
      expect(audit).toEqual([{ action: 'identity.login.lockout', target: 'yk02', result: 'success' }]);
      t.clock.advance(10 * 60_000);
      expect((await loginAs(t, 'yk02', TEST_PASSWORD, '203.0.113.50')).json().error.message).toBe('账号已临时锁定，请 5 分钟后再试');
      t.clock.advance(5 * 60_000 + 1000);
      expect((await loginAs(t, 'yk02', TEST_PASSWORD, '203.0.113.50')).statusCode).toBe(200);
    });

    it('locks unknown usernames the same way, so a lockout says nothing about who exists', async () => {
      for (let i = 1; i <= 4; i += 1) expect((await loginAs(t, 'ghost', `guess-${i}`, `203.0.113.${100 + i}`)).statusCode).toBe(401);
      const locked = await loginAs(t, 'ghost', 'guess', '203.0.113.150');
      expect(locked.statusCode).toBe(429);
      expect(locked.json().error.message).toBe('账号已临时锁定，请 15 分钟后再试');
    });

    it('lets an administrator lift a lockout (audited)', async () => {
      for (let i = 1; i <= 4; i += 1) expect((await loginAs(t, 'jl01', `guess-${i}`, `203.0.113.${200 + i}`)).statusCode).toBe(401);
      expect((await loginAs(t, 'jl01', TEST_PASSWORD, '203.0.113.250')).statusCode).toBe(429);
      const admin = await t.login('admin');
      const [user] = await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'jl01'`);
      const unlocked = await t.request({ method: 'POST', url: `${IAM}/users/${user!.id}/login-lock:clear`, cookie: admin });
      expect(unlocked.statusCode).toBe(204);
      expect((await loginAs(t, 'jl01', TEST_PASSWORD, '203.0.113.250')).statusCode).toBe(200);
      const audit = await t.db.query<{ actor: string; target: string }>(`SELECT actor, target FROM audit_log WHERE action = 'iam.user.login.unlock'`);
      expect(audit).toEqual([{ actor: 'admin', target: 'jl01' }]);
    });
  });
});
