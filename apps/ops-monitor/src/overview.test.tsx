// 运营监测 as the city manager reads it: every indicator on a card with its light, an indicator without a data source
// said to be one, the units below to drill into (the view in the address), and a message with 重试 when the
// service fails. Figures come from the mock's dataset, summed up the org tree as the service sums them.
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

const openOverview = (search = '') => renderMicroApp(<App />, { url: `${BASE}${search}`, props: opsProps('manager') });

describe('运营监测 总览', () => {
  it('shows every indicator of the city on a card; one without a data source says so instead of a figure', async () => {
    openOverview();
    expect(await screen.findByText('营销运营监测 · 国网江州供电公司')).toBeTruthy();
    for (const def of dataset.definitions) expect(screen.getByTestId(`kpi-${def.code}`)).toBeTruthy();
    const lineLoss = screen.getByTestId('kpi-LINE_LOSS');
    expect(within(lineLoss).getByText('暂无数据源')).toBeTruthy();
    expect(within(lineLoss).getByText('采集与线损（尚未接入）')).toBeTruthy();
    // Choosing it: no chart, the reason instead.
    fireEvent.click(lineLoss);
    expect(await screen.findByText('线损率：暂无数据源')).toBeTruthy();
    // A drillable indicator links to its items for this view; every card to its 口径.
    const overdue = screen.getByTestId('kpi-YK_OVERDUE');
    const ym = log.filter('GET', '/summary')[0]!.search.get('ym');
    expect(within(overdue).getByRole('link', { name: '明细' }).getAttribute('href')).toBe(`${BASE}/items/YK_OVERDUE?org=33401&ym=${ym}`);
    expect(within(lineLoss).queryByRole('link', { name: '明细' })).toBeNull();
  });

  it('says what an empty month means beside 无数据 (电费回收率 before the month’s bills are issued)', async () => {
    openOverview('?org=33401&ym=202001');
    const timely = await screen.findByTestId('kpi-TK_TIMELY');
    await waitFor(() => expect(timely.textContent).toContain('无数据'));
    expect(within(timely).getByText('本期无停表的工单')).toBeTruthy();
    expect(within(timely).queryByText('—')).toBeNull();
  });

  it('drills from the city into a county: the view moves to the address and the county’s units are listed', async () => {
    openOverview();
    fireEvent.click(await screen.findByTestId('drill-3340101'));
    expect(await screen.findByText('营销运营监测 · 江北县供电公司')).toBeTruthy();
    expect(window.location.search).toContain('org=3340101');
    expect(log.filter('GET', '/summary').some((r) => r.search.get('org') === '3340101')).toBe(true);
    expect(await screen.findByTestId('drill-334010101')).toBeTruthy();
    // Columns for the indicators the service defines, headed by their names (the mock defines five of them).
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['单位', '业扩时限达标率', '业扩在途超期数', '工单及时率', '欠费余额']);
    // The way back up: the breadcrumb names the city.
    expect(screen.getByRole('link', { name: '国网江州供电公司' })).toBeTruthy();
  });

  it('says why the figures did not load and reloads them with 重试', async () => {
    let fail = true;
    server.use(
      http.get(`${API}/summary`, () =>
        fail ? HttpResponse.json({ error: { code: 'WB_ERR_SERVICE_UNAVAILABLE', message: '服务暂不可用，请稍后重试' } }, { status: 503 }) : undefined,
      ),
    );
    openOverview();
    expect(await screen.findByText('指标加载失败')).toBeTruthy();
    expect(screen.getByText('服务暂不可用，请稍后重试')).toBeTruthy();
    fail = false;
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('营销运营监测 · 国网江州供电公司')).toBeTruthy();
  });

  it('says the figures came back in a shape it cannot read (an older or broken service), instead of failing to draw', async () => {
    // A summary whose values lost their traffic light: the contract's schema refuses it before any card is drawn.
    server.use(
      http.get(`${API}/summary`, () => HttpResponse.json({ ym: '202611', org: { code: '33401' }, values: [{ code: 'YK_ONTIME', value: 98 }] })),
    );
    openOverview();
    expect(await screen.findByText('指标加载失败')).toBeTruthy();
    expect(screen.getByText('服务返回的数据格式不正确')).toBeTruthy();
  });

  it('answers a unit outside the manager’s scope with the service’s message', async () => {
    openOverview('?org=99999');
    expect(await screen.findByText('单位不存在或不在您的数据范围内')).toBeTruthy();
    await waitFor(() => expect(log.filter('GET', '/summary').every((r) => r.search.get('org') === '99999')).toBe(true));
  });
});

describe('指标口径', () => {
  it('lists every indicator’s 口径 and opens one on a page of its own; one the service does not define is no page', async () => {
    renderMicroApp(<App />, { url: `${BASE}/definitions`, props: opsProps('manager') });
    fireEvent.click(await screen.findByRole('link', { name: '业扩时限达标率' }));
    expect(await screen.findByText('指标口径 · 业扩时限达标率')).toBeTruthy();
    expect(screen.getByText('越高越好')).toBeTruthy();
    expect(window.location.pathname).toBe(`${BASE}/definitions/YK_ONTIME`);
  });

  it('answers a code the service does not define with 页面不存在', async () => {
    // The mock defines five of the thirteen codes; TK_ARRIVE is a valid code it leaves out.
    expect(dataset.definitions.some((d) => d.code === 'TK_ARRIVE')).toBe(false);
    renderMicroApp(<App />, { url: `${BASE}/definitions/TK_ARRIVE`, props: opsProps('manager') });
    expect(await screen.findByText('页面不存在')).toBeTruthy();
  });
});
