import { ShellErrorCode } from '@wb/contracts';
import { describe, expect, it } from 'vitest';
import { createShellStore, selectAppStatus } from './shell-store.ts';
import { testFeed } from '../test/fixtures.ts';

describe('shell store', () => {
  it('starts every app idle and records status transitions per app', () => {
    const store = createShellStore({ pathname: '/', search: '' }, testFeed());
    expect(selectAppStatus(store.getState(), 'a')).toEqual({ kind: 'idle' });
    store.getState().setAppStatus('a', { kind: 'loading' });
    store.getState().setAppStatus('b', { kind: 'error', code: ShellErrorCode.LoadTimeout, message: 'slow' });
    store.getState().setAppStatus('a', { kind: 'mounted' });
    expect(selectAppStatus(store.getState(), 'a')).toEqual({ kind: 'mounted' });
    expect(selectAppStatus(store.getState(), 'b')).toEqual({ kind: 'error', code: 'WB_SHELL_002', message: 'slow' });
  });

  it('keeps the location object when the URL did not change, so subscribers are not woken', () => {
    const store = createShellStore({ pathname: '/app/a', search: '?q=1' }, testFeed());
    const before = store.getState().location;
    let notified = 0;
    store.subscribe(() => notified++);
    store.getState().setLocation({ pathname: '/app/a', search: '?q=1' });
    expect(store.getState().location).toBe(before);
    expect(notified).toBe(0);
    store.getState().setLocation({ pathname: '/app/a', search: '?q=2' });
    expect(store.getState().location).toEqual({ pathname: '/app/a', search: '?q=2' });
    expect(notified).toBe(1);
  });

  it('gives each page its own store', () => {
    const one = createShellStore({ pathname: '/', search: '' }, testFeed());
    const two = createShellStore({ pathname: '/', search: '' }, testFeed());
    one.getState().setAppStatus('a', { kind: 'mounted' });
    expect(selectAppStatus(two.getState(), 'a').kind).toBe('idle');
  });
});
