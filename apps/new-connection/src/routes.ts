import { applicationNoSchema, connectionNodeSchema } from '@wb/contracts/connection';
import type { ConnectionNode } from '@wb/contracts/connection';
import type { RouteMatch, RouteTable } from '@wb/sdk';

/**
 * Routes of 业扩报装 below its base path (SDK `matchRoutes` patterns, ADR 0027). Task routes (manifest
 * `workflows`) are `/applications/<申请编号>/<node>`; the shell's inbox appends `?task=<id>`.
 */
export const ROUTES = {
  home: '',
  list: '/applications',
  accept: '/accept',
  board: '/board',
  detail: '/applications/:appNo/:node?',
} as const satisfies RouteTable<string>;

export type ConnectionRoute =
  | { kind: 'list' }
  | { kind: 'accept' }
  | { kind: 'board' }
  | { kind: 'detail'; appNo: string; node: ConnectionNode | null }
  | { kind: 'notFound' };

/** The page of a route match (the SDK's one result shape), with the 申请编号 and node validated. */
export function toConnectionRoute(match: RouteMatch<keyof typeof ROUTES> | null): ConnectionRoute {
  switch (match?.route) {
    case undefined:
      return { kind: 'notFound' };
    case 'home':
    case 'list':
      return { kind: 'list' };
    case 'accept':
    case 'board':
      return { kind: match.route };
    case 'detail': {
      const appNo = match.params['appNo'] ?? '';
      if (!applicationNoSchema.safeParse(appNo).success) return { kind: 'notFound' };
      const rawNode = match.params['node'];
      if (rawNode === undefined) return { kind: 'detail', appNo, node: null };
      const node = connectionNodeSchema.safeParse(rawNode);
      return node.success ? { kind: 'detail', appNo, node: node.data } : { kind: 'notFound' };
    }
  }
}

/** Route (below the basePath) of one application, for `<Link to>` and `useNavigate` with the basePath. */
export const detailRoute = (appNo: string): string => `/applications/${appNo}`;
export const detailPath = (basePath: string, appNo: string): string => `${basePath}${detailRoute(appNo)}`;
