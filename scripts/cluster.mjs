// `npm run cluster`: the workbench as a small cluster on this machine (issue 16, docs/operations.md, ADR 0057):
// two compiled server instances on PostgreSQL and Redis behind Debian's nginx on :8080, /assets/ from a second,
// cookieless origin (:8090, ASSET_BASE_URL) cached by nginx. Optionally (`--split-connection`) the 业扩 connection
// service runs in its own process behind the instances' gateway (SERVICE_CONNECTION_URL).
//
//   DATABASE_URL  default postgres://postgres@127.0.0.1:5432/workbench_cluster (created when missing)
//   REDIS_URL     default redis://127.0.0.1:6379 (required: without Redis the cluster does not start)
//   CLUSTER_PORT  default 8080; CLUSTER_ASSET_PORT default 8090; CLUSTER_INSTANCE_PORT default 8181: instances on
//                 8181 and 8182 (the connection service on 8183)
//   NGINX         default /usr/sbin/nginx
//
// It prints what it started and stops all of it (instances, service, nginx) on Ctrl+C or SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { answers, root, runOrExit } from './lib.mjs';

const env = process.env;
const args = process.argv.slice(2);
const splitConnection = args.includes('--split-connection');
const DATABASE_URL = env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/workbench_cluster';
const REDIS_URL = env.REDIS_URL || 'redis://127.0.0.1:6379';
const FRONT_PORT = Number(env.CLUSTER_PORT || 8080);
const ASSET_PORT = Number(env.CLUSTER_ASSET_PORT || 8090);
const [INSTANCE_PORTS, CONNECTION_PORT] = (() => {
  const base = Number(env.CLUSTER_INSTANCE_PORT || 8181);
  return [[base, base + 1], base + 2];
})();
const NGINX = env.NGINX || '/usr/sbin/nginx';
// A host name other than the page's: cookies are per host (not per port), so `localhost` pages send none here.
const ASSET_BASE_URL = env.ASSET_BASE_URL || `http://127.0.0.1:${ASSET_PORT}`;

function fail(message) {
  console.error(`✗ ${message}`);
  process.exit(1);
}

/** Whether the server of `url` (its port, else `defaultPort`) answers TCP within `ms`. */
function urlAnswers(url, defaultPort, ms = 1500) {
  const u = new URL(url);
  return answers(u.hostname || '127.0.0.1', Number(u.port || defaultPort), ms);
}

// --- What the cluster needs, checked before anything starts -------------------------------------------------
if (!existsSync(NGINX)) fail(`nginx not found at ${NGINX}: run \`sudo apt-get install -y nginx\` (Debian) or set NGINX`);
if (!(await urlAnswers(REDIS_URL, 6379))) {
  fail(
    `集群需要 Redis：${REDIS_URL} 无应答。Several instances share sessions' access-cache invalidations, login limits, push ` +
      `fan-out and inbox caches through Redis; without it they would disagree. Start Redis (\`sudo apt-get install -y redis-server\`) or set REDIS_URL.`,
  );
}
if (!(await urlAnswers(DATABASE_URL, 5432))) {
  fail(`集群需要 PostgreSQL：${new URL(DATABASE_URL).host} 无应答。Start PostgreSQL (\`sudo apt-get install -y postgresql\`) or set DATABASE_URL.`);
}
await ensureDatabase(DATABASE_URL);

