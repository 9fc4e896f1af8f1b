import type { StoreAppQuery } from '@wb/contracts/appstore';

/** Permissions of the app (manifest.json `permissions`, seeded in iam). */
export const PERM = {
  market: 'store:market:use',
  manage: 'store:app:manage',
  review: 'store:app:review',
  /** Rollout, rollback, online/offline, visibility: reviewers operate the store (ADR 0016). */
  operate: 'store:app:review',
} as const;

export type StoreRoute =
  | { page: 'market' }
  | { page: 'catalogue' }
  | { page: 'review' }
  | { page: 'upload' }
  | { page: 'platform' }
  | { page: 'detail'; appId: string };

/**
 * The page a path opens. `/app/app-store` alone opens 应用市场 for staff and 应用目录 for those who manage apps
 * without using the market; anything unknown is null (404).
 */
export function matchRoute(pathname: string, basePath: string, canUseMarket: boolean): StoreRoute | null {
  if (pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return null;
  const rest = pathname.slice(basePath.length).replace(/\/+$/, '');
  if (rest === '') return canUseMarket ? { page: 'market' } : { page: 'catalogue' };
  if (rest === '/market') return { page: 'market' };
  if (rest === '/admin') return { page: 'catalogue' };
  if (rest === '/admin/review') return { page: 'review' };
  if (rest === '/admin/upload') return { page: 'upload' };
  if (rest === '/admin/platform') return { page: 'platform' };
  const detail = /^\/admin\/apps\/([^/]+)$/.exec(rest);
  if (detail?.[1]) {
    try {
      return { page: 'detail', appId: decodeURIComponent(detail[1]) };
    } catch {
      return null;
    }
  }
  return null;
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
