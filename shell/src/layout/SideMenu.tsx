import { Menu } from 'antd';
import type { MenuProps } from 'antd';
import { useMemo, type ReactElement } from 'react';
import { INBOX_MENU_KEY, INBOX_PATH, useInboxMenuItem } from '../inbox/inbox-menu.tsx';
import { isPlainClick } from '@wb/sdk';
import { withBasename } from '../routing/channel.ts';
import { menuIcon } from './icons.tsx';
import { buildMenuTree, findActiveMenu, menuKey, menusInMenu, type MenuNode } from './menu-model.ts';
import { useFeed, useShellEnv, useShellState } from './shell-context.ts';

type MenuItem = NonNullable<MenuProps['items']>[number];

/**
 * An entry with a path is a real link (antd stretches an item's `<a>` over the whole row): middle-click, ctrl-click
 * and the context menu's 在新标签页中打开 work; the menu's own click handler turns a plain click into navigation.
 */
function toItems(nodes: readonly MenuNode[], basename: string, nested = false): MenuItem[] {
  return nodes.map((node) => ({
    key: node.key,
    // Out of the tab order: the menu keeps one tab stop and moves by arrow keys (the ARIA menu pattern).
    label: node.path ? <a href={withBasename(node.path, basename)} tabIndex={-1}>{node.label}</a> : node.label,
    // A group's entries show an icon only where the manifest names one (not the same fallback on every line).
    icon: nested && !node.icon ? undefined : menuIcon(node.icon),
    ...(node.children ? { children: toItems(node.children, basename, true) } : {}),
  }));
}

function collectPaths(nodes: readonly MenuNode[], into = new Map<string, string>()): Map<string, string> {
  for (const node of nodes) {
    if (node.path) into.set(node.key, node.path);
    if (node.children) collectPaths(node.children, into);
  }
  return into;
}

/** The side menu from the feed's menus; the entry whose path prefixes the current path is selected. */
export function SideMenu(): ReactElement {
  const { navigate, basename } = useShellEnv();
  const feed = useFeed();
  const pathname = useShellState((state) => state.location.pathname);
  const menus = useMemo(() => menusInMenu(feed.menus, feed.apps), [feed.menus, feed.apps]);
  const tree = useMemo(() => buildMenuTree(menus), [menus]);
  const items = useMemo(() => toItems(tree, basename), [tree, basename]);
  const paths = useMemo(() => collectPaths(tree), [tree]);
  const active = findActiveMenu(menus, pathname);
  const selectedKey = pathname === INBOX_PATH ? INBOX_MENU_KEY : active ? menuKey(active) : undefined;
  const inbox = useInboxMenuItem(feed.user, pathname, basename);

  return (
    <nav data-testid="wb-side-menu" aria-label="应用菜单">
      <Menu
        mode="inline"
        items={inbox ? [inbox, ...items] : items}
        selectedKeys={selectedKey ? [selectedKey] : []}
        defaultOpenKeys={tree.filter((node) => node.children).map((node) => node.key)}
        onClick={({ key, domEvent }) => {
          // A click with a modifier is the browser's (a new tab or window); Enter on a focused entry navigates.
          if ('button' in domEvent && !isPlainClick(domEvent, undefined)) return;
          const path = key === INBOX_MENU_KEY ? INBOX_PATH : paths.get(key);
          if (!path) return;
          domEvent.preventDefault();
          navigate(path);
        }}
        style={{ borderInlineEnd: 0 }}
      />
    </nav>
  );
}