/** Creates the cluster's database when it does not exist yet (connecting to the server's `postgres` database). */
async function ensureDatabase(url) {
  const { default: pg } = await import('pg');
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      console.log(`created database ${name}`);
    }
  } catch (error) {
    fail(`could not prepare database ${name} at ${target.host}: ${error.message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

for (const port of [FRONT_PORT, ASSET_PORT, ...INSTANCE_PORTS, ...(splitConnection ? [CONNECTION_PORT] : [])]) {
  if (await answers('127.0.0.1', port, 500)) fail(`port ${port} is in use: stop what listens there first`);
}

await runOrExit('node', ['scripts/build.mjs']);

// --- Processes ------------------------------------------------------------------------------------------------
/** @type {Array<{ name: string, child: import('node:child_process').ChildProcess }>} */
const started = [];
const runDir = mkdtempSync(path.join(tmpdir(), 'wb-cluster-'));
let stopping = false;

function start(name, cmd, cmdArgs, extraEnv) {
  const child = spawn(cmd, cmdArgs, { cwd: root, env: { ...env, ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  started.push({ name, child });
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`✗ ${name} exited (${signal ?? code}); the rest keeps running — Ctrl+C stops everything`);
  });
  return child;
}

async function waitReady(name, port, child, seconds) {
  for (let i = 0; i < seconds * 2; i++) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stopAll(1);
    }
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  console.error(`✗ ${name} was not ready after ${seconds} s`);
  await stopAll(1);
}

async function stopAll(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping the cluster…');
  // The front first (no new work), then the instances drain (SIGTERM: readiness false, in-flight answered).
  for (const { name, child } of [...started].reverse()) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.kill(name === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
  }
  await Promise.all(
    started.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
          const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve(undefined);
          });
        }),
    ),
  );
  rmSync(runDir, { recursive: true, force: true });
  console.log('cluster stopped');
  process.exit(code);
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stopAll(0));


const common = {
  NODE_ENV: env.NODE_ENV || 'production',
  DATABASE_URL,
  REDIS_URL,
  HOST: '127.0.0.1',
  TRUST_PROXY: '127.0.0.1',
  ASSET_BASE_URL,
  // A cluster on PostgreSQL seeds no demo accounts unless asked (DEMO_MODE=1 for a trial).
  ...(env.DEMO_MODE ? { DEMO_MODE: env.DEMO_MODE } : {}),
  ...(splitConnection ? { SERVICE_CONNECTION_URL: `http://127.0.0.1:${CONNECTION_PORT}` } : {}),
};
const serverArgs = ['--enable-source-maps', 'services/dist/server.mjs'];

// The first instance migrates and seeds a new database; the second starts once it is ready. Starting them together
// would be safe (the seed runs under an advisory lock, ADR 0070) but the first start's CPU would slow both.
const first = start(`instance 1 (:${INSTANCE_PORTS[0]})`, 'node', serverArgs, { ...common, PORT: String(INSTANCE_PORTS[0]) });
await waitReady('instance 1', INSTANCE_PORTS[0], first, 900);
if (splitConnection) {
  const service = start(`connection service (:${CONNECTION_PORT})`, 'node', ['--enable-source-maps', 'services/dist/service-server.mjs'], {
    ...common,
    SERVICE_CONNECTION_URL: '',
    SERVICE_ONLY: 'connection',
    PORT: String(CONNECTION_PORT),
  });
  await waitReady('connection service', CONNECTION_PORT, service, 300);
}
const second = start(`instance 2 (:${INSTANCE_PORTS[1]})`, 'node', serverArgs, { ...common, PORT: String(INSTANCE_PORTS[1]) });
await waitReady('instance 2', INSTANCE_PORTS[1], second, 300);

// nginx from the repository's template.
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const values = {
  LISTEN: String(FRONT_PORT),
  ASSET_LISTEN: String(ASSET_PORT),
  UPSTREAMS: INSTANCE_PORTS.map((port) => `server 127.0.0.1:${port} max_fails=1 fail_timeout=5s;`).join('\n    '),
  RUN_DIR: runDir,
  // As root, nginx's workers run as nobody: they own the run folder (cache and temp files).
  USER_DIRECTIVE: isRoot ? 'user nobody nogroup;' : '',
};
const template = readFileSync(path.join(root, 'deploy', 'nginx.conf'), 'utf8');
const conf = template.replace(/\$\{([A-Z_]+)\}/g, (whole, key) => (key in values ? values[key] : whole));
const confFile = path.join(runDir, 'nginx.conf');
writeFileSync(confFile, conf);
for (const dir of ['client_body', 'proxy_temp', 'fastcgi_temp', 'uwsgi_temp', 'scgi_temp', 'asset_cache']) mkdirSync(path.join(runDir, dir));
if (isRoot) {
  const nobody = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' }).stdout.trim();
  const nogroup = spawnSync('getent', ['group', 'nogroup'], { encoding: 'utf8' }).stdout.split(':')[2];
  for (const dir of ['', 'client_body', 'proxy_temp', 'fastcgi_temp', 'uwsgi_temp', 'scgi_temp', 'asset_cache']) {
    chownSync(path.join(runDir, dir), Number(nobody), Number(nogroup ?? nobody));
  }
}
const test = spawnSync(NGINX, ['-t', '-q', '-p', runDir, '-c', confFile], { encoding: 'utf8' });
if (test.status !== 0) {
  console.error(test.stderr);
  await stopAll(1);
}
const nginx = start('nginx', NGINX, ['-p', runDir, '-c', confFile]);
for (let i = 0; i < 20 && !(await answers('127.0.0.1', FRONT_PORT, 500)); i++) {
  if (nginx.exitCode !== null) await stopAll(1);
  await new Promise((resolve) => setTimeout(resolve, 250));
}

console.log(`
workbench cluster running
  front door   http://localhost:${FRONT_PORT}/        nginx (${NGINX}), config ${confFile}
  assets       ${ASSET_BASE_URL}/assets/    nginx, cookieless, cached in ${path.join(runDir, 'asset_cache')}
  instance 1   http://127.0.0.1:${INSTANCE_PORTS[0]}  pid ${first.pid}  (health: /health/ready, metrics: /metrics)
  instance 2   http://127.0.0.1:${INSTANCE_PORTS[1]}  pid ${second.pid}${
    splitConnection ? `\n  connection   http://127.0.0.1:${CONNECTION_PORT}  pid ${started.find((s) => s.name.startsWith('connection'))?.child.pid}  (SERVICE_CONNECTION_URL)` : ''
  }
  database     ${DATABASE_URL.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')}
  redis        ${REDIS_URL.replace(/\/\/([^:@/]*):[^@/]+@/, '//$1:***@')}
Ctrl+C stops all of it.`);
