/**
 * docs/quality.md P9: a route behind the full permission check (session cookie → cached principal → permission
 * set, zone/channel filter) against the very same route with the check stubbed to allow (declared public,
 * no cookie: the access hook returns at once). Target: checked throughput ≥ 0.9× the stubbed one, which
 * holds only if the check is a cache lookup, not a database round trip per request.
 *
 *   npx tsx bench/p9-permission-check.ts [--requests 200] [--rounds 40]
 *
 * In-process (`app.inject`, PGlite). Checked and stubbed requests alternate one by one, in rounds compared
 * by their medians, so load from other processes (a shared machine) hits both sides alike; the handler does nothing, so the check's share
 * of the request is as large as it can be.
 */
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { createTestApp } from '../services/src/testing/harness.ts';
import { median } from './lib/stats.ts';
import { describe, verdictOf, type Verdict, type VerdictWord } from './lib/verdict.ts';
import { argument } from './lib/args.ts';

const TARGET_RATIO = 0.9;

export interface P9Result {
  id: 'P9';
  /** Requests per batch, and batches per side. */
  requests: number;
  rounds: number;
  /** From the median batch of each side. */
  checkedRps: number;
  stubbedRps: number;
  /** checked ÷ stubbed throughput */
  ratio: number;
  /** Database queries the checked side issued per request once warm (0 when the cache serves it). */
  queriesPerCheckedRequest: number;
  /** Paired per-round checked ÷ stubbed throughput: its p25–p75 and the verdict read from it. */
  spread: Verdict;
  verdict: VerdictWord;
  pass: boolean;
}

async function routes(app: FastifyInstance): Promise<void> {
  const handler = async () => ({ ok: true });
  app.get('/api/bench/checked', { config: { access: { permission: 'cust:archive:view' } } }, handler);
  app.get('/api/bench/stubbed', { config: { access: 'public' } }, handler);
}

async function once(app: FastifyInstance, url: string, headers: Record<string, string>): Promise<number> {
  const start = process.hrtime.bigint();
  const response = await app.inject({ method: 'GET', url, headers });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
  return elapsed;
}

async function timeBatch(app: FastifyInstance, url: string, n: number, cookie?: string): Promise<number> {
  let total = 0;
  for (let i = 0; i < n; i++) total += await once(app, url, cookie ? { cookie } : {});
  return total;
}

/** One round: `n` checked and `n` stubbed requests alternating, so load from elsewhere hits both alike. */
async function timeRound(app: FastifyInstance, n: number, cookie: string): Promise<{ checked: number; stubbed: number }> {
  let checked = 0;
  let stubbed = 0;
  for (let i = 0; i < n; i++) {
    // ABBA order: neither side always runs right after the other's garbage.
    if (i % 2 === 0) {
      checked += await once(app, '/api/bench/checked', { cookie });
      stubbed += await once(app, '/api/bench/stubbed', {});
    } else {
      stubbed += await once(app, '/api/bench/stubbed', {});
      checked += await once(app, '/api/bench/checked', { cookie });
    }
  }
  return { checked, stubbed };
}

/** Counts the queries the Db runs during `fn`. */
async function countQueries(app: FastifyInstance, fn: () => Promise<unknown>): Promise<number> {
  const db = app.db as { query: (...args: unknown[]) => Promise<unknown> };
  const original = db.query;
  let count = 0;
  db.query = (...args: unknown[]) => {
    count++;
    return original.apply(app.db, args);
  };
  try {
    await fn();
  } finally {
    db.query = original;
  }
  return count;
}

export async function run(options: { requests?: number; rounds?: number } = {}): Promise<P9Result> {
  const requests = options.requests ?? 200;
  const rounds = options.rounds ?? 40;
  const t = await createTestApp('pglite', { plugins: [routes] });
  try {
    const cookie = await t.login('yk01');
    await timeBatch(t.app, '/api/bench/checked', 200, cookie); // warm up both sides
    await timeBatch(t.app, '/api/bench/stubbed', 200);
    const warmQueries = await countQueries(t.app, () => timeBatch(t.app, '/api/bench/checked', 100, cookie));
    const checked: number[] = [];
    const stubbed: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const round = await timeRound(t.app, requests, cookie);
      checked.push(round.checked);
      stubbed.push(round.stubbed);
    }
    const checkedRps = Math.round((requests / median(checked)) * 1000);
    const stubbedRps = Math.round((requests / median(stubbed)) * 1000);
    const ratio = Math.round((checkedRps / stubbedRps) * 1000) / 1000;
    // Same request count per side in a round, so stubbed time ÷ checked time is checked ÷ stubbed throughput.
    const spread = verdictOf(checked.map((c, i) => (stubbed[i] as number) / c), { op: '≥', value: TARGET_RATIO });
    return { id: 'P9', requests, rounds, checkedRps, stubbedRps, ratio, queriesPerCheckedRequest: warmQueries / 100, spread, verdict: spread.verdict, pass: spread.verdict === 'meets' };
  } finally {
    await t.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await run({ requests: argument('requests'), rounds: argument('rounds') });
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `P9: checked ${result.checkedRps} req/s vs stubbed ${result.stubbedRps} req/s; per-round ratio ${describe(result.spread)}; ` +
      `${result.queriesPerCheckedRequest} DB queries per checked request — ${result.verdict}`,
  );
}
