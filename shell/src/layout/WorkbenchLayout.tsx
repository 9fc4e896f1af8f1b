import { Layout } from 'antd';
import { useRef, type ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { AppHeader } from './AppHeader.tsx';
import { findActiveMenu } from './menu-model.ts';
import { RouteAnnouncer, routeTitle } from './RouteAnnouncer.tsx';
import { RouteView, useContentReady, useShellRoute } from './RouteView.tsx';
import { SideMenu } from './SideMenu.tsx';
import { useFeed, useShellState } from './shell-context.ts';
import { WorkbenchBreadcrumb } from './WorkbenchBreadcrumb.tsx';

/** PC workbench: header, side menu, breadcrumb and the content area (home page, status page or micro-app). */
export function WorkbenchLayout({ user }: { user: SessionUser }): ReactElement {
  const menus = useFeed().menus;
  const pathname = useShellState((state) => state.location.pathname);
  const route = useShellRoute();
  const menu = findActiveMenu(menus, pathname);
  const content = useRef<HTMLElement>(null);
  useContentReady();

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ paddingInline: 24 }}>
        <AppHeader user={user} />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
          <SideMenu />
        </Layout.Sider>
        <Layout.Content ref={content} id="wb-main" tabIndex={-1} style={{ padding: 24, outline: 'none' }}>
          <RouteAnnouncer title={routeTitle(route, menu)} contentRef={content} />
          <WorkbenchBreadcrumb route={route} menu={menu} />
          <RouteView route={route} />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
