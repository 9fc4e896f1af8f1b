import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDataDir } from '@wb/server-kit/testing';
import { allMigrationGroups } from '../app.ts';
import { seedIdentity } from '../seed/index.ts';
import { markSeeded } from '../seed/testing.ts';
import { TEST_SCRYPT_N } from '../testing/harness.ts';
import { freePort, sendJson, type SentAnswer } from '../testing/http-send.ts';

/**
 * docs/quality.md R7 and D4, issue 9 item 10: SIGTERM to the server or to its launcher, and SIGKILL to the server. Real processes, real HTTP with
 * keep-alive agents. The server runs as `server.ts` does, with the registry's fixture builds (no Vite build needed), on
 * a data folder made from the migrated template with the accounts seeded (at the test scrypt cost) and the first
 * start recorded as done: what is tested is the process's lifecycle; the first start's seed is first-start.test.ts's.
 */
const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const SERVER_SCRIPT = `import { runServer } from ${JSON.stringify(join(ROOT, 'services/src/platform/server-process.ts'))};
import { TEST_REGISTRY_DIRS } from ${JSON.stringify(join(ROOT, 'services/src/testing/harness.ts'))};
await runServer(process.env, { registry: TEST_REGISTRY_DIRS });`;
/** What `npm start` does after the build: scripts/lib.mjs `run` of the server, exiting with its code. */
const LAUNCHER_SCRIPT = `import { run } from ${JSON.stringify(join(ROOT, 'scripts/lib.mjs'))};
process.exit(await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', ${JSON.stringify(SERVER_SCRIPT)}]));`;
const PASSWORD = 'Workbench#2026';
const START_TIMEOUT_MS = 240_000;

interface Started {
  proc: ChildProcess;
  port: number;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  log: () => string;
}

const dataDir = mkdtempSync(join(tmpdir(), 'wb-shutdown-'));
const processes: ChildProcess[] = [];
const serverPids: number[] = [];

