import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { createIamDataset, iamHandlers } from '@wb/mocks';
import type { IamDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { serveMocks } from '@wb/sdk/testing';
import { renderAdmin } from './test-support.tsx';

const server = createMockServer(...iamHandlers());
const { requests } = serveMocks(server);
let data: IamDataset;

beforeEach(() => {
  data = createIamDataset();
  server.use(...iamHandlers({ data }));
});

describe('系统管理 shell', () => {
  it('shows 403 without sys:admin:manage and calls nothing', () => {
    renderAdmin('/app/system-admin/users', ['cust:archive:view']);
    expect(screen.getByText('没有权限')).toBeTruthy();
    expect(requests).toHaveLength(0);
  });

  it('shows 404 for an unknown page and switches sections with the tabs', async () => {
    renderAdmin('/app/system-admin/nope');
    expect(screen.getByText('页面不存在')).toBeTruthy();
    window.history.replaceState(null, '', '/app/system-admin');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(await screen.findByRole('button', { name: '新建用户' })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: '审计日志' }));
    expect(window.location.pathname).toBe('/app/system-admin/audit');
    expect(await screen.findByText('访问告警')).toBeTruthy();
  });
});

describe('组织机构', () => {
  it('builds the tree from the flat list, shows a unit and adds a child unit', async () => {
    renderAdmin('/app/system-admin/orgs');
    fireEvent.click(await screen.findByText('江北县供电公司'));
    expect(await screen.findByText('/33401/3340101')).toBeTruthy();
    expect(screen.getByText('县供电公司')).toBeTruthy();
    await userEvent.type(screen.getByLabelText('单位编码'), '334020101');
    await userEvent.type(screen.getByLabelText('单位名称'), '江北东城供电所');
    fireEvent.mouseDown(screen.getByLabelText('单位类型'));
    fireEvent.click((await screen.findAllByTitle('供电所')).at(-1)!);
    fireEvent.click(screen.getByRole('button', { name: '新增下级单位' }));
    // The server refuses a code outside the parent's range, under the field.
    expect(await screen.findByText('单位编码应以上级单位编码开头')).toBeTruthy();
    await userEvent.clear(screen.getByLabelText('单位编码'));
    await userEvent.type(screen.getByLabelText('单位编码'), '334010104');
    fireEvent.click(screen.getByRole('button', { name: '新增下级单位' }));
    expect(await screen.findByText('已新增单位 江北东城供电所')).toBeTruthy();
    await waitFor(() => expect(screen.getByText('/33401/3340101/334010104')).toBeTruthy());
    expect(data.orgUnits.find((u) => u.code === '334010104')?.parentCode).toBe('3340101');
  });
});
