import { PageNotFound, RequirePermission, useRoute } from '@wb/sdk/react';
import { CustomerDetailPage } from './pages/CustomerDetailPage.tsx';
import { SearchPage } from './pages/SearchPage.tsx';
import { ROUTES, toArchiveRoute } from './routes.ts';
import { CUSTOMER_VIEW_PERMISSION } from '@wb/contracts';

/** The permission that opens 客户档案 (manifest.json access and menu). */
export const VIEW_PERMISSION = CUSTOMER_VIEW_PERMISSION;

function ArchiveRoutes() {
  const route = toArchiveRoute(useRoute(ROUTES));
  switch (route.kind) {
    case 'search':
      return <SearchPage params={route.params} />;
    case 'detail':
      // Keyed so that opening another customer starts from a clean page.
      return <CustomerDetailPage key={route.consNo} consNo={route.consNo} valid={route.valid} back={route.back} />;
    case 'notFound':
      return <PageNotFound app="客户档案" />;
  }
}

/** 客户档案 micro-app root. The shell only loads it for holders of the permission; this guards deep links too. */
export function App() {
  return (
    <RequirePermission permission={VIEW_PERMISSION} what="客户档案查询">
      <ArchiveRoutes />
    </RequirePermission>
  );
}
