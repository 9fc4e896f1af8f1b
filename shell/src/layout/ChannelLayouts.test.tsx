import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PostRef } from '@wb/contracts';
import { renderShell } from '../test/render-shell.tsx';
import { testApp, testFeed, testMenu, testUser } from '../test/fixtures.ts';
import { bottomEntries } from './MobileLayout.tsx';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const accept: PostRef = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '城东供电所' };
const survey: PostRef = { code: 'YK_SURVEY', name: '现场勘查员', orgUnitCode: '334010102', orgUnitName: '城西供电所' };
const multi = testUser({ displayName: '多岗位', posts: [accept, survey], activePost: accept });

const mobileFeed = testFeed({
  channel: 'mobile',
  apps: [testApp('fx-mobile', { name: '移动应用' })],
  menus: [1, 2, 3, 4, 5].map((n) => testMenu('fx-mobile', `m${n}`, { title: `菜单${n}`, path: `/app/fx-mobile/p${n}`, order: n })),
});

describe('post switch in the header', () => {
  it('lists the posts, marks the active one and switches to another one', async () => {
    const switchPost = vi.fn(async () => ({ kind: 'switched', leftApp: false }) as const);
    renderShell({ feed: testFeed({ user: multi }), switchPost });
    fireEvent.click(screen.getByTestId('wb-header-user'));
    const options = await screen.findAllByTestId('wb-post-option');
    expect(options.map((option) => [option.textContent, option.dataset['active']])).toEqual([
      ['业扩受理员 · 城东供电所', 'true'],
      ['现场勘查员 · 城西供电所', 'false'],
    ]);
    fireEvent.click(options[0]!);
    expect(switchPost).not.toHaveBeenCalled();
    fireEvent.click(options[1]!);
    await waitFor(() => expect(switchPost).toHaveBeenCalledWith(survey));
    expect(await screen.findByText('已切换到 现场勘查员 · 城西供电所')).toBeTruthy();
  });

  it('re-renders header and menus from the store when the feed changes, without remounting the shell', () => {
    const { env } = renderShell({ feed: testFeed({ user: multi }) });
    const header = screen.getByTestId('wb-header-user');
    act(() =>
      env.store.getState().setFeed(
        testFeed({ user: { ...multi, activePost: survey }, apps: [testApp('yk', { name: '业扩' })], menus: [testMenu('yk', 'list', { title: '业扩工单' })] }),
      ),
    );
    expect(screen.getByTestId('wb-header-user')).toBe(header);
    expect(header.textContent).toContain('现场勘查员 · 城西供电所');
    expect(within(screen.getByTestId('wb-side-menu')).getByText('业扩工单')).toBeTruthy();
    expect(within(screen.getByTestId('wb-side-menu')).queryByText('客户查询')).toBeNull();
  });

  it('shows no post list for a single post', async () => {
    renderShell();
    fireEvent.click(screen.getByTestId('wb-header-user'));
    await screen.findByText('退出登录');
    expect(screen.queryAllByTestId('wb-post-option')).toHaveLength(0);
  });
});

