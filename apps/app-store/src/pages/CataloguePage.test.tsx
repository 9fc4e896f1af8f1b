import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderStore, setupStoreMock } from '../dev/testing.tsx';

const mock = setupStoreMock();
const rows = () => screen.queryAllByRole('row').filter((r) => r.closest('tbody') && r.dataset['rowKey']);
const rowOf = (id: string) => rows().find((r) => r.dataset['rowKey'] === id)!;
const appQueries = () => mock.requests.filter((r) => r.method === 'GET' && r.path === '/apps');

describe('应用目录', () => {
  it('lists every app with current and latest version, status, pending reviews', async () => {
    renderStore('/app/app-store/admin');
    await waitFor(() => expect(rows()).toHaveLength(4));
    const archive = within(rowOf('customer-archive'));
    expect(archive.getByText('客户档案')).toBeTruthy();
    expect(archive.getByText('1.2.0')).toBeTruthy();
    expect(archive.getByText('1.3.0')).toBeTruthy();
    expect(archive.getByText('审核中')).toBeTruthy();
    expect(archive.getByText('1')).toBeTruthy();
    expect(within(rowOf('bill-query')).getByText('已下线')).toBeTruthy();
    expect(within(rowOf('new-connection')).getByText('草稿')).toBeTruthy();
  });

  it('puts the search and filters in the URL and in the request', async () => {
    renderStore('/app/app-store/admin');
    await waitFor(() => expect(rows()).toHaveLength(4));
    await userEvent.type(screen.getByLabelText('关键字'), '档案');
    fireEvent.mouseDown(screen.getByLabelText('状态'));
    fireEvent.click((await screen.findAllByTitle('有待审核版本')).at(-1)!);
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(window.location.pathname).toBe('/app/app-store/admin');
    const url = new URLSearchParams(window.location.search);
    expect(url.get('q')).toBe('档案');
    expect(url.get('status')).toBe('IN_REVIEW');
    expect(appQueries().at(-1)?.search.get('q')).toBe('档案');
    expect(appQueries().at(-1)?.search.get('status')).toBe('IN_REVIEW');
    expect(rows()[0]?.dataset['rowKey']).toBe('customer-archive');
  });

  it('restores filters from the URL and drops invalid ones', async () => {
    renderStore(`/app/app-store/admin?category=${encodeURIComponent('电费管理')}&status=BOGUS`);
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]?.dataset['rowKey']).toBe('bill-query');
    expect(appQueries()[0]?.search.get('category')).toBe('电费管理');
    expect(appQueries()[0]?.search.has('status')).toBe(false);
  });

  it('opens the app detail from the name', async () => {
    renderStore('/app/app-store/admin');
    fireEvent.click(await screen.findByText('系统管理'));
    expect(window.location.pathname).toBe('/app/app-store/admin/apps/system-admin');
    expect(await screen.findByText('← 返回应用目录')).toBeTruthy();
  });

  it('shows the 403 page to a user without store:app:manage', () => {
    renderStore('/app/app-store/admin', { permissions: ['store:market:use'] });
    expect(screen.getByText('您没有应用管理权限，请联系平台管理员。')).toBeTruthy();
  });
});
