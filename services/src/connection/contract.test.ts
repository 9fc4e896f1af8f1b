/**
 * The connection mock (`@wb/mocks` connectionHandlers, used by the 业扩报装 dev harness and app tests) and the
 * connection service answer the same scenarios the same way (ADR 0026): each operation on its own route,
 * If-Match 428 / 400 / 412, state 409, body 400 first, ETag = version, Idempotency-Key on 受理.
 */
import { expect, it } from 'vitest';
import { connectionHandlers, createConnectionDataset } from '@wb/mocks';
import { describeContract, injectCaller, mockCaller, type ContractTargets } from '../testing/contract.ts';
import { BASE, createConnectionTestApp, residentApplication, type ConnectionTestApp } from './testing.ts';

const targets: ContractTargets = {
  mock: async () => mockCaller(BASE, (baseUrl) => connectionHandlers({ baseUrl, dataset: createConnectionDataset() })),
  service: async () => {
    const t: ConnectionTestApp = await createConnectionTestApp('pglite', { customers: 300 });
    return { call: injectCaller(t, BASE, t.cookies), close: () => t.close() };
  },
};

describeContract('connection', targets, (_target, call) => {
  let n = 0;

  /** A new application at 现场勘查, and a valid survey body for it. */
  async function fresh(): Promise<{ appNo: string; etag: string; version: number; survey: Record<string, unknown> }> {
    n += 1;
    const created = await call('yk01', 'POST', '/applications', residentApplication(900 + n));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body['nodeKey']).toBe('survey');
    const version = Number(created.body['version']);
    expect(created.etag).toBe(`"${version}"`);
    const tgs = await call('yk02', 'GET', '/tgs?orgUnitCode=334010101');
    const tgId = (tgs.body as unknown as Array<{ id: string }>)[0]?.id;
    return { appNo: String(created.body['appNo']), etag: created.etag as string, version, survey: { result: 'READY', tgId, photoNote: '表箱照片', opinion: '具备供电条件' } };
  }

  it('reads an application with its version as ETag; an unknown one is 404', async () => {
    const app = await fresh();
    const read = await call('yk02', 'GET', `/applications/${app.appNo}`);
    expect([read.status, read.etag]).toEqual([200, app.etag]);
    expect((await call('yk02', 'GET', '/applications/YK2099010199999')).code).toBe('WB_ERR_NOT_FOUND');
  });

  it('refuses a step by the one If-Match rule: body 400 first, then absent or * 428, malformed 400, stale 412', async () => {
    const app = await fresh();
    const path = `/applications/${app.appNo}/survey:complete`;
    const invalid = await call('yk02', 'POST', path, {}, { 'if-match': app.etag });
    expect(invalid.status).toBe(400);
    expect(invalid.code).toBe('WB_ERR_BAD_REQUEST');
    const missing = await call('yk02', 'POST', path, app.survey);
    expect([missing.status, missing.code]).toEqual([428, 'WB_ERR_PRECONDITION_REQUIRED']);
    const any = await call('yk02', 'POST', path, app.survey, { 'if-match': '*' });
    expect([any.status, any.code]).toEqual([428, 'WB_ERR_PRECONDITION_REQUIRED']);
    const malformed = await call('yk02', 'POST', path, app.survey, { 'if-match': '"v2"' });
    expect([malformed.status, malformed.code, malformed.fields]).toEqual([400, 'WB_ERR_BAD_REQUEST', ['if-match']]);
    const stale = await call('yk02', 'POST', path, app.survey, { 'if-match': `"${app.version + 5}"` });
    expect([stale.status, stale.code]).toEqual([412, 'WB_ERR_PRECONDITION_FAILED']);
    // Nothing changed: the application is where it was, at the same version.
    const after = await call('yk02', 'GET', `/applications/${app.appNo}`);
    expect([after.body['nodeKey'], after.etag]).toEqual(['survey', app.etag]);
    // Unknown application with a valid body: 404 before If-Match.
    expect((await call('yk02', 'POST', '/applications/YK2099010199999/survey:complete', app.survey)).status).toBe(404);
  });

  it('refuses a step at the wrong node with 409', async () => {
    const app = await fresh();
    const wrong = await call('yk02', 'POST', `/applications/${app.appNo}/archive:complete`, {}, { 'if-match': app.etag });
    expect([wrong.status, wrong.code]).toEqual([409, 'WB_ERR_CONFLICT']);
  });

  it('suspends and resumes on their own routes, each a new version; steps wait while suspended', async () => {
    const app = await fresh();
    const reason = { reason: '客户要求暂缓' };
    expect((await call('yk02', 'POST', `/applications/${app.appNo}/suspend`, { reason: '' }, { 'if-match': app.etag })).status).toBe(400);
    expect((await call('yk02', 'POST', `/applications/${app.appNo}/suspend`, reason)).status).toBe(428);
    const suspended = await call('yk02', 'POST', `/applications/${app.appNo}/suspend`, reason, { 'if-match': app.etag });
    expect([suspended.status, suspended.body['status'], suspended.etag]).toEqual([200, 'SUSPENDED', `"${app.version + 1}"`]);
    const blocked = await call('yk02', 'POST', `/applications/${app.appNo}/survey:complete`, app.survey, { 'if-match': suspended.etag as string });
    expect([blocked.status, blocked.code]).toEqual([409, 'WB_ERR_CONFLICT']);
    expect((await call('yk02', 'POST', `/applications/${app.appNo}/suspend`, reason, { 'if-match': suspended.etag as string })).status).toBe(409);
    const resumed = await call('yk02', 'POST', `/applications/${app.appNo}/resume`, reason, { 'if-match': suspended.etag as string });
    expect([resumed.status, resumed.body['status'], resumed.etag]).toEqual([200, 'IN_PROGRESS', `"${app.version + 2}"`]);
    expect((await call('yk02', 'POST', `/applications/${app.appNo}/resume`, reason, { 'if-match': resumed.etag as string })).status).toBe(409);
  });

  it('returns to the previous node on its own route; at 受理 there is nothing to return to (409)', async () => {
    const app = await fresh();
    const body = { target: 'previous', reason: '资料不全，请补充' };
    expect((await call('yk02', 'POST', `/applications/${app.appNo}/return`, { target: 'nowhere', reason: '资料不全' }, { 'if-match': app.etag })).status).toBe(400);
    const returned = await call('yk02', 'POST', `/applications/${app.appNo}/return`, body, { 'if-match': app.etag });
    expect([returned.status, returned.body['nodeKey']]).toEqual([200, 'accept']);
    expect(Number(returned.body['version'])).toBeGreaterThan(app.version);
    const again = await call('yk01', 'POST', `/applications/${app.appNo}/return`, body, { 'if-match': returned.etag as string });
    expect([again.status, again.code]).toEqual([409, 'WB_ERR_CONFLICT']);
  });

  it('受理 with an Idempotency-Key: a retry answers the same application (200), another body 422', async () => {
    const input = residentApplication(990);
    const key = { 'idempotency-key': `contract-${Date.now()}` };
    const first = await call('yk01', 'POST', '/applications', input, key);
    const retry = await call('yk01', 'POST', '/applications', input, key);
    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.body['appNo']).toBe(first.body['appNo']);
    const other = await call('yk01', 'POST', '/applications', residentApplication(991), key);
    expect([other.status, other.code]).toEqual([422, 'WB_ERR_UNPROCESSABLE']);
    expect((await call('yk01', 'POST', '/applications', input, { 'idempotency-key': 'k'.repeat(129) })).status).toBe(400);
  });

  it('业扩附件: the clerk adds a PNG to 受理 (201), lists it, deletes it (204); an .exe is 400, over 10 MB is 413', async () => {
    const app = await fresh();
    const part = (name: string, type: string, bytes: Uint8Array): [Uint8Array, Record<string, string>] => {
      const boundary = `contract-${n}`;
      const head = new TextEncoder().encode(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`);
      const tail = new TextEncoder().encode(`\r\n--${boundary}--\r\n`);
      return [Buffer.concat([head, bytes, tail]), { 'content-type': `multipart/form-data; boundary=${boundary}` }];
    };
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');
    const path = `/applications/${app.appNo}/attachments`;
    const added = await call('yk01', 'POST', `${path}?kind=ID_DOC`, ...part('证件.png', 'image/png', png));
    expect([added.status, added.body['step'], added.body['fileName'], added.body['contentType']]).toEqual([201, 'accept', '证件.png', 'image/png']);
    const listed = await call('yk01', 'GET', path);
    expect([listed.status, (listed.body['items'] as unknown[]).length, listed.body['uploadStep']]).toEqual([200, 1, 'accept']);
    const exe = await call('yk01', 'POST', `${path}?kind=OTHER`, ...part('setup.exe', 'application/x-msdownload', Buffer.from('4d5a9000', 'hex')));
    expect([exe.status, exe.code]).toEqual([400, 'WB_ERR_BAD_REQUEST']);
    const big = await call('yk01', 'POST', `${path}?kind=OTHER`, ...part('big.png', 'image/png', Buffer.concat([png, Buffer.alloc(10 * 1024 * 1024)])));
    expect([big.status, big.code]).toEqual([413, 'WB_ERR_PAYLOAD_TOO_LARGE']);
    expect((await call('yk01', 'POST', `${path}?kind=NONE`, ...part('a.png', 'image/png', png))).status).toBe(400);
    expect((await call('yk01', 'DELETE', `${path}/${String(added.body['id'])}`)).status).toBe(204);
    expect((await call('yk01', 'GET', path)).body['items']).toEqual([]);
    expect((await call('yk01', 'GET', '/applications/YK2099010199999/attachments')).status).toBe(404);
  });
});
