import type { ImportMap } from '@wb/contracts';

/**
 * Runs `System.register` micro-apps (issue 11 item 1, ADR 0040). This module and SystemJS itself (`s.js`, the
 * minimal loader: no eval, no fetch of sources, scripts only) are loaded by `import()` the first time such an
 * app mounts — never on first paint (P3).
 *
 * - **One React.** A bare dependency the page's import map provides (`react`, `react-dom/client`, `antd/es/…`,
 *   `@wb/sdk`) resolves to `wb-shared:<specifier>`, which is instantiated from the browser's own module of that
 *   specifier (native `import()`, through the same import map and integrity): the app gets the instances every
 *   other app and the shell use.
 * - **Integrity.** The app's own files load as `<script>` elements; SystemJS sets each one's `integrity` from its
 *   import map, which is filled from the page's import maps (the feed lists every module file of a version).
 *   A file without an integrity entry is refused before any request: nothing unverified runs.
 * - **CSP unchanged.** `<script src>` from the asset origin is what `script-src` already allows; s.js never
 *   evaluates source text.
 */

/** What this module needs of SystemJS's loader object (its public hooks, systemjs/docs/hooks.md). */
interface SystemLoader {
  import(id: string, parentUrl?: string): Promise<unknown>;
  resolve(id: string, parentUrl?: string): string;
  instantiate(url: string, parentUrl?: string, meta?: unknown): unknown;
  addImportMap(map: { imports?: Record<string, string>; integrity?: Record<string, string> }, base?: string): void;
}

type ExportFn = (values: Record<string, unknown>) => void;
export type Registration = [string[], (exportFn: ExportFn) => { setters?: unknown[]; execute?: () => void }];

const SHARED_PREFIX = 'wb-shared:';
/** Specifiers of micro-apps: never shared modules (an app's entry is imported by its URL). */
const APP_SPECIFIER_PREFIX = '@wb-app/';

const nativeImport = (specifier: string): Promise<Record<string, unknown>> => import(/* @vite-ignore */ specifier);

/** The page's import maps (the inline one and any the shell added after a post switch), merged. */
export function readPageImportMaps(doc: Document = document): ImportMap {
  const merged: ImportMap = { imports: {}, integrity: {} };
  for (const script of doc.querySelectorAll('script[type="importmap"]')) {
    try {
      const map = JSON.parse(script.textContent ?? '{}') as Partial<ImportMap>;
      Object.assign(merged.imports, map.imports ?? {});
      Object.assign(merged.integrity, map.integrity ?? {});
    } catch {
      // A map the browser could not parse either: it maps nothing.
    }
  }
  return merged;
}

/** A module namespace as a SystemJS registration exporting the same bindings (values are taken once). */
export function registrationOf(namespace: Record<string, unknown>): Registration {
  return [
    [],
    (exportFn) => {
      exportFn({ ...namespace });
      return { setters: [], execute() {} };
    },
  ];
}

interface LoaderState {
  system: SystemLoader;
  /** Shared specifiers (keys of the page's import maps, apps excluded). */
  shared: Set<string>;
  /** Absolute URLs that have an integrity entry. */
  verified: Set<string>;
}

let state: Promise<LoaderState> | null = null;

function absolute(url: string, base: string): string {
  return new URL(url, base).href;
}

/** Installs the shared-module and integrity hooks on SystemJS's global loader (once per page). */
export function installHooks(system: SystemLoader, loaderState: Omit<LoaderState, 'system'>): void {
  const baseResolve = system.resolve.bind(system);
  const baseInstantiate = system.instantiate.bind(system);
  system.resolve = (id, parentUrl) => (loaderState.shared.has(id) ? `${SHARED_PREFIX}${id}` : baseResolve(id, parentUrl));
  system.instantiate = (url, parentUrl, meta) => {
    if (url.startsWith(SHARED_PREFIX)) return nativeImport(url.slice(SHARED_PREFIX.length)).then(registrationOf);
    if (!loaderState.verified.has(url)) {
      return Promise.reject(new Error(`refused to load ${url}: it has no integrity entry in the page's import map`));
    }
    return baseInstantiate(url, parentUrl, meta);
  };
}

/** Feeds SystemJS the page's current import maps (post switches add maps): shared specifiers and integrity. */
function syncImportMaps(s: LoaderState, doc: Document): ImportMap {
  const map = readPageImportMaps(doc);
  const base = doc.baseURI;
  for (const specifier of Object.keys(map.imports)) if (!specifier.startsWith(APP_SPECIFIER_PREFIX)) s.shared.add(specifier);
  const integrity: Record<string, string> = {};
  for (const [url, sri] of Object.entries(map.integrity)) {
    const href = absolute(url, base);
    integrity[href] = sri;
    s.verified.add(href);
  }
  s.system.addImportMap({ integrity }, base);
  return map;
}

async function loadSystem(): Promise<LoaderState> {
  await import('systemjs/s.js');
  const system = (globalThis as unknown as { System?: SystemLoader }).System;
  if (!system) throw new Error('SystemJS did not install its loader');
  const loaderState: LoaderState = { system, shared: new Set(), verified: new Set() };
  installHooks(system, loaderState);
  return loaderState;
}

/**
 * Imports a SystemJS micro-app's entry by its import-map specifier (`@wb-app/<id>`) and returns its module
 * namespace (the single-spa lifecycles).
 */
export async function importSystemModule(specifier: string, doc: Document = document): Promise<unknown> {
  state ??= loadSystem();
  const s = await state.catch((error: unknown) => {
    state = null;
    throw error;
  });
  const map = syncImportMaps(s, doc);
  const url = map.imports[specifier];
  if (url === undefined) throw new Error(`${specifier} is not in the page's import map`);
  return s.system.import(absolute(url, doc.baseURI));
}
