import { describe, expect, it } from 'vitest';
import { createIdentityClient, parseRetryAfter } from './identity-client.ts';

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates, and falls back to a minute', () => {
    expect(parseRetryAfter('42')).toBe(42);
    expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(30);
    expect(parseRetryAfter(null)).toBe(60);
    expect(parseRetryAfter('soon')).toBe(60);
  });
});

describe('identity client', () => {
  it('reports a network failure as unavailable instead of throwing', async () => {
    const client = createIdentityClient(() => Promise.reject(new TypeError('offline')));
    await expect(client.login({ username: 'kf01', password: 'x' })).resolves.toEqual({ ok: false, kind: 'unavailable' });
    await expect(client.logout()).resolves.toBe(false);
  });

  it('treats 401 on logout as already logged out', async () => {
    const client = createIdentityClient(() => Promise.resolve(new Response(null, { status: 401 })));
    await expect(client.logout()).resolves.toBe(true);
  });
});
