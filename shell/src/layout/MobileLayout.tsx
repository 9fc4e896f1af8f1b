import { Button, Typography } from 'antd';
import type { CSSProperties, ReactElement, ReactNode } from 'react';
import type { FeedMenu, SessionUser } from '@wb/contracts';
import { ShellLink } from '../components/ShellLink/ShellLink.tsx';
import { useInboxAllowed, useTodoCount } from '../inbox/inbox-menu.tsx';
import { CountBubble } from '../notifications/CountBubble.tsx';
import { INBOX_PATH, matchesPrefix, PASSWORD_PATH } from '../routing/paths.ts';
import { formatPost, isActivePost, postKey, postLabel, useSessionActions } from '../session/use-session-actions.ts';
import { menuIcon } from './icons.tsx';
import { buildMenuTree, findActiveMenu, menuKey, type MenuNode } from './menu-model.ts';
import { PRODUCT_NAME } from './product.ts';
import { RouteView, useContentReady, useShellRoute } from './RouteView.tsx';
import { useFeed, useShellEnv, useShellState } from './shell-context.ts';

/** The mobile 我的 page (user, posts, logout), below the channel's basename. */
export const MINE_PATH = '/me';
/** The mobile 全部 page: every page of the user's menu, by app (the bar has room for a few). */
export const MENU_PATH = '/menu';
/** Menu entries in the bottom bar, before 我的 (a phone has room for five). */
const BOTTOM_ENTRIES = 4;
const BAR_HEIGHT = 56;

const TOP_STYLE: CSSProperties = { position: 'sticky', top: 0, zIndex: 10, background: '#001529', color: '#fff', padding: '12px 16px' };
const NAV_STYLE: CSSProperties = {
  position: 'fixed',
  insetInline: 0,
  bottom: 0,
  height: BAR_HEIGHT,
  display: 'flex',
  background: '#fff',
  borderTop: '1px solid #f0f0f0',
  zIndex: 10,
};

/** The menu's pages in the side menu's order (an app's group in its place, its pages in theirs), one per path. */
export function menuPages(menus: readonly FeedMenu[]): FeedMenu[] {
  const byKey = new Map(menus.map((menu) => [menuKey(menu), menu]));
  const byPath = new Map<string, FeedMenu>();
  const visit = (nodes: readonly MenuNode[]): void => {
    for (const node of nodes) {
      if (node.children) visit(node.children);
      const menu = byKey.get(node.key);
      if (menu && !byPath.has(menu.path)) byPath.set(menu.path, menu);
    }
  };
  visit(buildMenuTree(menus));
  return [...byPath.values()];
}

/**
 * The bar's menu entries in `slots`: the first pages, or, when they do not all fit, one slot fewer and `more` (the
 * 全部 page lists them all). Groups are flattened: a phone has no room for submenus.
 */
export function bottomEntries(menus: readonly FeedMenu[], slots = BOTTOM_ENTRIES): { entries: FeedMenu[]; more: boolean } {
  const pages = menuPages(menus);
  return pages.length <= slots ? { entries: pages, more: false } : { entries: pages.slice(0, slots - 1), more: true };
}

function NavItem({ to, icon, label, active }: { to: string; icon: ReactNode; label: string; active: boolean }): ReactElement {
  const color = active ? '#0958d9' : '#595959';
  return (
    <div style={{ flex: 1, textAlign: 'center' }} aria-current={active ? 'page' : undefined}>
      <ShellLink to={to} style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', paddingTop: 8, color, fontSize: 12 }}>
        <span style={{ fontSize: 20 }}>{icon}</span>
        <span>{label}</span>
      </ShellLink>
    </div>
  );
}

