import type { FeedApp, FeedMenu } from '@wb/contracts';
import { matchesPrefix } from '../routing/paths.ts';

/** A side-menu entry: a link (path) or a group of links (children). */
export interface MenuNode {
  key: string;
  label: string;
  icon?: string;
  path?: string;
  children?: MenuNode[];
}

/**
 * The entries of apps in the user's own menu: 应用市场 can take an app out of it (`FeedApp.inMenu` false);
 * its routes still work, it just has no menu entry (and no home card).
 */
export function menusInMenu(menus: readonly FeedMenu[], apps: readonly Pick<FeedApp, 'id' | 'inMenu'>[]): FeedMenu[] {
  const hidden = new Set(apps.filter((app) => !app.inMenu).map((app) => app.id));
  return menus.filter((menu) => !hidden.has(menu.appId));
}

/** Menu keys are unique per app only, so the shell prefixes them with the app id. */
export function menuKey(menu: Pick<FeedMenu, 'appId' | 'key'>): string {
  return `${menu.appId}:${menu.key}`;
}

const byOrder = (a: { order: number; label: string }, b: { order: number; label: string }): number =>
  a.order - b.order || a.label.localeCompare(b.label, 'zh-CN');

/**
 * Builds the side menu from the feed. An entry's `parent` names either another entry's key (of the same app)
 * that becomes the group's title, or, when no entry has that key, a group title of its own. Entries and groups
 * are sorted by `order` (a group by its title entry's order, else by its first child's).
 */
export function buildMenuTree(menus: readonly FeedMenu[]): MenuNode[] {
  const childrenOf = new Map<string, FeedMenu[]>();
  for (const menu of menus) {
    if (menu.parent === undefined) continue;
    const groupId = `${menu.appId}:${menu.parent}`;
    childrenOf.set(groupId, [...(childrenOf.get(groupId) ?? []), menu]);
  }
  const top: Array<MenuNode & { order: number }> = [];
  for (const menu of menus) {
    if (menu.parent !== undefined || childrenOf.has(menuKey(menu))) continue;
    top.push({ key: menuKey(menu), label: menu.title, icon: menu.icon, path: menu.path, order: menu.order });
  }
  for (const [groupId, children] of childrenOf) {
    const head = menus.find((menu) => menuKey(menu) === groupId && menu.parent === undefined);
    const sorted = children.map((menu) => ({ ...toLeaf(menu), order: menu.order })).sort(byOrder);
    top.push({
      key: `group:${groupId}`,
      label: head?.title ?? groupId.slice(groupId.indexOf(':') + 1),
      icon: head?.icon ?? children[0]?.icon,
      order: head?.order ?? Math.min(...children.map((menu) => menu.order)),
      children: sorted.map(({ order: _order, ...node }) => node),
    });
  }
  return top.sort(byOrder).map(({ order: _order, ...node }) => node);
}

function toLeaf(menu: FeedMenu): MenuNode {
  return { key: menuKey(menu), label: menu.title, icon: menu.icon, path: menu.path };
}

/** The entry whose path is the longest prefix of `pathname` (segment-wise), if any. */
export function findActiveMenu(menus: readonly FeedMenu[], pathname: string): FeedMenu | undefined {
  let best: FeedMenu | undefined;
  for (const menu of menus) {
    if (matchesPrefix(pathname, menu.path) && (!best || menu.path.length > best.path.length)) best = menu;
  }
  return best;
}
