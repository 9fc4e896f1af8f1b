import { ConfigProvider, Layout } from 'antd';
import { lazy, Suspense, type CSSProperties, type ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { AppHeader } from './AppHeader.tsx';
import { RouteView, useContentReady, useRootOpens, useShellRoute } from './RouteView.tsx';
import { useFeed } from './shell-context.ts';

/**
 * Service-hall terminal: a large, touch-friendly header, no side menu, bigger type and controls. The people at the
 * screen are customers: when the terminal's account has one app in this channel, the root opens it (the workbench
 * home, with its "我的应用" and staff descriptions, is for staff); with several, the home lets them choose.
 */
export function KioskLayout({ user }: { user: SessionUser }): ReactElement {
  const route = useShellRoute();
  const { apps } = useFeed();
  useContentReady();
  const opening = useRootOpens(route, apps.length === 1 ? apps[0]?.routes[0] : undefined);
  return (
    <ConfigProvider theme={{ token: { fontSize: 18, controlHeight: 48 } }}>
      <Layout style={{ minHeight: '100vh' }} data-testid="wb-layout-kiosk">
        <Layout.Header style={{ height: 96, lineHeight: '96px', paddingInline: 32 }}>
          <AppHeader user={user} size="large" />
        </Layout.Header>
        <Layout.Content style={{ padding: 32 }}>{opening ? null : <RouteView route={route} />}</Layout.Content>
      </Layout>
    </ConfigProvider>
  );
}

// The screen channel's home (the list of screens) is its own chunk: kept out of the first paint (P3).
const ScreenHome = lazy(() => import('./ScreenHome.tsx'));

const SCREEN_STYLE: CSSProperties = { position: 'fixed', inset: 0, overflow: 'auto', background: '#0b1a33', color: '#fff' };

/**
 * Large screen: the content fills the viewport, no header and no menus (a wall display has no one to use
 * them). The browser's own full-screen mode needs a user gesture, so it is left to the kiosk browser's setup.
 */
export function ScreenLayout(): ReactElement {
  const route = useShellRoute();
  useContentReady();
  return (
    <main style={SCREEN_STYLE} data-testid="wb-layout-screen">
      {route.kind === 'home' ? (
        <Suspense fallback={null}>
          <ScreenHome />
        </Suspense>
      ) : (
        <RouteView route={route} />
      )}
    </main>
  );
}
