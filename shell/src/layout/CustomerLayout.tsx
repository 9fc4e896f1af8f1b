import type { ReactElement } from 'react';
import { RouteView, useContentReady, useRootOpens, useShellRoute } from './RouteView.tsx';
import { useFeed } from './shell-context.ts';

/** 掌上电力's channel (ADR 0045), for `CUSTOMER_VISITOR`: full screen, no staff header or menu; the root opens the channel's first app. */
export function CustomerLayout(): ReactElement {
  const route = useShellRoute();
  const first = useFeed().apps[0]?.routes[0];
  useContentReady();
  useRootOpens(route, first);
  return (
    <div data-testid="wb-layout-customer" style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      {route.kind === 'home' ? (first ? null : <p style={{ padding: 24 }}>掌上电力暂未开放，请稍后再试。</p>) : <RouteView route={route} />}
    </div>
  );
}
