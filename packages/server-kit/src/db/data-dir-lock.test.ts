import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDataDir } from '../testing.ts';
import { createDb } from './create-db.ts';
import { DataDirLockedError, acquireDataDirLock } from './data-dir-lock.ts';

// docs/quality.md R8, issue 9 item 9: one process per embedded data folder.
const here = fileURLToPath(new URL('.', import.meta.url));
const children: ChildProcess[] = [];
const folders: string[] = [];

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-lock-'));
  folders.push(dir);
  return dir;
}

/**
 * A data folder holding an embedded cluster (`<dir>/pg`), copied from the test template instead of an initdb (seconds
 * per opener); its lock is released again: the folder is as a stopped server leaves it.
 */
async function clusterFolder(): Promise<string> {
  const dir = tempFolder();
  await (await createTestDataDir(dir)).close();
  return dir;
}

/**
 * A real second process running `body` (ESM, TypeScript through tsx) with `dir` as DIR; `stdin` lets the test write to
 * it. It imports only what `body` uses: loading the database drivers for a lock alone cost each child a second.
 */
function child(body: string, dir: string, stdin = false): { proc: ChildProcess; output: () => string; line: (text: string) => Promise<void>; exit: Promise<number | null> } {
  const script = `${body.includes('createDb') ? `import { createDb } from ${JSON.stringify(join(here, 'create-db.ts'))};` : ''}
import { acquireDataDirLock } from ${JSON.stringify(join(here, 'data-dir-lock.ts'))};
const DIR = process.env.DIR;
void acquireDataDirLock;
${body}`;
  const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, DIR: dir },
    stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  children.push(proc);
  let out = '';
  const waiters: Array<{ text: string; resolve: () => void }> = [];
  const onData = (chunk: Buffer): void => {
    out += chunk.toString();
    for (const w of waiters.filter((w) => out.includes(w.text))) w.resolve();
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    exit,
    line: (text) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void exit.then(() => (out.includes(text) ? resolve() : reject(new Error(`child exited before "${text}":\n${out}`))));
      }),
  };
}

afterAll(() => {
  for (const proc of children) if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  for (const dir of folders) rmSync(dir, { recursive: true, force: true });
});

describe('one process per data folder (R8)', () => {
  it('refuses a second opener of an embedded data folder while the first process runs, naming its pid', async () => {
    const dir = await clusterFolder();
    const holder = child(`const db = await createDb({ dataDir: DIR }); console.log('open'); setInterval(() => {}, 1000);`, dir);
    await holder.line('open');
    const second = createDb({ dataDir: dir });
    await expect(second).rejects.toThrow(DataDirLockedError);
    await expect(second).rejects.toThrow(`pid ${holder.proc.pid}`);
    holder.proc.kill('SIGKILL');
    await holder.exit;
  }, 60_000);

  it('takes over a lock left by a killed process, and frees it on close', async () => {
    const dir = await clusterFolder();
    const holder = child(`await acquireDataDirLock(DIR + '/pg.lock'); console.log('locked'); setInterval(() => {}, 1000);`, dir);
    await holder.line('locked');
    holder.proc.kill('SIGKILL');
    await holder.exit;
    expect(JSON.parse(readFileSync(join(dir, 'pg.lock'), 'utf8'))).toMatchObject({ pid: holder.proc.pid });

    const db = await createDb({ dataDir: dir });
    expect(JSON.parse(readFileSync(join(dir, 'pg.lock'), 'utf8'))).toMatchObject({ pid: process.pid });
    await db.close();
    expect(existsSync(join(dir, 'pg.lock'))).toBe(false);
  }, 60_000);

  it('refuses a second lock in the same process, and treats an unreadable lock as stale', async () => {
    const dir = tempFolder();
    const file = join(dir, 'x.lock');
    const lock = await acquireDataDirLock(file);
    await expect(acquireDataDirLock(file)).rejects.toThrow(`pid ${process.pid}`);
    lock.release();
    writeFileSync(file, 'not json');
    (await acquireDataDirLock(file)).release();
  });

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    const dir = tempFolder();
    // A lock of a pid that does not run (pid_max is below 2^22 on Linux).
    writeFileSync(join(dir, 'pg.lock'), JSON.stringify({ pid: 4_194_999, startedAt: '2026-01-01T00:00:00Z' }));
    // All start at one instant (the test sends it once every child has loaded); the winner holds the lock until
    // every other has tried and answered, then the test closes their input and they exit.
    const racers = Array.from({ length: 4 }, () =>
      child(
        `process.stdin.setEncoding('utf8');
         const closed = new Promise((r) => process.stdin.once('end', r));
         const startAt = new Promise((r) => process.stdin.once('data', r));
         console.log('ready');
         const start = Number(await startAt);
         await new Promise((r) => setTimeout(r, start - Date.now()));
         try { await acquireDataDirLock(DIR + '/pg.lock'); console.log('WON'); }
         catch (e) { console.log(e.name === 'DataDirLockedError' ? 'REFUSED' : 'ERROR ' + e.message); }
         console.log('tried');
         await closed;`,
        dir,
        true,
      ),
    );
    await Promise.all(racers.map((r) => r.line('ready')));
    const start = Date.now() + 100;
    for (const racer of racers) racer.proc.stdin?.write(String(start));
    await Promise.all(racers.map((r) => r.line('tried')));
    for (const racer of racers) racer.proc.stdin?.end();
    await Promise.all(racers.map((r) => r.exit));
    const outcomes = racers.map((r) => r.output().split('\n').filter((line) => !['ready', 'tried', ''].includes(line)).join('\n'));
    expect(outcomes.filter((o) => o === 'WON')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'REFUSED')).toHaveLength(3);
  }, 60_000);
});
