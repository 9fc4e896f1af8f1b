/**
 * `npm run build -w packages/shared-deps`: builds the shared ESM modules and `dist/shared-deps.json`.
 * Flags: `--force` (ignore the up-to-date stamp), `--allow-missing-workspace` (build without @wb/* modules whose
 * source does not exist yet), `--out-dir <dir>` (default: packages/shared-deps/dist).
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSharedDeps } from './build/shared-build.ts';

const packageDir = resolve(import.meta.dirname, '..');
const repoRoot = resolve(packageDir, '../..');

async function main(): Promise<void> {
  // Vite derives production resolve conditions (e.g. single-spa's "production" export) from NODE_ENV.
  process.env.NODE_ENV = 'production';
  const { values } = parseArgs({
    options: {
      force: { type: 'boolean', default: false },
      'allow-missing-workspace': { type: 'boolean', default: false },
      'out-dir': { type: 'string', default: resolve(packageDir, 'dist') },
    },
  });
  const started = performance.now();
  const result = await ensureSharedDeps({
    root: repoRoot,
    outDir: resolve(values['out-dir']),
    force: values.force,
    allowMissingWorkspace: values['allow-missing-workspace'],
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!result.built) {
    console.log(`shared deps are up to date (${values['out-dir']}); pass --force to rebuild`);
    return;
  }
  const { files, importMap } = result.manifest;
  const gzip = files.reduce((sum, f) => sum + f.gzip, 0);
  console.log(
    `shared deps: ${Object.keys(importMap.imports).length} specifiers, ${files.length} files, ` +
      `${(gzip / 1024).toFixed(1)} KiB gzip in total, built in ${seconds} s`,
  );
  if (result.skipped.length > 0) console.warn(`left out (no source yet): ${result.skipped.join(', ')}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
