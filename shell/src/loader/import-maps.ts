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

export interface ImportMapInjector {
  add(map: ImportMap): ImportMapUpdate;
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
  return {
    add(map) {
      const newImports: Record<string, string> = {};
      for (const [specifier, url] of Object.entries(map.imports)) {
        const known = imports.get(specifier);
        if (known === undefined) newImports[specifier] = url;
        else if (known !== url) return 'reload-required';
      }
      if (Object.keys(newImports).length === 0) return 'unchanged';
      const nonce = readCspNonce(doc);
      if (!nonce) return 'reload-required';
      const newIntegrity = Object.fromEntries(Object.entries(map.integrity).filter(([url]) => !integrity.has(url)));
      const script = doc.createElement('script');
      script.type = 'importmap';
      script.nonce = nonce;
      script.textContent = JSON.stringify({ imports: newImports, integrity: newIntegrity });
      doc.head.appendChild(script);
      for (const [specifier, url] of Object.entries(newImports)) imports.set(specifier, url);
      for (const url of Object.keys(newIntegrity)) integrity.add(url);
      return 'added';
    },
  };
}
