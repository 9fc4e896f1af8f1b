import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Plugin, type Rolldown, type UserConfig } from 'vite';
import { prettifyError } from 'zod';
import { hasAccessRule, manifestSchema } from '@wb/contracts';
// Implementation shared with the monorepo's own build (bundled into the packed plugin, never a runtime dependency).
import { parseAntdIndex } from '../../shared-deps/src/antd.ts';
import { antdRewriteRule, iconsRewriteRule } from '../../shared-deps/src/rewrite-rules.ts';
import { importRewritePlugin } from '../../shared-deps/src/vite/import-rewrite-plugin.ts';
import { sharedExternalsPlugin } from '../../shared-deps/src/vite/shared-externals.ts';
import type { RewriteRule } from '../../shared-deps/src/import-rewrite.ts';
import { devHarness } from './dev-harness.ts';
import { importProblems, lifecycleProblem, platformOf, readPlatformFile, sharedRangesOf, type Platform } from './platform.ts';
import type { WorkbenchAppOptions } from './types.ts';

const ENTRY_CANDIDATES = ['src/main.tsx', 'src/main.ts', 'src/main.jsx', 'src/main.js'];
const MANIFEST_FILE = 'manifest.json';

/** The platform snapshot packed beside the plugin (`platform.json` at the package root), if any. */
function packedPlatformFile(): string {
  return fileURLToPath(new URL('../platform.json', import.meta.url));
}

function loadPlatform(option: WorkbenchAppOptions['platform'], root: string): Platform {
  if (option !== undefined && typeof option !== 'string') return platformOf(option, 'options.platform');
  const file = option === undefined ? packedPlatformFile() : resolve(root, option);
  if (!existsSync(file)) {
    throw new Error(`@wb/vite-plugin: no platform descriptor at ${file}: pass { platform: 'platform.json' } (saved from GET /api/registry/platform)`);
  }
  return readPlatformFile(file);
}

