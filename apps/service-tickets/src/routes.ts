import type { RouteMatch, RouteTable } from '@wb/sdk';

/**
 * Routes of 客服工单 below its base path (SDK `matchRoutes` patterns, ADR 0027). Task routes (manifest
 * `workflows`) are `/tickets/<工单号>/<node>`; the shell's inbox appends `?task=<id>`.
 */
export const ROUTES = {
  home: '',
  intake: '/intake',
  mine: '/mine',
  queue: '/queue',
  dispatch: '/dispatch',
  revisit: '/revisit',
  sla: '/sla',
  detail: '/tickets/:no/:node?',
} as const satisfies RouteTable<string>;

/** The lists of tickets, each one `view` of `GET /tickets`. */
export type ListKind = 'mine' | 'queue' | 'dispatch' | 'revisit';

export type TicketRoute =
  | { kind: 'home' }
  | { kind: 'intake' }
  | { kind: 'list'; view: ListKind }
  | { kind: 'sla' }
  | { kind: 'detail'; no: string; node: string | null }
  | { kind: 'notFound' };

/** 工单号: the year and twelve digits (16 digits in all). */
export const TICKET_NO = /^\d{16}$/;
const NODE = /^[a-z][a-z-]{0,31}$/;

/** The page of a route match (the SDK's one result shape), with the 工单号 and node validated. */
export function toTicketRoute(match: RouteMatch<keyof typeof ROUTES> | null): TicketRoute {
  switch (match?.route) {
    case undefined:
      return { kind: 'notFound' };
    case 'home':
      return { kind: 'home' };
    case 'mine':
      return { kind: 'list', view: 'mine' };
    case 'queue':
    case 'dispatch':
    case 'revisit':
      return { kind: 'list', view: match.route };
    case 'intake':
      return { kind: 'intake' };
    case 'sla':
      return { kind: 'sla' };
    case 'detail': {
      const no = match.params['no'] ?? '';
      if (!TICKET_NO.test(no)) return { kind: 'notFound' };
      const node = match.params['node'];
      if (node === undefined) return { kind: 'detail', no, node: null };
      return NODE.test(node) ? { kind: 'detail', no, node } : { kind: 'notFound' };
    }
  }
}

/** Route (below the basePath) of one ticket, for `<Link to>`. */
export const detailRoute = (no: string): string => `/tickets/${no}`;
export const detailPath = (basePath: string, no: string): string => `${basePath}${detailRoute(no)}`;
