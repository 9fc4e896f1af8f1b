import type { ReactElement } from 'react';
import type { SessionUser } from '@wb/contracts';
import { RouteView, useContentReady, useRootOpens, useShellRoute } from './RouteView.tsx';
import { useFeed } from './shell-context.ts';

/**
 * 掌上电力 (ADR 0045): customers are not staff. On the customer channel (`/c/`) the shell runs the channel's apps
 * for this visitor, who holds no grants; the app signs the customer in with its own realm (phone + code).
 */
export const CUSTOMER_VISITOR: SessionUser = {
  id: 'customer',
  username: 'customer',
  displayName: '客户',
  orgUnitCode: '',
  orgUnitName: '',
  roles: [],
  posts: [],
  activePost: null,
  permissions: [],
  mustChangePassword: false,
};

/** Full screen, no staff header or menu: the root opens the channel's first app. */
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
