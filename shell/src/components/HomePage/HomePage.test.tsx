import { act, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Feed } from '@wb/contracts';
import type { LayoutItem } from '@wb/contracts/appstore';
import type { WorkbenchProps } from '@wb/sdk';
import { createIdentityClient } from '../../identity/identity-client.ts';
import { Shell } from '../../layout/Shell.tsx';
import type { ShellEnv } from '../../layout/shell-context.ts';
import { createAppContainers } from '../../loader/app-containers.ts';
import { createLeaveGuard } from '../../leave-guard/leave-guard.ts';
import { createLeaveGuardRegistry } from '../../leave-guard/registry.ts';
import { createNavigate, readLocation } from '../../routing/navigation.ts';
import { createShellStore } from '../../store/shell-store.ts';
import { testApp, testFeed, testUser } from '../../test/fixtures.ts';
import { createLayoutClient } from '../../widgets/layout-client.ts';
import { createWidgetHost } from '../../widgets/widget-host.ts';

// Lazy chunks (widget section, editor) and antd are slow under happy-dom on a busy machine.
configure({ asyncUtilTimeout: 5_000 });

const LAYOUT = '*/api/svc/appstore/v1/me/layout';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A plain single-spa widget (no SDK): writes its text into the cell the shell gives it. */
function textWidget(text: string) {
  return {
    bootstrap: async () => undefined,
    mount: async (props: WorkbenchProps) => {
      const p = document.createElement('p');
      p.textContent = `${text}:${props.session.displayName}`;
      props.domElement?.appendChild(p);
    },
    unmount: async (props: WorkbenchProps) => {
      props.domElement?.replaceChildren();
    },
  };
}

const modules: Record<string, unknown> = {
  '@wb-app/customer-archive': { widgets: { 'quick-search': textWidget('快速查询'), broken: { ...textWidget('x'), mount: () => Promise.reject(new Error('boom')) } } },
  '@wb-app/stats': { widgets: { today: textWidget('今日统计') } },
};

const apps = [testApp('customer-archive', { name: '客户档案' }), testApp('stats', { name: '统计', inMenu: false })];
const widgets: Feed['widgets'] = [
  { appId: 'customer-archive', id: 'quick-search', title: '客户快速查询', size: 'medium' },
  { appId: 'customer-archive', id: 'broken', title: '坏组件', size: 'small' },
  { appId: 'stats', id: 'today', title: '今日统计', size: 'small' },
];
const item = (appId: string, widgetId: string, x: number, y: number, w: number, h: number): LayoutItem => ({ appId, widgetId, x, y, w, h });

function renderHome(feed: Feed = testFeed({ apps, widgets })) {
  window.history.replaceState(null, '', '/');
  const store = createShellStore(readLocation(window.location, ''), feed);
  const reporter = { report: vi.fn() };
  const navigate = createNavigate(store, '');
  const env: ShellEnv = {
    store,
    basename: '',
    navigate,
    leaveGuard: createLeaveGuard({ registry: createLeaveGuardRegistry() }),
    switchPost: () => Promise.resolve({ kind: 'failed' }),
    containers: createAppContainers(),
    identity: createIdentityClient(),
    retryApp: () => undefined,
    assignLocation: () => undefined,
    home: {
      widgets: createWidgetHost({
        importModule: (specifier) => (specifier in modules ? Promise.resolve(modules[specifier]) : Promise.reject(new Error('404'))),
        getSession: () => store.getState().feed.user,
        navigate,
        reporter,
        loadTimeoutMs: 1000,
      }),
      layouts: createLayoutClient(),
    },
  };
  return { ...render(<Shell env={env} />), store, reporter };
}

function serveLayout(items: LayoutItem[], source: 'user' | 'post' | 'default' = 'user') {
  const writes: Array<{ method: string; body: unknown }> = [];
  let current = { items, source };
  server.use(
    http.get(LAYOUT, () => HttpResponse.json(current)),
    http.put(LAYOUT, async ({ request }) => {
      const body = (await request.json()) as { items: LayoutItem[] };
      writes.push({ method: 'PUT', body });
      current = { items: body.items, source: 'user' };
      return HttpResponse.json(current);
    }),
    http.delete(LAYOUT, () => {
      writes.push({ method: 'DELETE', body: null });
      current = { items: [item('stats', 'today', 0, 0, 4, 2)], source: 'post' };
      return new HttpResponse(null, { status: 204 });
    }),
  );
  return writes;
}

/** happy-dom's viewport (its default is 1024 × 768), which antd's breakpoints read through matchMedia. */
const setViewport = (width: number, height: number): void =>
  (window as unknown as { happyDOM: { setViewport(size: { width: number; height: number }): void } }).happyDOM.setViewport({ width, height });
