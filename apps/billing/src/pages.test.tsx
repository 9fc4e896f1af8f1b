// 停复电看板 with ticking 复电 clocks, the 欠费台账 with band totals and an export of the same filters, and 核算发行:
// a batch's 量费审核 exceptions and 发行 (If-Match, once).
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { billingHandlers, createBillingDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';
import { API, BASE, CALCULATOR_PERMISSIONS, COLLECTOR_PERMISSIONS, READER_PERMISSIONS, REVERSER_PERMISSIONS, clerkProps } from './test-support.ts';

const dataset = createBillingDataset();
const server = createMockServer(...billingHandlers({ dataset }));
const log = serveMocks(server, API);

afterEach(() => {
  vi.useRealTimers();
});

describe('停复电看板', () => {
  it('shows the open 复电 order with its clock ticking to 已超期, and 完成 sends the order’s version', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const order = dataset.orders.find((o) => o.id === '9003')!;
    order.dueAt = new Date(Date.now() + 30 * 60_000 + 30_000).toISOString();
    renderMicroApp(<App />, { url: `${BASE}/orders`, props: clerkProps(COLLECTOR_PERMISSIONS) });
    const row = (await screen.findByRole('link', { name: order.consNo })).closest('tr') as HTMLElement;
    expect(within(row).getByText('还剩 30分')).toBeTruthy();
    expect(within(row).getByText('即将超期')).toBeTruthy();
    act(() => vi.advanceTimersByTime(60_000));
    expect(within(row).getByText('还剩 29分')).toBeTruthy();
    act(() => vi.advanceTimersByTime(31 * 60_000));
    expect(within(row).getByText('已超 1分')).toBeTruthy();
    expect(within(row).getByText('已超期')).toBeTruthy();

    fireEvent.click(within(row).getByRole('button', { name: '完 成' }));
    fireEvent.click(await screen.findByRole('button', { name: '确 认' }));
    await waitFor(() => expect(log.filter('POST', `/orders/${order.id}/complete`)).toHaveLength(1));
    expect(log.filter('POST', `/orders/${order.id}/complete`)[0]!.ifMatch).toBe('1');
    await waitFor(() => expect(dataset.accounts.find((a) => a.consNo === order.consNo)!.powerState).toBe('ON'));
  });
});

describe('欠费台账', () => {
  it('lists the debtors with totals per age band and exports the same filters as CSV', async () => {
    renderMicroApp(<App />, { url: `${BASE}/arrears`, props: clerkProps(COLLECTOR_PERMISSIONS) });
    const debtors = new Set(dataset.receivables.filter((r) => r.paidFen < r.amountFen).map((r) => r.consNo));
    expect(await screen.findByText(`共 ${debtors.size} 户`)).toBeTruthy();
    // A row opens the customer at the counter.
    expect(screen.getByRole('link', { name: '3340201001' }).getAttribute('href')).toBe(`${BASE}/counter/3340201001`);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: '供电状态' }));
    fireEvent.click(await screen.findByTitle('已停电'));
    await waitFor(() => expect(log.filter('GET', '/arrears').some((r) => r.search.get('powerState') === 'OFF')).toBe(true));
    const exportLink = screen.getByRole('link', { name: /导出 Excel/ });
    expect(exportLink.getAttribute('href')).toBe(`${API}/counter/arrears.csv?powerState=OFF`);
  });
});

describe('核算发行', () => {
  it('shows a batch’s 量费审核 exceptions and issues it once with its version', async () => {
    renderMicroApp(<App />, { url: BASE, props: clerkProps(CALCULATOR_PERMISSIONS) });
    // The 核算员's root is the list of batches.
    fireEvent.click(await screen.findByRole('link', { name: '71' }));
    expect(await screen.findByText('量费审核异常（2）')).toBeTruthy();
    expect(screen.getByText('电费突增')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '发 行' }));
    fireEvent.click(await screen.findByRole('button', { name: '确认发行' }));
    expect(await screen.findByText(/已发行 5 笔/)).toBeTruthy();
    const issues = log.filter('POST', '/calc-batches/71/issue');
    expect(issues).toHaveLength(1);
    expect(issues[0]!.ifMatch).toBe('1');
  });
});

