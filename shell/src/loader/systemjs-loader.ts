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
 *   import map, which is filled from the page's import maps (the feed lists every module file of a version), each
 *   map element read once. A file without an integrity entry is refused before any request: nothing unverified
 *   runs. The entry's download starts beside SystemJS's own, through a preload with the same integrity (P19).
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

/** One `<script type="importmap">`'s imports and integrity. */
function parseImportMap(script: Element): ImportMap {
  try {
    const map = JSON.parse(script.textContent ?? '{}') as Partial<ImportMap>;
    return { imports: map.imports ?? {}, integrity: map.integrity ?? {} };
  } catch {
    // A map the browser could not parse either: it maps nothing.
    return { imports: {}, integrity: {} };
  }
}

/**
 * The page's import maps as the loader knows them. Each `<script type="importmap">` is read once (import maps
 * never change; a post switch adds a new element): a mount reads only maps added since the last one.
 */
interface PageMaps {
  imports: Record<string, string>;
  /** Absolute URL → SRI of every file the page's maps list. */
  integrity: Map<string, string>;
  seen: WeakSet<Element>;
  /** Maps read but not yet handed to SystemJS (it is loaded after the first read). */
  pending: ImportMap[];
}

const pageMapsByDocument = new WeakMap<Document, PageMaps>();

function pageMaps(doc: Document): PageMaps {
  let maps = pageMapsByDocument.get(doc);
  if (!maps) pageMapsByDocument.set(doc, (maps = { imports: {}, integrity: new Map(), seen: new WeakSet(), pending: [] }));
  for (const script of doc.querySelectorAll('script[type="importmap"]')) {
    if (maps.seen.has(script)) continue;
    maps.seen.add(script);
    const map = parseImportMap(script);
    Object.assign(maps.imports, map.imports);
    for (const [url, sri] of Object.entries(map.integrity)) maps.integrity.set(absolute(url, doc.baseURI), sri);
    maps.pending.push(map);
  }
  return maps;
}

/** Hrefs of entry scripts already preloaded on this page (a remount finds the module in SystemJS's registry). */
const preloaded = new Set<string>();

/**
 * Starts the download of a SystemJS entry while SystemJS itself still loads (P19, ADR 0075): a
 * `<link rel="preload" as="script">` with the same integrity and CORS mode as the `<script>` SystemJS adds later
 * (crossorigin only for another origin, as SystemJS's createScript does), so the browser reuses the response.
 */
export function preloadScript(href: string, integrity: string, doc: Document = document): void {
  if (preloaded.has(href)) return;
  preloaded.add(href);
  const link = doc.createElement('link');
  link.rel = 'preload';
  link.as = 'script';
  link.integrity = integrity;
  if (new URL(href).origin !== new URL(doc.baseURI).origin) link.crossOrigin = 'anonymous';
  link.href = href;
  doc.head.appendChild(link);
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
  verified: Pick<ReadonlySet<string>, 'has'>;
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

/** Hands SystemJS the maps it has not seen yet: their shared specifiers and integrity (once per map element). */
function syncImportMaps(s: LoaderState, maps: PageMaps, base: string): void {
  for (const map of maps.pending.splice(0)) {
    for (const specifier of Object.keys(map.imports)) if (!specifier.startsWith(APP_SPECIFIER_PREFIX)) s.shared.add(specifier);
    s.system.addImportMap({ integrity: map.integrity }, base);
  }
}

async function loadSystem(): Promise<LoaderState> {
  await import('systemjs/s.js');
  const system = (globalThis as unknown as { System?: SystemLoader }).System;
  if (!system) throw new Error('SystemJS did not install its loader');
  const loaderState: LoaderState = { system, shared: new Set(), verified: { has: () => false } };
  installHooks(system, loaderState);
  return loaderState;
}

/**
 * Imports a SystemJS micro-app's entry by its import-map specifier (`@wb-app/<id>`) and returns its module
 * namespace (the single-spa lifecycles). The entry's download starts at once, beside SystemJS's own (P19).
 */
export async function importSystemModule(specifier: string, doc: Document = document): Promise<unknown> {
  const maps = pageMaps(doc);
  const url = maps.imports[specifier];
  if (url === undefined) throw new Error(`${specifier} is not in the page's import map`);
  const href = absolute(url, doc.baseURI);
  const integrity = maps.integrity.get(href);
  // Without an integrity entry nothing is fetched: the instantiate hook refuses the file below.
  if (integrity !== undefined) preloadScript(href, integrity, doc);
  state ??= loadSystem();
  const s = await state.catch((error: unknown) => {
    state = null;
    throw error;
  });
  s.verified = maps.integrity;
  syncImportMaps(s, maps, doc.baseURI);
  return s.system.import(href);
}
