import semver from 'semver';
import type { FeedApp, FeedMenu, FeedPart, FeedWidget, ImportMap, Manifest } from '@wb/contracts';
import { urlDigest } from '../hashing.ts';
import type { VersionDetail } from '../catalogue/queries.ts';
import type { PlatformAssets } from '../platform.ts';

/** Import-map specifier of a micro-app's entry module. */
export function appSpecifier(appId: string): string {
  return `@wb-app/${appId}`;
}

/** Prefixes server-root URLs (`/assets/...`) with ASSET_BASE_URL; absolute URLs are kept. */
export function createUrlResolver(assetBaseUrl = ''): (url: string) => string {
  const base = assetBaseUrl.replace(/\/+$/, '');
  return (url) => (url.startsWith('/') ? `${base}${url}` : url);
}

function isModule(path: string): boolean {
  return path.endsWith('.js') || path.endsWith('.mjs');
}

export function shellEntryUrl(platform: PlatformAssets, resolve: (url: string) => string): string {
  return resolve(`/assets/shell/${platform.shell.entry}`);
}

/**
 * The part of every import map that does not depend on the user: shared dependencies and the
 * integrity of every shell module (lazy shell chunks are checked through the map as well).
 */
export function platformImportMap(platform: PlatformAssets, resolve: (url: string) => string): ImportMap {
  const imports: Record<string, string> = {};
  const integrity: Record<string, string> = {};
  for (const [specifier, url] of Object.entries(platform.shared.importMap.imports)) imports[specifier] = resolve(url);
  for (const [url, sri] of Object.entries(platform.shared.importMap.integrity)) integrity[resolve(url)] = sri;
  for (const f of platform.shared.files) {
    if (isModule(f.file)) integrity[resolve(`/assets/shared/${f.file}`)] = f.integrity;
  }
  for (const f of platform.shell.files) {
    if (isModule(f.file)) integrity[resolve(`/assets/shell/${f.file}`)] = f.integrity;
  }
  return { imports, integrity };
}

/** Everything the feed needs from one immutable version, computed once per version. */
export interface FeedEntry {
  manifest: Manifest;
  app: FeedApp;
  menus: FeedMenu[];
  widgets: FeedWidget[];
  /** The UI parts the version exposes (ADR 0030), as a loadable provider's feed entries. */
  parts: FeedPart[];
  specifier: string;
  entryUrl: string;
  /** URL → sha384 for every module file of the version, so lazy chunks are integrity-checked too. */
  integrity: Array<[string, string]>;
}

export function toFeedEntry(detail: VersionDetail, resolve: (url: string) => string): FeedEntry {
  const m = detail.manifest;
  const root = `/assets/apps/${m.id}/${urlDigest(detail.digest)}/`;
  const specifier = appSpecifier(m.id);
  const app: FeedApp = {
    id: m.id,
    name: m.name,
    version: m.version,
    specifier,
    routes: m.routes,
    category: m.category,
    description: m.description,
    services: serviceBaseUrls(m),
    workflows: m.workflows,
    inMenu: true,
    ...(m.icon === undefined ? {} : { icon: m.icon }),
    // Absent for ES modules and for versions without CSS: an ESM app's feed entry is what it was (P4).
    ...(detail.format === 'esm' ? {} : { format: detail.format }),
    ...stylesOf(detail, root, resolve),
  };
  return {
    manifest: m,
    app,
    menus: m.menus.map((menu) => ({ ...menu, appId: m.id })),
    widgets: m.widgets.map((widget) => ({ ...widget, appId: m.id })),
    parts: (m.exposes ?? []).map((p) => toFeedPart(m.id, p, true)),
    specifier,
    entryUrl: resolve(`${root}${m.entry}`),
    integrity: detail.files.filter((f) => isModule(f.path)).map((f) => [resolve(`${root}${f.path}`), f.integrity]),
  };
}

/** The version's stylesheets with their integrity, in path order (ADR 0041); nothing when it has none. */
function stylesOf(detail: VersionDetail, root: string, resolve: (url: string) => string): Pick<FeedApp, 'styles'> {
  const styles = detail.files.filter((f) => f.path.endsWith('.css')).map((f) => ({ href: resolve(`${root}${f.path}`), integrity: f.integrity }));
  return styles.length === 0 ? {} : { styles };
}

/**
 * Gateway base URL of each declared service. The publish pipeline has already checked that the declared
 * range meets a major the platform serves; the lowest major of the range is the one the app was written for.
 */
function serviceBaseUrls(m: Manifest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const s of m.services) {
    const major = semver.minVersion(s.version)?.major ?? 1;
    out[s.name] = `/api/svc/${s.name}/v${major}`;
  }
  return out;
}

/** A part's feed entry: what the shell's placeholder, permission and channel checks read (ADR 0030). */
export function toFeedPart(appId: string, part: Manifest['exposes'][number], loadable: boolean): FeedPart {
  return {
    appId,
    id: part.id,
    title: part.title,
    channels: part.channels,
    major: part.major,
    loadable,
    ...(part.permission === undefined ? {} : { permission: part.permission }),
  };
}
