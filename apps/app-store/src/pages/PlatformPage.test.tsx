import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderStore, setupStoreMock } from '../dev/testing.tsx';

setupStoreMock('dev01');

describe('平台信息', () => {
  it('shows the platform descriptor: shared packages with the range to declare, props, formats and rollout targets', async () => {
    renderStore('/app/app-store/admin/platform', { username: 'dev01' });
    const page = await screen.findByTestId('platform-descriptor');
    expect(within(page).getByText('"react": "^19"')).toBeTruthy();
    expect(within(page).getByText('basePath')).toBeTruthy();
    expect(within(page).getByText('SystemJS（System.register）：按需加载 SystemJS 运行')).toBeTruthy();
    expect(within(page).getByText('3340101')).toBeTruthy();
    expect(within(page).getByText('客服代表（KF_AGENT）')).toBeTruthy();
    expect(within(page).getByText('/api/svc/appstore/v1')).toBeTruthy();
  });

  it('is a tab of 应用管理', async () => {
    renderStore('/app/app-store/admin', { username: 'dev01' });
    expect(await screen.findByRole('tab', { name: '平台信息' })).toBeTruthy();
  });
});
