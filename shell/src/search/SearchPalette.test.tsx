import { act, cleanup, configure, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SearchResult } from '@wb/contracts/search';
import { renderShell } from '../test/render-shell.tsx';
import { testApp, testFeed, testUser } from '../test/fixtures.ts';
import { SearchPalette } from './SearchPalette.tsx';
import type { SearchFn } from './search-client.ts';
import { hitPath, moveActive, readRecent, rememberRecent } from './search-model.ts';

configure({ asyncUtilTimeout: 8000 });

const APPS = [testApp('customer-archive'), testApp('new-connection'), testApp('service-tickets')];

const RESULT: SearchResult = {
  q: '江北',
  groups: [
    {
      kind: 'customer',
      total: 12,
      items: [
        { kind: 'customer', key: '3340101001', title: '张三', detail: '江北县城关镇人民路1号 · 江北城关供电所' },
        { kind: 'customer', key: '3340101002', title: '李四', detail: '江北县城关镇人民路2号 · 江北城关供电所' },
      ],
    },
    { kind: 'application', total: 0, items: [] },
    { kind: 'ticket', total: 1, items: [{ kind: 'ticket', key: '2026000000000007', title: '王五', detail: '故障报修 · 待派单 · 江北城关供电所' }] },
    // 系统管理 is not among the user's apps on this channel: shown, not openable.
    { kind: 'user', total: 1, items: [{ kind: 'user', key: 'kf01', title: '张敏', detail: 'kf01 · 江州客户服务中心' }] },
  ],
};

function renderPalette(search: SearchFn = vi.fn(async () => RESULT)) {
  const onOpen = vi.fn();
  const onClose = vi.fn();
  render(<SearchPalette open onClose={onClose} onOpen={onOpen} search={search} apps={APPS} debounceMs={0} recent={['3340101001']} />);
  const input = screen.getByTestId('wb-search-input');
  return { input, search, onOpen, onClose };
}

const activeText = (): string => screen.getAllByRole('option').find((o) => o.getAttribute('aria-selected') === 'true')?.textContent ?? '';

describe('search palette', () => {
  it('groups hits by kind in Chinese, leaves empty kinds out and marks hits it cannot open', async () => {
    const { input, search } = renderPalette();
    expect(screen.getByTestId('wb-search-recent').textContent).toContain('3340101001');
    fireEvent.change(input, { target: { value: '江北' } });
    const customers = await screen.findByTestId('wb-search-group-customer');
    expect(search).toHaveBeenCalledWith('江北', expect.any(AbortSignal));
    expect(within(customers).getByText('客户')).toBeTruthy();
    expect(within(customers).getByText('共 12 条')).toBeTruthy();
    expect(within(customers).getAllByRole('option')).toHaveLength(2);
    expect(screen.queryByTestId('wb-search-group-application')).toBeNull();
    expect(within(screen.getByTestId('wb-search-group-ticket')).getByText('95598 工单')).toBeTruthy();
    const user = within(screen.getByTestId('wb-search-group-user')).getByRole('option');
    expect(user.getAttribute('aria-disabled')).toBe('true');
  });

  it('moves with ↑↓ over the openable hits (wrapping), opens the active one with Enter, closes with Esc', async () => {
    const { input, onOpen, onClose } = renderPalette();
    fireEvent.change(input, { target: { value: '江北' } });
    await screen.findByTestId('wb-search-group-customer');
    expect(activeText()).toContain('张三');
    expect(input.getAttribute('aria-activedescendant')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(activeText()).toContain('李四');
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(activeText()).toContain('王五');
    // The disabled 人员 hit is skipped: ↓ wraps to the first customer.
    fireEvent.keyDown(input, { key: 'ArrowDown' });
    expect(activeText()).toContain('张三');
    fireEvent.keyDown(input, { key: 'ArrowUp' });
    expect(activeText()).toContain('王五');
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onOpen).toHaveBeenCalledWith('/app/service-tickets/tickets/2026000000000007', '江北');
    fireEvent.keyDown(input, { key: 'Escape' });
    expect(onClose).toHaveBeenCalled();
  });

  it('opens a hit on click; a disabled one does nothing', async () => {
    const { input, onOpen } = renderPalette();
    fireEvent.change(input, { target: { value: '江北' } });
    fireEvent.click(await screen.findByText('李四'));
    expect(onOpen).toHaveBeenLastCalledWith('/app/customer-archive/customers/3340101002', '江北');
    fireEvent.click(screen.getByText('张敏'));
    expect(onOpen).toHaveBeenCalledTimes(1);
  });

  it('asks nothing below 2 characters, says so, and says when nothing was found', async () => {
    const search = vi.fn(async (q: string): Promise<SearchResult> => ({ q, groups: [{ kind: 'customer', total: 0, items: [] }] }));
    const { input } = renderPalette(search);
    fireEvent.change(input, { target: { value: ' 江 ' } });
    expect(screen.getByText('请至少输入 2 个字符')).toBeTruthy();
    expect(search).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: '无此人' } });
    expect((await screen.findByTestId('wb-search-empty')).textContent).toBe('未找到与“无此人”相关的结果');
    // Enter with nothing to open does nothing.
    fireEvent.keyDown(input, { key: 'Enter' });
  });

  it('shows the server’s refusal and tries again on 重试', async () => {
    let fail = true;
    const search = vi.fn(async (q: string): Promise<SearchResult> => {
      if (fail) throw new Error('搜索过于频繁，请稍后再试');
      return { ...RESULT, q };
    });
    const { input } = renderPalette(search);
    fireEvent.change(input, { target: { value: '江北' } });
    expect(await screen.findByText('搜索失败：搜索过于频繁，请稍后再试')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByTestId('wb-search-group-customer')).toBeTruthy();
  });

  it('shows loading, not "未找到", while an answer is on its way; Enter then opens the new answer’s first hit, never a stale one', async () => {
    const answers = new Map<string, (r: SearchResult) => void>();
    const search = vi.fn((q: string) => new Promise<SearchResult>((resolve) => answers.set(q, (r) => resolve({ ...r, q }))));
    const { input, onOpen } = renderPalette(search);
    fireEvent.change(input, { target: { value: '江北' } });
    expect(await screen.findByTestId('wb-search-loading')).toBeTruthy();
    expect(screen.queryByTestId('wb-search-empty')).toBeNull();
    await waitFor(() => expect(search).toHaveBeenCalledWith('江北', expect.any(AbortSignal)));
    expect(screen.getByTestId('wb-search-loading')).toBeTruthy();
    await act(async () => answers.get('江北')?.(RESULT));
    await screen.findByTestId('wb-search-group-customer');
    expect(screen.queryByTestId('wb-search-loading')).toBeNull();

    // A new query: the old hits stay visible (dimmed) but Enter does not open them.
    fireEvent.change(input, { target: { value: '王五' } });
    await waitFor(() => expect(search).toHaveBeenCalledWith('王五', expect.any(AbortSignal)));
    expect(screen.getByTestId('wb-search-loading')).toBeTruthy();
    fireEvent.keyDown(input, { key: 'Enter' });
    expect(onOpen).not.toHaveBeenCalled();
    const onlyTicket: SearchResult = { q: '王五', groups: [RESULT.groups[2]!] };
    await act(async () => answers.get('王五')?.(onlyTicket));
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen).toHaveBeenCalledWith('/app/service-tickets/tickets/2026000000000007', '王五');
  });
});