describe('量费审核', () => {
  it('passes the chosen exception bill with the opinion and the batch’s version; the rest stay held back', async () => {
    // A dataset of its own: the other test issues the same batch.
    const own = createBillingDataset();
    server.use(...billingHandlers({ dataset: own }));
    const jump = own.batches[0]!.bills.find((b) => b.exception === '电费突增')!;
    renderMicroApp(<App />, { url: `${BASE}/batches/71`, props: clerkProps(CALCULATOR_PERMISSIONS) });
    expect(await screen.findByText('量费审核异常（2）')).toBeTruthy();
    fireEvent.click(screen.getByRole('checkbox', { name: `审核通过 ${jump.consNo}` }));
    fireEvent.change(screen.getByLabelText('审核意见'), { target: { value: '核实为新增空调负荷' } });
    fireEvent.click(screen.getByRole('button', { name: '审核通过 1 户' }));
    expect(await screen.findByText('量费审核异常（1）')).toBeTruthy();
    const post = log.filter('POST', '/calc-batches/71/audit')[0]!;
    expect(post.json).toEqual({ approve: [jump.consNo], opinion: '核实为新增空调负荷' });
    expect(post.ifMatch).toBe('1');
    expect(own.batches[0]!.batch).toMatchObject({ exceptions: 1, version: 2 });
  });
});

describe('抄表复核', () => {
  it('opened from 待办: confirms the jumped reading with an opinion and its version, then goes back to 我的待办', async () => {
    const reading = dataset.readings.find((r) => r.exception === 'JUMP')!;
    const navigate = vi.fn();
    renderMicroApp(<App />, { url: `${BASE}/readings/${reading.consNo}-${reading.ym}?task=t-review`, props: { ...clerkProps(READER_PERMISSIONS), navigate } });
    await screen.findByText(/本月示数 \d+，电量 \d+ kWh/);
    expect(screen.getAllByText('突增').length).toBeGreaterThan(0);
    fireEvent.change(screen.getByLabelText('复核意见'), { target: { value: '现场复抄，示数无误' } });
    fireEvent.click(screen.getByRole('button', { name: '提交复核' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/inbox', { replace: true, notice: '抄表复核已完成' }));
    const post = log.filter('POST', `/readings/${reading.consNo}/${reading.ym}/review`)[0]!;
    expect(post.json).toEqual({ opinion: '现场复抄，示数无误' });
    expect(post.ifMatch).toBe(String(reading.version - 1));
    expect(reading.reviewedBy).toBe('df01');
  });
});

describe('缴费冲正', () => {
  it('asks for a reason, sends the payment’s version, and shows the second-person refusal', async () => {
    renderMicroApp(<App />, { url: `${BASE}/reversals/3340201001`, props: clerkProps(REVERSER_PERMISSIONS) });
    const table = await screen.findByRole('table', { name: '缴费记录' });
    fireEvent.click(within(table).getAllByRole('button', { name: '冲 正' })[0]!);
    fireEvent.click(await screen.findByRole('button', { name: '确认冲正' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写冲正原因');
    expect(log.filter('POST', /\/payments\/\d+\/reverse/)).toHaveLength(0);
    fireEvent.change(screen.getByRole('textbox', { name: '冲正原因' }), { target: { value: '收错户' } });
    fireEvent.click(screen.getByRole('button', { name: '确认冲正' }));
    // The mock's user took the payment: the same person may not reverse it.
    await waitFor(() => expect(screen.getByRole('alert').textContent).toBe('冲正须由收费员以外的另一人办理'));
    const sent = log.filter('POST', /\/payments\/\d+\/reverse/);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.ifMatch).toBe('1');
  });
});
