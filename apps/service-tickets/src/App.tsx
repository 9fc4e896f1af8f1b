import { PageNotFound, RequirePermission, useAccess, useRoute } from '@wb/sdk/react';
import { TICKET_PERMISSIONS } from '@wb/contracts/ticket';
import { IntakePage } from './pages/IntakePage.tsx';
import { TicketListPage } from './pages/TicketListPage.tsx';
import { SlaRulesPage } from './pages/SlaRulesPage.tsx';
import { TicketPage } from './pages/TicketPage.tsx';
import { ROUTES, toTicketRoute, type ListKind } from './routes.ts';

/** The permission each list needs besides opening the app, and the name the 403 page gives it. */
const LIST_GUARDS: Record<ListKind, { permission: string; name: string }> = {
  mine: { permission: TICKET_PERMISSIONS.view, name: '客服工单' },
  queue: { permission: TICKET_PERMISSIONS.handle, name: '供电所工单' },
  dispatch: { permission: TICKET_PERMISSIONS.dispatch, name: '派单' },
  revisit: { permission: TICKET_PERMISSIONS.revisit, name: '回访' },
};

/** The app's root opens the list of the user's work: 派单台, the 供电所's queue, 回访, or the tickets they accepted. */
function homeView(has: (permission: string) => boolean): ListKind {
  if (has(TICKET_PERMISSIONS.dispatch)) return 'dispatch';
  if (has(TICKET_PERMISSIONS.handle)) return 'queue';
  if (has(TICKET_PERMISSIONS.revisit)) return 'revisit';
  return 'mine';
}

function TicketRoutes() {
  const route = toTicketRoute(useRoute(ROUTES));
  const access = useAccess();
  switch (route.kind) {
    case 'home': {
      const view = homeView((p) => access.can(p));
      return <TicketListPage key={view} view={view} />;
    }
    case 'intake':
      return (
        <RequirePermission permission={TICKET_PERMISSIONS.accept} what="工单受理">
          <IntakePage />
        </RequirePermission>
      );
    case 'list': {
      const guard = LIST_GUARDS[route.view];
      return (
        <RequirePermission permission={guard.permission} what={guard.name}>
          {/* Keyed: each list keeps its own filters and page. */}
          <TicketListPage key={route.view} view={route.view} />
        </RequirePermission>
      );
    }
    case 'sla':
      return (
        <RequirePermission permission={TICKET_PERMISSIONS.sla} what="工单时限配置">
          <SlaRulesPage />
        </RequirePermission>
      );
    case 'detail':
      // Keyed: opening another ticket (or another node's task) starts from a clean page.
      return <TicketPage key={`${route.no}/${route.node ?? ''}`} no={route.no} node={route.node} />;
    case 'notFound':
      return <PageNotFound app="客服工单" />;
  }
}

/** 客服工单 micro-app root. The shell only loads it for holders of the permission; this guards deep links too. */
export function App() {
  return (
    <RequirePermission permission={TICKET_PERMISSIONS.view} what="客服工单">
      <TicketRoutes />
    </RequirePermission>
  );
}
