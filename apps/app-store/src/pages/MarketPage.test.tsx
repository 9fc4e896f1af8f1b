import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FEED_REFRESH_EVENT } from '@wb/sdk';
import { renderStore, setupStoreMock } from '../dev/testing.tsx';

const mock = setupStoreMock('kf01');
const refresh = vi.fn();
beforeEach(() => window.addEventListener(FEED_REFRESH_EVENT, refresh));
afterEach(() => {
  window.removeEventListener(FEED_REFRESH_EVENT, refresh);
  refresh.mockReset();
});
const card = (id: string) => screen.getByTestId(`market-app-${id}`);
const STAFF = { permissions: ['store:market:use'], username: 'kf01' };

describe('应用市场', () => {
  it('shows the apps the user may use with description, category, version, owner and widgets', async () => {
    renderStore('/app/app-store/market', STAFF);
    await screen.findByTestId('market-app-customer-archive');
    expect(screen.queryByTestId('market-app-bill-query')).toBeNull();
    const archive = within(card('customer-archive'));
    expect(archive.getByText('按户号、户名、证件号或电话查询客户档案。')).toBeTruthy();
    expect(archive.getByText('分类：客户服务 · 版本：1.2.0')).toBeTruthy();
    expect(archive.getByText('负责单位：营销部')).toBeTruthy();
    expect(archive.getByText('工作台组件：客户快速查询')).toBeTruthy();
    expect(archive.getByText('已在菜单')).toBeTruthy();
  });

  it('opens at /app/app-store for staff', async () => {
    renderStore('/app/app-store', STAFF);
    expect(await screen.findByTestId('market-app-system-admin')).toBeTruthy();
  });

  it('removes an app from the menu and adds it back, each time asking the shell to refresh the feed', async () => {
    renderStore('/app/app-store/market', STAFF);
    await screen.findByTestId('market-app-customer-archive');
    fireEvent.click(within(card('customer-archive')).getByRole('button', { name: '从菜单移除' }));
    expect(await screen.findByText('已从菜单移除 客户档案')).toBeTruthy();
    await waitFor(() => expect(refresh).toHaveBeenCalledTimes(1));
    const put = mock.requests.find((r) => r.method === 'PUT' && r.path === '/me/apps/customer-archive');
    await waitFor(() => expect(JSON.parse(put!.body)).toEqual({ inMenu: false }));
    expect(await within(card('customer-archive')).findByText('未在菜单')).toBeTruthy();
    fireEvent.click(within(card('customer-archive')).getByRole('button', { name: '添加到我的菜单' }));
    expect(await screen.findByText('已将 客户档案 添加到我的菜单')).toBeTruthy();
    await waitFor(() => expect(refresh).toHaveBeenCalledTimes(2));
    expect(await within(card('customer-archive')).findByText('已在菜单')).toBeTruthy();
    expect(mock.data.hiddenFromMenu.has('customer-archive')).toBe(false);
  });

  it('does not ask for a feed refresh when the write fails', async () => {
    renderStore('/app/app-store/market', STAFF);
    await screen.findByTestId('market-app-customer-archive');
    // Meanwhile the app went offline: the service refuses.
    mock.data.apps[0]!.status = 'OFFLINE';
    fireEvent.click(within(card('customer-archive')).getByRole('button', { name: '从菜单移除' }));
    expect(await screen.findByText('应用不存在或您无权使用')).toBeTruthy();
    expect(refresh).not.toHaveBeenCalled();
  });

  it('filters the cards by search text and category', async () => {
    renderStore('/app/app-store/market', STAFF);
    await screen.findByTestId('market-app-customer-archive');
    await userEvent.type(screen.getByPlaceholderText('搜索应用名称或介绍'), '审计');
    await waitFor(() => expect(screen.queryByTestId('market-app-customer-archive')).toBeNull());
    expect(screen.getByTestId('market-app-system-admin')).toBeTruthy();
    await userEvent.clear(screen.getByPlaceholderText('搜索应用名称或介绍'));
    fireEvent.mouseDown(screen.getByLabelText('分类'));
    fireEvent.click((await screen.findAllByTitle('客户服务')).at(-1)!);
    await waitFor(() => expect(screen.queryByTestId('market-app-system-admin')).toBeNull());
    expect(screen.getByTestId('market-app-customer-archive')).toBeTruthy();
  });

  it('shows the 403 page without store:market:use', () => {
    renderStore('/app/app-store/market', { permissions: ['store:app:manage'] });
    expect(screen.getByText('您没有使用应用市场的权限，请联系平台管理员。')).toBeTruthy();
  });
});
