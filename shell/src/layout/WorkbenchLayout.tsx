import { Layout } from 'antd';
import { useEffect, useMemo, type ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { AppArea } from '../components/AppArea/AppArea.tsx';
import { HomePage } from '../components/HomePage/HomePage.tsx';
import { ForbiddenPage, NotFoundPage } from '../components/StatusPages/StatusPages.tsx';
import { resolveRoute, type ShellRoute } from '../routing/paths.ts';
import { AppHeader } from './AppHeader.tsx';
import { findActiveMenu } from './menu-model.ts';
import { SideMenu } from './SideMenu.tsx';
import { useShellEnv, useShellState } from './shell-context.ts';
import { WorkbenchBreadcrumb } from './WorkbenchBreadcrumb.tsx';

function RouteView({ route }: { route: ShellRoute }): ReactElement {
  switch (route.kind) {
    case 'home':
      return <HomePage />;
    case 'app':
      // key: a different app gets a fresh area (its own container and status).
      return <AppArea key={route.app.id} app={route.app} />;
    case 'forbidden':
      return <ForbiddenPage />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

/** Header, side menu, breadcrumb and the content area where the home page, a status page or a micro-app shows. */
export function WorkbenchLayout({ user }: { user: SessionUser }): ReactElement {
  const { feed, onContentReady } = useShellEnv();
  const pathname = useShellState((state) => state.location.pathname);
  const route = useMemo(() => resolveRoute(pathname, feed.apps), [pathname, feed.apps]);
  const menu = findActiveMenu(feed.menus, pathname);

  // Effects run after the commit, so the content area (and an active app's container) is in the DOM.
  useEffect(() => {
    onContentReady?.();
  }, [onContentReady]);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ paddingInline: 24 }}>
        <AppHeader user={user} />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light">
          <SideMenu />
        </Layout.Sider>
        <Layout.Content style={{ padding: 24 }}>
          <WorkbenchBreadcrumb route={route} menu={menu} />
          <RouteView route={route} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
