import { Result } from 'antd';
import { Authorized, useRoute } from '@wb/sdk/react';
import { AcceptPage } from './pages/AcceptPage.tsx';
import { ApplicationListPage } from './pages/ApplicationListPage.tsx';
import { ApplicationPage } from './pages/ApplicationPage.tsx';
import { BoardPage } from './pages/BoardPage.tsx';
import { ROUTES, toConnectionRoute } from './routes.ts';
import { YK_VIEW } from '@wb/contracts';

/** The permission that opens 业扩报装 (manifest.json access and menu). */
export const VIEW_PERMISSION = YK_VIEW;

const forbidden = (what: string) => <Result status="403" title="没有权限" subTitle={`您没有${what}权限，请联系管理员开通。`} />;

function ConnectionRoutes() {
  const route = toConnectionRoute(useRoute(ROUTES));
  switch (route.kind) {
    case 'list':
      return <ApplicationListPage />;
    case 'accept':
      return (
        <Authorized permission="yk:apply:accept" fallback={forbidden('业扩受理登记')}>
          <AcceptPage />
        </Authorized>
      );
    case 'board':
      return (
        <Authorized permission="yk:board:view" fallback={forbidden('业扩在途看板')}>
          <BoardPage />
        </Authorized>
      );
    case 'detail':
      // Keyed: opening another application (or another node's task) starts from a clean page.
      return <ApplicationPage key={`${route.appNo}/${route.node ?? ''}`} appNo={route.appNo} node={route.node} />;
    case 'notFound':
      return <Result status="404" title="页面不存在" subTitle="业扩报装中没有这个页面。" />;
  }
}

/** 业扩报装 micro-app root. The shell only loads it for holders of the permission; this guards deep links too. */
export function App() {
  return (
    <Authorized permission={VIEW_PERMISSION} fallback={forbidden('业扩报装')}>
      <ConnectionRoutes />
    </Authorized>
  );
}
