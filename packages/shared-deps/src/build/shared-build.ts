import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { build, type Rolldown } from 'vite';
import { isServedAsset, precompress } from '../assets.ts';
import {
  SHARED_DEPS_FILE,
  SHARED_URL_PREFIX,
  readSharedDeps,
  type SharedDepsFile,
  type SharedDepsManifest,
} from '../manifest.ts';
import { SHARED_SPECIFIERS, WORKSPACE_SHARED_SOURCES, chunkNameOfSpecifier, packageOfSpecifier } from '../specifiers.ts';
import { installedVersion } from '../versions.ts';
import { sharedChunkGroups } from './chunk-groups.ts';
import { ENTRY_PREFIX, sharedEntryPlugin } from './entry-plugin.ts';
import { STAMP_FILE, computeStamp, isUpToDate } from './stamp.ts';

export interface SharedBuildOptions {
  /** Repository root. */
  readonly root: string;
  /** Output directory (emptied first). */
  readonly outDir: string;
  /**
   * Build without workspace shared modules whose source does not exist yet (only for tests and bootstrapping;
   * the registry then serves an import map without them).
   */
  readonly allowMissingWorkspace?: boolean;
}

export interface SharedBuildResult {
  readonly manifest: SharedDepsManifest;
  /** False when the previous output was still valid and the build was skipped. */
  readonly built: boolean;
  /** Workspace specifiers left out because their source is missing (only with allowMissingWorkspace). */
  readonly skipped: readonly string[];
}

/** Specifiers to build, failing clearly when a workspace source is missing. */
export function selectSpecifiers(root: string, allowMissingWorkspace: boolean): { specifiers: string[]; skipped: string[] } {
  const skipped = Object.entries(WORKSPACE_SHARED_SOURCES)
    .filter(([, file]) => !existsSync(resolve(root, file)))
    .map(([specifier]) => specifier);
  if (skipped.length > 0 && !allowMissingWorkspace) {
    const list = skipped.map((s) => `${s} (${WORKSPACE_SHARED_SOURCES[s]})`).join(', ');
    throw new Error(
      `@wb/shared-deps: shared workspace modules have no source yet: ${list}. ` +
        'They are built from workspace sources into the shared import map; create them (the SDK lives in packages/sdk) ' +
        'or pass --allow-missing-workspace to build the rest.',
    );
  }
  return { specifiers: SHARED_SPECIFIERS.filter((s) => !skipped.includes(s)), skipped };
}

async function runViteBuild(root: string, outDir: string, specifiers: readonly string[]): Promise<Rolldown.RolldownOutput> {
  const input = Object.fromEntries(specifiers.map((s) => [chunkNameOfSpecifier(s), ENTRY_PREFIX + s]));
  const output = await build({
    configFile: false,
    root,
    mode: 'production',
    logLevel: 'warn',
    publicDir: false,
    plugins: [sharedEntryPlugin({ root, workspaceSources: WORKSPACE_SHARED_SOURCES })],
    oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
    // Production React/antd code paths even when the caller's NODE_ENV says otherwise (e.g. a test runner).
    define: { 'process.env.NODE_ENV': JSON.stringify('production') },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      minify: true,
      sourcemap: false,
      modulePreload: false,
      reportCompressedSize: false,
      copyPublicDir: false,
      chunkSizeWarningLimit: 2048,
      rolldownOptions: {
        input,
        onwarn(warning, warn) {
          // antd marks its modules "use client"; meaningless in a browser bundle.
          if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
        },
        // Each entry chunk exports exactly what its module exports; shared internals go to common chunks.
        preserveEntrySignatures: 'strict',
        output: {
          format: 'es',
          entryFileNames: '[name]-[hash].js',
          chunkFileNames: '[name]-[hash].js',
          hashCharacters: 'base36',
          codeSplitting: { groups: sharedChunkGroups() },
        },
      },
    },
  });
  if (Array.isArray(output) || !('output' in output)) throw new Error('@wb/shared-deps: unexpected Vite build result');
  return output;
}

function versionsOf(root: string, specifiers: readonly string[]): Record<string, string> {
  const packages = [...new Set(specifiers.map(packageOfSpecifier))].sort();
  return Object.fromEntries(packages.map((p) => [p, installedVersion(p, root)]));
}

async function describeChunks(outDir: string, chunks: readonly Rolldown.OutputChunk[]): Promise<SharedDepsFile[]> {
  const files: SharedDepsFile[] = [];
  for (const chunk of [...chunks].sort((a, b) => a.fileName.localeCompare(b.fileName))) {
    const facts = await precompress(join(outDir, chunk.fileName), chunk.fileName);
    files.push({ ...facts, imports: [...chunk.imports].sort(), dynamicImports: [...chunk.dynamicImports].sort() });
  }
  return files;
}

/** Builds every shared specifier in ONE Vite (Rolldown) build so each library and internal module exists once. */
export async function buildSharedDeps(options: SharedBuildOptions): Promise<SharedBuildResult> {
  const { specifiers, skipped } = selectSpecifiers(options.root, options.allowMissingWorkspace ?? false);
  await rm(options.outDir, { recursive: true, force: true });
  await mkdir(options.outDir, { recursive: true });
  const output = await runViteBuild(options.root, options.outDir, specifiers);
  const chunks = output.output.filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
  const stray = output.output.filter((o) => o.type === 'asset' && isServedAsset(o.fileName));
  if (stray.length > 0) throw new Error(`@wb/shared-deps: unexpected assets ${stray.map((a) => a.fileName).join(', ')}`);
  const entryFile = new Map(chunks.filter((c) => c.isEntry).map((c) => [c.name, c.fileName]));
  const imports: Record<string, string> = {};
  for (const specifier of specifiers) {
    const file = entryFile.get(chunkNameOfSpecifier(specifier));
    if (!file) throw new Error(`@wb/shared-deps: no entry chunk for ${specifier}`);
    imports[specifier] = SHARED_URL_PREFIX + file;
  }
  const files = await describeChunks(options.outDir, chunks);
  const integrity = Object.fromEntries(files.map((f) => [SHARED_URL_PREFIX + f.file, f.integrity]));
  const manifest: SharedDepsManifest = { importMap: { imports, integrity }, versions: versionsOf(options.root, specifiers), files };
  await writeFile(join(options.outDir, SHARED_DEPS_FILE), JSON.stringify(manifest, null, 2) + '\n');
  return { manifest, skipped, built: true };
}

/** Inputs whose change requires a rebuild, besides the lockfile. */
const STAMPED_SOURCES = ['packages/sdk/src', 'packages/contracts/src', 'packages/shared-deps/src'];

/**
 * Builds unless `outDir` already holds a build from the same lockfile, workspace sources and build code
 * (so a second `npm start` skips it). `force` rebuilds anyway.
 */
export async function ensureSharedDeps(options: SharedBuildOptions & { force?: boolean }): Promise<SharedBuildResult> {
  const flags = options.allowMissingWorkspace ? 'allow-missing-workspace' : 'strict';
  const stamp = computeStamp(options.root, STAMPED_SOURCES, flags);
  if (!options.force && isUpToDate(options.outDir, stamp)) {
    return { manifest: readSharedDeps(options.outDir), built: false, skipped: [] };
  }
  const result = await buildSharedDeps(options);
  await writeFile(join(options.outDir, STAMP_FILE), stamp + '\n');
  return result;
}
