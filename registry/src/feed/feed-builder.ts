import type { Channel, Feed, FeedMenu, FeedPart, FeedWidget, Zone } from '@wb/contracts';
import { STORE_PERMISSIONS, menuOnChannel } from '@wb/contracts';
import { toSessionUser } from '@wb/server-kit';
import type { Db, Principal } from '@wb/server-kit';
import { loadCurrentPointers, loadRemovedFromMenu, loadVersionDetail } from '../catalogue/queries.ts';
import type { CurrentPointer } from '../catalogue/queries.ts';
import type { PlatformAssets } from '../platform.ts';
import { hasPermission, mayLoadApp } from './access.ts';
import { hiddenBy, inRollout } from './targeting.ts';
import { createUrlResolver, platformImportMap, shellEntryUrl, toFeedEntry, toFeedPart } from './import-map.ts';
import type { FeedEntry } from './import-map.ts';

export interface FeedBuilderDeps {
  db: Db;
  platform: PlatformAssets;
  /** ASSET_BASE_URL (e.g. a CDN origin); '' or undefined serves assets from this server. */
  assetBaseUrl?: string;
  /**
   * How long (ms) the list of current versions (with each app's rollout and visibility) and a user's
   * 应用市场 choices are reused before they are read again. Changes through this instance invalidate them
   * at once; other instances (distributed mode) see a change within this time. Default 1000; 0 reads them
   * on every feed.
   */
  pointerTtlMs?: number;
  /**
   * Development mode with DEV_OVERRIDES on (never in production): holders of `store:dev:override` get
   * `devOverrides: true` in their feed. Default false.
   */
  devOverrides?: boolean;
  now?: () => number;
}

export interface FeedRequest {
  principal: Principal | null;
  channel: Channel;
  zone: Zone;
}

/** One app a signed-in user may load, in the version resolved for them (current or rollout). */
export interface ResolvedApp {
  entry: FeedEntry;
  /** The user's own 应用市场 choice; true unless they removed it from their menu. */
  inMenu: boolean;
}

export interface FeedBuilder {
  buildFeed(request: FeedRequest): Promise<Feed>;
  /**
   * The same feed as JSON. A signed-in user's serialized feed is reused while nothing it depends on has
   * changed: the same principal (a grant change or post switch makes a new one), the same list of current
   * versions and the same 应用市场 choices (both re-read after `pointerTtlMs` or an invalidation).
   */
  feedJson(request: FeedRequest): Promise<string>;
  /** The apps this user may load, each in the version resolved for them; in app id order. */
  resolveApps(request: FeedRequest & { principal: Principal }): Promise<ResolvedApp[]>;
  /** URL of the shell's entry module, for the HTML page's `<script type="module" src>`. */
  readonly shellEntry: { url: string; integrity: string };
  /** Whether feeds can ever carry `devOverrides: true` (development mode with DEV_OVERRIDES). */
  readonly devOverridesEnabled: boolean;
  /** Drops the cached list of current versions (after publish, rollback, rollout or visibility changes). */
  invalidate(): void;
  /** Drops one user's cached 应用市场 choices (after they changed one). */
  invalidateUser(userId: string): void;
}

function byOrder<T extends { order: number; appId: string }>(a: T, b: T): number {
  return a.order - b.order || (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0);
}

/** Bound of the per-user preference cache; the oldest entries go first. */
const MAX_CACHED_USERS = 10_000;

export const DEV_OVERRIDE_PERMISSION = STORE_PERMISSIONS.devOverride;

/** The channels staff work on (the customer channel has its own realm, ADR 0045). */
const STAFF_CHANNELS = ['workbench', 'mobile', 'kiosk', 'screen'] as const;

