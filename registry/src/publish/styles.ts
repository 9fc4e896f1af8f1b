import type { Manifest } from '@wb/contracts';
import type { BundleFiles } from './bundle.ts';
import { scopeSelectorOf, scopeStylesheet } from './css-scope.ts';

/** Paths of the bundle's stylesheets, in path order: what the shell loads on mount (ADR 0041). */
export function stylesheetPaths(paths: Iterable<string>): string[] {
  return [...paths].filter((path) => path.endsWith('.css')).sort();
}

export interface PreparedStyles {
  /** The bundle with each stylesheet scoped when the manifest asks for it; otherwise the same files. */
  files: BundleFiles;
  /** Unscoped stylesheets whose rules select `html`, `body`, `:root` or `*`: they restyle the whole page. */
  globalStylesheets: string[];
}

/**
 * Scopes the bundle's stylesheets under the app's root element when `styles.scope` is `app`, before anything
 * is hashed or stored: the stored bytes (and their integrity) are the scoped ones, and the same upload gives
 * the same digest again.
 */
export function prepareStyles(manifest: Manifest, files: BundleFiles): PreparedStyles {
  const scope = manifest.styles?.scope === 'app' ? scopeSelectorOf(manifest.id) : null;
  const paths = stylesheetPaths(files.keys());
  if (paths.length === 0) return { files, globalStylesheets: [] };
  const out = new Map(files);
  const globalStylesheets: string[] = [];
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  for (const path of paths) {
    const bytes = files.get(path);
    if (!bytes) continue;
    const result = scopeStylesheet(decoder.decode(bytes), scope);
    if (scope === null) {
      if (result.hadGlobalSelectors) globalStylesheets.push(path);
    } else {
      out.set(path, encoder.encode(result.css));
    }
  }
  return { files: out, globalStylesheets };
}
