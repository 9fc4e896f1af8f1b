/**
 * Issue 16, ADR 0057: the workbench as a cluster of real processes on one PostgreSQL database (and Redis when it
 * answers) — two full instances behind a small front that behaves as deploy/nginx.conf does (round robin; an
 * instance that refuses, resets or answers 502/503 is skipped for idempotent requests), and the 业扩 connection
 * service in a process of its own behind the instances' gateway (SERVICE_CONNECTION_URL).
 *
 * 1. The connection service's key path runs through the front and the gateway to the separate process.
 * 2. Fault: a mixed load (logins, customer search, inbox, 受理 with Idempotency-Key); one instance is killed with
 *    SIGKILL mid-load. Every answered write is found afterwards; idempotent requests never fail (the front retries
 *    them); a write whose answer was lost is retried with its key and answered once; the survivor carries the load;
 *    the killed instance restarts and serves again.
 * 3. Rolling restart (docs/operations.md), on the same running cluster under the same load: instance 1 gets SIGTERM
 *    (readiness drops, it drains and exits 0) and starts again, then instance 2. Nothing answered is lost, reads
 *    never fail, writes see only 502/503 and are retried with their key.
 *
 * The processes are the compiled server, as `npm start` and `npm run cluster` run it (services/dist/server.mjs and
 * service-server.mjs, scripts/server-bundle.mjs; the production build makes them, and CI builds before the unit
 * tests): a start loads plain JavaScript instead of transpiling the sources, and what is tested is what runs. A
 * bundle older than its sources is rebuilt first, as `npm start` does. The test seeds the database itself (a few
 * hundred customers) and records the first start as done, so every instance starts as a later start does.
 *
 * PostgreSQL only (PGlite is one process); in CI PostgreSQL is required (testDbKinds fails without it).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@wb/server-kit';
import type { Db } from '@wb/server-kit';
import { createScratchDatabase, testDbKinds, testRedisUrl } from '@wb/server-kit/testing';
import type { ScratchDatabase } from '@wb/server-kit/testing';
import { allMigrationGroups } from './app.ts';
import { deployConnectionProcesses } from './connection/index.ts';
import { residentApplication } from './connection/testing.ts';
import { seedCustomers, seedIdentity } from './seed/index.ts';
import { markSeeded } from './seed/testing.ts';
import { freePort, sendJson, type SendOptions, type SentAnswer } from './testing/http-send.ts';
import { TEST_PASSWORD, TEST_SCRYPT_N } from './testing/harness.ts';
import { createWorkflowEngine } from './workflow/index.ts';

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
/** What `npm start` runs (scripts/start.mjs), and `npm run cluster` per instance. */
const SERVER_ARGS = ['--enable-source-maps', join(ROOT, 'services/dist/server.mjs')];
/** The split-off service's process (SERVICE_ONLY=connection), as `npm run cluster -- --split-connection` starts it. */
const SERVICE_ARGS = ['--enable-source-maps', join(ROOT, 'services/dist/service-server.mjs')];
const START_TIMEOUT_MS = 300_000;
const BASE = '/api/svc/connection/v1';

const hasPostgres = testDbKinds().includes('postgres');
/** A 受理 form of its own per number (certificate and name differ, so no duplicate check trips). */
const residentApplicationForCluster = (i: number) => ({ ...residentApplication(i), consName: `集群测试户${i}`, contactName: `集群测试户${i}` });
const redisUrl = hasPostgres ? testRedisUrl() : undefined;

interface Proc {
  name: string;
  port: number;
  proc: ChildProcess;
  output: () => string;
}

type Answer = SentAnswer;

