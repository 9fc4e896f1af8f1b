import { Layout } from 'antd';
import type { ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { PasswordPage } from '../components/PasswordPage/LazyPasswordPage.tsx';
import { AppHeader } from './AppHeader.tsx';

/**
 * An account that must change its password (created or reset by an administrator) sees only this, on every
 * route and channel: the header (to log out) and the form. No menus, and the shell starts no micro-app: the
 * server refuses every other API until the password is changed.
 */
export function PasswordRequiredLayout({ user }: { user: SessionUser }): ReactElement {
  return (
    <Layout style={{ minHeight: '100vh' }} data-testid="wb-layout-password-required">
      <Layout.Header style={{ paddingInline: 24 }}>
        <AppHeader user={user} />
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <PasswordPage mode="required" />
      </Layout.Content>
    </Layout>
  );
}
