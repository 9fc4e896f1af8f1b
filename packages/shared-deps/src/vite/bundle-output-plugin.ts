import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin, Rolldown } from 'vite';
import { isServedAsset, precompress, type AssetFacts } from '../assets.ts';
import { packageOfSpecifier } from '../specifiers.ts';
import { compatibleRange, installedVersion } from '../versions.ts';

/** One emitted file of a shell or micro-app build. */
export interface BuildFile extends AssetFacts {
  /** Files of the same build this one imports statically. */
  readonly imports: readonly string[];
  readonly dynamicImports: readonly string[];
  /** Shared specifiers it imports statically (resolved through the import map). */
  readonly externalImports: readonly string[];
}

/** `shell/dist/shell.json`. */
export interface ShellBuildManifest {
  /** Entry module file name, e.g. `main-1a2b3c4d.js`. */
  readonly entry: string;
  /** CSS files the entry needs; the HTML must link them (Vite does not inject entry CSS for a JS entry). */
  readonly css: readonly string[];
  readonly files: readonly BuildFile[];
}

export const SHELL_MANIFEST_FILE = 'shell.json';
export const APP_MANIFEST_FILE = 'manifest.json';

/** Result of validating a micro-app manifest (the factory passes contracts' `manifestSchema` in). */
export type ManifestValidation = { ok: true; manifest: unknown } | { ok: false; message: string };

export type BundleOutputOptions =
  | { kind: 'shell' }
  | { kind: 'micro-app'; root: string; repoRoot: string; validate: (candidate: unknown) => ManifestValidation };

function chunksOf(bundle: Rolldown.OutputBundle): Rolldown.OutputChunk[] {
  return Object.values(bundle).filter((o): o is Rolldown.OutputChunk => o.type === 'chunk');
}

function entryChunk(bundle: Rolldown.OutputBundle): Rolldown.OutputChunk {
  const entries = chunksOf(bundle).filter((c) => c.isEntry);
  if (entries.length !== 1) throw new Error(`expected exactly one entry chunk, found ${entries.length}`);
  return entries[0] as Rolldown.OutputChunk;
}

/** Shared specifiers a bundle imports (statically or dynamically): every import that is not a file of the bundle. */
export function externalImportsOf(bundle: Rolldown.OutputBundle): string[] {
  const found = new Set<string>();
  for (const chunk of chunksOf(bundle)) {
    for (const id of [...chunk.imports, ...chunk.dynamicImports]) if (!(id in bundle)) found.add(id);
  }
  return [...found].sort();
}

/** `shared` of a micro-app manifest: `^major` of each shared package the bundle imports, as installed now. */
export function sharedRanges(specifiers: readonly string[], repoRoot: string): Record<string, string> {
  const packages = [...new Set(specifiers.map(packageOfSpecifier))].sort();
  return Object.fromEntries(packages.map((p) => [p, compatibleRange(installedVersion(p, repoRoot))]));
}

function readSourceManifest(root: string): Record<string, unknown> {
  const path = join(root, APP_MANIFEST_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`micro-app manifest ${path} is missing or not JSON: ${(error as Error).message}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${path} must hold an object`);
  return parsed as Record<string, unknown>;
}

async function describeFiles(dir: string, bundle: Rolldown.OutputBundle): Promise<BuildFile[]> {
  const files: BuildFile[] = [];
  for (const output of Object.values(bundle).sort((a, b) => a.fileName.localeCompare(b.fileName))) {
    if (!isServedAsset(output.fileName) || output.fileName === APP_MANIFEST_FILE) continue;
    const facts = await precompress(join(dir, output.fileName), output.fileName);
    const chunk = output.type === 'chunk' ? output : undefined;
    files.push({
      ...facts,
      imports: chunk ? chunk.imports.filter((id) => id in bundle).sort() : [],
      dynamicImports: chunk ? chunk.dynamicImports.filter((id) => id in bundle).sort() : [],
      externalImports: chunk ? chunk.imports.filter((id) => !(id in bundle)).sort() : [],
    });
  }
  return files;
}

/**
 * After the bundle is written: `.gz`/`.br` siblings for every served file and, per kind, `shell.json` (entry and
 * per-file integrity) or the micro-app's `manifest.json` (source manifest + `entry` + `shared`, validated).
 */
export function bundleOutputPlugin(options: BundleOutputOptions): Plugin {
  return {
    name: 'wb:bundle-output',
    apply: 'build',
    generateBundle(_output, bundle) {
      if (options.kind !== 'micro-app') return;
      const entry = entryChunk(bundle);
      const css = [...(entry.viteMetadata?.importedCss ?? [])];
      if (css.length > 0) {
        this.error(
          `the micro-app entry imports CSS (${css.join(', ')}), which nothing would load: style with antd tokens / ` +
            'CSS-in-JS, or import the CSS from a lazily loaded module (its CSS is loaded with it)',
        );
      }
      const candidate = {
        ...readSourceManifest(options.root),
        entry: entry.fileName,
        shared: sharedRanges(externalImportsOf(bundle), options.repoRoot),
      };
      const result = options.validate(candidate);
      if (!result.ok) this.error(`invalid ${join(options.root, APP_MANIFEST_FILE)}:\n${result.message}`);
      this.emitFile({ type: 'asset', fileName: APP_MANIFEST_FILE, source: JSON.stringify(result.manifest, null, 2) + '\n' });
    },
    async writeBundle(output, bundle) {
      const dir = output.dir as string;
      const files = await describeFiles(dir, bundle);
      if (options.kind !== 'shell') return;
      const entry = entryChunk(bundle);
      const manifest: ShellBuildManifest = {
        entry: entry.fileName,
        css: [...(entry.viteMetadata?.importedCss ?? [])].sort(),
        files,
      };
      await writeFile(join(dir, SHELL_MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    },
  };
}