describe('search model', () => {
  it('builds each kind’s path below its app’s declared route', () => {
    const apps = [...APPS, testApp('system-admin')];
    expect(hitPath({ kind: 'application', key: 'YK2026030200001' }, apps)).toBe('/app/new-connection/applications/YK2026030200001');
    expect(hitPath({ kind: 'user', key: 'kf01' }, apps)).toBe('/app/system-admin/users?q=kf01');
    expect(hitPath({ kind: 'user', key: 'kf01' }, APPS)).toBeNull();
    expect([moveActive(-1, 1, 3), moveActive(-1, -1, 3), moveActive(2, 1, 3), moveActive(0, -1, 3), moveActive(0, 1, 0)]).toEqual([0, 2, 0, 2, -1]);
  });

  it('keeps five recent searches per user, newest first, without duplicates', () => {
    for (const q of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a3']) rememberRecent('u1', q);
    expect(readRecent('u1')).toEqual(['a3', 'a6', 'a5', 'a4', 'a2']);
    expect(readRecent('u2')).toEqual([]);
  });
});

describe('search in the shell header', () => {
  const server = setupServer();
  const asked: string[] = [];
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('Ctrl+K opens the palette; a 户号 and Enter open the customer in 客户档案', async () => {
    server.use(
      http.get('/api/search', ({ request }) => {
        const q = new URL(request.url).searchParams.get('q') ?? '';
        asked.push(q);
        return HttpResponse.json({ q, groups: [{ kind: 'customer', total: 1, items: [{ kind: 'customer', key: '3340101001', title: '张三', detail: '' }] }] });
      }),
    );
    const feed = testFeed();
    const { env } = renderShell({ feed });
    expect(screen.getByTestId('wb-search').getAttribute('aria-keyshortcuts')).toBe('Control+K Meta+K');
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    const input = await screen.findByTestId('wb-search-input');
    fireEvent.change(input, { target: { value: '3340101001' } });
    await screen.findByText('张三');
    fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(window.location.pathname).toBe('/app/customer-archive/customers/3340101001'));
    expect(env.store.getState().location.pathname).toBe('/app/customer-archive/customers/3340101001');
    expect(asked).toEqual(['3340101001']);
    expect(readRecent(testUser().id)).toEqual(['3340101001']);
  });

  it('opens on ⌘K and on the 搜索 button too', async () => {
    renderShell();
    fireEvent.keyDown(window, { key: 'K', metaKey: true });
    expect(await screen.findByTestId('wb-search-input')).toBeTruthy();
    cleanup();
    renderShell();
    expect(screen.queryByTestId('wb-search-input')).toBeNull();
    fireEvent.click(screen.getByTestId('wb-search'));
    expect(await screen.findByTestId('wb-search-input')).toBeTruthy();
  });

  it('offers no search to a user who may search nothing', () => {
    renderShell({ feed: testFeed({ user: testUser({ permissions: [] }), apps: [], menus: [] }) });
    expect(screen.queryByTestId('wb-search')).toBeNull();
  });
});