describe('channel layouts', () => {
  it('mobile: one column with a bottom bar of the first entries, 全部 and 我的, no side menu, prefixed links', () => {
    renderShell({ feed: mobileFeed, path: '/m/' });
    expect(screen.getByTestId('wb-layout-mobile')).toBeTruthy();
    expect(screen.queryByTestId('wb-side-menu')).toBeNull();
    const links = within(screen.getByTestId('wb-bottom-nav')).getAllByRole('link');
    // Five pages do not fit in four slots: three, and 全部 (the fifth was out of reach on a phone).
    expect(links.map((link) => link.textContent)).toEqual(['菜单1', '菜单2', '菜单3', '全部', '我的']);
    expect(links[0]?.getAttribute('href')).toBe('/m/app/fx-mobile/p1');
    expect(links[3]?.getAttribute('href')).toBe('/m/menu');
    expect(links[4]?.getAttribute('href')).toBe('/m/me');
  });

  it('mobile: 全部 lists every page of the menu, each a link below /m', () => {
    renderShell({ feed: mobileFeed, path: '/m/' });
    fireEvent.click(within(screen.getByTestId('wb-bottom-nav')).getByText('全部'));
    expect(window.location.pathname).toBe('/m/menu');
    const all = within(screen.getByRole('navigation', { name: '全部功能' })).getAllByRole('link');
    expect(all.map((link) => link.textContent)).toEqual(['菜单1', '菜单2', '菜单3', '菜单4', '菜单5']);
    expect(all[4]?.getAttribute('href')).toBe('/m/app/fx-mobile/p5');
    expect(within(screen.getByTestId('wb-bottom-nav')).getByText('全部').closest('[aria-current="page"]')).toBeTruthy();
  });

  it('mobile: whoever handles tasks finds 待办 first in the bottom bar, with the count, opening the inbox below /m', async () => {
    server.use(
      http.get('*/api/svc/workflow/v1/inbox', () => HttpResponse.json({ items: [], total: 0, page: 1, pageSize: 1, counts: { todo: 3, done: 0, started: 0, cc: 0 } })),
      http.get('*/api/svc/workflow/v1/notifications', () => HttpResponse.json({ items: [], unread: 0 })),
    );
    const handler = testUser({ permissions: ['cust:archive:view', 'wf:task:handle'] });
    renderShell({ feed: { ...mobileFeed, user: handler }, path: '/m/' });
    const links = within(screen.getByTestId('wb-bottom-nav')).getAllByRole('link');
    // Each entry's label (its last element; the icon, with the count bubble, comes first).
    expect(links.map((link) => link.lastElementChild?.textContent)).toEqual(['待办', '菜单1', '菜单2', '全部', '我的']);
    expect(links[0]?.getAttribute('href')).toBe('/m/inbox');
    await waitFor(() => expect(within(links[0]!).getByTestId('wb-bottom-inbox-count').textContent).toBe('3'));
  });

  it('mobile: navigates below /m and shows 我的 with the posts and logout', async () => {
    server.use(http.post('*/api/identity/logout', () => new HttpResponse(null, { status: 204 })));
    const { env, assigned } = renderShell({ feed: { ...mobileFeed, user: multi }, path: '/m/' });
    fireEvent.click(within(screen.getByTestId('wb-bottom-nav')).getByText('我的'));
    expect(window.location.pathname).toBe('/m/me');
    expect(env.store.getState().location.pathname).toBe('/me');
    expect(screen.getAllByTestId('wb-post-option')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: /退出登录/ }));
    await waitFor(() => expect(assigned).toEqual(['/m/login']));
  });

  it('mobile: a notice sent with a way out of an app (「回单」已提交 → 待办) shows as the shell’s message, once', async () => {
    const { env } = renderShell({ feed: mobileFeed, path: '/m/app/fx-mobile/p2' });
    act(() => env.navigate('/me', { replace: true, notice: '「处理回单」已提交' }));
    expect(window.location.pathname).toBe('/m/me');
    expect(await screen.findByText('「处理回单」已提交')).toBeTruthy();
    expect(env.store.getState().notice).toBeNull();
  });

  it('mobile: an app route below /m resolves to the app', async () => {
    const { container } = renderShell({ feed: mobileFeed, path: '/m/app/fx-mobile/p2' });
    // The phone's layout is a chunk of its own (P3): it mounts once loaded.
    await screen.findByTestId('wb-bottom-nav');
    expect(container.querySelector('section[aria-label="移动应用"]')).toBeTruthy();
    expect(within(screen.getByTestId('wb-bottom-nav')).getByText('菜单2').closest('[aria-current="page"]')).toBeTruthy();
  });

  it('screen: full screen content without header or menus', () => {
    renderShell({ feed: testFeed({ channel: 'screen' }), path: '/screen/' });
    expect(screen.getByTestId('wb-layout-screen')).toBeTruthy();
    expect(screen.queryByTestId('wb-header-user')).toBeNull();
    expect(screen.queryByTestId('wb-side-menu')).toBeNull();
    expect(screen.queryByTestId('wb-bottom-nav')).toBeNull();
  });

  it('screen: the home lists the screens the account may show, and a tile opens one', async () => {
    renderShell({ feed: testFeed({ channel: 'screen', apps: [testApp('fx-screen', { name: '运营大屏', routes: ['/app/fx-screen'] })] }), path: '/screen/' });
    const tile = await screen.findByTestId('wb-screen-tile-fx-screen');
    expect(tile.textContent).toContain('运营大屏');
    fireEvent.click(tile);
    await waitFor(() => expect(window.location.pathname).toBe('/screen/app/fx-screen'));
  });

  it('kiosk: a header with the user but no side menu, and no user menu a customer could log the terminal out with', async () => {
    renderShell({ feed: testFeed({ channel: 'kiosk' }), path: '/kiosk/' });
    expect(screen.getByTestId('wb-layout-kiosk')).toBeTruthy();
    const account = screen.getByTestId('wb-header-user');
    expect(account.textContent).toContain(testUser().displayName);
    expect(screen.queryByTestId('wb-side-menu')).toBeNull();
    fireEvent.click(account);
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    expect(screen.queryByText('退出登录')).toBeNull();
    expect(screen.queryByRole('button', { name: new RegExp(testUser().displayName) })).toBeNull();
  });

  it('kiosk: the root opens the terminal’s one app (customers at the screen get no staff home)', async () => {
    renderShell({ feed: testFeed({ channel: 'kiosk', apps: [testApp('fx-kiosk', { name: '自助服务', routes: ['/app/fx-kiosk'] })] }), path: '/kiosk/' });
    await waitFor(() => expect(window.location.pathname).toBe('/kiosk/app/fx-kiosk'));
  });

  it('kiosk: with two apps the root stays the home to choose from', async () => {
    const apps = [testApp('fx-a', { name: '自助服务甲', routes: ['/app/fx-a'] }), testApp('fx-b', { name: '自助服务乙', routes: ['/app/fx-b'] })];
    renderShell({ feed: testFeed({ channel: 'kiosk', apps }), path: '/kiosk/' });
    expect(await screen.findByText('自助服务乙')).toBeTruthy();
    expect(window.location.pathname).toBe('/kiosk/');
  });

  it('login under a channel entry returns below the same entry', async () => {
    server.use(http.post('*/api/identity/login', () => HttpResponse.json({ user: testUser() })));
    const { assigned } = renderShell({ feed: testFeed({ channel: 'mobile', user: null, apps: [], menus: [] }), path: '/m/login?returnTo=%2Fapp%2Fx' });
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'kf01' } });
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'pw' } });
    fireEvent.click(screen.getByRole('button', { name: /登\s*录/ }));
    await waitFor(() => expect(assigned).toEqual(['/m/app/x']));
  });
});

