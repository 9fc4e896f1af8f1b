import { describe, expect, it } from 'vitest';
import { testApp } from '../test/fixtures.ts';
import { loginUrl, matchesPrefix, resolveRoute, safeReturnTo } from './paths.ts';

const ORIGIN = 'https://wb.example.cn';

describe('matchesPrefix', () => {
  it('matches the prefix itself and paths below it on a segment boundary', () => {
    expect(matchesPrefix('/app/a', '/app/a')).toBe(true);
    expect(matchesPrefix('/app/a/customers/1', '/app/a')).toBe(true);
    expect(matchesPrefix('/app/a/x', '/app/a/')).toBe(true);
    expect(matchesPrefix('/app/ab', '/app/a')).toBe(false);
    expect(matchesPrefix('/app', '/app/a')).toBe(false);
  });
});

describe('resolveRoute', () => {
  const apps = [testApp('customer-archive')];

  it('routes / to the home page and an app prefix to the app', () => {
    expect(resolveRoute('/', apps)).toEqual({ kind: 'home' });
    expect(resolveRoute('/account/password', apps)).toEqual({ kind: 'password' });
    expect(resolveRoute('/app/customer-archive/customers/3340', apps)).toMatchObject({ kind: 'app', app: { id: 'customer-archive' } });
  });

  it('answers 403 for an app id that is not in the feed, 404 for anything else', () => {
    expect(resolveRoute('/app/billing/list', apps)).toEqual({ kind: 'forbidden', appId: 'billing' });
    expect(resolveRoute('/no/such/page', apps)).toEqual({ kind: 'not-found' });
    expect(resolveRoute('/app', apps)).toEqual({ kind: 'not-found' });
  });

  it('answers 404, not 403, for an allowed app outside its routes', () => {
    const narrow = [testApp('customer-archive', { routes: ['/app/customer-archive/search'] })];
    expect(resolveRoute('/app/customer-archive/other', narrow)).toEqual({ kind: 'not-found' });
  });
});

describe('safeReturnTo', () => {
  it('keeps a same-origin path with its query and hash', () => {
    expect(safeReturnTo('/app/customer-archive?q=3340#top', ORIGIN)).toBe('/app/customer-archive?q=3340#top');
  });

  it.each([
    ['missing', null],
    ['absolute URL', 'https://evil.example/steal'],
    ['protocol-relative', '//evil.example/'],
    ['backslash trick', '/\\evil.example/'],
    ['tab smuggling', '/\t/evil.example/'],
    ['relative path', 'app/x'],
    ['javascript URL', 'javascript:alert(1)'],
    ['back to login', '/login?returnTo=/'],
  ])('refuses %s', (_label, value) => {
    expect(safeReturnTo(value, ORIGIN)).toBeNull();
  });
});

describe('loginUrl', () => {
  it('carries the current path and query as returnTo, except for home and login', () => {
    expect(loginUrl('/app/customer-archive?q=3340')).toBe('/login?returnTo=%2Fapp%2Fcustomer-archive%3Fq%3D3340');
    expect(loginUrl('/')).toBe('/login');
    expect(loginUrl('/login?returnTo=%2F')).toBe('/login');
  });
});
