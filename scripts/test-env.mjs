// What `npm test` needs besides node_modules, prepared the way a newcomer would by hand: Debian's Chromium for
// the browser tests, the local PostgreSQL for the PostgreSQL half of the data tests, the local Redis for the
// cross-instance cache test. Each is installed or started when the machine allows it (root may install
// packages; an installed server that is down is started); otherwise the group that needs it is reported as
// skipped with the reason and the exact command, and in CI (CI=true) a missing group fails the run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answers, chromiumPath } from './lib.mjs';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function sh(command, { quiet = false } = {}) {
  console.log(`$ ${command}`);
  return spawnSync('sh', ['-c', command], { stdio: quiet ? ['ignore', 'ignore', 'inherit'] : 'inherit' }).status === 0;
}

async function waitFor(host, port, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    if (await answers(host, port, 500)) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

function hostPort(url, defaultPort) {
  const u = new URL(url);
  return { host: u.hostname || '127.0.0.1', port: Number(u.port || defaultPort) };
}

let aptUpdated = false;
function aptInstall(pkg) {
  if (!aptUpdated) aptUpdated = sh('apt-get update -qq', { quiet: true });
  return sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${pkg}`, { quiet: true });
}

/** The CJK font of billing's receipt PDF (ADR 0043): best effort, installed beside Chromium; without it the receipt answers 503. */
function cjkFont() {
  if (existsSync('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc')) return;
  if (isRoot && has('apt-get')) {
    console.log("The CJK font is missing: installing Debian's fonts-noto-cjk (once per machine)...");
    aptInstall('fonts-noto-cjk');
  }
}

/** @returns {Promise<{ ok: boolean, reason?: string }>} */
async function chromium() {
  const binary = chromiumPath();
  cjkFont();
  if (existsSync(binary)) return { ok: true };
  if (!process.env.CHROMIUM_PATH && isRoot && has('apt-get')) {
    console.log("Chromium is missing: installing Debian's package (once per machine)...");
    if (aptInstall('chromium') && existsSync(binary)) return { ok: true };
  }
  return {
    ok: false,
    reason: `Chromium not found at ${binary}: run \`sudo apt-get install -y chromium\` (Debian) or set CHROMIUM_PATH`,
  };
}

async function postgres() {
  const { host, port } = hostPort(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test', 5432);
  if (await answers(host, port)) return { ok: true };
  const clusters = existsSync('/etc/postgresql') ? readdirSync('/etc/postgresql') : [];
  if (has('pg_ctlcluster') && clusters.length > 0) {
    console.log(`PostgreSQL is installed but not answering on ${host}:${port}: starting it...`);
    const version = clusters.sort().at(-1);
    const start = `pg_ctlcluster --skip-systemctl-redirect ${version} main start`;
    sh(isRoot ? start : `sudo -n ${start}`);
    if (await waitFor(host, port, 30)) return { ok: true };
    return { ok: false, reason: `PostgreSQL did not come up on ${host}:${port}: run \`sudo ${start}\` and check its log` };
  }
  return {
    ok: false,
    reason: `no PostgreSQL on ${host}:${port}: run \`sudo apt-get install -y postgresql\` (database "test", trust auth for 127.0.0.1) or set TEST_DATABASE_URL`,
  };
}

async function redis() {
  const { host, port } = hostPort(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', 6379);
  if (await answers(host, port)) return { ok: true };
  if (has('redis-server')) {
    console.log(`Redis is installed but not answering on ${host}:${port}: starting it (nothing kept on disk)...`);
    const dir = path.join(tmpdir(), 'wb-test-redis');
    mkdirSync(dir, { recursive: true });
    sh(`redis-server --daemonize yes --bind 127.0.0.1 --port ${port} --save "" --appendonly no --dir ${dir} --logfile ${path.join(dir, 'redis.log')}`);
    if (await waitFor(host, port, 15)) return { ok: true };
    return { ok: false, reason: `Redis did not come up on ${host}:${port}: see ${path.join(dir, 'redis.log')}` };
  }
  return { ok: false, reason: `no Redis on ${host}:${port}: run \`sudo apt-get install -y redis-server\` or set TEST_REDIS_URL` };
}

/**
 * Prepares the machine. Returns one entry per group: `{ group, ok, reason }`. The groups' environment flags
 * (WB_TEST_NO_POSTGRES, WB_TEST_NO_REDIS) tell the test helpers to skip instead of probing again.
 */
export async function prepareTestEnvironment() {
  const groups = [
    { group: 'browser tests (Chromium)', ...(await chromium()) },
    { group: 'PostgreSQL half of the data tests', ...(await postgres()), env: 'WB_TEST_NO_POSTGRES' },
    { group: 'Redis-backed cross-instance tests', ...(await redis()), env: 'WB_TEST_NO_REDIS' },
  ];
  for (const g of groups) if (!g.ok && g.env) process.env[g.env] = g.reason;
  return groups;
}