function BottomNav(): ReactElement {
  const { menus, user } = useFeed();
  const pathname = useShellState((state) => state.location.pathname);
  const active = findActiveMenu(menus, pathname);
  // 待办 first for whoever handles tasks: on a phone it is the field crews' work (勘查, 抢修, 装表).
  const inbox = useInboxAllowed(user);
  const todo = useTodoCount(inbox, pathname);
  const bar = bottomEntries(menus, inbox ? BOTTOM_ENTRIES - 1 : BOTTOM_ENTRIES);
  return (
    <nav data-testid="wb-bottom-nav" aria-label="底部导航" style={NAV_STYLE}>
      {inbox ? (
        <NavItem
          to={INBOX_PATH}
          icon={
            <span style={{ position: 'relative' }}>
              {menuIcon('ProfileOutlined')}
              <span style={{ position: 'absolute', top: -6, left: 14, lineHeight: 0 }}>
                <CountBubble count={todo ?? 0} testId="wb-bottom-inbox-count" />
              </span>
            </span>
          }
          label="待办"
          active={pathname === INBOX_PATH}
        />
      ) : null}
      {bar.entries.map((menu) => (
        <NavItem
          key={`${menu.appId}:${menu.key}`}
          to={menu.path}
          icon={menuIcon(menu.icon)}
          label={menu.title}
          active={active?.path === menu.path}
        />
      ))}
      {bar.more ? <NavItem to={MENU_PATH} icon={menuIcon('AppstoreOutlined')} label="全部" active={matchesPrefix(pathname, MENU_PATH)} /> : null}
      <NavItem to={MINE_PATH} icon={menuIcon('UserOutlined')} label="我的" active={matchesPrefix(pathname, MINE_PATH)} />
    </nav>
  );
}

/** A row of the 全部 page: a plain link the size of a thumb (44 px), not a button inside a link. */
const MENU_ROW_STYLE: CSSProperties = { display: 'flex', alignItems: 'center', gap: 12, minHeight: 48, marginTop: 8, paddingInline: 16, background: '#fff', borderRadius: 8, color: 'rgba(0, 0, 0, 0.88)' };

/** 全部: the user's menu as the side menu has it, an app's pages under its name, as rows a thumb can hit. */
function MenuPage(): ReactElement {
  const { menus } = useFeed();
  return (
    <nav aria-label="全部功能">
      {buildMenuTree(menus).map((node) => (
        <section key={node.key} style={{ marginBottom: 16 }}>
          {node.children ? <Typography.Text strong>{node.label}</Typography.Text> : null}
          {(node.children ?? [node]).map((page) => (
            <ShellLink key={page.key} to={page.path ?? '/'} style={MENU_ROW_STYLE}>
              {menuIcon(page.icon)}
              <span>{page.label}</span>
            </ShellLink>
          ))}
        </section>
      ))}
    </nav>
  );
}

function MinePage({ user }: { user: SessionUser }): ReactElement {
  const actions = useSessionActions();
  const { navigate } = useShellEnv();
  return (
    <div>
      <Typography.Title level={4}>{user.displayName}</Typography.Title>
      <Typography.Paragraph type="secondary">{postLabel(user)}</Typography.Paragraph>
      {user.posts.length > 1 ? (
        <section aria-label="切换岗位">
          <Typography.Text strong>切换岗位</Typography.Text>
          {user.posts.map((post) => {
            const active = isActivePost(user, post);
            return (
              <Button
                key={postKey(post)}
                block
                type={active ? 'primary' : 'default'}
                style={{ marginTop: 8 }}
                onClick={() => (active ? undefined : void actions.switchPost(post))}
              >
                <span data-testid="wb-post-option" data-active={active ? 'true' : 'false'}>
                  {formatPost(post)}
                  {active ? '（当前）' : ''}
                </span>
              </Button>
            );
          })}
        </section>
      ) : null}
      <Button block style={{ marginTop: 24 }} onClick={() => navigate(PASSWORD_PATH)}>
        修改密码
      </Button>
      <Button danger block style={{ marginTop: 12 }} onClick={() => void actions.logout()}>
        退出登录
      </Button>
    </div>
  );
}

/** Mobile: one column, a slim top bar, the content, and a bottom navigation bar; no side menu. */
export function MobileLayout({ user }: { user: SessionUser }): ReactElement {
  const route = useShellRoute();
  const pathname = useShellState((state) => state.location.pathname);
  useContentReady();
  return (
    <div data-testid="wb-layout-mobile" style={{ minHeight: '100vh', paddingBottom: BAR_HEIGHT, background: '#f5f5f5' }}>
      <header style={TOP_STYLE}>
        <ShellLink to="/" style={{ color: '#fff', fontWeight: 600 }}>
          {PRODUCT_NAME}
        </ShellLink>
        <div data-testid="wb-header-post" style={{ fontSize: 12, opacity: 0.75 }}>
          {user.displayName} · {postLabel(user)}
        </div>
      </header>
      <main style={{ padding: 12 }}>
        {matchesPrefix(pathname, MINE_PATH) ? <MinePage user={user} /> : matchesPrefix(pathname, MENU_PATH) ? <MenuPage /> : <RouteView route={route} />}
      </main>
      <BottomNav />
    </div>
  );
}
