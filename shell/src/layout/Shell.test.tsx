import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { renderShell } from '../test/render-shell.tsx';
import { testApp, testFeed, testMenu } from '../test/fixtures.ts';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const feed = testFeed({
  apps: [testApp('customer-archive', { name: '客户档案' }), testApp('billing', { name: '电费管理' })],
  menus: [
    testMenu('customer-archive', 'search', { title: '客户查询', path: '/app/customer-archive', order: 10, parent: '客户服务' }),
    testMenu('customer-archive', 'detail', { title: '档案详情', path: '/app/customer-archive/customers', order: 20, parent: '客户服务' }),
    testMenu('billing', 'bills', { title: '电费查询', path: '/app/billing', order: 5, icon: 'FileTextOutlined' }),
  ],
  widgets: [{ appId: 'billing', id: 'arrears', title: '欠费概览', size: 'medium' }],
});

const sideMenu = (): HTMLElement => screen.getByTestId('wb-side-menu');
const selectedItems = (): string[] =>
  Array.from(sideMenu().querySelectorAll('.ant-menu-item-selected')).map((item) => item.textContent ?? '');

describe('workbench layout', () => {
  it('shows the header with user, post and org unit, and the side menu built from the feed', () => {
    renderShell({ feed });
    expect(screen.getByText('电力营销全业务集约管控平台')).toBeTruthy();
    const user = screen.getByTestId('wb-header-user');
    expect(user.textContent).toContain('张客服');
    expect(user.textContent).toContain('客服代表 · 江州客户服务中心');
    const menu = within(sideMenu());
    expect(menu.getByText('客户服务')).toBeTruthy();
    expect(menu.getByText('客户查询')).toBeTruthy();
    expect(menu.getByText('档案详情')).toBeTruthy();
    // Sorted by order: the billing entry (5) comes before the 客户服务 group (10).
    expect(sideMenu().textContent?.indexOf('电费查询')).toBeLessThan(sideMenu().textContent?.indexOf('客户服务') ?? -1);
  });

  it('shows the home page at / with the user apps (widgets: HomePage.test.tsx)', () => {
    renderShell({ feed });
    expect(screen.getByText(/欢迎，张客服/)).toBeTruthy();
    expect(screen.getAllByText('客户档案').length).toBeGreaterThan(0);
    expect(selectedItems()).toEqual([]);
  });

  it('selects the menu entry whose path prefixes the current path, and the breadcrumb follows', () => {
    renderShell({ feed, path: '/app/customer-archive/customers/3340101?tab=meters' });
    expect(selectedItems()).toEqual(['档案详情']);
    const breadcrumb = document.querySelector('[data-testid="wb-breadcrumb"]')?.textContent ?? '';
    expect(breadcrumb).toContain('工作台');
    expect(breadcrumb).toContain('客户档案');
    expect(breadcrumb).toContain('档案详情');
  });

  it('navigates by menu click through the History API and keeps the selection in step', () => {
    const { env } = renderShell({ feed, path: '/app/customer-archive' });
    expect(selectedItems()).toEqual(['客户查询']);
    fireEvent.click(within(sideMenu()).getByText('电费查询'));
    expect(window.location.pathname).toBe('/app/billing');
    expect(env.store.getState().location.pathname).toBe('/app/billing');
    expect(selectedItems()).toEqual(['电费查询']);
  });

  it('makes every menu entry a real link: a ctrl-click is the browser’s (a new tab), Enter on a focused entry navigates', () => {
    const { env } = renderShell({ feed, path: '/app/customer-archive' });
    // The icon is decorative: the entry's name is its Chinese label alone, not antd's "file-text 电费查询".
    expect(within(sideMenu()).getByRole('menuitem', { name: '电费查询' }).querySelector('.anticon')).not.toBeNull();
    // A group's entry without an icon of its own shows none (not the fallback on every line).
    expect(within(sideMenu()).getByRole('menuitem', { name: '档案详情' }).querySelector('.anticon')).toBeNull();
    const link = within(sideMenu()).getByRole('link', { name: '电费查询' });
    expect(link.getAttribute('href')).toBe('/app/billing');
    // One tab stop for the whole menu (arrow keys move inside it), not one per link.
    expect(link.tabIndex).toBe(-1);
    const ctrlClick = new MouseEvent('click', { bubbles: true, cancelable: true, ctrlKey: true });
    link.dispatchEvent(ctrlClick);
    expect(ctrlClick.defaultPrevented).toBe(false);
    expect(env.store.getState().location.pathname).toBe('/app/customer-archive');
    const plainClick = new MouseEvent('click', { bubbles: true, cancelable: true });
    link.dispatchEvent(plainClick);
    expect(plainClick.defaultPrevented).toBe(true);
    expect(env.store.getState().location.pathname).toBe('/app/billing');
    const entry = within(sideMenu()).getByText('档案详情').closest('li');
    fireEvent.keyDown(entry as HTMLElement, { key: 'Enter', keyCode: 13, which: 13 });
    expect(env.store.getState().location.pathname).toBe('/app/customer-archive/customers');
  });

  it('names the page in the title, announces it and moves focus to the content after a navigation (issue 21 item 8)', () => {
    renderShell({ feed, path: '/app/customer-archive' });
    const announcer = screen.getByText((_, el) => el?.getAttribute('aria-live') === 'polite' && el.getAttribute('role') === 'status');
    expect(document.title).toBe('客户查询 - 电力营销全业务集约管控平台');
    // Not on the first render: the page was just loaded, nothing to announce and focus stays where the browser put it.
    expect(announcer.textContent).toBe('');
    const item = within(sideMenu()).getByText('电费查询');
    item.focus();
    fireEvent.click(item);
    expect(announcer.textContent).toBe('已打开：电费查询');
    expect(document.title).toBe('电费查询 - 电力营销全业务集约管控平台');
    expect(document.activeElement?.id).toBe('wb-main');
  });

  it('shows 403 for an app route the feed does not grant, inside the workbench', async () => {
    renderShell({ feed, path: '/app/system-admin/users' });
    expect(await screen.findByText('无权访问该应用')).toBeTruthy();
    expect(sideMenu()).toBeTruthy();
    expect(screen.queryByText('页面不存在')).toBeNull();
  });

  it('says an app the user has on another channel is not offered here, instead of 403 (issue 17)', async () => {
    const mobile = { ...feed, channel: 'mobile' as const, apps: [], menus: [], elsewhere: [{ id: 'customer-archive', name: '客户档案' }] };
    renderShell({ feed: mobile, path: '/m/app/customer-archive/customers/3340101' });
    expect(await screen.findByText('该页面未在此渠道提供')).toBeTruthy();
    expect(screen.getByText(/「客户档案」未在移动端提供/)).toBeTruthy();
    expect(screen.queryByText('无权访问该应用')).toBeNull();
    // An app the user has nowhere stays a refusal.
    renderShell({ feed: mobile, path: '/m/app/system-admin' });
    expect(await screen.findByText('无权访问该应用')).toBeTruthy();
  });

  it('shows 404 for an unknown route, inside the workbench', async () => {
    renderShell({ feed, path: '/no/such/page' });
    expect(await screen.findByText('页面不存在')).toBeTruthy();
    expect(sideMenu()).toBeTruthy();
  });

  it('shows the login page on any route when the feed has no user', () => {
    renderShell({ feed: testFeed({ user: null, apps: [], menus: [] }), path: '/login?returnTo=%2Fapp%2Fx' });
    expect(screen.getByLabelText('用户名')).toBeTruthy();
    expect(screen.queryByTestId('wb-side-menu')).toBeNull();
  });

  it('logs out with the CSRF header and then loads /login', async () => {
    const seen = vi.fn();
    server.use(
      http.post('*/api/identity/logout', ({ request }) => {
        seen(request.headers.get('x-workbench-request'));
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const { assigned } = renderShell({ feed });
    fireEvent.click(screen.getByTestId('wb-header-user'));
    fireEvent.click(await screen.findByText('退出登录'));
    await waitFor(() => expect(assigned).toEqual(['/login']));
    expect(seen).toHaveBeenCalledWith('1');
  });
});

describe('micro-app area', () => {
  it('shows a spinner while the app loads and the error panel with code and retry when it failed', () => {
    const retryApp = vi.fn();
    const { env, container } = renderShell({ feed, path: '/app/billing', retryApp });
    const area = container.querySelector('section[aria-label="电费管理"]');
    expect(area?.getAttribute('aria-busy')).toBe('true');
    expect(area?.querySelector('#wb-app-billing')).toBe(env.containers.get('billing'));

    act(() => env.store.getState().setAppStatus('billing', { kind: 'error', code: 'WB_SHELL_001', message: 'x' }));
    const panel = screen.getByTestId('wb-app-error');
    expect(panel.textContent).toContain('应用加载失败');
    expect(panel.textContent).toContain('WB_SHELL_001');
    fireEvent.click(within(panel).getByRole('button', { name: /重\s*试/ }));
    expect(retryApp).toHaveBeenCalledWith('billing');
    // The rest of the workbench keeps working.
    expect(within(sideMenu()).getByText('客户查询')).toBeTruthy();
  });

  it('titles a load timeout 应用加载超时 and a mount failure 应用启动失败', () => {
    const { env } = renderShell({ feed, path: '/app/billing' });
    act(() => env.store.getState().setAppStatus('billing', { kind: 'error', code: 'WB_SHELL_002', message: 'x' }));
    expect(screen.getByTestId('wb-app-error').textContent).toContain('应用加载超时');
    act(() => env.store.getState().setAppStatus('billing', { kind: 'error', code: 'WB_SHELL_003', message: 'x' }));
    expect(screen.getByTestId('wb-app-error').textContent).toContain('应用启动失败');
  });

  it('detaches the app container when the user leaves the app route', () => {
    const { env } = renderShell({ feed, path: '/app/billing' });
    const element = env.containers.get('billing');
    expect(element.isConnected).toBe(true);
    act(() => env.navigate('/'));
    expect(element.isConnected).toBe(false);
  });
});