function send(port: number, method: string, path: string, options: Omit<SendOptions, 'agent' | 'timeoutMs'> = {}): Promise<Answer> {
  return sendJson(new URL(path, `http://127.0.0.1:${port}`), method, options);
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The front door as deploy/nginx.conf configures nginx: round robin over the instances; connection errors and
 * 502/503 move an idempotent request to the next instance (at most one retry, as proxy_next_upstream_tries 2);
 * a failed instance is skipped for 5 s (max_fails=1 fail_timeout=5s). A write is never retried here: its answer
 * (or a 502) goes back to the client, which retries with its Idempotency-Key. `served` counts, per instance port,
 * the answers below 500 it passed on: the test waits on it for an instance to be back in the rotation.
 */
function createFront(ports: () => readonly number[], served: Map<number, number>): Server {
  let next = 0;
  const downUntil = new Map<number, number>();
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const candidates = ports();
      const live = candidates.filter((p) => (downUntil.get(p) ?? 0) <= Date.now());
      const order = (live.length > 0 ? live : candidates).map((_, i, list) => list[(next + i) % list.length]!);
      next += 1;
      const attempt = (i: number): void => {
        const port = order[i]!;
        const last = i + 1 >= Math.min(2, order.length) || !SAFE.has(req.method ?? 'GET');
        const upstream = httpRequest(
          { host: '127.0.0.1', port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': '127.0.0.1', connection: 'close' } },
          (answer) => {
            if ((answer.statusCode === 502 || answer.statusCode === 503) && !last) {
              downUntil.set(port, Date.now() + 5000);
              answer.resume();
              attempt(i + 1);
              return;
            }
            if ((answer.statusCode ?? 502) < 500) served.set(port, (served.get(port) ?? 0) + 1);
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => {
          downUntil.set(port, Date.now() + 5000);
          if (!last) attempt(i + 1);
          else if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"WB_ERR_BAD_GATEWAY"}}');
          else res.destroy();
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
}

describe.runIf(hasPostgres)('the cluster: two instances, a split-off connection service, a front door (issue 16)', () => {
  let scratch: ScratchDatabase;
  let db: Db;
  const procs: Proc[] = [];
  let front: Server;
  let frontPort: number;
  /** Answers below 500 the front passed on, per instance port. */
  const servedBy = new Map<number, number>();
  let instancePorts: number[] = [];
  let servicePort: number;

  function startProcess(name: string, args: readonly string[], port: number, env: Record<string, string>): Proc {
    const proc = spawn(process.execPath, args, {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'error',
        DATABASE_URL: scratch.url,
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
        HOST: '127.0.0.1',
        PORT: String(port),
        TRUST_PROXY: '127.0.0.1',
        SHUTDOWN_TIMEOUT_MS: '3000',
        LOGIN_ADDRESS_MAX_ATTEMPTS: '1000000',
        LOGIN_ADDRESS_MAX_FAILURES: '100000',
        LOGIN_REFUSAL_DELAY_MS: '0',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    proc.stdout?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
    proc.stderr?.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-20_000)));
    const entry = { name, port, proc, output: () => output };
    procs.push(entry);
    return entry;
  }

  async function ready(p: Proc): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (p.proc.exitCode !== null || p.proc.signalCode !== null) throw new Error(`${p.name} exited during start:\n${p.output()}`);
      if (Date.now() > deadline) throw new Error(`${p.name} not ready in time:\n${p.output()}`);
      const answer = await send(p.port, 'GET', '/health/ready').catch(() => null);
      if (answer?.status === 200) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  const instanceEnv = (): Record<string, string> => ({ SERVICE_CONNECTION_URL: `http://127.0.0.1:${servicePort}` });

  beforeAll(async () => {
    // The compiled server of the current sources: CI's build made it; a bundle older than its sources is rebuilt
    // (esbuild, seconds), as `npm start` does, so that a local run never tests yesterday's server.
    const bundle = (await import(pathToFileURL(join(ROOT, 'scripts/server-bundle.mjs')).href)) as { serverBundleStale: () => boolean; buildServerBundle: () => Promise<unknown> };
    if (bundle.serverBundleStale()) await bundle.buildServerBundle();
    scratch = await createScratchDatabase({ migrations: allMigrationGroups() });
    db = await createDb({ databaseUrl: scratch.url, poolMax: 4 });
    await seedIdentity(db, { demoPassword: TEST_PASSWORD, demo: true, scryptN: TEST_SCRYPT_N });
    await seedCustomers(db, { customers: 300, seed: 11 });
    const engine = createWorkflowEngine();
    engine.bind({ now: () => new Date(), db });
    await db.transaction((tx) => deployConnectionProcesses(tx, engine));
    // The compiled server seeds a first start: this database counts as seeded (the stages above are what the
    // tests need), so each instance starts as one joining a running cluster does.
    await markSeeded(db);

    servicePort = await freePort();
    instancePorts = [await freePort(), await freePort()];
    // All three start at once: the database is migrated and seeded already.
    const service = startProcess('connection service', SERVICE_ARGS, servicePort, { SERVICE_ONLY: 'connection' });
    const instances = instancePorts.map((port, i) => startProcess(`instance ${i + 1}`, SERVER_ARGS, port, instanceEnv()));
    await Promise.all([ready(service), ...instances.map(ready)]);
    front = createFront(() => instancePorts, servedBy);
    await new Promise<void>((r) => front.listen(0, '127.0.0.1', r));
    frontPort = (front.address() as AddressInfo).port;
  }, START_TIMEOUT_MS + 60_000);

  afterAll(async () => {
    front?.close();
    for (const p of procs) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    await db?.close();
    await scratch?.drop();
  }, 60_000);

  async function login(username: string): Promise<string> {
    const answer = await send(frontPort, 'POST', '/api/identity/login', { body: { username, password: TEST_PASSWORD } });
    expect(answer.status, answer.body).toBe(200);
    const setCookie = answer.headers['set-cookie'] ?? [];
    return setCookie.map((c) => c.split(';')[0]).join('; ');
  }

  it('runs 业扩 受理 and 现场勘查 through the front and the gateway in the separate connection process', async () => {
    const yk01 = await login('yk01');
    const yk02 = await login('yk02');
    // The separate process's count of answered 受理 (the load tests send theirs through it too).
    const accepted = async (): Promise<number> => {
      const metrics = await send(servicePort, 'GET', '/metrics');
      expect(metrics.status).toBe(200);
      return Number(/wb_http_requests_total\{method="POST",route="\/api\/svc\/connection\/v1\/applications",status="2xx"\} (\d+)/.exec(metrics.body)?.[1] ?? 0);
    };
    const acceptedBefore = await accepted();
    const created = await send(frontPort, 'POST', `${BASE}/applications`, { cookie: yk01, body: residentApplicationForCluster(1), headers: { 'idempotency-key': 'split-1' } });
    expect(created.status, created.body).toBe(201);
    const app = JSON.parse(created.body) as { appNo: string; version: number; openTask: { nodeKey: string } };
    expect(app.openTask.nodeKey).toBe('survey');
    // The generic workflow API (in the full instances) sees the task of the bound process and points to 业扩's command.
    const inbox = await send(frontPort, 'GET', `/api/svc/workflow/v1/inbox?box=todo&page=1&pageSize=50&q=${app.appNo}`, { cookie: yk02 });
    expect(inbox.status, inbox.body).toBe(200);
    expect(inbox.body).toContain(app.appNo);
    const tgs = await send(frontPort, 'GET', `${BASE}/tgs?orgUnitCode=334010101`, { cookie: yk02 });
    expect(tgs.status, tgs.body).toBe(200);
    const tg = (JSON.parse(tgs.body) as Array<{ id: string; openKva: number }>).sort((a, b) => b.openKva - a.openKva)[0]!;
    const surveyed = await send(frontPort, 'POST', `${BASE}/applications/${app.appNo}/survey:complete`, {
      cookie: yk02,
      headers: { 'if-match': String(app.version) },
      body: { result: 'READY', tgId: tg.id, photoNote: '表箱照片', opinion: '具备供电条件' },
    });
    expect(surveyed.status, surveyed.body).toBe(200);
    expect(JSON.parse(surveyed.body)).toMatchObject({ appNo: app.appNo, nodeKey: 'scheme' });
    // The separate process answered these: its own counters show the routes; no full instance has them as routes.
    expect(await accepted()).toBe(acceptedBefore + 1);
    const metrics = await send(servicePort, 'GET', '/metrics');
    expect(metrics.body).toContain(`route="/api/svc/connection/v1/applications/:no/survey::complete"`);
    const instanceMetrics = await send(instancePorts[0]!, 'GET', '/metrics');
    expect(instanceMetrics.body).not.toContain('route="/api/svc/connection/v1/applications"');
    // Without a session the gateway refuses before any upstream call; with one, the service itself checks the right.
    expect((await send(frontPort, 'GET', `${BASE}/applications`)).status).toBe(401);
    const guest = await login('guest01');
    expect((await send(frontPort, 'POST', `${BASE}/applications`, { cookie: guest, body: residentApplicationForCluster(2) })).status).toBe(403);
  }, 60_000);

  interface Load {
    /** Idempotency key → appNo of every answered 受理. */
    answeredWrites: Map<string, string>;
    failures: string[];
    retriedWrites: string[];
    /** The numbers of every 受理 sent (answered or not). */
    attempted: number[];
    counts: { reads: number; logins: number };
    /** Stops the clients and waits for their last requests. */
    stop(): Promise<void>;
  }

  let seq = 100;

  /**
   * The mixed load of six clients through the front: 受理 with an Idempotency-Key (retried with the same key and
   * body on a 502/503 or a lost answer, as the SDK does), customer search, the inbox and logins. Any other
   * answer to a write, and any failed read (the front retries idempotent requests), is a failure.
   */
  function startLoad(cookies: Record<string, string>, tag: string): Load {
    const load: Load = { answeredWrites: new Map(), failures: [], retriedWrites: [], attempted: [], counts: { reads: 0, logins: 0 }, stop: async () => undefined };
    let stopped = false;

    async function write(): Promise<void> {
      const i = seq++;
      load.attempted.push(i);
      const key = `${tag}-${i}`;
      const body = residentApplicationForCluster(i);
      for (let attempt = 0; attempt < 20; attempt++) {
        const answer = await send(frontPort, 'POST', `${BASE}/applications`, { cookie: cookies.yk01, body, headers: { 'idempotency-key': key } }).catch(() => null);
        if (answer && (answer.status === 201 || answer.status === 200)) {
          load.answeredWrites.set(key, (JSON.parse(answer.body) as { appNo: string }).appNo);
          if (attempt > 0) load.retriedWrites.push(key);
          return;
        }
        if (answer && answer.status !== 502 && answer.status !== 503) {
          load.failures.push(`POST ${key}: ${answer.status} ${answer.body.slice(0, 200)}`);
          return;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      load.failures.push(`POST ${key}: no answer after 20 attempts`);
    }

    async function read(path: string, cookie: string): Promise<void> {
      const answer = await send(frontPort, 'GET', path, { cookie }).catch((e: Error) => ({ status: 0, body: e.message }) as Answer);
      if (answer.status !== 200) load.failures.push(`GET ${path}: ${answer.status} ${answer.body.slice(0, 200)}`);
      load.counts.reads++;
    }

    async function client(n: number): Promise<void> {
      while (!stopped) {
        const pick = (n + load.counts.reads + seq) % 4;
        if (pick === 0) await write();
        else if (pick === 1) await read('/api/svc/customer/v1/customers?q=%E5%BC%A0&field=name&page=1&pageSize=10', cookies.kf01!);
        else if (pick === 2) await read('/api/svc/workflow/v1/inbox?box=todo&page=1&pageSize=20', cookies.yk02!);
        else {
          const answer = await send(frontPort, 'POST', '/api/identity/login', { body: { username: 'kf02', password: TEST_PASSWORD } }).catch(() => null);
          // A login is not idempotent for the front: a 502/503 is retried by the user; count only real refusals.
          if (answer && answer.status !== 200 && answer.status !== 502 && answer.status !== 503) load.failures.push(`login: ${answer.status}`);
          load.counts.logins++;
        }
      }
    }

    const clients = Array.from({ length: 6 }, (_, n) => client(n));
    load.stop = async () => {
      stopped = true;
      await Promise.all(clients);
    };
    return load;
  }

  /**
   * Every answered write is in the database, once; a retried key made one application, not two; no write that
   * went unanswered left an application behind.
   */
  async function expectWritesKept(load: Load): Promise<void> {
    const appNos = [...load.answeredWrites.values()];
    const rows = await db.query<{ app_no: string }>('SELECT app_no FROM yk_application WHERE app_no = ANY($1::text[])', [appNos]);
    expect(rows.map((r) => r.app_no).sort()).toEqual([...new Set(appNos)].sort());
    expect(new Set(appNos).size).toBe(appNos.length);
    const names = load.attempted.map((i) => `集群测试户${i}`);
    const [byName] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM yk_application WHERE cons_name = ANY($1::text[])', [names]);
    expect(Number(byName?.n)).toBe(load.answeredWrites.size);
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Resolves once `done()` holds (checked every 50 ms); fails with `what` after `ms`. */
  async function until(what: string, done: () => boolean, ms = 60_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }
  /** The load has written and read through the front (the clients are past their first requests). */
  const loadRunning = (load: Load) => until('the load to get going', () => load.answeredWrites.size >= 3 && load.counts.reads >= 5);
  /** The process serving an instance port now (the latest started there). */
  const liveOn = (port: number): Proc => procs.filter((p) => p.port === port).at(-1)!;
  const cookiesOf = async (): Promise<Record<string, string>> => Object.fromEntries(await Promise.all(['yk01', 'kf01', 'yk02'].map(async (u) => [u, await login(u)] as const)));

  it('loses no answered write and fails no idempotent request when an instance is killed mid-load; it restarts and rejoins', async () => {
    const cookies = await cookiesOf();
    const load = startLoad(cookies, 'fault');
    await loadRunning(load);
    const victim = liveOn(instancePorts[0]!);
    victim.proc.kill('SIGKILL');
    // The survivor carries the load: writes (a lost answer retried with its key) and reads (moved by the front) go
    // on after the kill.
    const atKill = { writes: load.answeredWrites.size, reads: load.counts.reads };
    await until('writes and reads after the kill', () => load.answeredWrites.size >= atKill.writes + 5 && load.counts.reads >= atKill.reads + 10);
    await load.stop();
    const beforeRestart = load.answeredWrites.size;

    // The killed instance restarts on its port and takes requests again. The front (as nginx) takes it back once
    // fail_timeout (5 s) after its last failure is over: until then the survivor answers. Every answer is a 200.
    const servedBeforeRestart = servedBy.get(victim.port) ?? 0;
    const restarted = startProcess('instance 1 (restarted)', SERVER_ARGS, victim.port, instanceEnv());
    await ready(restarted);
    const takenBack = Date.now() + 30_000;
    for (let i = 0; i < 6 || (servedBy.get(victim.port) ?? 0) === servedBeforeRestart; i++) {
      expect(Date.now(), 'the front took the restarted instance back').toBeLessThan(takenBack);
      const answer = await send(frontPort, 'GET', '/api/svc/workflow/v1/inbox?box=todo&page=1&pageSize=20', { cookie: cookies.yk02 });
      expect(answer.status).toBe(200);
      if (i >= 5) await sleep(100);
    }
    const served = await send(victim.port, 'GET', '/metrics');
    expect(served.body).toMatch(/wb_http_requests_total\{method="GET",route="\/api\/svc\/workflow\/v1\/inbox",status="2xx"\} [1-9]/);

    expect(load.failures).toEqual([]);
    expect(beforeRestart).toBeGreaterThan(5);
    expect(load.counts.reads).toBeGreaterThan(10);
    expect(load.counts.logins).toBeGreaterThan(0);
    await expectWritesKept(load);
    console.info(`cluster fault test: ${load.answeredWrites.size} writes answered (${load.retriedWrites.length} after a retry), ${load.counts.reads} reads, ${load.counts.logins} logins`);
  }, 120_000);

  it('loses no answered write and fails no idempotent request in a rolling restart of both instances', async () => {
    // The running cluster of the test above (instance 1 already restarted once): restart 1, then 2, gracefully.
    const cookies = await cookiesOf();
    const load = startLoad(cookies, 'roll');
    await loadRunning(load);
    const exits: Array<{ code: number | null; signal: NodeJS.Signals | null }> = [];
    for (const [slot, port] of instancePorts.entries()) {
      const current = liveOn(port);
      const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => current.proc.once('exit', (code, signal) => r({ code, signal })));
      const writesBefore = load.answeredWrites.size;
      // SIGTERM: readiness drops, new requests get 503 (the front moves idempotent ones), in-flight ones finish.
      current.proc.kill('SIGTERM');
      exits.push(await exited);
      const servedBeforeRestart = servedBy.get(port) ?? 0;
      const rolled = startProcess(`instance ${slot + 1} (rolled)`, SERVER_ARGS, port, instanceEnv());
      await ready(rolled);
      // The load went on meanwhile, on the other instance.
      expect(load.answeredWrites.size).toBeGreaterThan(writesBefore);
      // Before the next one goes, the restarted one is back in the rotation: the front (as nginx) keeps a failed
      // instance out for fail_timeout (5 s) after its last failure, and stopping the next one sooner leaves the front
      // no instance to move an idempotent request to (this test failed that way with a fixed 1.5 s pause). It is
      // back once the front has passed on one of its answers.
      await until(`the front to take instance ${slot + 1} back`, () => (servedBy.get(port) ?? 0) > servedBeforeRestart);
    }
    await load.stop();

    // Both left gracefully (exit 0 after draining, not killed by the drain deadline) and both serve again.
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    for (const port of instancePorts) {
      const answer = await send(port, 'GET', '/api/svc/workflow/v1/inbox?box=todo&page=1&pageSize=20', { cookie: cookies.yk02 });
      expect(answer.status, answer.body).toBe(200);
    }
    expect(load.failures).toEqual([]);
    expect(load.answeredWrites.size).toBeGreaterThan(5);
    await expectWritesKept(load);
    console.info(`cluster rolling restart: ${load.answeredWrites.size} writes answered (${load.retriedWrites.length} after a retry), ${load.counts.reads} reads, ${load.counts.logins} logins`);
  }, 2 * START_TIMEOUT_MS + 60_000);
});
