// Builds what is missing or stale: shared deps, the shell, every micro-app (each on its own), and the server
// bundle `npm start` runs (services/dist, scripts/server-bundle.mjs, ADR 0057).
// `node scripts/build.mjs --force` rebuilds everything; `--with-fixtures` also builds the e2e fixture apps.
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { appFolders, newestMtime, root, runOrExit } from './lib.mjs';
import { buildServerBundle, serverBundleStale } from './server-bundle.mjs';

const force = process.argv.includes('--force');
const withFixtures = process.argv.includes('--with-fixtures');

/** A target is stale when its marker file is missing or older than any of its inputs. */
function stale(marker, inputs) {
  const file = path.join(root, marker);
  if (force || !existsSync(file)) return true;
  const built = statSync(file).mtimeMs;
  return inputs.some((dir) => newestMtime(path.join(root, dir)) > built);
}

const sdkInputs = ['packages/sdk/src', 'packages/contracts/src'];

export async function buildAll() {
  // shared-deps skips its own work when nothing changed (it keeps a stamp of its inputs).
  await runOrExit('npm', ['run', 'build', '-w', 'packages/shared-deps', '--silent']);
  if (stale('shell/dist/shell.json', ['shell/src', 'shell/index.html', ...sdkInputs])) {
    await runOrExit('npm', ['run', 'build', '-w', 'shell', '--silent']);
  }
  const apps = [...appFolders('apps'), ...(withFixtures ? appFolders('e2e/fixtures/apps') : [])];
  for (const app of apps) {
    if (stale(`${app}/dist/manifest.json`, [`${app}/src`, `${app}/manifest.json`, ...sdkInputs])) {
      await runOrExit('npm', ['run', 'build', '-w', app, '--silent']);
    }
  }
  if (serverBundleStale(force)) await buildServerBundle();
}

await buildAll();
