import type { Feed } from '@wb/contracts';
import { importSystemApp } from './system-app.ts';

/** localStorage key of the developer's overrides: `{ [appId]: entryUrl }` (import-map-overrides, docs/architecture.md §6). */
export const DEV_OVERRIDES_KEY = 'wb:dev-overrides';

type OverrideStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Only absolute http(s) URLs: a relative or `javascript:` value is never imported. */
function isEntryUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The stored overrides, ignoring anything malformed. */
export function readDevOverrides(storage: OverrideStorage | undefined): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(DEV_OVERRIDES_KEY) ?? '{}');
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => isEntryUrl(entry[1])));
}

export function writeDevOverrides(storage: OverrideStorage, overrides: Record<string, string>): void {
  const valid = Object.fromEntries(Object.entries(overrides).filter(([, url]) => isEntryUrl(url)));
  if (Object.keys(valid).length === 0) storage.removeItem(DEV_OVERRIDES_KEY);
  else storage.setItem(DEV_OVERRIDES_KEY, JSON.stringify(valid));
}

export { isEntryUrl as isDevOverrideUrl };

/**
 * The overrides in force for this feed: none unless the server allowed them (`feed.devOverrides`: development
 * mode and `store:dev:override`), and only for apps in the feed (authorization happens before code).
 */
export function activeDevOverrides(feed: Pick<Feed, 'devOverrides' | 'apps'>, storage: OverrideStorage | undefined): Record<string, string> {
  if (!feed.devOverrides) return {};
  const stored = readDevOverrides(storage);
  return Object.fromEntries(feed.apps.filter((app) => stored[app.id] !== undefined).map((app) => [app.id, stored[app.id] as string]));
}

/**
 * What the loader imports for an app: the developer's URL when an override is in force, else the import-map
 * specifier. A URL rather than a second import map: a later import map cannot redefine a specifier the first
 * one mapped (Chromium ignores it with a warning).
 */
export function resolveEntry(feed: Pick<Feed, 'devOverrides' | 'apps'>, specifier: string, storage: OverrideStorage | undefined): string {
  const app = feed.apps.find((candidate) => candidate.specifier === specifier);
  if (!app) return specifier;
  return activeDevOverrides(feed, storage)[app.id] ?? specifier;
}

const nativeImport = (target: string): Promise<unknown> => import(/* @vite-ignore */ target);

/**
 * The `importModule` of the app runtime, the widget host and parts: resolves overrides against the current feed,
 * and loads an app whose feed entry says `format: 'systemjs'` through SystemJS (ADR 0040; loaded on demand). An
 * override is always imported natively: a local dev server serves ES modules.
 */
export function createModuleImporter(
  getFeed: () => Pick<Feed, 'devOverrides' | 'apps'>,
  storage: OverrideStorage | undefined,
  importModule: (target: string) => Promise<unknown> = nativeImport,
): (specifier: string) => Promise<unknown> {
  return (specifier) => {
    const feed = getFeed();
    const target = resolveEntry(feed, specifier, storage);
    const system = target === specifier && feed.apps.some((app) => app.specifier === specifier && app.format === 'systemjs');
    return system ? importSystemApp(specifier) : importModule(target);
  };
}

/** The page's localStorage, or undefined where the browser refuses it (then no override applies). */
export function pageStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}
