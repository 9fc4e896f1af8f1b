import type { Channel, Feed, FeedMenu, FeedWidget, Zone } from '@wb/contracts';
import { toSessionUser } from '@wb/server-kit';
import type { Db, Principal } from '@wb/server-kit';
import { loadCurrentPointers, loadVersionDetail } from '../catalogue/queries.ts';
import type { CurrentPointer } from '../catalogue/queries.ts';
import type { PlatformAssets } from '../platform.ts';
import { hasPermission, mayLoadApp } from './access.ts';
import { createUrlResolver, platformImportMap, shellEntryUrl, toFeedEntry } from './import-map.ts';
import type { FeedEntry } from './import-map.ts';

export interface FeedBuilderDeps {
  db: Db;
  platform: PlatformAssets;
  /** ASSET_BASE_URL (e.g. a CDN origin); '' or undefined serves assets from this server. */
  assetBaseUrl?: string;
  /**
   * How long (ms) the list of current versions is reused before it is read again. Publishing through
   * this instance invalidates it at once; other instances (distributed mode) see a change within this
   * time. Default 1000; 0 reads it on every feed.
   */
  pointerTtlMs?: number;
  now?: () => number;
}

export interface FeedRequest {
  principal: Principal | null;
  channel: Channel;
  zone: Zone;
}

export interface FeedBuilder {
  buildFeed(request: FeedRequest): Promise<Feed>;
  /** URL of the shell's entry module, for the HTML page's `<script type="module" src>`. */
  readonly shellEntry: { url: string; integrity: string };
  /** Drops the cached list of current versions (after publish or rollback). */
  invalidate(): void;
}

function byOrder<T extends { order: number; appId: string }>(a: T, b: T): number {
  return a.order - b.order || (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0);
}

export function createFeedBuilder(deps: FeedBuilderDeps): FeedBuilder {
  const resolve = createUrlResolver(deps.assetBaseUrl);
  const baseMap = platformImportMap(deps.platform, resolve);
  const ttl = deps.pointerTtlMs ?? 1000;
  const now = deps.now ?? Date.now;
  // Immutable per-version data: cached for the life of the instance, keyed by app@version.
  const entries = new Map<string, Promise<FeedEntry | null>>();
  let pointers: { at: number; list: Promise<CurrentPointer[]> } | null = null;
  const shellFile = deps.platform.shell.files.find((f) => f.file === deps.platform.shell.entry);

  function currentPointers(): Promise<CurrentPointer[]> {
    if (pointers && now() - pointers.at < ttl) return pointers.list;
    const list = loadCurrentPointers(deps.db);
    const snapshot = { at: now(), list };
    pointers = snapshot;
    list.catch(() => {
      if (pointers === snapshot) pointers = null;
    });
    return list;
  }

  function entryFor(p: CurrentPointer): Promise<FeedEntry | null> {
    const key = `${p.appId}@${p.version}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = loadVersionDetail(deps.db, p.appId, p.version).then((d) => (d ? toFeedEntry(d, resolve) : null));
      entries.set(key, entry);
      entry.catch(() => entries.delete(key));
    }
    return entry;
  }

  async function allowedEntries(req: FeedRequest & { principal: Principal }): Promise<FeedEntry[]> {
    const all = await Promise.all((await currentPointers()).map(entryFor));
    return all.filter((e): e is FeedEntry => e !== null && mayLoadApp(e.manifest, req.principal, req.channel, req.zone));
  }

  async function buildFeed(req: FeedRequest): Promise<Feed> {
    const imports = { ...baseMap.imports };
    const integrity = { ...baseMap.integrity };
    const feed: Feed = { user: null, channel: req.channel, zone: req.zone, importMap: { imports, integrity }, apps: [], menus: [], widgets: [], devOverrides: false };
    const principal = req.principal;
    if (!principal) return feed; // anonymous: the login page needs the shell and shared deps only
    feed.user = toSessionUser(principal);
    const menus: FeedMenu[] = [];
    const widgets: FeedWidget[] = [];
    for (const e of await allowedEntries({ ...req, principal })) {
      imports[e.specifier] = e.entryUrl;
      for (const [url, sri] of e.integrity) integrity[url] = sri;
      feed.apps.push(e.app);
      menus.push(...e.menus.filter((m) => !m.permission || hasPermission(principal, m.permission)));
      widgets.push(...e.widgets.filter((w) => !w.permission || hasPermission(principal, w.permission)));
    }
    feed.menus = menus.sort(byOrder);
    feed.widgets = widgets;
    return feed;
  }

  return {
    buildFeed,
    shellEntry: { url: shellEntryUrl(deps.platform, resolve), integrity: shellFile?.integrity ?? '' },
    invalidate() {
      pointers = null;
    },
  };
}
