import { Layout } from 'antd';
import { Suspense, lazy, useDeferredValue, useRef, useState, type ReactElement } from 'react';
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
  // P1 (ADR 0075): the first render holds what the first app's mount needs — the layout and the app's area, where
  // single-spa mounts it. The side menu and the header's controls (antd Menu, Dropdown, Avatar: most of the shell's
  // own CSS-in-JS work) follow in a deferred render, which React interrupts and yields from: on a slow CPU the app's
  // module graph keeps loading and its mount is not queued behind them.
  const chrome = useDeferredValue(true, false);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ paddingInline: 24 }}>
        <AppHeader user={user} controls={chrome} />
      </Layout.Header>
      <Layout>
        <Layout.Sider width={220} theme="light" breakpoint="lg" collapsedWidth={0}>
          {chrome ? <SideMenu /> : null}
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
