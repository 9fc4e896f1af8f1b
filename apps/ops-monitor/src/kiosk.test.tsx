// The 营业厅 terminal (kiosk channel, ADR 0061) as a customer uses it: 停电信息 and 电价 on the screen, a message when
// the service cannot answer, and the 业扩 progress lookup, which shows nothing personal and tells a wrong pair as it
// tells an unknown number.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { HttpResponse, http } from 'msw';
import { describe, expect, it } from 'vitest';
import { createIndicatorsDataset, indicatorsHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';
import { API, BASE, opsProps } from './test-support.ts';

const dataset = createIndicatorsDataset();
const server = createMockServer(...indicatorsHandlers({ dataset }));
const log = serveMocks(server, API);
const [registered] = dataset.applications;

// The kiosk entry (`/kiosk/app/ops-monitor`): there the app is the terminal and nothing else.
const openKiosk = (permissions?: string[]) => renderMicroApp(<App />, { url: `/kiosk${BASE}`, props: opsProps('terminal', permissions) });

describe('营业厅自助终端', () => {
  it('shows the outages now and planned, and the tariffs as printed', async () => {
    openKiosk();
    const active = await screen.findByTestId('kiosk-outage-9101');
    expect(within(active).getByText('停电中')).toBeTruthy();
    expect(within(active).getByText('停电范围：城关镇解放路 1–88 号')).toBeTruthy();
    expect(screen.getByTestId('kiosk-outage-9102').textContent).toContain('未开始');
    fireEvent.click(screen.getByRole('tab', { name: '电价标准' }));
    const resident = await screen.findByTestId('kiosk-tariff-RES-LV');
    expect(within(resident).getByText('0.5383 元/千瓦时')).toBeTruthy();
  });

  it('says in Chinese that the outages cannot be shown when the service does not answer', async () => {
    server.use(http.get(`${API}/kiosk/outages`, () => HttpResponse.json({ error: { code: 'WB_ERR_SERVICE_UNAVAILABLE', message: '服务暂不可用' } }, { status: 503 })));
    openKiosk();
    expect(await screen.findByText('停电信息暂时无法获取，请稍后再试或咨询柜台工作人员')).toBeTruthy();
  });

  it('says there is no outage when there is none', async () => {
    server.use(http.get(`${API}/kiosk/outages`, () => HttpResponse.json({ items: [] })));
    openKiosk();
    expect(await screen.findByText('目前没有停电计划，也没有正在进行的停电')).toBeTruthy();
  });

  it('looks an application up by its number and the phone’s last 4 digits; a wrong pair is told as a missing number', async () => {
    openKiosk();
    fireEvent.click(await screen.findByRole('tab', { name: '业扩进度查询' }));
    const appNo = await screen.findByTestId('kiosk-app-no');
    const phone4 = screen.getByTestId('kiosk-phone4');
    // Checked on the terminal first: nothing is sent for 3 digits.
    fireEvent.change(appNo, { target: { value: registered!.application.appNo } });
    fireEvent.change(phone4, { target: { value: '567' } });
    fireEvent.click(screen.getByTestId('kiosk-lookup'));
    expect(await screen.findByText('请输入 4 位数字')).toBeTruthy();
    expect(log.filter('GET', `/kiosk/applications/${registered!.application.appNo}`)).toHaveLength(0);

    fireEvent.change(phone4, { target: { value: '0000' } });
    fireEvent.click(screen.getByTestId('kiosk-lookup'));
    expect(await screen.findByText('未找到该申请，请核对申请编号和登记手机号后 4 位')).toBeTruthy();
    expect(screen.queryByTestId('kiosk-application')).toBeNull();

    fireEvent.change(phone4, { target: { value: registered!.mobile.slice(-4) } });
    fireEvent.click(screen.getByTestId('kiosk-lookup'));
    const card = await screen.findByTestId('kiosk-application');
    expect(within(card).getByText('在途')).toBeTruthy();
    expect(card.textContent).toContain('当前环节：现场勘查');
    expect(screen.queryByText('未找到该申请，请核对申请编号和登记手机号后 4 位')).toBeNull();
    // Nothing personal on the screen; 清除 empties it for the next customer.
    expect(document.body.textContent).not.toContain(registered!.mobile);
    fireEvent.click(screen.getByRole('button', { name: '清 除' }));
    await waitFor(() => expect(screen.queryByTestId('kiosk-application')).toBeNull());
    expect((screen.getByTestId('kiosk-app-no') as HTMLInputElement).value).toBe('');
  });

  it('tells a terminal account without the kiosk permission to ask for it', async () => {
    openKiosk([]);
    expect(await screen.findByText('本终端账号没有自助信息查询权限，请联系管理员开通。')).toBeTruthy();
    expect(log.filter('GET', '/kiosk/outages')).toHaveLength(0);
  });
});
