import { ErrorCode } from '@wb/contracts';
import type { Channel, FeedWidget, Zone } from '@wb/contracts';
import type { Layout, LayoutItem, MarketApp } from '@wb/contracts/appstore';
import { AppError } from '@wb/server-kit';
import type { Db, Principal } from '@wb/server-kit';
import { hasPermission } from '../feed/access.ts';
import type { FeedBuilder } from '../feed/feed-builder.ts';

/**
 * 应用市场 and the home layout (界面组件/装配): what a user may use, their own menu choices, and where their
 * widgets sit. Everything is derived from the same resolution as the feed, so the market never offers an
 * app the feed would not load and a layout never places a widget the user may not see.
 */

export interface HomeRequest {
  principal: Principal;
  channel: Channel;
  zone: Zone;
}

export interface Home {
  market(req: HomeRequest): Promise<MarketApp[]>;
  setInMenu(req: HomeRequest, appId: string, inMenu: boolean): Promise<MarketApp>;
  getLayout(req: HomeRequest): Promise<Layout>;
  saveLayout(req: HomeRequest, items: LayoutItem[]): Promise<Layout>;
  resetLayout(req: HomeRequest): Promise<Layout>;
  getPostLayout(postCode: string): Promise<{ postCode: string; items: LayoutItem[] }>;
  savePostLayout(actor: string, postCode: string, items: LayoutItem[]): Promise<{ postCode: string; items: LayoutItem[] }>;
}

const widgetKey = (appId: string, widgetId: string): string => `${appId}/${widgetId}`;

/** Grid size of a widget's `size` hint in the built-in default layout (12 columns). */
const DEFAULT_SIZE: Record<string, { w: number; h: number }> = { small: { w: 4, h: 3 }, medium: { w: 6, h: 4 }, large: { w: 12, h: 5 } };

/** The built-in default: every widget the user may see, in feed order, packed left to right, top to bottom. */
export function defaultLayout(widgets: readonly FeedWidget[]): LayoutItem[] {
  const items: LayoutItem[] = [];
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  for (const widget of widgets) {
    const size = DEFAULT_SIZE[widget.size] ?? { w: 6, h: 4 };
    if (x + size.w > 12) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    items.push({ appId: widget.appId, widgetId: widget.id, x, y, w: size.w, h: size.h });
    x += size.w;
    rowHeight = Math.max(rowHeight, size.h);
  }
  return items;
}

function badLayout(message: string): AppError {
  return new AppError(400, ErrorCode.BadRequest, message, { items: message });
}

/** Each item must place a widget from `allowed`, each widget at most once. */
function checkItems(items: readonly LayoutItem[], allowed: ReadonlyMap<string, string>, denial: (key: string) => string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const key = widgetKey(item.appId, item.widgetId);
    if (!allowed.has(key)) throw badLayout(denial(key));
    if (seen.has(key)) throw badLayout(`组件“${allowed.get(key)}”（${key}）重复放置`);
    seen.add(key);
  }
}