/** package.json of an installed package, found by walking up from `fromDir` (exports maps may hide it). */
function installedPackageDir(pkg: string, fromDir: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', pkg);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

function installedVersion(pkg: string, fromDir: string): string | undefined {
  const dir = installedPackageDir(pkg, fromDir);
  if (!dir) return undefined;
  const { version } = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof version === 'string' ? version : undefined;
}

/** `import { Button } from 'antd'` → `antd/es/button`, icons likewise, read from the project's own antd (when installed). */
function rewriteRules(root: string): RewriteRule[] {
  const rules: RewriteRule[] = [];
  const antd = installedPackageDir('antd', root);
  if (antd && existsSync(join(antd, 'es/index.js'))) rules.push(antdRewriteRule(parseAntdIndex(readFileSync(join(antd, 'es/index.js'), 'utf8'))));
  const icons = installedPackageDir('@ant-design/icons', root);
  if (icons && existsSync(join(icons, 'es'))) rules.push(iconsRewriteRule(join(icons, 'es')));
  return rules;
}

function entryOf(root: string, entry: string | undefined): string {
  if (entry !== undefined) return resolve(root, entry);
  const found = ENTRY_CANDIDATES.map((file) => resolve(root, file)).find((file) => existsSync(file));
  if (!found) throw new Error(`@wb/vite-plugin: no entry module: expected one of ${ENTRY_CANDIDATES.join(', ')} (or pass { entry })`);
  return found;
}

function chunksOf(bundle: Rolldown.OutputBundle): Rolldown.OutputChunk[] {
  return Object.values(bundle).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
}

function readSourceManifest(path: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`@wb/vite-plugin: ${path} is missing or not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`@wb/vite-plugin: ${path} must hold an object`);
  return parsed as Record<string, unknown>;
}

/**
 * The Vite plugins of a micro-app built outside this repository (ADR 0051): `plugins: [react(), workbenchApp()]`.
 * On `vite build` they
 * - build the entry as an ES module that keeps its lifecycle exports, with relative asset URLs (the registry serves
 *   each version under its own path) and one stylesheet;
 * - leave exactly the platform's shared modules external (everything else is bundled), rewriting
 *   `import { Button } from 'antd'` to the shared per-component module;
 * - refuse, as the registry's upload would, an unprovided bare import, an entry without the lifecycles, and a shared
 *   package whose version the platform does not satisfy;
 * - write `dist/manifest.json`: the project's manifest.json with `entry` and `shared` filled in, validated.
 * On `vite` (the dev server) they serve the dev harness page and msw's worker when the project has a
 * `src/dev/harness.ts` but no `index.html` / `public/mockServiceWorker.js` of its own (ADR 0085).
 */
export function workbenchApp(options: WorkbenchAppOptions = {}): Plugin[] {
  let root = process.cwd();
  let platform: Platform | undefined;
  const need = (): Platform => {
    platform ??= loadPlatform(options.platform, root);
    return platform;
  };

  const configPlugin: Plugin = {
    name: 'wb:app-config',
    apply: 'build',
    config(user): UserConfig {
      root = resolve(user.root ?? process.cwd());
      return {
        base: './',
        build: {
          target: 'es2022',
          assetsDir: '',
          cssCodeSplit: false,
          copyPublicDir: false,
          modulePreload: { polyfill: false },
          rolldownOptions: {
            input: { main: entryOf(root, options.entry) },
            preserveEntrySignatures: 'exports-only',
            output: {
              format: 'es',
              entryFileNames: '[name]-[hash].js',
              chunkFileNames: '[name]-[hash].js',
              assetFileNames: '[name]-[hash][extname]',
            },
          },
        },
      };
    },
  };

  // The monorepo factory's shared externals, against the platform descriptor's list (one implementation, ADR 0062).
  const sharedPlugin = sharedExternalsPlugin({
    root: () => root,
    shared: () => need().specifiers,
    // The platform serves the SDK and the contracts from its own sources: an outside project has no file to map.
    skipFileMapping: (specifier) => specifier.startsWith('@wb/'),
  });

  const outputPlugin: Plugin = {
    name: 'wb:app-output',
    apply: 'build',
    generateBundle(_output, bundle) {
      const chunks = chunksOf(bundle);
      const entries = chunks.filter((c) => c.isEntry);
      if (entries.length !== 1) this.error(`expected exactly one entry chunk, found ${entries.length}`);
      const entry = entries[0] as Rolldown.OutputChunk;
      const lifecycle = lifecycleProblem(entry.fileName, entry.exports);
      if (lifecycle) this.error(lifecycle);
      const manifestPath = resolve(root, options.manifest ?? MANIFEST_FILE);
      const source = readSourceManifest(manifestPath);
      const declared = (typeof source.shared === 'object' && source.shared !== null ? source.shared : {}) as Record<string, string>;
      const modules = chunks.map((c) => ({
        fileName: c.fileName,
        externalImports: [...c.imports, ...c.dynamicImports].filter((id) => !(id in bundle)),
      }));
      const problems = importProblems(modules, need(), declared);
      const used = [...new Set(modules.flatMap((m) => m.externalImports))];
      const ranges = sharedRangesOf(used, need(), (pkg) => installedVersion(pkg, root));
      problems.push(...ranges.problems);
      if (problems.length > 0) this.error(problems.join('\n'));
      const result = manifestSchema.safeParse({ ...source, entry: entry.fileName, shared: ranges.shared });
      if (!result.success) this.error(`invalid ${manifestPath}:\n${prettifyError(result.error)}`);
      if (!hasAccessRule(result.data.access)) {
        this.warn('manifest.json 没有 access：上传后只有平台管理员可见。要让员工使用，请声明例如 "access": { "anyPermissions": ["store:market:use"] }');
      }
      this.emitFile({ type: 'asset', fileName: MANIFEST_FILE, source: JSON.stringify(result.data, null, 2) + '\n' });
    },
  };

  return [configPlugin, sharedPlugin, importRewritePlugin(rewriteRules(root)), outputPlugin, devHarness({ manifest: options.manifest })];
}
