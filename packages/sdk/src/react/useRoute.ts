import { useMemo } from 'react';
import { matchRoutes } from '../routes.ts';
import type { RouteMatch, RouteTable } from '../routes.ts';
import { useWorkbench } from './context.ts';
import { useLocation } from './useLocation.ts';

/**
 * The route of this instance's location in `routes` (below its basePath), or null (the app's 404). Declare the
 * table at module level so that it stays one object: `const ROUTES = { search: '', detail: '/customers/:consNo' }`.
 */
export function useRoute<R extends string>(routes: RouteTable<R>): RouteMatch<R> | null {
  const { basePath } = useWorkbench();
  const { pathname, search } = useLocation();
  return useMemo(() => matchRoutes(routes, { pathname, search }, basePath), [routes, pathname, search, basePath]);
}
