import type { ImportMap } from '@wb/contracts';

/** The `<meta>` the server renders with this page's CSP nonce (registry html.ts). */
export const CSP_NONCE_META = 'wb-csp-nonce';

/**
 * What adding a later feed's import map did:
 * - `unchanged`: every specifier was already mapped to the same URL;
 * - `added`: a second `<script type="importmap">` now maps the new specifiers (Chromium ≥ 133 merges it);
 * - `reload-required`: the page cannot map them (no CSP nonce, or a specifier already mapped to another URL,
 *   which a later import map can never change): only a page load brings the new map.
 */
export type ImportMapUpdate = 'unchanged' | 'added' | 'reload-required';

/**
 * What a feed refresh could map: `added` new specifiers now resolve; `stale` specifiers keep their old URL
 * (a newer version was published: only a page load runs it, see the 新版本 notice); `unmappable` new
 * specifiers could not be mapped (no CSP nonce), so their apps cannot load on this page.
 */
export interface ImportMapMerge {
  added: string[];
  stale: string[];
  unmappable: string[];
}

export interface ImportMapInjector {
  add(map: ImportMap): ImportMapUpdate;
  /** Maps the new specifiers of `map` and reports the others, never asking for a reload (feed refresh). */
  merge(map: ImportMap): ImportMapMerge;
}

/** Reads the nonce from the page's `<meta name="wb-csp-nonce">`. */
export function readCspNonce(doc: Document = document): string | null {
  const content = doc.querySelector(`meta[name="${CSP_NONCE_META}"]`)?.getAttribute('content');
  return content ? content : null;
}

/**
 * Keeps the page's import maps in step with the feed after a post switch. Only new specifiers and their
 * integrity go into the added map: import maps merge, and a rule for an already-mapped specifier would be
 * ignored (with a console warning). Specifiers the new feed dropped stay mapped, which is harmless: the
 * shell unregisters those apps, so nothing imports them.
 */
export function createImportMapInjector(initial: ImportMap, doc: Document = document): ImportMapInjector {
  const imports = new Map(Object.entries(initial.imports));
  const integrity = new Set(Object.keys(initial.integrity));
  const diff = (map: ImportMap): { fresh: Record<string, string>; stale: string[] } => {
    const fresh: Record<string, string> = {};
    const stale: string[] = [];
    for (const [specifier, url] of Object.entries(map.imports)) {
      const known = imports.get(specifier);
      if (known === undefined) fresh[specifier] = url;
      else if (known !== url) stale.push(specifier);
    }
    return { fresh, stale };
  };
  /** Appends one `<script type="importmap">` for `fresh`; false without a CSP nonce. */
  const inject = (fresh: Record<string, string>, map: ImportMap): boolean => {
    const nonce = readCspNonce(doc);
    if (!nonce) return false;
    const newIntegrity = Object.fromEntries(Object.entries(map.integrity).filter(([url]) => !integrity.has(url)));
    const script = doc.createElement('script');
    script.type = 'importmap';
    script.nonce = nonce;
    script.textContent = JSON.stringify({ imports: fresh, integrity: newIntegrity });
    doc.head.appendChild(script);
    for (const [specifier, url] of Object.entries(fresh)) imports.set(specifier, url);
    for (const url of Object.keys(newIntegrity)) integrity.add(url);
    return true;
  };
  return {
    add(map) {
      const { fresh, stale } = diff(map);
      if (stale.length > 0) return 'reload-required';
      if (Object.keys(fresh).length === 0) return 'unchanged';
      return inject(fresh, map) ? 'added' : 'reload-required';
    },
    merge(map) {
      const { fresh, stale } = diff(map);
      const specifiers = Object.keys(fresh);
      if (specifiers.length === 0) return { added: [], stale, unmappable: [] };
      return inject(fresh, map) ? { added: specifiers, stale, unmappable: [] } : { added: [], stale, unmappable: specifiers };
    },
  };
}
