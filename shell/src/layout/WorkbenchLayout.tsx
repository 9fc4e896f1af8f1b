import { Layout } from 'antd';
import { Suspense, lazy, useRef, useState, type ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { AppHeader } from './AppHeader.tsx';
import { findActiveMenu } from './menu-model.ts';
import { RouteAnnouncer, routeTitle } from './RouteAnnouncer.tsx';
import { RouteView, useContentReady, useShellRoute } from './RouteView.tsx';
import { SideMenu } from './SideMenu.tsx';
import { useFeed, useShellEnv, useShellState } from './shell-context.ts';
import { WorkbenchBreadcrumb } from './WorkbenchBreadcrumb.tsx';

// The tab strip (ADR 0053) is not first-paint code (P3): its chunk loads once the first page is up.
const TabStrip = lazy(() => import('../tabs/TabStrip.tsx'));
/** Kept in step with TabStrip's TAB_STRIP_HEIGHT: reserved from the first paint, so nothing shifts. */
const STRIP_STYLE = { height: 40 };

/** PC workbench: header, side menu, breadcrumb and the content area (home page, status page or micro-app). */
export function WorkbenchLayout({ user }: { user: SessionUser }): ReactElement {
  const menus = useFeed().menus;
  const pathname = useShellState((state) => state.location.pathname);
  const route = useShellRoute();
  const menu = findActiveMenu(menus, pathname);
  const content = useRef<HTMLElement>(null);
  useContentReady();
  const { runtime } = useShellEnv();
  const settled = useShellState((state) => {
    const kind = route.kind === 'app' ? state.apps[route.app.id]?.kind : 'mounted';
    return kind === 'mounted' || kind === 'error';
  });
  const [tabs, setTabs] = useState(false);
  if (settled && runtime && !tabs) setTabs(true);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ paddingInline: 24 }}>
        <AppHeader user={user} />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
          <SideMenu />
        </Layout.Sider>
        <Layout style={{ minWidth: 0 }}>
          <div style={STRIP_STYLE}>
            {tabs ? (
              <Suspense fallback={null}>
                <TabStrip />
              </Suspense>
            ) : null}
          </div>
          <Layout.Content ref={content} id="wb-main" tabIndex={-1} style={{ padding: 24, outline: 'none' }}>
            <RouteAnnouncer title={routeTitle(route, menu)} contentRef={content} />
            <WorkbenchBreadcrumb route={route} menu={menu} />
            <RouteView route={route} />
          </Layout.Content>
        </Layout>
      </Layout>
    </Layout>
  );
}
