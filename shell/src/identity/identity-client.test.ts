import { describe, expect, it } from 'vitest';
import { testFeed, testUser } from '../test/fixtures.ts';
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

  it('switches the post with PUT, the CSRF header and {postCode, orgUnitCode}; null when refused', async () => {
    const calls: Array<{ url: string; init: RequestInit | undefined }> = [];
    const user = testUser();
    const client = createIdentityClient(async (input, init) => {
      calls.push({ url: String(input), init });
      return Response.json({ user });
    });
    const post = { code: 'YK_SURVEY', name: '现场勘查员', orgUnitCode: '334010102', orgUnitName: '城西供电所' };
    await expect(client.switchPost(post)).resolves.toEqual(user);
    expect(calls[0]?.url).toBe('/api/identity/session/active-post');
    expect(calls[0]?.init?.method).toBe('PUT');
    expect(new Headers(calls[0]?.init?.headers).get('x-workbench-request')).toBe('1');
    expect(JSON.parse(String(calls[0]?.init?.body))).toEqual({ postCode: 'YK_SURVEY', orgUnitCode: '334010102' });
    const refused = createIdentityClient(async () => Response.json({ error: { code: 'WB_ERR_NOT_ALLOWED', message: 'x' } }, { status: 403 }));
    await expect(refused.switchPost(post)).resolves.toBeNull();
  });

  it('fetches the feed for the page channel and validates it', async () => {
    const seen: Array<string | null> = [];
    const feed = testFeed({ channel: 'mobile' });
    const client = createIdentityClient(async (_input, init) => {
      seen.push(new Headers(init?.headers).get('x-workbench-channel'));
      return Response.json(feed);
    });
    await expect(client.fetchFeed('mobile')).resolves.toEqual(feed);
    expect(seen).toEqual(['mobile']);
    const broken = createIdentityClient(async () => Response.json({ apps: 'nope' }));
    await expect(broken.fetchFeed('workbench')).resolves.toBeNull();
  });

  it('changes the password; 400 carries the message and the known per-field errors, 401 and failures are told apart', async () => {
    const request = { currentPassword: 'Initial#Pass2026', newPassword: 'password1234' };
    const ok = createIdentityClient(async () => Response.json({ user: testUser() }));
    await expect(ok.changePassword(request)).resolves.toEqual({ ok: true });
    const weak = createIdentityClient(async () =>
      Response.json({ error: { code: 'WB_ERR_BAD_REQUEST', message: '该密码过于常见，请换一个', fields: { newPassword: '该密码过于常见，请换一个', other: 'x' } } }, { status: 400 }),
    );
    await expect(weak.changePassword(request)).resolves.toEqual({
      ok: false,
      kind: 'bad-request',
      message: '该密码过于常见，请换一个',
      fields: { newPassword: '该密码过于常见，请换一个' },
    });
    const gone = createIdentityClient(async () => new Response(null, { status: 401 }));
    await expect(gone.changePassword(request)).resolves.toEqual({ ok: false, kind: 'unauthenticated' });
    const offline = createIdentityClient(() => Promise.reject(new TypeError('offline')));
    await expect(offline.changePassword(request)).resolves.toEqual({ ok: false, kind: 'unavailable' });
  });
});
