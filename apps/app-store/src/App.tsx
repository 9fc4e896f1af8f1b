import { Tabs } from 'antd';
import { Forbidden, PageNotFound, useNavigate, usePermission, useRoute, useWorkbench } from '@wb/sdk/react';
import { AppDetailPage } from './pages/AppDetailPage.tsx';
import { CataloguePage } from './pages/CataloguePage.tsx';
import { MarketPage } from './pages/MarketPage.tsx';
import { PartsPage } from './pages/PartsPage.tsx';
import { PlatformPage } from './pages/PlatformPage.tsx';
import { ReviewPage } from './pages/ReviewPage.tsx';
import { UploadPage } from './pages/UploadPage.tsx';
import { LeaveGuardProvider, useLeaveGuard } from './leaveGuard.tsx';
import { PERM, ROUTES, toStoreRoute } from './routes.ts';
import type { StoreRoute } from './routes.ts';

const ADMIN_TABS = [
  { key: 'catalogue', label: '应用目录', path: '/admin' },
  { key: 'review', label: '待审核', path: '/admin/review' },
  { key: 'upload', label: '上传应用', path: '/admin/upload' },
  { key: 'platform', label: '平台信息', path: '/admin/platform' },
  { key: 'parts', label: '组件管理', path: '/admin/parts' },
] as const;

function AdminPage({ route }: { route: Exclude<StoreRoute, { page: 'market' }> }) {
  const { basePath } = useWorkbench();
  const navigate = useNavigate();
  const { confirmLeave } = useLeaveGuard();
  const active = route.page === 'detail' ? 'catalogue' : route.page;
  return (
    <>
      <Tabs
        activeKey={active}
        items={ADMIN_TABS.map((t) => ({ key: t.key, label: t.label }))}
        onChange={(key) => confirmLeave(() => navigate(`${basePath}${ADMIN_TABS.find((t) => t.key === key)?.path ?? '/admin'}`))}
      />
      {route.page === 'catalogue' && <CataloguePage />}
      {route.page === 'review' && <ReviewPage />}
      {route.page === 'upload' && <UploadPage />}
      {route.page === 'platform' && <PlatformPage />}
      {route.page === 'parts' && <PartsPage />}
      {route.page === 'detail' && <AppDetailPage key={route.appId} appId={route.appId} />}
    </>
  );
}

/**
 * 应用商店 micro-app root: 应用市场 for staff (`store:market:use`), 应用管理 for those who publish and review
 * (`store:app:manage`). The feed loads the app for both; each part guards deep links itself.
 */
export function App() {
  const canUseMarket = usePermission(PERM.market);
  const canManage = usePermission(PERM.manage);
  const route = toStoreRoute(useRoute(ROUTES), canUseMarket);
  if (!route) return <PageNotFound app="应用商店" />;
  if (route.page === 'market') {
    return canUseMarket ? <MarketPage /> : <Forbidden reason="您没有使用应用市场的权限，请联系平台管理员。" />;
  }
  return canManage ? (
    <LeaveGuardProvider>
      <AdminPage route={route} />
    </LeaveGuardProvider>
  ) : (
    <Forbidden reason="您没有应用管理权限，请联系平台管理员。" />
  );
}