beforeAll(async () => {
  const db = await createTestDataDir(dataDir, { migrations: allMigrationGroups() });
  try {
    await seedIdentity(db, { demoPassword: PASSWORD, demo: true, scryptN: TEST_SCRYPT_N });
    await markSeeded(db);
  } finally {
    await db.close();
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(async () => {
  for (const proc of processes) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  for (const pid of serverPids) if (alive(pid)) process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  rmSync(dataDir, { recursive: true, force: true });
});

/** A JSON request to the server on `port` as the browser sends it; `agent` false: a connection of its own. */
function send(port: number, agent: Agent | false, method: string, path: string, cookie = '', body?: unknown): Promise<SentAnswer> {
  return sendJson(new URL(path, `http://127.0.0.1:${port}`), method, { agent, cookie, body });
}

async function start(viaLauncher: boolean): Promise<Started> {
  const port = await freePort();
  const script = viaLauncher ? LAUNCHER_SCRIPT : SERVER_SCRIPT;
  const args = viaLauncher ? ['--input-type=module', '-e', script] : ['--import', 'tsx', '--input-type=module', '-e', script];
  const proc = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_TIMEOUT_MS: '5000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.push(proc);
  let output = '';
  proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  let exited = false;
  void exit.then(() => (exited = true));
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (exited) throw new Error(`server exited during start:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server not ready in time:\n${output}`);
    const ready = await send(port, false, 'GET', '/api/health/ready').catch(() => null);
    if (ready?.status === 200) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { proc, port, exit, log: () => output };
}

/** The pid in the data folder's lock: the server process itself, also when a launcher started it. */
function serverPid(): number {
  const { pid } = JSON.parse(readFileSync(join(dataDir, 'pg.lock'), 'utf8')) as { pid: number };
  serverPids.push(pid);
  return pid;
}

async function login(port: number): Promise<string> {
  const answer = await send(port, false, 'POST', '/api/identity/login', '', { username: 'admin', password: PASSWORD });
  expect(answer.status, answer.body).toBe(200);
  const setCookie = answer.headers['set-cookie'] ?? [];
  return (Array.isArray(setCookie) ? setCookie : [setCookie]).map((c) => c.split(';')[0]).join('; ');
}

interface Outcome {
  key: string;
  status?: number;
  retryAfter?: string;
  error?: string;
}

/** A second server on the same data folder: it must exit at start, naming the running one. */
async function startSecond(): Promise<{ code: number | null; output: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SERVER_SCRIPT], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: String(await freePort()), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  processes.push(proc);
  let output = '';
  proc.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  proc.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  return { code, output };
}

// A story on one data folder, in this order: the server the first test starts takes the write burst of the second,
// whose acknowledged writes the third finds after a restart; the fourth needs the folder free again. Each step
// starts a production server (~10 s): as independent tests they would start four more.
describe('one server per data folder, and shutdown on SIGTERM (R7, R8, D4)', { shuffle: false }, () => {
  const outcomes: Outcome[] = [];
  let first: Started | undefined;

  it('refuses a second server on the same data folder, naming the running one', async () => {
    first = await start(false);
    const pid = serverPid();
    const second = await startSecond();
    expect(second.code).toBe(1);
    expect(second.output).toContain(`in use by another server process (pid ${pid}`);
    expect((await send(first.port, false, 'GET', '/api/health/ready')).status).toBe(200);
  }, START_TIMEOUT_MS + 60_000);

  it('answers every request of a write burst across a SIGTERM to the server (2xx or 503 with Retry-After), resets none', async () => {
    const server = first ?? (await start(false));
    const pid = serverPid();
    const cookie = await login(server.port);
    const clients = 8;
    let sent = 0;
    let signalled = false;
    // Each client: one kept-alive connection, one write after another, until the server says 503 (it honours
    // Retry-After by stopping) or refuses the connection.
    const burst = Array.from({ length: clients }, async (_, c) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        for (let i = 0; i < 400; i += 1) {
          const key = `SD_${c}_${i}`;
          sent += 1;
          if (sent === clients * 3 && !signalled) {
            signalled = true;
            process.kill(pid, 'SIGTERM');
          }
          try {
            const answer = await send(server.port, agent, 'POST', '/api/svc/iam/v1/roles', cookie, { key, name: `停机测试 ${c}-${i}` });
            const retryAfter = answer.headers['retry-after'];
            outcomes.push({ key, status: answer.status, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
            if (answer.status === 503) return;
          } catch (error) {
            outcomes.push({ key, error: (error as NodeJS.ErrnoException).code ?? (error as Error).message });
            return;
          }
        }
      } finally {
        agent.destroy();
      }
    });
    await Promise.all(burst);
    const { code } = await server.exit;

    expect(signalled).toBe(true);
    const failures = outcomes.filter((o) => o.error !== undefined && o.error !== 'ECONNREFUSED');
    expect(failures, server.log()).toEqual([]);
    const unexpected = outcomes.filter((o) => o.status !== undefined && o.status !== 201 && o.status !== 503);
    expect(unexpected, server.log()).toEqual([]);
    for (const o of outcomes.filter((x) => x.status === 503)) expect(o.retryAfter).toMatch(/^\d+$/);
    expect(outcomes.filter((o) => o.status === 201).length).toBeGreaterThan(0);
    expect(outcomes.filter((o) => o.status === 503).length).toBeGreaterThan(0);
    expect(code).toBe(0);
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);
  }, START_TIMEOUT_MS + 60_000);

  it('keeps every acknowledged write after a restart, and SIGTERM to the launcher stops the server it runs', async () => {
    expect(outcomes.length).toBeGreaterThan(0);
    const launcher = await start(true);
    const pid = serverPid();
    expect(pid).not.toBe(launcher.proc.pid);
    const cookie = await login(launcher.port);
    const roles = await send(launcher.port, false, 'GET', '/api/svc/iam/v1/roles', cookie);
    expect(roles.status).toBe(200);
    const keys = new Set((JSON.parse(roles.body) as Array<{ key: string }>).map((r) => r.key));
    const acknowledged = outcomes.filter((o) => o.status === 201).map((o) => o.key);
    expect(acknowledged.filter((k) => !keys.has(k))).toEqual([]);

    launcher.proc.kill('SIGTERM');
    const { code } = await launcher.exit;
    expect(code).toBe(0);
    // The server is gone with its launcher (it used to stay, with parent 1, holding the data folder).
    const deadline = Date.now() + 10_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dataDir, 'pg.lock'))).toBe(false);
  }, START_TIMEOUT_MS + 60_000);

  it('keeps every acknowledged write after a hard kill (SIGKILL) in the middle of a burst of 1,000 writes (D4)', async () => {
    const server = await start(false);
    const pid = serverPid();
    const cookie = await login(server.port);
    const clients = 8;
    const acknowledged: string[] = [];
    const refused: string[] = [];
    const cut: string[] = [];
    let killed = false;
    // 8 kept-alive clients, 125 writes each; the process is killed without warning once 400 are acknowledged.
    await Promise.all(
      Array.from({ length: clients }, async (_, c) => {
        const agent = new Agent({ keepAlive: true, maxSockets: 1 });
        try {
          for (let i = 0; i < 125; i += 1) {
            const key = `HK_${c}_${i}`;
            try {
              const answer = await send(server.port, agent, 'POST', '/api/svc/iam/v1/roles', cookie, { key, name: `强杀测试 ${c}-${i}` });
              if (answer.status !== 201) {
                refused.push(`${key}: ${answer.status} ${answer.body}`);
                return;
              }
              acknowledged.push(key);
              if (acknowledged.length === 400 && !killed) {
                killed = true;
                process.kill(pid, 'SIGKILL');
              }
            } catch (error) {
              // The request in flight when the process died: never acknowledged, so it may or may not be there.
              cut.push(`${key}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
              return;
            }
          }
        } finally {
          agent.destroy();
        }
      }),
    );
    const { signal } = await server.exit;
    // Every answer before the kill was a 201 (checked here: inside the loop a failed expect would count as cut).
    expect(refused).toEqual([]);
    expect(killed).toBe(true);
    expect(signal).toBe('SIGKILL');
    expect(acknowledged.length).toBeGreaterThanOrEqual(400);
    expect(acknowledged.length).toBeLessThan(1000);

    // A new server on the same folder: the dead process's lock is taken over, the database recovers its log.
    const restarted = await start(false);
    serverPid();
    const again = await login(restarted.port);
    const roles = await send(restarted.port, false, 'GET', '/api/svc/iam/v1/roles', again);
    expect(roles.status).toBe(200);
    const keys = new Set((JSON.parse(roles.body) as Array<{ key: string }>).map((r) => r.key));
    expect(acknowledged.filter((k) => !keys.has(k)), restarted.log()).toEqual([]);
    restarted.proc.kill('SIGTERM');
    expect((await restarted.exit).code).toBe(0);
  }, 2 * START_TIMEOUT_MS + 60_000);
});
