/**
 * One server instance of a benchmark, in a process of its own: the full app (test stand-ins for the
 * shell and shared-deps builds) on DATABASE_URL, which the parent has already migrated and seeded. Other
 * settings come from the environment as for the real server (e.g. SERVICE_CUSTOMER_URL makes it a gateway
 * that proxies the customer service). Listens on a free loopback port and prints `listening <port>`.
 *
 *   node --import tsx bench/lib/instance.ts   (started by bench/lib/instances.ts)
 */
import { buildApp } from '../../services/src/app.ts';
import { loadConfig } from '../../services/src/config.ts';
import { TEST_REGISTRY_DIRS, TEST_SCRYPT_N } from '../../services/src/testing/harness.ts';
import { serveInstance } from './serve-instance.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const app = await buildApp(config, { registry: TEST_REGISTRY_DIRS, logger: false, testing: { scryptN: TEST_SCRYPT_N } });
await serveInstance(app);
