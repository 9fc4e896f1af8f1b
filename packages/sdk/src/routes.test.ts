import { describe, expect, it } from 'vitest';
import { matchRoutes, resolveHref } from './routes.ts';

const BASE = '/app/demo';
const ROUTES = { home: '', list: '/items', detail: '/items/:id/:tab?', accept: '/accept' } as const;
const at = (path: string) => {
  const url = new URL(path, 'http://x');
  return matchRoutes(ROUTES, { pathname: url.pathname, search: url.search }, BASE);
};

describe('matchRoutes', () => {
  it('answers one shape: the route, its decoded params and the query', () => {
    expect(at(`${BASE}`)).toMatchObject({ route: 'home', params: {} });
    expect(at(`${BASE}/`)).toMatchObject({ route: 'home' });
    expect(at(`${BASE}/items/`)).toMatchObject({ route: 'list' });
    const detail = at(`${BASE}/items/%E5%BC%A0%20%E4%B8%89?task=t-1`);
    expect(detail).toMatchObject({ route: 'detail', params: { id: '张 三' } });
    expect(detail?.search.get('task')).toBe('t-1');
    expect(at(`${BASE}/items/7/history`)).toMatchObject({ route: 'detail', params: { id: '7', tab: 'history' } });
  });

  it('is null outside the basePath, for unknown routes and for malformed escapes', () => {
    expect(at('/app/demo-other')).toBeNull();
    expect(at('/app')).toBeNull();
    expect(at(`${BASE}/nope`)).toBeNull();
    expect(at(`${BASE}/items/1/2/3`)).toBeNull();
    expect(at(`${BASE}/items/%E0%A4%A`)).toBeNull();
  });

  it('takes the query as a string or as URLSearchParams', () => {
    const params = new URLSearchParams('q=1');
    expect(matchRoutes(ROUTES, { pathname: `${BASE}/accept`, search: params }, BASE)?.search).toBe(params);
  });
});

describe('resolveHref', () => {
  it('puts a route below the basePath and refuses absolute URLs', () => {
    expect(resolveHref(BASE, '')).toBe(BASE);
    expect(resolveHref(`${BASE}/`, '/items/1')).toBe(`${BASE}/items/1`);
    expect(resolveHref(BASE, 'items')).toBe(`${BASE}/items`);
    expect(resolveHref(BASE, '?q=1')).toBe(`${BASE}?q=1`);
    expect(() => resolveHref(BASE, 'https://evil.example/')).toThrow(/relative/);
    expect(() => resolveHref(BASE, '//evil.example/')).toThrow(/relative/);
  });
});