const cells = () => screen.getAllByTestId('wb-widget').map((el) => el.getAttribute('data-widget'));
const cellOf = (key: string) => screen.getAllByTestId('wb-widget-cell').find((el) => el.querySelector(`[data-widget="${key}"]`))?.getAttribute('data-cell');

// antd renders slowly in happy-dom: these walk whole editing sessions.
describe('workbench home widgets', { timeout: 30_000 }, () => {
  it('renders the layout from the API: each widget its own parcel; items of apps not in the feed are skipped', async () => {
    serveLayout([item('customer-archive', 'quick-search', 0, 0, 8, 3), item('stats', 'today', 8, 0, 4, 2), item('gone-app', 'x', 0, 3, 4, 2)], 'post');
    renderHome();
    expect(await screen.findByText('快速查询:张客服')).toBeTruthy();
    expect(await screen.findByText('今日统计:张客服')).toBeTruthy();
    expect(cells()).toEqual(['customer-archive:quick-search', 'stats:today']);
    expect(cellOf('customer-archive:quick-search')).toBe('0,0,8,3');
    expect(screen.getByTestId('wb-layout-source').textContent).toBe('岗位默认布局');
    // 我的应用 lists only apps in the user's menu.
    expect(screen.getByText('客户档案')).toBeTruthy();
    expect(screen.queryByText('统计')).toBeNull();
  });

  it('on a phone stacks the widgets in reading order at their own height, without the cell of one not offered', async () => {
    serveLayout([item('stats', 'today', 6, 0, 6, 4), item('gone-app', 'x', 0, 0, 6, 4), item('customer-archive', 'quick-search', 0, 4, 6, 4)]);
    setViewport(390, 844);
    try {
      renderHome();
      expect(await screen.findByText('快速查询:张客服')).toBeTruthy();
      const grid = screen.getByTestId('wb-widget-grid');
      expect(grid.dataset['stacked']).toBe('true');
      expect(grid.style.display).toBe('flex');
      expect(cells()).toEqual(['stats:today', 'customer-archive:quick-search']);
      expect(screen.getAllByTestId('wb-widget-cell').map((cell) => cell.style.gridRow)).toEqual(['', '']);
    } finally {
      setViewport(1024, 768);
    }
  });

  it('a widget that fails shows its fallback; the others work (R4)', async () => {
    serveLayout([item('customer-archive', 'broken', 0, 0, 4, 2), item('stats', 'today', 4, 0, 4, 2)]);
    const { reporter } = renderHome();
    expect(await screen.findByText('今日统计:张客服')).toBeTruthy();
    const fallback = await screen.findByTestId('wb-widget-fallback');
    expect(fallback.textContent).toContain('组件「坏组件」加载失败');
    expect(reporter.report).toHaveBeenCalledWith('customer-archive', 'WB_SHELL_003', expect.any(Error));
  });

  it('edits: add, move, resize, remove, then 保存 sends the arranged layout', async () => {
    const writes = serveLayout([item('customer-archive', 'quick-search', 0, 0, 6, 3)]);
    renderHome();
    await screen.findByText('快速查询:张客服');
    fireEvent.click(screen.getByTestId('wb-layout-edit'));
    const toolbar = await screen.findByTestId('wb-layout-toolbar');
    // 添加组件: the feed's widgets not yet placed.
    fireEvent.mouseDown(within(toolbar).getByRole('combobox', { name: '添加组件' }));
    fireEvent.click(await screen.findByText('今日统计（统计）'));
    await screen.findByText('今日统计:张客服');
    expect(cellOf('stats:today')).toBe('0,3,4,2');
    fireEvent.click(await screen.findByRole('button', { name: '右移「今日统计」' }));
    fireEvent.click(screen.getByRole('button', { name: '加宽「今日统计」' }));
    fireEvent.click(screen.getByRole('button', { name: '加高「今日统计」' }));
    expect(cellOf('stats:today')).toBe('1,3,5,3');
    fireEvent.click(screen.getByRole('button', { name: '上移「今日统计」' }));
    expect(cellOf('stats:today')).toBe('1,0,5,3');
    expect(cellOf('customer-archive:quick-search')).toBe('0,3,6,3');
    fireEvent.click(screen.getByRole('button', { name: '移除「客户快速查询」' }));
    expect(cells()).toEqual(['stats:today']);
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(screen.queryByTestId('wb-layout-toolbar')).toBeNull());
    expect(writes).toEqual([{ method: 'PUT', body: { items: [item('stats', 'today', 1, 0, 5, 3)] } }]);
    expect(screen.getByTestId('wb-layout-source').textContent).toBe('我的布局');
  });

  it('取消 discards the draft; 恢复默认 deletes the own layout and shows the one now in force', async () => {
    const writes = serveLayout([item('customer-archive', 'quick-search', 0, 0, 6, 3)]);
    renderHome();
    await screen.findByText('快速查询:张客服');
    fireEvent.click(screen.getByTestId('wb-layout-edit'));
    fireEvent.click(await screen.findByRole('button', { name: '移除「客户快速查询」' }));
    expect(screen.queryAllByTestId('wb-widget')).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: /取\s*消/ }));
    expect(cells()).toEqual(['customer-archive:quick-search']);
    expect(writes).toEqual([]);
    fireEvent.click(screen.getByTestId('wb-layout-edit'));
    fireEvent.click(await screen.findByRole('button', { name: '恢复默认' }));
    // The Popconfirm's own 恢复默认 confirms.
    await screen.findByText('恢复默认布局？');
    fireEvent.click(screen.getAllByRole('button', { name: /恢复默认/ }).at(-1)!);
    await screen.findByText('今日统计:张客服');
    expect(writes).toEqual([{ method: 'DELETE', body: null }]);
    expect(cells()).toEqual(['stats:today']);
    expect(screen.getByTestId('wb-layout-source').textContent).toBe('岗位默认布局');
  });

  it('shows the server’s validation error in Chinese and stays in edit mode', async () => {
    serveLayout([item('customer-archive', 'quick-search', 0, 0, 6, 3)]);
    server.use(
      http.put(LAYOUT, () =>
        HttpResponse.json(
          { error: { code: 'WB_ERR_VALIDATION', message: '请求参数不正确', fields: { items: '组件超出了工作台宽度' } } },
          { status: 400 },
        ),
      ),
    );
    renderHome();
    await screen.findByText('快速查询:张客服');
    fireEvent.click(screen.getByTestId('wb-layout-edit'));
    fireEvent.click(await screen.findByRole('button', { name: /保\s*存/ }));
    expect((await screen.findByTestId('wb-layout-error')).textContent).toContain('组件超出了工作台宽度');
    expect(screen.getByTestId('wb-layout-toolbar')).toBeTruthy();
  });

  it('offers 设为岗位默认布局 only to holders of store:app:review, and saves for the chosen post', async () => {
    serveLayout([item('stats', 'today', 0, 0, 4, 2)]);
    const posted: Array<{ post: string; body: unknown }> = [];
    server.use(
      http.put('*/api/svc/appstore/v1/layouts/posts/:postCode', async ({ request, params }) => {
        posted.push({ post: String(params['postCode']), body: await request.json() });
        return HttpResponse.json({ items: [], source: 'post' });
      }),
    );
    const first = renderHome();
    await screen.findByText('今日统计:张客服');
    fireEvent.click(screen.getByTestId('wb-layout-edit'));
    await screen.findByTestId('wb-layout-toolbar');
    expect(screen.queryByRole('button', { name: '设为岗位默认布局' })).toBeNull();
    first.unmount();
    // A developer (store:app:manage) does not set post defaults (issue 9 item 3).
    const developer = renderHome(testFeed({ apps, widgets, user: testUser({ permissions: ['store:app:manage'] }) }));
    await screen.findByText('今日统计:张客服');
    fireEvent.click(screen.getByTestId('wb-layout-edit'));
    await screen.findByTestId('wb-layout-toolbar');
    expect(screen.queryByRole('button', { name: '设为岗位默认布局' })).toBeNull();
    developer.unmount();
    const admin = testUser({ permissions: ['store:app:review'] });
    renderHome(testFeed({ apps, widgets, user: admin }));
    await screen.findByText('今日统计:张客服');
    fireEvent.click(screen.getByTestId('wb-layout-edit'));
    fireEvent.click(await screen.findByRole('button', { name: '设为岗位默认布局' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: /设为默认/ }));
    expect(await within(dialog).findByText('已设为岗位 KF_AGENT 的默认布局')).toBeTruthy();
    expect(posted).toEqual([{ post: 'KF_AGENT', body: { items: [item('stats', 'today', 0, 0, 4, 2)] } }]);
  });

  it('remounts widgets with the new session after a post switch', async () => {
    serveLayout([item('stats', 'today', 0, 0, 4, 2)]);
    const { store } = renderHome();
    await screen.findByText('今日统计:张客服');
    const other = { code: 'KF_LEAD', name: '班长', orgUnitCode: '33401', orgUnitName: '江州客户服务中心' };
    await act(async () => {
      store.getState().setFeed(testFeed({ apps, widgets, user: testUser({ displayName: '张班长', activePost: other, posts: [other] }) }));
    });
    expect(await screen.findByText('今日统计:张班长')).toBeTruthy();
    expect(screen.queryByText('今日统计:张客服')).toBeNull();
  });
});
