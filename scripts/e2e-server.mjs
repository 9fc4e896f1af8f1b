// The server the browser tests run against: the production build, a fresh embedded database in
// .data-e2e, a smaller customer seed, and the test-only fixture micro-apps (never seeded in normal runs).
import { rmSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './lib.mjs';

const dataDir = path.join(root, '.data-e2e');
rmSync(dataDir, { recursive: true, force: true });
const code = await run('node', ['--import', 'tsx', 'services/src/server.ts'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    SEED_CUSTOMERS: process.env.SEED_CUSTOMERS ?? '3000',
    WB_EXTRA_APP_DIRS: 'e2e/fixtures/apps',
    NODE_ENV: 'production',
  },
});
process.exit(code);
