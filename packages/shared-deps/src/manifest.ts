import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AssetFacts } from './assets.ts';

/** URL prefix of the shared modules in the import map (the registry prefixes ASSET_BASE_URL when set). */
export const SHARED_URL_PREFIX = '/assets/shared/';
export const SHARED_DEPS_FILE = 'shared-deps.json';

export interface SharedDepsFile extends AssetFacts {
  /** Files this one imports statically (names in the same directory), i.e. what loads with it. */
  readonly imports: readonly string[];
  /** Files it may import later with `import()`. */
  readonly dynamicImports: readonly string[];
}

/** `packages/shared-deps/dist/shared-deps.json`, the contract between the shared build and the registry. */
export interface SharedDepsManifest {
  readonly importMap: {
    /** Shared specifier → `/assets/shared/<hashed file>.js`. */
    readonly imports: Readonly<Record<string, string>>;
    /** URL → `sha384-…` for every emitted module, common chunks included. */
    readonly integrity: Readonly<Record<string, string>>;
  };
  /** Installed version of each shared package (`react` → `19.3.1`). */
  readonly versions: Readonly<Record<string, string>>;
  readonly files: readonly SharedDepsFile[];
}

function fail(path: string, problem: string): never {
  throw new Error(`@wb/shared-deps: ${path} ${problem}`);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

function isFile(value: unknown): value is SharedDepsFile {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    typeof f.file === 'string' &&
    typeof f.integrity === 'string' &&
    f.integrity.startsWith('sha384-') &&
    typeof f.size === 'number' &&
    typeof f.gzip === 'number' &&
    Array.isArray(f.imports) &&
    Array.isArray(f.dynamicImports)
  );
}

/** Checks the shape of a parsed shared-deps.json; throws naming the first wrong part. */
export function parseSharedDeps(value: unknown, path = SHARED_DEPS_FILE): SharedDepsManifest {
  if (typeof value !== 'object' || value === null) fail(path, 'is not an object');
  const v = value as Record<string, unknown>;
  const importMap = v.importMap as Record<string, unknown> | undefined;
  if (!importMap || !isStringRecord(importMap.imports)) fail(path, 'has no importMap.imports');
  if (!isStringRecord(importMap.integrity)) fail(path, 'has no importMap.integrity');
  if (!isStringRecord(v.versions)) fail(path, 'has no versions');
  if (!Array.isArray(v.files) || !v.files.every(isFile)) fail(path, 'has a malformed files list');
  for (const url of Object.values(importMap.imports)) {
    if (!importMap.integrity[url]) fail(path, `has no integrity for ${url}`);
  }
  return value as SharedDepsManifest;
}

/** Reads and checks `<distDir>/shared-deps.json`. */
export function readSharedDeps(distDir: string): SharedDepsManifest {
  const path = join(distDir, SHARED_DEPS_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`@wb/shared-deps: ${path} is missing; run \`npm run build -w packages/shared-deps\` first`);
  }
  return parseSharedDeps(JSON.parse(text), path);
}
