import { PageNotFound, RequirePermission, useAccess, useRoute } from '@wb/sdk/react';
import { ArrearsPage } from './pages/ArrearsPage.tsx';
import { BatchPage } from './pages/BatchPage.tsx';
import { BatchesPage } from './pages/BatchesPage.tsx';
import { CounterPage } from './pages/CounterPage.tsx';
import { OrdersPage } from './pages/OrdersPage.tsx';
import { PortalAccountsPage } from './pages/PortalAccountsPage.tsx';
import { ReadingsPage } from './pages/ReadingsPage.tsx';
import { ReceiptPage } from './pages/ReceiptPage.tsx';
import { ReversalPage } from './pages/ReversalPage.tsx';
import { BILLING_PERMISSIONS } from '@wb/contracts/billing';
import { ROUTES, toBillingRoute } from './routes.ts';

/** The app's root opens the work of the post: the counter for 收费员, 核算发行 for 核算员, else the ledger. */
function Home() {
  const access = useAccess();
  if (access.can(BILLING_PERMISSIONS.collect)) return <CounterPage consNo={null} />;
  if (access.can(BILLING_PERMISSIONS.calc)) return <BatchesPage />;
  return <ArrearsPage />;
}

function BillingRoutes() {
  const route = toBillingRoute(useRoute(ROUTES));
  switch (route.kind) {
    case 'home':
      return <Home />;
    case 'counter':
      return (
        <RequirePermission permission={BILLING_PERMISSIONS.collect} what="柜台收费">
          {/* Not keyed: the lookup's list stays while the clerk goes through several customers of one name; the
              payment form is keyed by customer and version inside, and a result shows only for its customer. */}
          <CounterPage consNo={route.consNo} />
        </RequirePermission>
      );
    case 'receipt':
      return <ReceiptPage paymentId={route.paymentId} />;
    case 'arrears':
      return <ArrearsPage />;
    case 'orders':
      return <OrdersPage />;
    case 'batches':
      return <BatchesPage />;
    case 'batch':
      return <BatchPage key={route.id} id={route.id} />;
    case 'order':
      return <OrdersPage focusId={route.id} />;
    case 'readings':
      return <ReadingsPage key={`${route.consNo ?? ''}-${route.ym ?? ''}`} consNo={route.consNo} ym={route.ym} />;
    case 'reversals':
      return (
        <RequirePermission permission={BILLING_PERMISSIONS.reverse} what="缴费冲正">
          <ReversalPage key={route.consNo ?? ''} consNo={route.consNo} />
        </RequirePermission>
      );
    case 'portalAccounts':
      return (
        <RequirePermission permission={BILLING_PERMISSIONS.portal} what="掌上电力账户管理">
          <PortalAccountsPage id={route.id} />
        </RequirePermission>
      );
    case 'notFound':
      return <PageNotFound app="电费账务" />;
  }
}

/** 电费账务 micro-app root. The shell only loads it for holders of the permission; this guards deep links too. */
export function App() {
  return (
    <RequirePermission permission={BILLING_PERMISSIONS.view} what="电费账务">
      <BillingRoutes />
    </RequirePermission>
  );
}