export function createHome(deps: { db: Db; feed: FeedBuilder }): Home {
  const { db, feed } = deps;

  /** Widgets the user may see on their home page now (in-menu apps only, widget permission applied). */
  async function visibleWidgets(req: HomeRequest): Promise<FeedWidget[]> {
    return (await feed.buildFeed(req)).widgets;
  }

  async function market(req: HomeRequest): Promise<MarketApp[]> {
    const apps = await feed.resolveApps(req);
    return apps.map(({ entry, inMenu }) => ({
      id: entry.app.id,
      name: entry.app.name,
      version: entry.app.version,
      category: entry.app.category,
      owner: entry.manifest.owner,
      description: entry.app.description,
      ...(entry.app.icon === undefined ? {} : { icon: entry.app.icon }),
      inMenu,
      widgets: entry.widgets
        .filter((w) => !w.permission || hasPermission(req.principal, w.permission))
        .map((w) => ({ id: w.id, title: w.title })),
    }));
  }

  /** Saved items minus widgets the user may no longer see (an app went offline, a grant was removed). */
  function stillVisible(items: readonly LayoutItem[], widgets: readonly FeedWidget[]): LayoutItem[] {
    const keys = new Set(widgets.map((w) => widgetKey(w.appId, w.id)));
    return items.filter((i) => keys.has(widgetKey(i.appId, i.widgetId)));
  }

  async function getLayout(req: HomeRequest): Promise<Layout> {
    const widgets = await visibleWidgets(req);
    const own = await db.query<{ items: LayoutItem[] }>('SELECT items FROM registry_user_layout WHERE user_id = $1', [req.principal.userId]);
    if (own[0]) return { items: stillVisible(own[0].items, widgets), source: 'user' };
    const post = req.principal.activePost;
    if (post) {
      const rows = await db.query<{ items: LayoutItem[] }>('SELECT items FROM registry_post_layout WHERE post_code = $1', [post.code]);
      if (rows[0]) return { items: stillVisible(rows[0].items, widgets), source: 'post' };
    }
    return { items: defaultLayout(widgets), source: 'default' };
  }

  return {
    market,

    async setInMenu(req, appId, inMenu) {
      const app = (await market(req)).find((a) => a.id === appId);
      if (!app) throw new AppError(404, ErrorCode.NotFound, '应用不存在或您无权使用');
      await db.query(
        `INSERT INTO registry_user_app_pref (user_id, app_id, in_menu) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, app_id) DO UPDATE SET in_menu = EXCLUDED.in_menu, updated_at = now()`,
        [req.principal.userId, appId, inMenu],
      );
      feed.invalidateUser(req.principal.userId);
      return { ...app, inMenu };
    },

    getLayout,

    async saveLayout(req, items) {
      const widgets = await visibleWidgets(req);
      const allowed = new Map(widgets.map((w) => [widgetKey(w.appId, w.id), w.title]));
      checkItems(items, allowed, (key) => `组件 ${key} 不存在或您无权使用，不能放到工作台`);
      await db.query(
        `INSERT INTO registry_user_layout (user_id, items) VALUES ($1, $2::jsonb)
         ON CONFLICT (user_id) DO UPDATE SET items = EXCLUDED.items, updated_at = now()`,
        [req.principal.userId, JSON.stringify(items)],
      );
      return { items, source: 'user' };
    },

    async resetLayout(req) {
      await db.query('DELETE FROM registry_user_layout WHERE user_id = $1', [req.principal.userId]);
      return getLayout(req);
    },

    async getPostLayout(postCode) {
      const rows = await db.query<{ items: LayoutItem[] }>('SELECT items FROM registry_post_layout WHERE post_code = $1', [postCode]);
      return { postCode, items: rows[0]?.items ?? [] };
    },

    async savePostLayout(actor, postCode, items) {
      // A post default may place any widget of any active app; each user then sees the ones they may.
      const widgets = await catalogueWidgets(db);
      checkItems(items, widgets, (key) => `组件 ${key} 不存在于任何已上线应用的当前版本`);
      await db.query(
        `INSERT INTO registry_post_layout (post_code, items, updated_by) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (post_code) DO UPDATE SET items = EXCLUDED.items, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [postCode, JSON.stringify(items), actor],
      );
      return { postCode, items };
    },
  };
}

/** `appId/widgetId` → title of every widget of the current version of every active app. */
async function catalogueWidgets(db: Db): Promise<Map<string, string>> {
  const rows = await db.query<{ app_id: string; widgets: Array<{ id: string; title: string }> | null }>(
    `SELECT v.app_id, v.manifest -> 'widgets' AS widgets
       FROM registry_app a JOIN registry_version v ON v.app_id = a.id AND v.version = a.current_version
      WHERE a.status = 'ACTIVE'`,
  );
  return new Map(rows.flatMap((r) => (r.widgets ?? []).map((w): [string, string] => [widgetKey(r.app_id, w.id), w.title])));
}
