import { describe, expect, it, vi } from 'vitest';
import { createBrowserHistory, createMemoryHistory, parsePath } from './history.ts';

describe('parsePath', () => {
  it('splits path and query and drops the hash', () => {
    expect(parsePath('/a/b?x=1#h')).toEqual({ pathname: '/a/b', search: '?x=1' });
    expect(parsePath('/a?')).toEqual({ pathname: '/a', search: '' });
    expect(parsePath('')).toEqual({ pathname: '/', search: '' });
  });
});

describe('createMemoryHistory', () => {
  it('keeps its own location, notifies on change only and never touches the page URL', () => {
    const before = window.location.href;
    const history = createMemoryHistory('/app/x?q=1');
    const listener = vi.fn();
    const stop = history.listen(listener);
    const first = history.location;
    expect(first).toEqual({ pathname: '/app/x', search: '?q=1' });
    history.push('/app/x?q=1');
    expect(listener).not.toHaveBeenCalled();
    expect(history.location).toBe(first);
    history.push('/app/x/items/1');
    history.replace('/app/x/items/2?tab=a');
    expect(listener).toHaveBeenCalledTimes(2);
    expect(history.location).toEqual({ pathname: '/app/x/items/2', search: '?tab=a' });
    stop();
    history.push('/app/x');
    expect(listener).toHaveBeenCalledTimes(2);
    expect(window.location.href).toBe(before);
  });
});

describe('createBrowserHistory', () => {
  it('reads the page location, hears popstate, and navigates through the given navigate', () => {
    window.history.replaceState(null, '', '/app/y?a=1');
    const navigate = vi.fn();
    const history = createBrowserHistory(navigate);
    const listener = vi.fn();
    const stop = history.listen(listener);
    expect(history.location).toEqual({ pathname: '/app/y', search: '?a=1' });
    expect(history.location).toBe(history.location);
    history.push('/app/y/1');
    history.replace('/app/y/2');
    expect(navigate.mock.calls).toEqual([['/app/y/1'], ['/app/y/2', { replace: true }]]);
    window.history.pushState(null, '', '/app/y/3');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(listener).toHaveBeenCalledTimes(1);
    expect(history.location.pathname).toBe('/app/y/3');
    stop();
    window.history.replaceState(null, '', '/');
  });

  it('without navigate, uses the history API and announces the change as single-spa would', () => {
    window.history.replaceState(null, '', '/app/z');
    const history = createBrowserHistory();
    const listener = vi.fn();
    const stop = history.listen(listener);
    history.push('/app/z/1');
    expect(window.location.pathname).toBe('/app/z/1');
    expect(listener).toHaveBeenCalledTimes(1);
    stop();
    window.history.replaceState(null, '', '/');
  });
});
