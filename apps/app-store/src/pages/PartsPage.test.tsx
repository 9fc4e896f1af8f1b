import { fireEvent, screen, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExposedPart } from '@wb/contracts';
import { renderStore, setupStoreMock } from '../dev/testing.tsx';

const mock = setupStoreMock('rev01');
const props = { type: 'object' as const, properties: { consNo: { type: 'string' } }, required: ['consNo'] };
const c360: ExposedPart = { id: 'customer-360', title: '客户360', props, permission: 'cust:archive:view', channels: ['workbench'], major: 1 };

/** 客户档案 1.2.0 (current) exposes 客户360, 1.1.0 does not; 系统管理's current version uses it. */
beforeEach(() => {
  const archive = mock.data.apps.find((a) => a.id === 'customer-archive')!;
  archive.manifests['1.2.0'] = { ...archive.manifests['1.2.0']!, exposes: [c360] };
  const admin = mock.data.apps.find((a) => a.id === 'system-admin')!;
  admin.manifests['1.0.0'] = { ...admin.manifests['1.0.0']!, uses: [{ app: 'customer-archive', part: 'customer-360', major: 1 }] };
});

describe('组件管理 (ADR 0030)', () => {
  it('lists parts with provider, major, permission, channels and consumers, and the dependency graph', async () => {
    renderStore('/app/app-store/admin/parts', { username: 'dev01', permissions: ['store:app:manage'] });
    const page = await screen.findByTestId('parts-catalogue');
    const row = within(page).getAllByRole('row').find((r) => r.dataset['rowKey'] === 'customer-archive/customer-360')!;
    expect(within(row).getByText('客户360')).toBeTruthy();
    expect(within(row).getByText('客户档案 1.2.0')).toBeTruthy();
    expect(within(row).getByText('cust:archive:view')).toBeTruthy();
    expect(within(row).getByText('PC 工作台')).toBeTruthy();
    expect(within(row).getByText('系统管理 1.0.0 · 主版本 1')).toBeTruthy();
    expect(within(page).getByText('系统管理（system-admin）')).toBeTruthy();
    expect(within(page).getByText('使用 客户档案（customer-archive）')).toBeTruthy();
    expect(await screen.findByRole('tab', { name: '组件管理' })).toBeTruthy();
  });

  it('warns before a rollback to a version that no longer exposes a used part, naming the consumer', async () => {
    renderStore('/app/app-store/admin/apps/customer-archive');
    await screen.findByText('← 返回应用目录');
    fireEvent.click(screen.getByRole('button', { name: /回\s*滚/ }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByText(/会影响正在使用其部件的应用/)).toBeNull();
    fireEvent.mouseDown(within(dialog).getByLabelText('回滚到'));
    const options = await screen.findAllByText(/^1\.1\.0（/);
    fireEvent.click(options.at(-1)!);
    expect(await within(dialog).findByText('回滚到 1.1.0 会影响正在使用其部件的应用')).toBeTruthy();
    expect(within(dialog).getByText(/「系统管理」使用的部件 customer-360（主版本 1）：不再提供部件 customer-archive\/customer-360 的主版本 1/)).toBeTruthy();
  });
});
