/**
 * One server instance of P13 (bench/p13-inbox-load.ts), in a process of its own so that the load generator does
 * not share its event loop: the full app as `npm start` builds it (test stand-ins for the shell and shared-deps
 * builds) in production mode, on DATABASE_URL (PostgreSQL, a fresh schema the parent made) or on an embedded PGlite in DATA_DIR,
 * seeded as a first start seeds (demo accounts, SEED_CUSTOMERS customers, the 业扩 processes and ~50
 * applications in flight), then catching up as `runServer` does (the seed's outbox backlog and the SLA sweep before
 * listening, ADR 0077). Listens on a free loopback port and prints `listening <port>`.
 *
 * With P13_TRACE=1 (`--trace`), prints to stderr every 250 ms while requests arrive: requests answered and the
 * slowest from parse to answer, connections accepted so far, admission control's counters (active, queued, shed in
 * its queue, shed at the database's deadline, ADR 0088; requests deferred to a later event-loop turn, ADR 0104) and
 * the event loop's longest delay — where a slow answer's time went.
 *
 *   node --import tsx bench/p13-instance.ts   (started by bench/p13-inbox-load.ts)
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../services/src/app.ts';
import { loadConfig } from '../services/src/config.ts';
import { seedOnFirstStart } from '../services/src/seed/index.ts';
import { TEST_REGISTRY_DIRS, TEST_SCRYPT_N } from '../services/src/testing/harness.ts';
import { serveInstance } from './lib/serve-instance.ts';

// Production mode: the settings an operator gets by default (embedded mode's admission control among them).
const config = loadConfig({ ...process.env, NODE_ENV: 'production', DEMO_MODE: 'true' });
const app = await buildApp(config, { registry: TEST_REGISTRY_DIRS, logger: false, testing: { scryptN: TEST_SCRYPT_N } });
await app.ready();
await seedOnFirstStart(app.db, config, app.log);
// As runServer does: the seed's outbox backlog and the first SLA sweep before listening (ADR 0077).
await app.lifecycle.catchUp();
if (process.env.P13_TRACE === '1') trace();
await serveInstance(app);

function trace(): void {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  // From the parsed request to the response's end, admission's queue included; and connections accepted.
  let served = 0;
  let slowestMs = 0;
  let accepted = 0;
  app.server.on('connection', () => accepted++);
  app.server.on('request', (_req, res) => {
    const started = performance.now();
    res.once('close', () => {
      served++;
      slowestMs = Math.max(slowestMs, performance.now() - started);
    });
  });
  setInterval(() => {
    const { active, queued, shed, shedAtDatabase, deferred } = app.admission.stats();
    const loopMaxMs = Math.round(loop.max / 1e6);
    loop.reset();
    if (served === 0 && active === 0) return; // idle
    const line = `served ${served} slowest ${Math.round(slowestMs)} ms, connections ${accepted}, active ${active} queued ${queued} shed ${shed} shedAtDatabase ${shedAtDatabase} deferred to a later turn ${deferred}`;
    process.stderr.write(`p13 trace ${new Date().toISOString().slice(11, 23)} ${line}, loop delay max ${loopMaxMs} ms\n`);
    served = 0;
    slowestMs = 0;
  }, 250).unref();
}
