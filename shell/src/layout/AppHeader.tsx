import { CheckOutlined, DownOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Avatar, Dropdown, Space } from 'antd';
import type { MenuProps } from 'antd';
import type { CSSProperties, ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { ShellLink } from '../components/ShellLink/ShellLink.tsx';
import { DevOverridesEntry } from '../loader/DevOverridesEntry.tsx';
import { NotificationBell } from '../notifications/NotificationBell.tsx';
import { SearchTrigger } from '../search/SearchTrigger.tsx';
import { isActivePost, postKey, postLabel, formatPost, useSessionActions } from '../session/use-session-actions.ts';
import { PASSWORD_PATH } from '../routing/paths.ts';
import { PRODUCT_NAME } from './product.ts';
import { useShellEnv } from './shell-context.ts';

export { postLabel } from '../session/use-session-actions.ts';

type MenuItems = NonNullable<MenuProps['items']>;
const POST_PREFIX = 'post:';

/**
 * The user menu: the posts (when there are several, the active one checked), 修改密码, then logout.
 * While the password must be changed, only logout (the page already is the password form).
 */
function userMenuItems(user: SessionUser): MenuItems {
  if (user.mustChangePassword) return [{ key: 'logout', icon: <LogoutOutlined aria-hidden />, label: '退出登录' }];
  const items: MenuItems = [];
  if (user.posts.length > 1) {
    items.push({
      type: 'group',
      label: '切换岗位',
      children: user.posts.map((post) => {
        const active = isActivePost(user, post);
        return {
          key: `${POST_PREFIX}${postKey(post)}`,
          icon: active ? <CheckOutlined aria-label="当前岗位" /> : <span style={{ display: 'inline-block', width: 14 }} />,
          label: (
            <span data-testid="wb-post-option" data-active={active ? 'true' : 'false'}>
              {formatPost(post)}
            </span>
          ),
        };
      }),
    });
    items.push({ type: 'divider' });
  }
  items.push({ key: 'password', icon: <LockOutlined aria-hidden />, label: '修改密码' });
  items.push({ key: 'logout', icon: <LogoutOutlined aria-hidden />, label: '退出登录' });
  return items;
}

export interface AppHeaderProps {
  user: SessionUser;
  /**
   * Kiosk: larger type and touch targets, and the account shown without its menu: the people at a hall's screen
   * are customers, who must not log the terminal out or open its password page (staff do that from the PC).
   */
  size?: 'normal' | 'large';
  /** False: the product name only, the controls (search, bell, user menu) come with a later render (P1). Default true. */
  controls?: boolean;
}

export function AppHeader({ user, size = 'normal', controls = true }: AppHeaderProps): ReactElement {
  const actions = useSessionActions();
  const { navigate } = useShellEnv();
  const large = size === 'large';
  const titleStyle: CSSProperties = { color: '#fff', fontSize: large ? 28 : 18, fontWeight: 600, whiteSpace: 'nowrap', minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis' };

  function onMenuClick({ key }: { key: string }): void {
    if (key === 'logout') {
      void actions.logout();
      return;
    }
    if (key === 'password') {
      navigate(PASSWORD_PATH);
      return;
    }
    const post = user.posts.find((candidate) => `${POST_PREFIX}${postKey(candidate)}` === key);
    if (post && !isActivePost(user, post)) void actions.switchPost(post);
  }

  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', height: '100%' }}>
      <ShellLink to="/" style={titleStyle}>
        {PRODUCT_NAME}
      </ShellLink>
      {/* On a narrow screen the product name and the post label give way (ellipsis), never the user's name (issue 17). */}
      {controls ? <HeaderControls user={user} large={large} onMenuClick={onMenuClick} /> : null}
    </div>
  );
}

function HeaderControls({ user, large, onMenuClick }: { user: SessionUser; large: boolean; onMenuClick: (info: { key: string }) => void }): ReactElement {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexShrink: 0 }}>
      {/* 全局搜索 (Ctrl+K, ADR 0066): the button only; the palette is a chunk of its own. Not on the kiosk. */}
      {user.mustChangePassword || large ? null : <SearchTrigger user={user} />}
      {user.mustChangePassword ? null : <DevOverridesEntry />}
      {user.mustChangePassword ? null : <NotificationBell user={user} />}
      {large ? (
        <div data-testid="wb-header-user" style={{ color: '#fff', fontSize: 20, whiteSpace: 'nowrap' }}>
          <UserLabel user={user} large />
        </div>
      ) : (
        <Dropdown trigger={['click']} menu={{ items: userMenuItems(user), onClick: onMenuClick }}>
          <button
            type="button"
            data-testid="wb-header-user"
            style={{ background: 'none', border: 0, color: '#fff', cursor: 'pointer', font: 'inherit', whiteSpace: 'nowrap' }}
          >
            <UserLabel user={user} large={false} menu />
          </button>
        </Dropdown>
      )}
    </div>
  );
}

function UserLabel({ user, large, menu = false }: { user: SessionUser; large: boolean; menu?: boolean }): ReactElement {
  return (
    <Space>
      <Avatar size={large ? 'large' : 'small'} icon={<UserOutlined aria-hidden />} />
      <span>{user.displayName}</span>
      <span data-testid="wb-header-post" style={{ opacity: 0.75, display: 'block', maxWidth: '20vw', overflow: 'hidden', textOverflow: 'ellipsis' }}>
        {postLabel(user)}
      </span>
      {menu ? <DownOutlined aria-hidden /> : null}
    </Space>
  );
}
