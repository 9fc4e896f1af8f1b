/**
 * `npm run check-outside-app`: the road of a team OUTSIDE this repository, end to end and offline (ADR 0051):
 *  1. packs @wb/contracts, @wb/sdk and @wb/vite-plugin as tarballs (scripts/pack-sdk.ts);
 *  2. scaffolds a standalone app from templates/ into a temporary folder (`new-app --standalone`);
 *  3. installs it WITHOUT a network: the three tarballs are unpacked into its node_modules/@wb exactly as
 *     `npm install ./vendor/*.tgz` would place them, and every other dependency (react, antd, vite, vitest, …) is
 *     linked from this repository's node_modules — nothing of this repository is reachable otherwise;
 *  4. type-checks it and runs its component test against the tarballs' `@wb/sdk/testing`;
 *  5. builds it with Vite + @wb/vite-plugin and runs the registry's upload checks on dist/ (manifest, file types,
 *     size, routes, entry, shared ranges, services, module format, lifecycles, bare imports, stylesheets).
 * Exit code 0 when the app would be accepted; prints each step's time. `--keep` leaves the folder for inspection.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CUSTOMER_SERVICE } from '@wb/contracts';
import { APPSTORE_SERVICE } from '@wb/contracts/appstore';
import { readSharedDeps } from '@wb/shared-deps';
import { assertSafePaths, readBundleDir } from '../registry/src/publish/bundle.ts';
import { checkAppRules, checkEntry, checkFileTypes, checkServices, checkSharedRanges, checkSizeBudget, parseManifest } from '../registry/src/publish/checks.ts';
import { checkModules } from '../registry/src/publish/module-checks.ts';
import { prepareStyles } from '../registry/src/publish/styles.ts';
import { publishWarnings } from '../registry/src/publish/warnings.ts';
import { platformSnapshot } from '../packages/vite-plugin/src/snapshot.ts';
import { packSdk } from './pack-sdk.ts';

const REPO = resolve(import.meta.dirname, '..');
const APP_ID = 'outside-check';

function step<T>(name: string, work: () => T): T {
  const started = Date.now();
  const result = work();
  console.log(`✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return result;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...clean, ...env } });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) failed:\n${result.stdout}${result.stderr}`);
  return result.stdout + result.stderr;
}

/** `npm install` of the vendored tarballs, offline: unpack each as node_modules/@wb/<name>, link everything else. */
function installOffline(app: string): void {
  const modules = join(app, 'node_modules');
  mkdirSync(join(modules, '@wb'), { recursive: true });
  for (const tarball of readdirSync(join(app, 'vendor'))) {
    const name = /^wb-(.+)-\d+\.\d+\.\d+.*\.tgz$/.exec(tarball)?.[1];
    if (!name) throw new Error(`unexpected file in vendor/: ${tarball}`);
    const target = join(modules, '@wb', name);
    mkdirSync(target);
    run('tar', ['-xzf', join(app, 'vendor', tarball), '-C', target, '--strip-components=1'], app);
  }
  for (const entry of readdirSync(join(REPO, 'node_modules'))) {
    if (entry === '@wb' || entry === '.package-lock.json') continue;
    symlinkSync(join(REPO, 'node_modules', entry), join(modules, entry));
  }
}

/** The platform the registry would check against: the shared build when it exists, else the same computed snapshot. */
function platform(): { versions: Record<string, string>; specifiers: Set<string> } {
  const dir = join(REPO, 'packages/shared-deps/dist');
  if (existsSync(join(dir, 'shared-deps.json'))) {
    const shared = readSharedDeps(dir);
    return { versions: { ...shared.versions }, specifiers: new Set(Object.keys(shared.importMap.imports)) };
  }
  const snapshot = platformSnapshot(REPO);
  return {
    versions: Object.fromEntries(snapshot.sharedPackages.map((p) => [p.package, p.version])),
    specifiers: new Set(snapshot.sharedModules.map((m) => m.specifier)),
  };
}

export async function checkOutsideApp(options: { keep?: boolean; tarballs?: string } = {}): Promise<{ dir: string; warnings: string[] }> {
  const work = mkdtempSync(join(tmpdir(), 'wb-outside-'));
  const app = join(work, APP_ID);
  try {
    let tarballs = options.tarballs;
    if (!tarballs) {
      tarballs = join(work, 'tarballs');
      const started = Date.now();
      await packSdk(tarballs);
      console.log(`✓ packed @wb/contracts, @wb/sdk, @wb/vite-plugin (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    const dir = tarballs;
    step('scaffolded from templates/ (new-app --standalone)', () =>
      run('node', [join(REPO, 'scripts/new-app.mjs'), APP_ID, '--name', '外部团队示例', '--standalone', '--dir', app, '--tarballs', dir], REPO));
    step('installed offline (tarballs unpacked, other dependencies linked)', () => installOffline(app));
    step('type-checked against the tarballs\' declarations', () => run(join(app, 'node_modules/.bin/tsc'), ['--noEmit', '-p', 'tsconfig.json'], app));
    step('component test passed (vitest, msw, @wb/sdk/testing)', () => run(join(app, 'node_modules/.bin/vitest'), ['run', '--root', app], app, { CI: 'true' }));
    step('built with Vite + @wb/vite-plugin', () => run(join(app, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], app, { NODE_ENV: 'production' }));
    const files = await readBundleDir(join(app, 'dist'));
    const { versions, specifiers } = platform();
    const started = Date.now();
    assertSafePaths(files);
    checkFileTypes(files);
    checkSizeBudget(files);
    const manifest = parseManifest(files);
    checkAppRules(manifest);
    checkEntry(manifest, files);
    checkSharedRanges(manifest, versions);
    checkServices(manifest, [CUSTOMER_SERVICE, APPSTORE_SERVICE]);
    const { format, sharedPackagesUsed } = await checkModules(manifest, files, specifiers);
    const styles = prepareStyles(manifest, files);
    const warnings = publishWarnings({ manifest, format, sharedPackagesUsed, platformVersions: versions, globalStylesheets: styles.globalStylesheets }).map((w) => w.code);
    console.log(`✓ the registry's upload checks accept dist/ (${format}, shared: ${sharedPackagesUsed.join(', ')}; warnings: ${warnings.join(', ') || 'none'}) (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return { dir: app, warnings };
  } finally {
    if (!options.keep) rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const at = process.argv.indexOf('--tarballs');
  const started = Date.now();
  const result = await checkOutsideApp({ keep: process.argv.includes('--keep'), ...(at > 0 ? { tarballs: process.argv[at + 1] as string } : {}) });
  console.log(`outside-team app ${process.argv.includes('--keep') ? `in ${result.dir} ` : ''}accepted in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
