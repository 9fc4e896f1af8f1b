/**
 * One server instance of P13 (bench/p13-inbox-load.ts), in a process of its own so that the load generator does
 * not share its event loop: the full app as `npm start` builds it (test stand-ins for the shell and shared-deps
 * builds) in production mode, on DATABASE_URL (PostgreSQL, a fresh schema the parent made) or on an embedded PGlite in DATA_DIR,
 * seeded as a first start seeds (demo accounts, SEED_CUSTOMERS customers, the 业扩 processes and ~50
 * applications in flight), then catching up as `runServer` does (the seed's outbox backlog and the SLA sweep before
 * listening, ADR 0077). Listens on a free loopback port and prints `listening <port>`.
 *
 *   node --import tsx bench/p13-instance.ts   (started by bench/p13-inbox-load.ts)
 */
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
await serveInstance(app);
