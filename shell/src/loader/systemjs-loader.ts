import type { ImportMap } from '@wb/contracts';
// SystemJS's minimal loader as a file of the shell's build (hashed, listed with its integrity in the page's import
// map): a classic script that installs `globalThis.System`. Fetched early, run only when a SystemJS app loads.
import systemUrl from 'systemjs/s.js?url';

/**
 * Runs `System.register` micro-apps (issue 11 item 1, ADR 0040). This module and SystemJS itself (`s.js`, the
 * minimal loader: no eval, no fetch of sources, scripts only) are never part of first paint (P3). When the feed
 * lists a SystemJS app, the page runs this module and prefetches `s.js` once it has loaded and is idle
 * (`prefetchSystem`, ADR 0087); SystemJS runs only when such an app is first imported.
 *
 * - **One React.** A bare dependency the page's import map provides (`react`, `react-dom/client`, `antd/es/…`,
 *   `@wb/sdk`) resolves to `wb-shared:<specifier>`, which is instantiated from the browser's own module of that
 *   specifier (native `import()`, through the same import map and integrity): the app gets the instances every
 *   other app and the shell use.
 * - **Integrity.** The app's own files load as `<script>` elements; each one gets its `integrity` from the page's
 *   import maps (the feed lists every module file of a version), each map element read once. A file without an
 *   integrity entry is refused before any request: nothing unverified runs. `s.js` carries its integrity from the
 *   same maps, as the shell's module chunks do. The entry's download starts beside SystemJS's own, through a
 *   preload with the same integrity (P19).
 * - **CSP unchanged.** `<script src>` from the shell's or the asset origin is what `script-src` already allows;
 *   s.js never evaluates source text.
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

/** Where `s.js` is: beside this chunk (the shell's files come from one origin, ASSET_BASE_URL's if set). */
export const SYSTEM_HREF = new URL(systemUrl, import.meta.url).href;

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
 * never change; a post switch adds a new element): a mount reads only maps added since the last read.
 */
interface PageMaps {
  imports: Record<string, string>;
  /** Absolute URL → SRI of every file the page's maps list. */
  integrity: Map<string, string>;
  seen: WeakSet<Element>;
}

const pageMapsByDocument = new WeakMap<Document, PageMaps>();

function pageMaps(doc: Document): PageMaps {
  let maps = pageMapsByDocument.get(doc);
  if (!maps) pageMapsByDocument.set(doc, (maps = { imports: {}, integrity: new Map(), seen: new WeakSet() }));
  for (const script of doc.querySelectorAll('script[type="importmap"]')) {
    if (maps.seen.has(script)) continue;
    maps.seen.add(script);
    const map = parseImportMap(script);
    Object.assign(maps.imports, map.imports);
    for (const [url, sri] of Object.entries(map.integrity)) maps.integrity.set(absolute(url, doc.baseURI), sri);
  }
  return maps;
}

function absolute(url: string, base: string): string {
  return new URL(url, base).href;
}

/**
 * The request mode SystemJS's `createScript` uses, which a preload must share to be reused: CORS (anonymous)
 * only for another origin.
 */
function withScriptRequest<T extends HTMLLinkElement | HTMLScriptElement>(element: T, href: string, integrity: string | undefined, doc: Document): T {
  if (integrity !== undefined) element.integrity = integrity;
  if (new URL(href).origin !== new URL(doc.baseURI).origin) element.crossOrigin = 'anonymous';
  return element;
}

/** Hrefs already asked for early on this page (a remount finds the module in SystemJS's registry). */
const requestedEarly = new Set<string>();

/**
 * Starts a script's download before anything runs it. `preload`: now, for the `<script>` added in a moment (an
 * app's entry while SystemJS still loads, ADR 0075). `prefetch`: at the lowest priority into the HTTP cache, for a
 * script that may never run (`s.js` while no SystemJS app is open, ADR 0087: a preload would be reported unused).
 */
export function requestScriptEarly(rel: 'preload' | 'prefetch', href: string, integrity: string | undefined, doc: Document = document): void {
  if (requestedEarly.has(href)) return;
  requestedEarly.add(href);
  const link = withScriptRequest(doc.createElement('link'), href, integrity, doc);
  link.rel = rel;
  link.as = 'script';
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

/** What the hooks ask of the page's import maps. */
export interface PageModules {
  /** A shared specifier (a key of the page's import maps, apps excluded). */
  isShared(id: string): boolean;
  /** The SRI of an absolute URL the page's maps list. */
  integrityOf(url: string): string | undefined;
}

interface LoaderState {
  system: SystemLoader;
  /** The maps of the document that imported last (what the hooks read). */
  maps: PageMaps;
}

let state: Promise<LoaderState> | null = null;

/**
 * Installs the shared-module and integrity hooks on SystemJS's global loader (once per page). A verified file's
 * integrity is handed to SystemJS just before it creates the file's `<script>`: one entry, not the page's maps.
 */
export function installHooks(system: SystemLoader, modules: PageModules): void {
  const baseResolve = system.resolve.bind(system);
  const baseInstantiate = system.instantiate.bind(system);
  system.resolve = (id, parentUrl) => (modules.isShared(id) ? `${SHARED_PREFIX}${id}` : baseResolve(id, parentUrl));
  system.instantiate = (url, parentUrl, meta) => {
    if (url.startsWith(SHARED_PREFIX)) return nativeImport(url.slice(SHARED_PREFIX.length)).then(registrationOf);
    const integrity = modules.integrityOf(url);
    if (integrity === undefined) {
      return Promise.reject(new Error(`refused to load ${url}: it has no integrity entry in the page's import map`));
    }
    system.addImportMap({ integrity: { [url]: integrity } });
    return baseInstantiate(url, parentUrl, meta);
  };
}

/** Runs `s.js` (from the prefetch when there was one) with its integrity, then installs the hooks. */
async function loadSystem(doc: Document, maps: PageMaps): Promise<LoaderState> {
  await new Promise<void>((resolve, reject) => {
    const script = withScriptRequest(doc.createElement('script'), SYSTEM_HREF, maps.integrity.get(SYSTEM_HREF), doc);
    script.addEventListener('load', () => resolve(), { once: true });
    script.addEventListener('error', () => reject(new Error(`SystemJS (${SYSTEM_HREF}) did not load`)), { once: true });
    script.src = SYSTEM_HREF;
    doc.head.appendChild(script);
  });
  const system = (globalThis as unknown as { System?: SystemLoader }).System;
  if (!system) throw new Error('SystemJS did not install its loader');
  const loaderState: LoaderState = { system, maps };
  installHooks(system, {
    isShared: (id) => Object.hasOwn(loaderState.maps.imports, id) && !id.startsWith(APP_SPECIFIER_PREFIX),
    integrityOf: (url) => loaderState.maps.integrity.get(url),
  });
  return loaderState;
}

/**
 * Readies the page for a SystemJS app's first mount without running SystemJS (ADR 0087): reads the import maps
 * now rather than on the click, and prefetches `s.js`. Nothing happens once SystemJS is loading or loaded.
 */
export function prefetchSystem(doc: Document = document): void {
  if (state) return;
  const maps = pageMaps(doc);
  requestScriptEarly('prefetch', SYSTEM_HREF, maps.integrity.get(SYSTEM_HREF), doc);
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
  if (integrity !== undefined) requestScriptEarly('preload', href, integrity, doc);
  state ??= loadSystem(doc, maps);
  const s = await state.catch((error: unknown) => {
    state = null;
    throw error;
  });
  s.maps = maps;
  return s.system.import(href);
}
