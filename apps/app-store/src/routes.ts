import type { StoreAppQuery } from '@wb/contracts/appstore';
import type { RouteMatch, RouteTable } from '@wb/sdk';
import { STORE_PERMISSIONS } from '@wb/contracts';

/** Permissions of the app (manifest.json `permissions`, seeded in iam). */
export const PERM = {
  market: STORE_PERMISSIONS.market,
  manage: STORE_PERMISSIONS.manage,
  review: STORE_PERMISSIONS.review,
  /** Rollout, rollback, online/offline, visibility: reviewers operate the store (ADR 0016). */
  operate: STORE_PERMISSIONS.review,
} as const;

export type StoreRoute =
  | { page: 'market' }
  | { page: 'catalogue' }
  | { page: 'review' }
  | { page: 'upload' }
  | { page: 'platform' }
  | { page: 'parts' }
  | { page: 'detail'; appId: string };

/** Routes below the basePath (SDK `matchRoutes` patterns, ADR 0027). */
export const ROUTES = {
  root: '',
  market: '/market',
  catalogue: '/admin',
  review: '/admin/review',
  upload: '/admin/upload',
  platform: '/admin/platform',
  /** 组件管理: the parts catalogue and the apps' dependency graph through parts (ADR 0030). */
  parts: '/admin/parts',
  detail: '/admin/apps/:appId',
} as const satisfies RouteTable<string>;

/**
 * The page of a route match (the SDK's one result shape). The root opens 应用市场 for staff and 应用目录 for
 * those who manage apps without using the market; no match is null (404).
 */
export function toStoreRoute(match: RouteMatch<keyof typeof ROUTES> | null, canUseMarket: boolean): StoreRoute | null {
  if (!match) return null;
  switch (match.route) {
    case 'root':
      return canUseMarket ? { page: 'market' } : { page: 'catalogue' };
    case 'detail':
      return { page: 'detail', appId: match.params['appId'] ?? '' };
    default:
      return { page: match.route };
  }
}

const STATUSES = ['ACTIVE', 'OFFLINE', 'IN_REVIEW'] as const;

function text(value: string | null, max: number): string | undefined {
  const trimmed = value?.trim().slice(0, max);
  return trimmed ? trimmed : undefined;
}

/** Catalogue filters kept in the URL (`?q=&category=&status=`); bad values are dropped. */
export function parseCatalogueParams(search: URLSearchParams): StoreAppQuery {
  const status = STATUSES.find((s) => s === search.get('status'));
  const query: StoreAppQuery = {};
  const q = text(search.get('q'), 64);
  const category = text(search.get('category'), 32);
  if (q) query.q = q;
  if (category) query.category = category;
  if (status) query.status = status;
  return query;
}

export function catalogueQueryString(query: StoreAppQuery): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'category', 'status'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  const textValue = params.toString();
  return textValue === '' ? '' : `?${textValue}`;
}
