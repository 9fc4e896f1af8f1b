import { describe, expect, it } from 'vitest';
import { matchRoutes } from '@wb/sdk';
import { ROUTES, catalogueQueryString, parseCatalogueParams, toStoreRoute } from './routes.ts';

const BASE = '/app/app-store';
const matchRoute = (pathname: string, basePath: string, canUseMarket: boolean) =>
  toStoreRoute(matchRoutes(ROUTES, { pathname, search: '' }, basePath), canUseMarket);

describe('matchRoute', () => {
  it('maps the pages and opens the market or the catalogue at the root depending on the permission', () => {
    expect(matchRoute(BASE, BASE, true)).toEqual({ page: 'market' });
    expect(matchRoute(`${BASE}/`, BASE, false)).toEqual({ page: 'catalogue' });
    expect(matchRoute(`${BASE}/market`, BASE, false)).toEqual({ page: 'market' });
    expect(matchRoute(`${BASE}/admin`, BASE, true)).toEqual({ page: 'catalogue' });
    expect(matchRoute(`${BASE}/admin/review`, BASE, true)).toEqual({ page: 'review' });
    expect(matchRoute(`${BASE}/admin/upload`, BASE, true)).toEqual({ page: 'upload' });
    expect(matchRoute(`${BASE}/admin/platform`, BASE, true)).toEqual({ page: 'platform' });
    expect(matchRoute(`${BASE}/admin/apps/customer-archive`, BASE, true)).toEqual({ page: 'detail', appId: 'customer-archive' });
  });

  it('answers null for unknown paths, other apps and malformed ids', () => {
    expect(matchRoute(`${BASE}/nope`, BASE, true)).toBeNull();
    expect(matchRoute('/app/app-store-x', BASE, true)).toBeNull();
    expect(matchRoute(`${BASE}/admin/apps/a/b`, BASE, true)).toBeNull();
    expect(matchRoute(`${BASE}/admin/apps/%E0%A4%A`, BASE, true)).toBeNull();
  });
});

describe('catalogue params', () => {
  it('round-trips q, category and status and drops invalid values', () => {
    const query = parseCatalogueParams(new URLSearchParams('q=%20档案%20&category=客户服务&status=IN_REVIEW'));
    expect(query).toEqual({ q: '档案', category: '客户服务', status: 'IN_REVIEW' });
    expect(parseCatalogueParams(new URLSearchParams(catalogueQueryString(query)))).toEqual(query);
    expect(parseCatalogueParams(new URLSearchParams('status=DELETED&q=%20'))).toEqual({});
    expect(catalogueQueryString({})).toBe('');
  });
});
