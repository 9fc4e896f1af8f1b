/**
 * docs/quality.md P4: the registry feed API (`GET /api/registry/feed`: session, per-user resolution of every
 * app's version with rollout and visibility, the user's 应用市场 choices, import map with integrity) against
 * a plain Fastify route in the same server returning the same JSON. Target: ≥ 0.7× the plain route's
 * req/s and p99 ≤ 2× its p99, under autocannon with 100 connections.
 *
 *   npx tsx bench/p4-feed.ts [--apps 16] [--seconds 4] [--rounds 4]
 *
 * In-process server (PGlite, listening on a free port) with the registry fixtures plus `--apps` generated
 * micro-apps published through the pipeline, one with a targeted rollout and one removed from the user's
 * menu, so that every feed step runs. Feed and plain runs alternate in rounds (ABBA); the medians compare.
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { makeBundle } from '../registry/src/testing.ts';
import { TEST_FIXTURE_APP_DIRS, TEST_REGISTRY_DIRS, createTestApp } from '../services/src/testing/harness.ts';
import { median } from './lib/stats.ts';
import { combine, describe, verdictOf, type Verdict, type VerdictWord } from './lib/verdict.ts';
import { argument } from './lib/args.ts';
import { loadTest, type AutocannonResult } from './lib/load.ts';

const TARGET_RATIO = 0.7;
const TARGET_P99 = 2;

export interface P4Result {
  id: 'P4';
  apps: number;
  feedRps: number;
  plainRps: number;
  ratio: number;
  feedP99: number;
  plainP99: number;
  p99Ratio: number;
  /** Paired per-round feed ÷ plain req/s and p99, with their p25–p75 and verdicts. */
  rpsSpread: Verdict;
  p99Spread: Verdict;
  verdict: VerdictWord;
  pass: boolean;
}

function measure(url: string, seconds: number, cookie: string): Promise<AutocannonResult> {
  return loadTest(url, { connections: 100, seconds, headers: { cookie } });
}

export async function run(options: { apps?: number; seconds?: number; rounds?: number } = {}): Promise<P4Result> {
  const appCount = options.apps ?? 16;
  const seconds = options.seconds ?? 4;
  const rounds = options.rounds ?? 4;
  let plainBody = '';
  const plainRoute = async (app: FastifyInstance): Promise<void> => {
    // The peer: the same JSON, already serialized once, from a route with no session and no work.
    app.get('/api/bench/plain-feed', { config: { access: 'public' } }, async (_request, reply) => reply.type('application/json; charset=utf-8').send(plainBody));
  };
  const t = await createTestApp('pglite', { registry: { ...TEST_REGISTRY_DIRS, appDirs: [...TEST_FIXTURE_APP_DIRS] }, plugins: [plainRoute] });
  try {
    const publisher = t.app.registry.publisher;
    for (let i = 0; i < appCount; i++) {
      const id = `bench-app-${String(i).padStart(2, '0')}`;
      const manifest = {
        id,
        name: `压测应用${i}`,
        category: '压测',
        menus: [{ key: `${id}-home`, title: `压测应用${i}`, path: `/app/${id}`, order: i }],
        widgets: [{ id: `${id}-card`, title: `卡片${i}` }],
        // Without an access rule an app is closed to all but administrators (ADR 0023).
        access: { permissions: ['cust:archive:view'] },
      };
      const chunks = { 'chunks/a.js': `export const a = ${i};`, 'chunks/b.js': `export const b = ${i};`, 'style.css': 'a{}' };
      await publisher.publish({ files: makeBundle(manifest, chunks), actor: 'system', autoApprove: true });
      if (i === 0) await publisher.publish({ files: makeBundle({ ...manifest, version: '1.1.0' }, chunks), actor: 'system' });
    }
    await t.db.query(`UPDATE registry_version SET status = 'PUBLISHED' WHERE app_id = 'bench-app-00' AND version = '1.1.0'`);
    await t.db.query(
      `UPDATE registry_app SET rollout = $1::jsonb WHERE id = 'bench-app-00'`,
      [JSON.stringify({ version: '1.1.0', orgUnitCodes: ['3340101'], postCodes: [], percent: 10, updatedBy: 'bench', updatedAt: new Date().toISOString() })],
    );
    t.app.registry.feed.invalidate();
    const cookie = await t.login('yk01');
    const userId = (await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'yk01'`))[0]?.id;
    await t.db.query('INSERT INTO registry_user_app_pref (user_id, app_id, in_menu) VALUES ($1, $2, false)', [userId, 'bench-app-01']);

    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    const feedRes = await fetch(`${base}/api/registry/feed`, { headers: { cookie } });
    plainBody = await feedRes.text();
    const feed = JSON.parse(plainBody) as { apps: Array<{ id: string; version: string; inMenu: boolean }> };
    if (feed.apps.length < appCount) throw new Error(`feed has ${feed.apps.length} apps, expected ≥ ${appCount}`);
    if (feed.apps.find((a) => a.id === 'bench-app-00')?.version !== '1.1.0') throw new Error('rollout not applied');

    await measure(`${base}/api/registry/feed`, 1, cookie); // warm up both
    await measure(`${base}/api/bench/plain-feed`, 1, cookie);
    const feedRps: number[] = [];
    const plainRps: number[] = [];
    const feedP99: number[] = [];
    const plainP99: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const order = r % 2 === 0 ? ['feed', 'plain'] : ['plain', 'feed'];
      for (const side of order) {
        const result = await measure(`${base}${side === 'feed' ? '/api/registry/feed' : '/api/bench/plain-feed'}`, seconds, cookie);
        // A window in which no request completed (an overloaded machine) has no figures: NaN, left out of the spreads.
        const none = result.requests.total === 0;
        (side === 'feed' ? feedRps : plainRps).push(none ? Number.NaN : result.requests.average);
        (side === 'feed' ? feedP99 : plainP99).push(none ? Number.NaN : result.latency.p99);
      }
    }
    const f = median(feedRps.filter(Number.isFinite));
    const p = median(plainRps.filter(Number.isFinite));
    const ratio = Math.round((f / p) * 1000) / 1000;
    const fp99 = median(feedP99.filter(Number.isFinite));
    const pp99 = median(plainP99.filter(Number.isFinite));
    const p99Ratio = Math.round((fp99 / Math.max(pp99, 1)) * 100) / 100;
    const rpsSpread = verdictOf(feedRps.map((f, i) => f / (plainRps[i] as number)), { op: '≥', value: TARGET_RATIO });
    const p99Spread = verdictOf(feedP99.map((f, i) => f / Math.max(plainP99[i] as number, 1)), { op: '≤', value: TARGET_P99 });
    const verdict = combine([rpsSpread, p99Spread]);
    return {
      id: 'P4',
      apps: feed.apps.length,
      feedRps: Math.round(f),
      plainRps: Math.round(p),
      ratio,
      feedP99: fp99,
      plainP99: pp99,
      p99Ratio,
      rpsSpread,
      p99Spread,
      verdict,
      pass: verdict === 'meets',
    };
  } finally {
    await t.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run({ apps: argument('apps'), seconds: argument('seconds'), rounds: argument('rounds') });
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `P4: feed ${result.feedRps} req/s vs plain ${result.plainRps} req/s, per-round ratio ${describe(result.rpsSpread)}; ` +
      `p99 ${result.feedP99} vs ${result.plainP99} ms, per-round ratio ${describe(result.p99Spread)} — ${result.verdict}`,
  );
}
