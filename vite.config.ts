/**
 * THE Vite config factory of the workbench (docs/architecture.md §3, §5; ADR 0002). The shell and every micro-app have a
 * two-line vite.config.ts:
 *
 *   import { defineMicroAppConfig } from '../../vite.config.ts';
 *   export default defineMicroAppConfig({ root: import.meta.dirname });
 *
 * `vite build` externalizes exactly the shared specifiers of @wb/shared-deps (served once through the import map),
 * rewrites `import { Button } from 'antd'` to the shared per-component modules, and writes precompressed files plus
 * `manifest.json` (micro-app) or `shell.json` (shell) into dist/. `vite` (dev server) resolves everything from
 * node_modules as usual and serves the folder's dev harness (src/dev/harness.ts in a generated page, ADR 0085; the
 * shell keeps its own index.html).
 *
 * Workspace sources are imported by relative path on purpose: Vite bundles relative imports of a config file but
 * loads bare ones with Node, which cannot run the TypeScript sources of workspace packages.
 */
import react from '@vitejs/plugin-react';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { mergeConfig, type ConfigEnv, type PluginOption, type UserConfig, type UserConfigFnObject } from 'vite';
import { prettifyError } from 'zod';
import { manifestSchema } from './packages/contracts/src/index.ts';
import {
  bundleOutputPlugin,
  danglingSourceMapPlugin,
  importRewritePlugin,
  sharedModulesPlugin,
  sharedRequirePlugin,
  type BundleOutputOptions,
  type ManifestValidation,
} from './packages/shared-deps/src/vite/index.ts';
import { devHarness } from './packages/vite-plugin/src/dev-harness.ts';

const REPO_ROOT = import.meta.dirname;

export interface MicroAppConfigOptions {
  /** The micro-app folder (pass `import.meta.dirname`); holds manifest.json, src/main.ts(x) and src/dev/harness.ts. */
  root: string;
  /** Dev server port (default: Vite's 5173). */
  port?: number;
  /** Dev harness page: appended to its header's 「msw 模拟数据」 in brackets (e.g. the mock data set's size). */
  harnessNote?: string;
  /** Merged last (Vite `mergeConfig`), e.g. a dev-server proxy. Do not override externals or output names. */
  extend?: UserConfig;
}

export interface ShellConfigOptions {
  /** The shell folder (pass `import.meta.dirname`). */
  root: string;
  port?: number;
  extend?: UserConfig;
}

/** Where the built shell is served from (the registry serves shell/dist there). */
export const SHELL_BASE = '/assets/shell/';

/** `src/main.tsx` or `src/main.ts` of a folder: the module that exports the single-spa lifecycles (or boots the shell). */
function entryOf(root: string): string {
  const candidates = ['src/main.tsx', 'src/main.ts'].map((file) => resolve(root, file));
  const found = candidates.find((file) => existsSync(file));
  if (!found) throw new Error(`no entry module: expected ${candidates.join(' or ')}`);
  return found;
}

function validateManifest(candidate: unknown): ManifestValidation {
  const result = manifestSchema.safeParse(candidate);
  return result.success ? { ok: true, manifest: result.data } : { ok: false, message: prettifyError(result.error) };
}

interface BuildShape {
  root: string;
  base: string;
  /** Rolldown: keep the entry's exports (the single-spa lifecycles) exactly; false lets the shell entry merge. */
  preserveEntrySignatures: 'exports-only' | false;
  output: BundleOutputOptions;
}

function productionConfig(shape: BuildShape): UserConfig {
  return {
    root: shape.root,
    base: shape.base,
    plugins: [
      react(),
      sharedRequirePlugin(),
      sharedModulesPlugin({ root: REPO_ROOT }),
      importRewritePlugin(),
      danglingSourceMapPlugin(),
      bundleOutputPlugin(shape.output),
    ],
    build: {
      outDir: resolve(shape.root, 'dist'),
      emptyOutDir: true,
      // public/ holds dev-only files (msw's service worker); production assets are imported, hence hashed.
      copyPublicDir: false,
      target: 'es2022',
      assetsDir: '',
      sourcemap: false,
      modulePreload: { polyfill: false },
      rolldownOptions: {
        input: { main: entryOf(shape.root) },
        // No `external` option: sharedModulesPlugin externalizes exactly isSharedSpecifier() (plus aliases and
        // relative paths onto shared files). The option would also catch `require('react')` in bundled CommonJS
        // before sharedRequirePlugin turns it into an import, leaving a `require` call that throws in the browser.
        preserveEntrySignatures: shape.preserveEntrySignatures,
        output: {
          format: 'es',
          entryFileNames: '[name]-[hash].js',
          chunkFileNames: '[name]-[hash].js',
          assetFileNames: '[name]-[hash][extname]',
          hashCharacters: 'base36',
        },
      },
    },
  };
}

function devConfig(root: string, port: number | undefined, plugins: PluginOption[] = []): UserConfig {
  return { root, plugins: [react(), ...plugins], server: port === undefined ? {} : { port, strictPort: true } };
}

/** Config of one micro-app (apps/<id>, e2e/fixtures/apps/<id>): an ES module exporting bootstrap/mount/unmount. */
export function defineMicroAppConfig(options: MicroAppConfigOptions): UserConfigFnObject {
  return ({ command }: ConfigEnv): UserConfig => {
    const config =
      command === 'build'
        ? productionConfig({
            root: options.root,
            // Relative: the registry serves each version under its own /assets/apps/<id>/<digest>/ path.
            base: './',
            preserveEntrySignatures: 'exports-only',
            output: { kind: 'micro-app', root: options.root, repoRoot: REPO_ROOT, validate: validateManifest },
          })
        : // The harness page and msw's worker are served, not kept in the app (ADR 0085).
          devConfig(options.root, options.port, [devHarness({ note: options.harnessNote })]);
    return options.extend ? mergeConfig(config, options.extend) : config;
  };
}

/** Config of the shell (single-spa root): entry src/main.tsx, served from /assets/shell/. */
export function defineShellConfig(options: ShellConfigOptions): UserConfigFnObject {
  return ({ command }: ConfigEnv): UserConfig => {
    const config =
      command === 'build'
        ? productionConfig({ root: options.root, base: SHELL_BASE, preserveEntrySignatures: false, output: { kind: 'shell' } })
        : devConfig(options.root, options.port);
    return options.extend ? mergeConfig(config, options.extend) : config;
  };
}

/**
 * Plain `vite` / `vite build` at the repository root has nothing to build: say where to run it. Vitest also reads
 * this file when started at the root without a vitest config; it gets an empty config so tests keep working.
 */
export default function rootConfig({ mode }: ConfigEnv): UserConfig {
  if (mode === 'test' || process.env.VITEST) return {};
  throw new Error(
    'vite.config.ts at the repository root is the config factory, not a project. Run Vite in a project folder: ' +
      '`npm run build -w shell`, `npm run build -w apps/<id>`, `npm run dev -w apps/<id>`; ' +
      'shared modules: `npm run build -w packages/shared-deps`.',
  );
}
