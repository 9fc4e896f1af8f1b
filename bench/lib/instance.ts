/**
 * One server instance of a benchmark, in a process of its own: the full app (test stand-ins for the
 * shell and shared-deps builds) on DATABASE_URL, which the parent has already migrated and seeded. Other
 * settings come from the environment as for the real server (e.g. SERVICE_CUSTOMER_URL makes it a gateway
 * that proxies the customer service). Listens on a free loopback port and prints `listening <port>`.
 *
 *   node --import tsx bench/lib/instance.ts   (started by bench/lib/instances.ts)
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../services/src/app.ts';
import { loadConfig } from '../../services/src/config.ts';
import { TEST_REGISTRY_DIRS, TEST_SCRYPT_N } from '../../services/src/testing/harness.ts';

const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
const app = await buildApp(config, { registry: TEST_REGISTRY_DIRS, logger: false, testing: { scryptN: TEST_SCRYPT_N } });
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`listening ${(app.server.address() as AddressInfo).port}\n`);

const stop = (): void => {
  app.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
