import { describe, expect, it } from 'vitest';
import { matchRoutes } from '@wb/sdk';
import { ROUTES, detailHref, parseSearchParams, searchHref, toArchiveRoute } from './routes.ts';

const base = '/app/customer-archive';
const matchRoute = (pathname: string, search: URLSearchParams, basePath: string) => toArchiveRoute(matchRoutes(ROUTES, { pathname, search }, basePath));

describe('routes', () => {
  it('parses the search state with safe defaults', () => {
    expect(parseSearchParams(new URLSearchParams('q=张&field=name&page=3'))).toEqual({ q: '张', field: 'name', page: 3 });
    expect(parseSearchParams(new URLSearchParams('field=sql&page=-1'))).toEqual({ q: '', field: 'auto', page: 1 });
    expect(parseSearchParams(new URLSearchParams('page=1.5')).page).toBe(1);
  });

  it('matches the search page, the detail page and unknown paths', () => {
    expect(matchRoute(base, new URLSearchParams(), base).kind).toBe('search');
    expect(matchRoute(`${base}/`, new URLSearchParams('q=1'), base)).toMatchObject({ kind: 'search', params: { q: '1' } });
    expect(matchRoute(`${base}/customers/3310000001`, new URLSearchParams('q=331'), base)).toEqual({
      kind: 'detail',
      consNo: '3310000001',
      valid: true,
      back: { q: '331', field: 'auto', page: 1 },
    });
    expect(matchRoute(`${base}/customers/abc`, new URLSearchParams(), base)).toMatchObject({ valid: false });
    expect(matchRoute(`${base}/nothing/here`, new URLSearchParams(), base).kind).toBe('notFound');
  });

  it('builds short URLs that round-trip', () => {
    expect(searchHref(base, { q: '', field: 'auto', page: 1 })).toBe(base);
    const href = searchHref(base, { q: '张 三', field: 'name', page: 2 });
    const url = new URL(href, 'http://x');
    expect(parseSearchParams(url.searchParams)).toEqual({ q: '张 三', field: 'name', page: 2 });
    expect(detailHref(base, '3310000001', { q: '331', field: 'auto', page: 1 })).toBe(`${base}/customers/3310000001?q=331`);
  });
});
