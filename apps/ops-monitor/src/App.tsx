import { PageNotFound, RequirePermission, useRoute } from '@wb/sdk/react';
import { OPS_INDICATOR_VIEW, OPS_KIOSK_VIEW } from '@wb/contracts/indicators';
import { DefinitionsPage } from './pages/DefinitionsPage.tsx';
import { ItemsPage } from './pages/ItemsPage.tsx';
import { KioskPage } from './pages/KioskPage.tsx';
import { OverviewPage } from './pages/OverviewPage.tsx';
import { ScreenPage } from './pages/ScreenPage.tsx';
import { ROUTES, toOpsRoute } from './routes.ts';

/** The large-screen channel (`/screen/…`, README "Entries"): there the app's home is the 大屏 itself. */
const onScreenChannel = (): boolean => typeof window !== 'undefined' && window.location.pathname.startsWith('/screen/');
/** The 营业厅 terminal (`/kiosk/…`, ADR 0061): the app is the customers' information screen there, nothing else. */
const onKioskChannel = (): boolean => typeof window !== 'undefined' && window.location.pathname.startsWith('/kiosk/');

function Kiosk() {
  return (
    <RequirePermission permission={OPS_KIOSK_VIEW} reason="本终端账号没有自助信息查询权限，请联系管理员开通。">
      <KioskPage />
    </RequirePermission>
  );
}

function OpsRoutes() {
  const route = toOpsRoute(useRoute(ROUTES));
  switch (route.kind) {
    case 'home':
      return onScreenChannel() ? <ScreenPage /> : <OverviewPage />;
    case 'items':
      return <ItemsPage key={route.code} code={route.code} />;
    case 'definitions':
      return <DefinitionsPage />;
    case 'definition':
      return <DefinitionsPage code={route.code} />;
    case 'screen':
      return <ScreenPage />;
    case 'kiosk':
      return <Kiosk />;
    case 'notFound':
      return <PageNotFound app="运营监测" />;
  }
}

/** 运营监测 micro-app root; the shell loads it only for holders of the permission, this guards deep links too. */
export function App() {
  if (onKioskChannel()) return <Kiosk />;
  return (
    <RequirePermission permission={OPS_INDICATOR_VIEW} what="运营监测">
      <OpsRoutes />
    </RequirePermission>
  );
}