export function createFeedBuilder(deps: FeedBuilderDeps): FeedBuilder {
  const resolve = createUrlResolver(deps.assetBaseUrl);
  const baseMap = platformImportMap(deps.platform, resolve);
  const ttl = deps.pointerTtlMs ?? 1000;
  const now = deps.now ?? Date.now;
  const devOverridesEnabled = deps.devOverrides === true;
  // Immutable per-version data: cached for the life of the instance, keyed by app@version.
  const entries = new Map<string, Promise<FeedEntry | null>>();
  let pointers: { at: number; list: Promise<CurrentPointer[]> } | null = null;
  // userId → apps the user removed from their menu (one indexed query per user and TTL).
  const prefs = new Map<string, { at: number; hidden: Promise<ReadonlySet<string>> }>();
  // principal → `channel|zone` → the serialized feed and the snapshots it was built from.
  const serialized = new WeakMap<Principal, Map<string, { pointers: object | null; prefs: object | undefined; json: string }>>();
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

  function removedFromMenu(userId: string): Promise<ReadonlySet<string>> {
    const cached = prefs.get(userId);
    if (cached && now() - cached.at < ttl) return cached.hidden;
    const hidden = loadRemovedFromMenu(deps.db, userId);
    const snapshot = { at: now(), hidden };
    prefs.delete(userId);
    prefs.set(userId, snapshot);
    if (prefs.size > MAX_CACHED_USERS) prefs.delete(prefs.keys().next().value as string);
    hidden.catch(() => {
      if (prefs.get(userId) === snapshot) prefs.delete(userId);
    });
    return hidden;
  }

  function entryFor(appId: string, version: string): Promise<FeedEntry | null> {
    const key = `${appId}@${version}`;
    let entry = entries.get(key);
    if (!entry) {
      entry = loadVersionDetail(deps.db, appId, version).then((d) => (d ? toFeedEntry(d, resolve) : null));
      entries.set(key, entry);
      entry.catch(() => entries.delete(key));
    }
    return entry;
  }

  /** Current version, unless the app's rollout targets this user. */
  function versionFor(p: CurrentPointer, principal: Principal): string {
    return p.rollout && inRollout(p.rollout, principal, p.appId) ? p.rollout.version : p.version;
  }

  async function resolveApps(req: FeedRequest & { principal: Principal }): Promise<ResolvedApp[]> {
    const [list, removed] = await Promise.all([currentPointers(), removedFromMenu(req.principal.userId)]);
    const visible = list.filter((p) => !hiddenBy(p.visibility, req.principal));
    const all = await Promise.all(visible.map((p) => entryFor(p.appId, versionFor(p, req.principal))));
    const out: ResolvedApp[] = [];
    for (const e of all) {
      if (e !== null && mayLoadApp(e.manifest, req.principal, req.channel, req.zone)) {
        out.push({ entry: e, inMenu: !removed.has(e.app.id) });
      }
    }
    return out;
  }

  async function customerFeed(feed: Feed): Promise<Feed> {
    const list = await currentPointers();
    const entries = await Promise.all(list.map((p) => entryFor(p.appId, p.version)));
    for (const e of entries) {
      if (e === null || !e.manifest.channels.includes('customer') || !e.manifest.zones.includes(feed.zone)) continue;
      feed.importMap.imports[e.specifier] = e.entryUrl;
      for (const [url, sri] of e.integrity) feed.importMap.integrity[url] = sri;
      feed.apps.push(e.app);
      feed.menus.push(...e.menus.filter((m) => !m.permission && menuOnChannel(m, feed.channel)));
    }
    feed.menus.sort(byOrder);
    return feed;
  }

  async function buildFeed(req: FeedRequest): Promise<Feed> {
    const imports = { ...baseMap.imports };
    const integrity = { ...baseMap.integrity };
    const feed: Feed = { user: null, channel: req.channel, zone: req.zone, importMap: { imports, integrity }, apps: [], menus: [], widgets: [], parts: [], devOverrides: false };
    const principal = req.principal;
    // 掌上电力 (ADR 0045): the customer channel loads the current version of the apps built for it, for anyone;
    // customers are not staff, their app's data sits behind the customer realm's own session.
    if (req.channel === 'customer') return customerFeed(feed);
    if (!principal) return feed; // anonymous: the login page needs the shell and shared deps only
    feed.user = toSessionUser(principal);
    feed.devOverrides = devOverridesEnabled && hasPermission(principal, DEV_OVERRIDE_PERMISSION);
    const menus: FeedMenu[] = [];
    const widgets: FeedWidget[] = [];
    const resolved = await resolveApps({ ...req, principal });
    for (const { entry: e, inMenu } of resolved) {
      imports[e.specifier] = e.entryUrl;
      for (const [url, sri] of e.integrity) integrity[url] = sri;
      feed.apps.push(inMenu ? e.app : { ...e.app, inMenu: false });
      // Removed from the user's own menu: no menus, no home cards; the app stays loadable by its routes.
      if (!inMenu) continue;
      menus.push(...e.menus.filter((m) => menuOnChannel(m, req.channel) && (!m.permission || hasPermission(principal, m.permission))));
      widgets.push(...e.widgets.filter((w) => !w.permission || hasPermission(principal, w.permission)));
    }
    feed.menus = menus.sort(byOrder);
    feed.widgets = widgets;
    feed.parts = await feedParts(resolved.map((r) => r.entry));
    const other = await elsewhere(req, principal, new Set(feed.apps.map((app) => app.id)));
    if (other.length > 0) feed.elsewhere = other;
    return feed;
  }

  /**
   * Apps this user may load on another staff channel of the request's zone, but not on this one: the shell
   * names them as not offered here (issue 17) instead of 403. Names only; nothing of them reaches the import map.
   */
  async function elsewhere(req: FeedRequest, principal: Principal, loaded: ReadonlySet<string>): Promise<Array<{ id: string; name: string }>> {
    const list = (await currentPointers()).filter((p) => !loaded.has(p.appId) && !hiddenBy(p.visibility, principal));
    const all = await Promise.all(list.map((p) => entryFor(p.appId, versionFor(p, principal))));
    return all.flatMap((e) =>
      e !== null && STAFF_CHANNELS.some((channel) => channel !== req.channel && mayLoadApp(e.manifest, principal, channel, req.zone)) ? [{ id: e.app.id, name: e.app.name }] : [],
    );
  }

  /**
   * The parts of the apps the user may load, plus the parts those apps use from apps the user may not load
   * (`loadable: false`, from the provider's current version; no import-map entry), so that the shell can name
   * the part in its "无权查看" placeholder (ADR 0030).
   */
  async function feedParts(loaded: readonly FeedEntry[]): Promise<FeedPart[]> {
    const parts = loaded.flatMap((e) => e.parts);
    const loadedIds = new Set(loaded.map((e) => e.app.id));
    const wanted = loaded.flatMap((e) => e.manifest.uses ?? []).filter((u) => !loadedIds.has(u.app));
    if (wanted.length === 0) return parts;
    const list = await currentPointers();
    for (const use of wanted) {
      if (parts.some((p) => p.appId === use.app && p.id === use.part)) continue;
      const pointer = list.find((p) => p.appId === use.app);
      const entry = pointer ? await entryFor(pointer.appId, pointer.version) : null;
      const exposed = entry?.manifest.exposes?.find((p) => p.id === use.part);
      if (exposed) parts.push(toFeedPart(use.app, exposed, false));
    }
    return parts;
  }

  async function feedJson(req: FeedRequest): Promise<string> {
    const principal = req.principal;
    if (!principal) return JSON.stringify(await buildFeed(req));
    await Promise.all([currentPointers(), removedFromMenu(principal.userId)]);
    // The snapshots as of before the build: a change while building leaves a stale pair that never matches.
    const basis = { pointers, prefs: prefs.get(principal.userId) };
    const key = `${req.channel}|${req.zone}`;
    let byContext = serialized.get(principal);
    const hit = byContext?.get(key);
    if (hit && hit.pointers === basis.pointers && hit.prefs === basis.prefs) return hit.json;
    const json = JSON.stringify(await buildFeed(req));
    if (!basis.pointers || !basis.prefs) return json; // nothing cached to compare against next time
    if (!byContext) serialized.set(principal, (byContext = new Map()));
    byContext.set(key, { ...basis, json });
    return json;
  }

  return {
    buildFeed,
    feedJson,
    resolveApps,
    shellEntry: { url: shellEntryUrl(deps.platform, resolve), integrity: shellFile?.integrity ?? '' },
    devOverridesEnabled,
    invalidate() {
      pointers = null;
    },
    invalidateUser(userId) {
      prefs.delete(userId);
    },
  };
}
