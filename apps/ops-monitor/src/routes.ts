import { indicatorCodeSchema, type IndicatorCode } from '@wb/contracts/indicators';
import type { RouteMatch, RouteTable } from '@wb/sdk';

/** Routes of 运营监测 below its base path (SDK `matchRoutes`, ADR 0027). `?org=<code>&ym=<YYYYMM>` carry the view. */
export const ROUTES = {
  home: '',
  items: '/items/:code',
  definitions: '/definitions',
  definition: '/definitions/:code',
  screen: '/screen',
  kiosk: '/kiosk',
} as const satisfies RouteTable<string>;

export type OpsRoute =
  | { kind: 'home' }
  | { kind: 'items'; code: IndicatorCode }
  | { kind: 'definitions' }
  | { kind: 'definition'; code: IndicatorCode }
  | { kind: 'screen' }
  | { kind: 'kiosk' }
  | { kind: 'notFound' };

export function toOpsRoute(match: RouteMatch<keyof typeof ROUTES> | null): OpsRoute {
  switch (match?.route) {
    case undefined:
      return { kind: 'notFound' };
    case 'home':
    case 'definitions':
    case 'screen':
    case 'kiosk':
      return { kind: match.route };
    case 'items':
    case 'definition': {
      const code = indicatorCodeSchema.safeParse(match.params['code']);
      return code.success ? { kind: match.route, code: code.data } : { kind: 'notFound' };
    }
  }
}

/** A path of this app with the view's org and month (the shell's links are absolute). */
export function viewPath(path: string, org: string | undefined, ym: string | undefined): string {
  const q = new URLSearchParams();
  if (org) q.set('org', org);
  if (ym) q.set('ym', ym);
  const s = q.toString();
  return `${path}${s ? `?${s}` : ''}`;
}
