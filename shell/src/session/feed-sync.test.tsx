import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Feed } from '@wb/contracts';
import { FEED_REFRESH_EVENT, requestFeedRefresh } from '@wb/sdk';
import { createShellStore } from '../store/shell-store.ts';
import { testApp, testFeed, testMenu, testUser } from '../test/fixtures.ts';
import { renderShell } from '../test/render-shell.tsx';
import { createFeedSync, type FeedSyncDeps } from './feed-sync.ts';

// Lazy chunks (widget section, editor) and antd are slow under happy-dom on a busy machine.
configure({ asyncUtilTimeout: 5_000 });

const archive = testApp('customer-archive', { name: '客户档案' });
const market = testApp('app-market', { name: '应用市场' });
const before = testFeed({
  apps: [archive],
  menus: [testMenu('customer-archive', 'search', { title: '客户查询', path: '/app/customer-archive' })],
});

function deps(store: FeedSyncDeps['store'], next: Feed | null): FeedSyncDeps & { fetchFeed: ReturnType<typeof vi.fn> } {
  const fetchFeed = vi.fn(async () => next);
  return {
    fetchFeed,
    identity: { fetchFeed },
    store,
    runtime: { update: vi.fn(async () => undefined) },
    importMaps: { merge: vi.fn(() => ({ added: [], stale: [], unmappable: [] })) },
  };
}

const stops: Array<() => void> = [];
afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  vi.useRealTimers();
});

describe('feed refresh', () => {
  it('on the SDK event, re-derives the side menu and home cards from the new feed without remounting', async () => {
    const after = testFeed({
      apps: [{ ...archive, inMenu: false }, market],
      menus: [
        testMenu('customer-archive', 'search', { title: '客户查询', path: '/app/customer-archive' }),
        testMenu('app-market', 'market', { title: '应用市场', path: '/app/app-market' }),
      ],
    });
    const { env } = renderShell({ feed: before });
    const menu = screen.getByTestId('wb-side-menu');
    expect(within(menu).getByText('客户查询')).toBeTruthy();
    const d = deps(env.store, after);
    stops.push(createFeedSync(d).start({ intervalMs: 3_600_000 }));
    act(() => requestFeedRefresh());
    await waitFor(() => expect(within(menu).queryByText('应用市场')).toBeTruthy());
    // 应用市场 took 客户档案 out of the menu: no entry, no home card; its routes stay registered.
    expect(within(menu).queryByText('客户查询')).toBeNull();
    expect(screen.queryByText('客户档案')).toBeNull();
    expect(d.runtime?.update).toHaveBeenCalledWith(after.apps, after.user, { remount: false });
    expect(d.importMaps.merge).toHaveBeenCalledWith(after.importMap);
  });

  it('a new version of a mounted app becomes a quiet notice with 刷新; nothing reloads by itself', async () => {
    const after = testFeed({ apps: [{ ...archive, version: '1.2.0' }], menus: before.menus });
    const { env } = renderShell({ feed: before, path: '/app/customer-archive' });
    env.store.getState().setAppStatus('customer-archive', { kind: 'mounted' });
    const d = deps(env.store, after);
    d.importMaps.merge = vi.fn(() => ({ added: [], stale: ['@wb-app/customer-archive'], unmappable: [] }));
    const sync = createFeedSync(d);
    await act(() => sync.refresh());
    expect(env.store.getState().updates).toEqual({ 'customer-archive': '1.2.0' });
    expect((await screen.findByTestId('wb-version-notice')).textContent).toBe('应用「客户档案」已发布新版本 1.2.0，保存当前工作后点击刷新即可使用');
    expect(screen.getByRole('button', { name: /刷\s*新/ })).toBeTruthy();
    // A second poll with the same version raises nothing new.
    await expect(sync.refresh()).resolves.toEqual({ kind: 'refreshed', updates: {} });
  });

  it('no notice for an app that is not mounted, nor for an app first seen in this refresh', async () => {
    const store = createShellStore({ pathname: '/', search: '' }, before);
    const after = testFeed({ apps: [{ ...archive, version: '1.2.0' }, market] });
    const sync = createFeedSync(deps(store, after));
    await expect(sync.refresh()).resolves.toEqual({ kind: 'refreshed', updates: {} });
    store.getState().setAppStatus('app-market', { kind: 'mounted' });
    await expect(sync.refresh()).resolves.toEqual({ kind: 'refreshed', updates: {} });
  });

  it('drops apps whose new specifier cannot be mapped, and skips a feed of another session or post', async () => {
    const store = createShellStore({ pathname: '/', search: '' }, before);
    const d = deps(store, testFeed({ apps: [archive, market], widgets: [{ appId: 'app-market', id: 'w', title: 'w', size: 'small' }] }));
    d.importMaps.merge = vi.fn(() => ({ added: [], stale: [], unmappable: ['@wb-app/app-market'] }));
    await createFeedSync(d).refresh();
    expect(store.getState().feed.apps.map((app) => app.id)).toEqual(['customer-archive']);
    expect(store.getState().feed.widgets).toEqual([]);
    for (const other of [testFeed({ user: null }), testFeed({ user: testUser({ id: 'someone-else' }) })]) {
      const skip = deps(store, other);
      await expect(createFeedSync(skip).refresh()).resolves.toEqual({ kind: 'skipped' });
      expect(skip.runtime?.update).not.toHaveBeenCalled();
    }
  });

  it('polls every interval and on focus (not twice within a few seconds); concurrent refreshes share one fetch', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const store = createShellStore({ pathname: '/', search: '' }, before);
    const d = deps(store, before);
    const sync = createFeedSync(d);
    stops.push(sync.start({ intervalMs: 60_000 }));
    await Promise.all([sync.refresh(), sync.refresh()]);
    expect(d.fetchFeed).toHaveBeenCalledTimes(1);
    fireEvent.focus(window);
    expect(d.fetchFeed).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(d.fetchFeed).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(10_000);
    window.dispatchEvent(new Event('focus'));
    expect(d.fetchFeed).toHaveBeenCalledTimes(3);
    await vi.advanceTimersByTimeAsync(0);
    window.dispatchEvent(new CustomEvent(FEED_REFRESH_EVENT));
    await vi.advanceTimersByTimeAsync(0);
    expect(d.fetchFeed).toHaveBeenCalledTimes(4);
  });
});
