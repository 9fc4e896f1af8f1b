import { DownOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Dropdown, Space } from 'antd';
import type { ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { ShellLink } from '../components/ShellLink/ShellLink.tsx';
import { LOGIN_PATH } from '../routing/paths.ts';
import { PRODUCT_NAME } from './product.ts';
import { useShellEnv } from './shell-context.ts';

/** "岗位 · 单位" of the active post; the user's own org unit when they hold no post. */
export function postLabel(user: SessionUser): string {
  return user.activePost ? `${user.activePost.name} · ${user.activePost.orgUnitName}` : user.orgUnitName;
}

export function AppHeader({ user }: { user: SessionUser }): ReactElement {
  const { identity, assignLocation } = useShellEnv();
  const { message } = App.useApp();

  async function logout(): Promise<void> {
    if (await identity.logout()) assignLocation(LOGIN_PATH);
    else void message.error('退出登录失败，请稍后重试');
  }

  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', height: '100%' }}>
      <ShellLink to="/" style={{ color: '#fff', fontSize: 18, fontWeight: 600, whiteSpace: 'nowrap' }}>
        {PRODUCT_NAME}
      </ShellLink>
      <Dropdown trigger={['click']} menu={{ items: [{ key: 'logout', icon: <LogoutOutlined />, label: '退出登录' }], onClick: () => void logout() }}>
        <button
          type="button"
          data-testid="wb-header-user"
          style={{ background: 'none', border: 0, color: '#fff', cursor: 'pointer', font: 'inherit' }}
        >
          <Space>
            <Avatar size="small" icon={<UserOutlined />} />
            <span>{user.displayName}</span>
            <span style={{ opacity: 0.75 }}>{postLabel(user)}</span>
            <DownOutlined />
          </Space>
        </button>
      </Dropdown>
    </div>
  );
}
