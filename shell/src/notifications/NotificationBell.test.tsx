import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkflowDataset } from '@wb/mocks';
import { renderShell } from '../test/render-shell.tsx';
import { serveWorkflowMocks } from '../testing/workflow-mocks.ts';
import { testFeed, testUser } from '../test/fixtures.ts';
import { PUSH_URL, setEventSourceFactory } from './push.ts';
import { NOTIFICATION_POLL_MS } from './use-notifications.ts';
import type { EventSourceLike } from './push.ts';

configure({ asyncUtilTimeout: 8000 });

let data: WorkflowDataset;
const { requests } = serveWorkflowMocks('yk02', (fresh) => (data = fresh));
beforeAll(async () => {
  await import('./NotificationPanel.tsx');
});
afterEach(() => {
  setEventSourceFactory(undefined);
});

/** A stand-in for the browser's EventSource (happy-dom has none): the test opens it and sends events. */
class FakeEventSource implements EventSourceLike {
  static opened: FakeEventSource[] = [];
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;
  private readonly handlers = new Map<string, Array<(event: MessageEvent) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  addEventListener(type: string, listener: (event: MessageEvent) => void): void {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), listener]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  emit(type: string, data: unknown): void {
    for (const listener of this.handlers.get(type) ?? []) listener(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  fail(): void {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
}

const handler = testUser({ username: 'yk02', permissions: ['wf:task:handle'] });
const badge = (): string => screen.queryByTestId('wb-bell-count')?.textContent ?? '';
const notificationGets = () => requests.filter((r) => r.method === 'GET' && r.path.endsWith('/notifications')).length;

describe('notification bell and 我的待办 entry', { timeout: 20_000 }, () => {
  it('shows the unread count, and the 待办 count in the side menu', async () => {
    renderShell({ path: '/account/password', feed: testFeed({ user: handler }) });
    await waitFor(() => expect(badge()).toBe('2'));
    await waitFor(() => expect(screen.getByTestId('wb-menu-inbox-count').textContent).toBe('6'));
    expect(screen.getByTestId('wb-bell').getAttribute('aria-label')).toBe('通知，2 条未读');
  });

  it('asks nothing before the first page\'s micro-app has mounted (P1: the app loads and mounts first)', async () => {
    const runtime = { keepAlive: () => undefined, addInstance: () => undefined, removeInstance: () => Promise.resolve() };
    const { env } = renderShell({ path: '/app/customer-archive', feed: testFeed({ user: handler }), runtime });
    act(() => env.store.getState().setAppStatus('customer-archive', { kind: 'loading' }));
    await import('./notifications-query.ts');
    // Zero-delay turns, no sleeping: long enough for a started watch to import its module and send its requests.
    for (let i = 0; i < 20; i += 1) await act(() => new Promise<void>((resolve) => setTimeout(resolve, 0)));
    expect(notificationGets()).toBe(0);
    expect(requests.filter((r) => r.path.includes('/inbox'))).toEqual([]);
    act(() => env.store.getState().setAppStatus('customer-archive', { kind: 'mounted' }));
    await waitFor(() => expect(badge()).toBe('2'));
    await waitFor(() => expect(screen.getByTestId('wb-menu-inbox-count').textContent).toBe('6'));
  });

  it('polls again when the window regains focus', async () => {
    renderShell({ path: '/account/password', feed: testFeed({ user: handler }) });
    await waitFor(() => expect(badge()).toBe('2'));
    const before = notificationGets();
    data.notifications.push({ id: 'n-9', kind: 'ESCALATION', title: '待办已升级', body: 'x', link: null, createdAt: new Date().toISOString(), readAt: null });
    act(() => void window.dispatchEvent(new Event('focus')));
    await waitFor(() => expect(badge()).toBe('3'));
    expect(notificationGets()).toBe(before + 1);
  });

  it('lists notifications with kind tags; a click marks it read and follows its link', async () => {
    const { env } = renderShell({ path: '/account/password', feed: testFeed({ user: handler }) });
    await waitFor(() => expect(badge()).toBe('2'));
    fireEvent.click(screen.getByTestId('wb-bell'));
    const panel = await screen.findByTestId('wb-notifications');
    const entries = within(panel).getAllByTestId('wb-notification');
    expect(entries.map((e) => e.textContent?.slice(0, 4))).toEqual(['已超期待', '即将超期', '新任务新']);
    expect(entries.map((e) => e.dataset['unread'])).toEqual(['true', 'true', 'false']);
    fireEvent.click(entries[0]!);
    expect(env.store.getState().location).toEqual({ pathname: '/inbox', search: '?task=t-3' });
    await waitFor(() => expect(data.notifications.find((n) => n.id === 'n-1')?.readAt).not.toBeNull());
    expect(requests.some((r) => r.method === 'POST' && r.path.endsWith('/notifications/n-1/read'))).toBe(true);
    await waitFor(() => expect(badge()).toBe('1'));
  });

  it('全部已读 clears the count on the server and in the badge', async () => {
    renderShell({ path: '/account/password', feed: testFeed({ user: handler }) });
    await waitFor(() => expect(badge()).toBe('2'));
    fireEvent.click(screen.getByTestId('wb-bell'));
    const panel = await screen.findByTestId('wb-notifications');
    fireEvent.click(within(panel).getByRole('button', { name: '全部已读' }));
    await waitFor(() => expect(screen.queryByTestId('wb-bell-count')).toBeNull());
    expect(data.notifications.every((n) => n.readAt !== null)).toBe(true);
  });

  it('refreshes the badge and the 待办 count when the push stream tells of a new task (no focus, no poll)', async () => {
    FakeEventSource.opened = [];
    setEventSourceFactory((url) => new FakeEventSource(url));
    const { unmount } = renderShell({ path: '/account/password', feed: testFeed({ user: handler }) });
    await waitFor(() => expect(badge()).toBe('2'));
    await waitFor(() => expect(screen.getByTestId('wb-menu-inbox-count').textContent).toBe('6'));
    // One shared stream for the bell and the menu count.
    expect(FakeEventSource.opened.map((s) => s.url)).toEqual([PUSH_URL]);
    const stream = FakeEventSource.opened[0]!;
    act(() => stream.open());
    const before = notificationGets();
    const createdAt = new Date().toISOString();
    const notification = { id: 'n-10', kind: 'ASSIGNED' as const, title: '新待办：现场勘查', body: '张三', link: '/inbox?task=t-10', createdAt, readAt: null };
    data.notifications.push(notification);
    act(() => stream.emit('notification', { notification, unread: 3 }));
    await waitFor(() => expect(badge()).toBe('3'));
    expect(notificationGets()).toBe(before + 1);
    expect(requests.filter((r) => r.method === 'GET' && r.path.endsWith('/inbox')).length).toBeGreaterThanOrEqual(2);
    unmount();
    expect(stream.closed).toBe(true);
  });

  it('polls by refetchInterval while the push stream is not connected, and stops once it opens', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      FakeEventSource.opened = [];
      setEventSourceFactory((url) => new FakeEventSource(url));
      renderShell({ path: '/account/password', feed: testFeed({ user: handler }) });
      await waitFor(() => expect(badge()).toBe('2'));
      const before = notificationGets();
      data.notifications.push({ id: 'n-11', kind: 'ESCALATION', title: '待办已升级', body: 'x', link: null, createdAt: new Date().toISOString(), readAt: null });
      await act(() => vi.advanceTimersByTimeAsync(NOTIFICATION_POLL_MS + 100));
      await waitFor(() => expect(badge()).toBe('3'));
      expect(notificationGets()).toBe(before + 1);
      act(() => FakeEventSource.opened[0]!.open());
      const connected = notificationGets();
      await act(() => vi.advanceTimersByTimeAsync(3 * NOTIFICATION_POLL_MS));
      expect(notificationGets()).toBe(connected);
    } finally {
      vi.useRealTimers();
    }
  });

  it('is absent, with no menu entry and no polling, without wf:task:handle', async () => {
    // Fake clocks: two poll periods pass in the test's own time, so "no polling" means no poll, not "none yet".
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderShell({ path: '/account/password', feed: testFeed({ user: testUser({ permissions: ['cust:archive:view'] }) }) });
      expect(screen.getByTestId('wb-header-user')).toBeTruthy();
      await act(() => vi.advanceTimersByTimeAsync(2 * NOTIFICATION_POLL_MS + 1_000));
      expect(screen.queryByTestId('wb-bell')).toBeNull();
      expect(screen.queryByTestId('wb-menu-inbox')).toBeNull();
      expect(requests).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
