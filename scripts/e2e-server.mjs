// The server the browser tests run against: the production build, a fresh embedded database in
// .data-e2e, a smaller customer seed, and the test-only fixture micro-apps (never seeded in normal runs).
// The server is the compiled one `npm start` runs (services/dist/server.mjs, ADR 0057): no TypeScript loader at
// start, and what the browser tests drive is what production runs. A bundle older than its sources is rebuilt
// first (esbuild, seconds), as `npm start` does.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { root, run } from './lib.mjs';
import { buildServerBundle, serverBundleStale } from './server-bundle.mjs';

if (serverBundleStale()) await buildServerBundle();

// E2E_DATA_DIR lets two browser-test runs on one machine keep apart (each also sets its own E2E_PORT).
const dataDir = path.resolve(root, process.env.E2E_DATA_DIR ?? '.data-e2e');
rmSync(dataDir, { recursive: true, force: true });
const code = await run('node', ['--enable-source-maps', 'services/dist/server.mjs'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    SEED_CUSTOMERS: process.env.SEED_CUSTOMERS ?? '3000',
    WB_EXTRA_APP_DIRS: 'e2e/fixtures/apps',
    // The browser stands in for a reverse proxy's clients: a test that sends X-Forwarded-For arrives from
    // that address (e2e/zones.spec.ts), as behind a real proxy; without the header, loopback is the intranet.
    TRUST_PROXY: '127.0.0.1,::1',
    // The shell's load timeout, set explicitly: R2 (a hanging bundle) waits for it (e2e/failures.spec.ts allows
    // 30 s). 10 s took slow but healthy bundles for hanging ones (WB_SHELL_002) when the whole suite shares two
    // cores with Chromium and the server; 20 s keeps R2 meaningful without that false alarm.
    SHELL_LOAD_TIMEOUT_MS: '20000',
    // Admission control (ADR 0031) stays on as in production, with a longer queue wait: the whole suite shares two
    // cores with Chromium, where a page's burst of requests can queue past the 1 s default and a refused mutation
    // would fail a test for the machine's sake. Shedding itself is measured by P13 (bench/p13-inbox-load.ts).
    ADMISSION_MAX_WAIT_MS: '10000',
    // 掌上电力's codes are read by e2e/customer-portal.spec.ts from the development SMS page (ADR 0045).
    CUSTOMER_SMS_DEV_PAGE: 'true',
    NODE_ENV: 'production',
  },
});
process.exit(code);