describe('bottomEntries', () => {
  it('takes the first entries by order, one per path', () => {
    const menus = [
      testMenu('a', 'x', { path: '/app/a', order: 3 }),
      testMenu('a', 'y', { path: '/app/a', order: 1 }),
      testMenu('b', 'z', { path: '/app/b', order: 2 }),
    ];
    expect(bottomEntries(menus, 5)).toMatchObject({ entries: [{ key: 'y' }, { key: 'z' }], more: false });
  });

  it('keeps an app’s pages in its place (their order counts within the app), and gives the last slot to 全部 when they do not fit', () => {
    // 客服工单's pages are ordered 1, 2, 3 within the app, which comes after 客户档案 (10): flattened by the raw order
    // they pushed every other app out of the bar.
    const menus = [
      testMenu('tickets', 'root', { path: '/app/tickets', order: 15 }),
      testMenu('tickets', 'mine', { path: '/app/tickets/mine', order: 1, parent: 'root' }),
      testMenu('tickets', 'queue', { path: '/app/tickets/queue', order: 2, parent: 'root' }),
      testMenu('tickets', 'sla', { path: '/app/tickets/sla', order: 3, parent: 'root' }),
      testMenu('archive', 'customers', { path: '/app/archive', order: 10 }),
      testMenu('field', 'tool', { path: '/app/field', order: 900 }),
    ];
    expect(bottomEntries(menus, 5)).toMatchObject({ entries: [{ key: 'customers' }, { key: 'mine' }, { key: 'queue' }, { key: 'sla' }, { key: 'tool' }], more: false });
    expect(bottomEntries(menus, 3)).toMatchObject({ entries: [{ key: 'customers' }, { key: 'mine' }], more: true });
  });
});
