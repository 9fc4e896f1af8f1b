/**
 * Issue 11 (publishing for teams outside this repository), registry side, through the real server: import and
 * format checks at upload, closed-by-default access with the seeded accounts, the reviewer's explicit approval
 * choice and the platform descriptor (ADR 0023).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { feedSchema, hasAccessRule } from '@wb/contracts';
import type { ManifestInput } from '@wb/contracts';
import { approveResponseSchema, platformDescriptorSchema, publishResponseSchema, storeAppDetailSchema } from '@wb/contracts/appstore';
import { readBundleDir } from '@wb/registry';
import { OPEN_ACCESS, makeBundle, zipOf } from '@wb/registry/testing';
import { testDbKinds } from '@wb/server-kit/testing';
import { createTestApp } from './testing/harness.ts';
import { suiteApp } from './testing/suite.ts';

const STORE = '/api/svc/appstore/v1';
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const registryFixture = (name: string): string => fileURLToPath(new URL(`../../registry/test-fixtures/apps/${name}`, import.meta.url));

const bundle = (manifest: Partial<ManifestInput>): Buffer => zipOf(makeBundle({ category: '测试', owner: 'publishing-tests', access: OPEN_ACCESS, ...manifest }));

describe.each(testDbKinds())('publishing for outside teams on %s', (kind) => {
  const t = suiteApp(() => createTestApp(kind));
  const cookies: Record<string, string> = {};
  const as = async (user: string) => (cookies[user] ??= await t.login(user));
  const call = async (user: string | null, method: InjectOptions['method'], url: string, payload?: object | Buffer) =>
    t.request({
      method,
      url,
      ...(user ? { cookie: await as(user) } : {}),
      ...(payload === undefined ? {} : Buffer.isBuffer(payload) ? { payload, headers: { 'content-type': 'application/zip' } } : { payload }),
    });
  const upload = (zip: Buffer) => call('dev01', 'POST', `${STORE}/versions`, zip);
  const feedApps = async (user: string): Promise<string[]> =>
    feedSchema.parse((await call(user, 'GET', '/api/registry/feed')).json()).apps.map((a) => a.id);
  const currentOf = async (appId: string) => storeAppDetailSchema.parse((await call('rev01', 'GET', `${STORE}/apps/${appId}`)).json()).app.currentVersion;

  /** dev01 uploads and submits; returns nothing but fails loudly. */
  async function submitted(manifest: Partial<ManifestInput>): Promise<void> {
    const up = await upload(bundle(manifest));
    expect(up.statusCode, up.body).toBe(201);
    const { appId, version } = publishResponseSchema.parse(up.json());
    expect((await call('dev01', 'POST', `${STORE}/apps/${appId}/versions/${version}/submit`)).statusCode).toBe(204);
  }
  const approve = (appId: string, version: string, body: object) => call('rev01', 'POST', `${STORE}/apps/${appId}/versions/${version}/approve`, body);
  /** An app of the test's own whose first version, 1.0.0, is approved and current. */
  async function withCurrent(id: string): Promise<void> {
    await submitted({ id });
    expect((await approve(id, '1.0.0', {})).statusCode).toBe(200);
  }


  describe('upload checks', () => {
    it('refuses a bundle importing a module the platform does not provide, with its name, storing nothing', async () => {
      const res = await upload(zipOf(await readBundleDir(registryFixture('router-app'))));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe('WB_ERR_BAD_REQUEST');
      expect(res.json().error.message).toContain('react-router-dom');
      expect(res.json().error.message).toContain('打包进应用');
      expect((await call('rev01', 'GET', `${STORE}/apps/router-app`)).statusCode).toBe(404);
    });

    it('accepts a System.register app, records the format, and serves it with its format once approved (ADR 0040)', async () => {
      const res = await upload(zipOf(await readBundleDir(registryFixture('system-hello'))));
      expect(res.statusCode, res.body).toBe(201);
      const body = publishResponseSchema.parse(res.json());
      expect(body.format).toBe('systemjs');
      expect(body.warnings.map((w) => w.code)).not.toContain('FORMAT_NOT_RUNNABLE');
      const detail = storeAppDetailSchema.parse((await call('rev01', 'GET', `${STORE}/apps/system-hello`)).json());
      expect(detail.versions[0]?.format).toBe('systemjs');
      expect((await call('dev01', 'POST', `${STORE}/apps/system-hello/versions/1.0.0/submit`)).statusCode).toBe(204);
      const approved = await approve('system-hello', '1.0.0', { release: 'current' });
      expect(approved.statusCode, approved.body).toBe(200);
      const feed = feedSchema.parse((await call('kf01', 'GET', '/api/registry/feed')).json());
      expect(feed.apps.find((a) => a.id === 'system-hello')?.format).toBe('systemjs');
    });
  });

  describe('closed by default', () => {
    it('serves an app without access to administrators only, and the upload says so', async () => {
      const up = await upload(bundle({ id: 'closed-probe', access: undefined }));
      expect(up.statusCode, up.body).toBe(201);
      const { warnings } = publishResponseSchema.parse(up.json());
      expect(warnings.map((w) => w.code)).toEqual(['ACCESS_CLOSED']);
      expect((await call('dev01', 'POST', `${STORE}/apps/closed-probe/versions/1.0.0/submit`)).statusCode).toBe(204);
      expect((await approve('closed-probe', '1.0.0', {})).statusCode).toBe(200);
      for (const user of ['guest01', 'kf01', 'yk01', 'dev01', 'rev01']) expect(await feedApps(user), user).not.toContain('closed-probe');
      expect(await feedApps('admin')).toContain('closed-probe');
    });

    it('leaves no platform app or browser-test fixture without access (nothing a demo account or test uses disappears)', () => {
      const manifests = [
        ...readdirSync(path.join(REPO_ROOT, 'apps')).map((id) => path.join(REPO_ROOT, 'apps', id, 'manifest.json')),
        ...readdirSync(path.join(REPO_ROOT, 'e2e/fixtures/apps')).map((id) => path.join(REPO_ROOT, 'e2e/fixtures/apps', id, 'manifest.json')),
        path.join(REPO_ROOT, 'e2e/fixtures/foreign-app/manifest.json'),
      ].filter((file) => existsSync(file));
      expect(manifests.length).toBeGreaterThan(8);
      for (const file of manifests) {
        // Source manifests lack `entry` (the build fills it in): read `access` as written.
        const { access, channels } = JSON.parse(readFileSync(file, 'utf8')) as { access?: Record<string, string[]>; channels?: string[] };
        // An app of the customer channel alone (掌上电力) is not gated by staff access: its feed lists it for
        // anyone and its data sits behind the customer realm's session (ADR 0045).
        if (channels?.length && channels.every((c) => c === 'customer')) continue;
        expect(hasAccessRule(access ?? {}), file).toBe(true);
      }
    });
  });

  describe('the approval choice', () => {
    it("makes an app's first version current when nothing is chosen, and refuses a pilot or published-only first version", async () => {
      await submitted({ id: 'first-probe' });
      for (const release of ['pilot', 'published']) {
        const body = release === 'pilot' ? { release, pilot: { percent: 10 } } : { release };
        const res = await approve('first-probe', '1.0.0', body);
        expect(res.statusCode, res.body).toBe(409);
        expect(res.json().error.message).toContain('第一个版本');
      }
      const res = await approve('first-probe', '1.0.0', {});
      expect(res.statusCode, res.body).toBe(200);
      expect(approveResponseSchema.parse(res.json())).toMatchObject({ release: 'current', current: true, rollout: null });
      expect(await currentOf('first-probe')).toBe('1.0.0');
    });

    it('leaves the current version unchanged by default once there is one (published, not current)', async () => {
      await withCurrent('choice-default');
      await submitted({ id: 'choice-default', version: '1.1.0' });
      const res = await approve('choice-default', '1.1.0', {});
      expect(res.statusCode, res.body).toBe(200);
      expect(approveResponseSchema.parse(res.json())).toMatchObject({ release: 'published', current: false, status: 'PUBLISHED' });
      expect(await currentOf('choice-default')).toBe('1.0.0');
    });

    it('rolls the version out to a pilot the reviewer names, or makes it current for all when chosen', async () => {
      await withCurrent('choice-pilot');
      await submitted({ id: 'choice-pilot', version: '1.2.0' });
      expect((await approve('choice-pilot', '1.2.0', { release: 'pilot' })).statusCode).toBe(400); // no scope
      const pilot = await approve('choice-pilot', '1.2.0', { release: 'pilot', pilot: { orgUnitCodes: ['3340101'] } });
      expect(pilot.statusCode, pilot.body).toBe(200);
      const body = approveResponseSchema.parse(pilot.json());
      expect(body).toMatchObject({ release: 'pilot', current: false, rollout: { version: '1.2.0', orgUnitCodes: ['3340101'], percent: 0 } });
      const detail = storeAppDetailSchema.parse((await call('rev01', 'GET', `${STORE}/apps/choice-pilot`)).json());
      expect(detail.app.currentVersion).toBe('1.0.0');
      expect(detail.rollout?.version).toBe('1.2.0');

      await submitted({ id: 'choice-pilot', version: '1.3.0' });
      const all = await approve('choice-pilot', '1.3.0', { release: 'current' });
      expect(approveResponseSchema.parse(all.json())).toMatchObject({ release: 'current', current: true });
      expect(await currentOf('choice-pilot')).toBe('1.3.0');
    });

    it('still understands makeCurrent, and refuses it contradicting release', async () => {
      await withCurrent('choice-make');
      await submitted({ id: 'choice-make', version: '1.4.0' });
      expect((await approve('choice-make', '1.4.0', { release: 'current', makeCurrent: false })).statusCode).toBe(400);
      expect(approveResponseSchema.parse((await approve('choice-make', '1.4.0', { makeCurrent: false })).json()).release).toBe('published');
    });
  });

  describe('GET /api/registry/platform', () => {
    it('answers every signed-in account with the seeded org units and posts as rollout targets; anonymous 401', async () => {
      expect((await call(null, 'GET', '/api/registry/platform')).statusCode).toBe(401);
      const res = await call('guest01', 'GET', '/api/registry/platform');
      expect(res.statusCode, res.body).toBe(200);
      const d = platformDescriptorSchema.parse(res.json());
      expect(d.orgUnits).toContainEqual(expect.objectContaining({ code: '3340101' }));
      expect(d.posts).toContainEqual(expect.objectContaining({ code: 'KF_AGENT' }));
      expect(d.appStoreApi).toBe(STORE);
    });
  });
});
