import { PageNotFound, RequirePermission, useRoute } from '@wb/sdk/react';
import { AcceptPage } from './pages/AcceptPage.tsx';
import { ApplicationListPage } from './pages/ApplicationListPage.tsx';
import { ApplicationPage } from './pages/ApplicationPage.tsx';
import { BoardPage } from './pages/BoardPage.tsx';
import { ROUTES, toConnectionRoute } from './routes.ts';
import { YK_ACCEPT, YK_BOARD, YK_VIEW } from '@wb/contracts';

/** The permission that opens 业扩报装 (manifest.json access and menu). */
export const VIEW_PERMISSION = YK_VIEW;

function ConnectionRoutes() {
  const route = toConnectionRoute(useRoute(ROUTES));
  switch (route.kind) {
    case 'list':
      return <ApplicationListPage />;
    case 'accept':
      return (
        <RequirePermission permission={YK_ACCEPT} what="业扩受理登记">
          <AcceptPage />
        </RequirePermission>
      );
    case 'board':
      return (
        <RequirePermission permission={YK_BOARD} what="业扩在途看板">
          <BoardPage />
        </RequirePermission>
      );
    case 'detail':
      // Keyed: opening another application (or another node's task) starts from a clean page.
      return <ApplicationPage key={`${route.appNo}/${route.node ?? ''}`} appNo={route.appNo} node={route.node} />;
    case 'notFound':
      return <PageNotFound app="业扩报装" />;
  }
}

/** 业扩报装 micro-app root. The shell only loads it for holders of the permission; this guards deep links too. */
export function App() {
  return (
    <RequirePermission permission={VIEW_PERMISSION} what="业扩报装">
      <ConnectionRoutes />
    </RequirePermission>
  );
}
