/**
 * `npm run pack-sdk [-- --out <dir>]`: packs @wb/contracts, @wb/sdk and @wb/vite-plugin as npm tarballs for teams
 * outside this repository (issue 11 item 8, ADR 0051). Each tarball holds compiled JavaScript and `.d.ts` files,
 * never TypeScript sources, and carries the platform's version (the root package.json `version`); the SDK depends
 * on exactly that contracts version, the plugin carries the platform snapshot (`platform.json`: shared modules and
 * versions). Output: `<out>/wb-contracts-<v>.tgz`, `wb-sdk-<v>.tgz`, `wb-vite-plugin-<v>.tgz` (default out: dist/tarballs).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { platformSnapshot } from '../packages/vite-plugin/src/snapshot.ts';

const REPO = resolve(import.meta.dirname, '..');

interface PackageJson {
  name: string;
  version: string;
  exports: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function run(cmd: string, args: string[], cwd = REPO): string {
  const result = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

/** `./src/react/index.ts` → `{ types: './dist/react/index.d.ts', default: './dist/react/index.js' }`. */
export function compiledExports(exports: Record<string, string>): Record<string, { types: string; default: string }> {
  return Object.fromEntries(
    Object.entries(exports).map(([key, source]) => {
      const base = source.replace(/^\.\/src\//, './dist/').replace(/\.tsx?$/, '');
      return [key, { types: `${base}.d.ts`, default: `${base}.js` }];
    }),
  );
}

/** Declarations keep the sources' `./x.ts` specifiers (tsc rewrites them in JavaScript only): point them at `./x.js`. */
export function jsSpecifiers(declarations: string): string {
  return declarations.replace(/(from\s+|import\(\s*)(['"])(\.{1,2}\/[^'"]+?)\.tsx?\2/g, '$1$2$3.js$2');
}

function copyCompiled(from: string, to: string, keep: (file: string) => boolean = () => true): void {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (entry.isDirectory()) copyCompiled(source, join(to, entry.name), keep);
    else if (keep(entry.name)) {
      mkdirSync(to, { recursive: true });
      if (entry.name.endsWith('.d.ts')) writeFileSync(join(to, entry.name), jsSpecifiers(readFileSync(source, 'utf8')));
      else cpSync(source, join(to, entry.name));
    }
  }
}

function readme(name: string, text: string): string {
  return `# ${name}\n\n${text}\n\nBuilt from the workbench repository (\`npm run pack-sdk\`); see its docs/publishing.md.\n`;
}

export interface PackResult {
  version: string;
  tarballs: { contracts: string; sdk: string; vitePlugin: string };
}

export async function packSdk(outDir: string): Promise<PackResult> {
  const out = resolve(outDir);
  const stage = join(out, '.stage');
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const root = readJson<{ version: string; devDependencies: Record<string, string> }>(join(REPO, 'package.json'));
  const version = root.version;
  const contracts = readJson<PackageJson>(join(REPO, 'packages/contracts/package.json'));
  const sdk = readJson<PackageJson>(join(REPO, 'packages/sdk/package.json'));
  const registry = readJson<PackageJson>(join(REPO, 'registry/package.json'));
  const zodRange = registry.dependencies?.zod ?? '^4';

  // One tsc run compiles the three sources (JavaScript + declarations); .ts import paths become .js.
  const compiled = join(stage, 'compiled');
  const tsconfig = join(stage, 'tsconfig.json');
  writeFileSync(tsconfig, JSON.stringify({
    extends: join(REPO, 'tsconfig.base.json'),
    compilerOptions: {
      noEmit: false, declaration: true, outDir: compiled, rootDir: join(REPO, 'packages'),
      rewriteRelativeImportExtensions: true, lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')],
    },
    include: ['contracts/src', 'sdk/src', 'vite-plugin/src'].map((dir) => join(REPO, 'packages', dir)),
    exclude: [join(REPO, 'packages/**/*.test.ts'), join(REPO, 'packages/**/*.test.tsx')],
  }));
  // TypeScript 5.9's compiler (`typescript`), by path: `.bin/tsc` is linked to one of the two installed (ADR 0111).
  run(join(REPO, 'node_modules/typescript/bin/tsc'), ['-p', tsconfig]);

  const write = (dir: string, pkg: object, text: string): void => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
    writeFileSync(join(dir, 'README.md'), readme((pkg as { name: string }).name, text));
  };

  const contractsDir = join(stage, 'contracts');
  copyCompiled(join(compiled, 'contracts/src'), join(contractsDir, 'dist'));
  write(contractsDir, {
    name: '@wb/contracts', version, type: 'module', description: 'Contracts of the workbench platform: schemas and types shared by apps, SDK and services',
    exports: compiledExports(contracts.exports), files: ['dist'], sideEffects: false, dependencies: { zod: zodRange },
  }, 'Schemas (zod) and types of the workbench platform: manifest, feed, errors, service contracts.');

  const sdkDir = join(stage, 'sdk');
  copyCompiled(join(compiled, 'sdk/src'), join(sdkDir, 'dist'));
  const sdkDeps = sdk.dependencies ?? {};
  write(sdkDir, {
    name: '@wb/sdk', version, type: 'module', description: 'SDK for workbench micro-apps: lifecycles, service client, routing, forms, parts, events',
    exports: compiledExports(sdk.exports), files: ['dist'], sideEffects: false,
    dependencies: { '@wb/contracts': version },
    peerDependencies: {
      react: sdkDeps.react, 'react-dom': sdkDeps['react-dom'], antd: sdkDeps.antd, '@tanstack/react-query': sdkDeps['@tanstack/react-query'],
      msw: root.devDependencies.msw, vitest: root.devDependencies.vitest, '@testing-library/react': root.devDependencies['@testing-library/react'],
    },
    peerDependenciesMeta: { msw: { optional: true }, vitest: { optional: true }, '@testing-library/react': { optional: true } },
  }, 'At run time the platform serves `@wb/sdk` and `@wb/sdk/react` (they stay external in your build: `@wb/vite-plugin` sees to it); this package gives your editor, type checker, tests (`@wb/sdk/testing`) and dev server (`@wb/sdk/dev`) the same code.');

  const pluginDir = join(stage, 'vite-plugin');
  await build({
    entryPoints: [join(REPO, 'packages/vite-plugin/src/index.ts')], outfile: join(pluginDir, 'dist/index.js'), bundle: true,
    platform: 'node', format: 'esm', target: 'node20', external: ['vite', 'zod', '@wb/contracts'], logLevel: 'error',
  });
  copyCompiled(join(compiled, 'vite-plugin/src'), join(pluginDir, 'dist'), (file) => file.endsWith('.d.ts') && file !== 'snapshot.d.ts');
  writeFileSync(join(pluginDir, 'platform.json'), JSON.stringify(platformSnapshot(REPO), null, 2) + '\n');
  write(pluginDir, {
    name: '@wb/vite-plugin', version, type: 'module', description: 'Vite plugin for workbench micro-apps: shared externals, manifest, import checks',
    exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' }, './platform.json': './platform.json' },
    files: ['dist', 'platform.json'], dependencies: { '@wb/contracts': version, zod: zodRange }, peerDependencies: { vite: root.devDependencies.vite },
  }, '`plugins: [react(), workbenchApp()]`: shared modules external, `import { Button } from \'antd\'` rewritten to the shared module, bare imports and shared versions checked as the app store checks them at upload, `dist/manifest.json` written.');

  const pack = (dir: string): string => {
    const listed = JSON.parse(run('npm', ['pack', dir, '--pack-destination', out, '--json', '--silent'])) as Array<{ filename: string }>;
    const file = join(out, (listed[0] as { filename: string }).filename.replace(/^@/, '').replace('/', '-'));
    if (!existsSync(file)) throw new Error(`npm pack wrote no ${file}`);
    return file;
  };
  const tarballs = { contracts: pack(contractsDir), sdk: pack(sdkDir), vitePlugin: pack(pluginDir) };
  rmSync(stage, { recursive: true, force: true });
  return { version, tarballs };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const at = process.argv.indexOf('--out');
  const out = at > 0 ? (process.argv[at + 1] as string) : join(REPO, 'dist/tarballs');
  const started = Date.now();
  const { tarballs } = await packSdk(out);
  for (const file of Object.values(tarballs)) console.log(relative(process.cwd(), file));
  console.log(`packed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
