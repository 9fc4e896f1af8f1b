// 柜台收费 against the billing mock: find a cut-off customer in arrears, read out what is due, pay with a double
// click (one Idempotency-Key, one payment), see the arrears cleared, the allocation and the 复电 order; a bad
// amount is refused before sending; the receipt prints the allocation.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createBillingDataset, billingHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';
import { formatYuan } from './format.ts';
import { API, BASE, COLLECTOR_PERMISSIONS, clerkProps } from './test-support.ts';

const dataset = createBillingDataset();
const server = createMockServer(...billingHandlers({ dataset }));
const log = serveMocks(server, API);

describe('柜台收费', () => {
  it('finds a cut-off customer, takes the whole amount due once on a double click, and shows the arrears cleared and the 复电 order', async () => {
    const consNo = '3340201001';
    const open = dataset.receivables.filter((r) => r.consNo === consNo && r.paidFen < r.amountFen);
    const due = open.reduce((s, r) => s + r.amountFen + r.accruedPenaltyFen, 0);
    const paymentsBefore = dataset.payments.length;
    renderMicroApp(<App />, { url: `${BASE}/counter`, props: clerkProps(COLLECTOR_PERMISSIONS) });

    fireEvent.change(await screen.findByRole('searchbox', { name: '查找客户' }), { target: { value: '王建华' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*找/ }));
    const row = (await screen.findByText('临川市城区文昌路 18 号 2 单元 301')).closest('tr') as HTMLElement;
    expect(within(row).getByText('已停电')).toBeTruthy();
    fireEvent.click(row);

    await screen.findByText('欠费信息');
    expect(window.location.pathname).toBe(`${BASE}/counter/${consNo}`);
    expect((await screen.findAllByText(formatYuan(due))).length).toBeGreaterThan(0);
    const amount = screen.getByRole('textbox', { name: '实收金额' }) as HTMLInputElement;
    expect(amount.value).toBe((due / 100).toFixed(2));

    const submit = screen.getByRole('button', { name: '确认收费' });
    fireEvent.click(submit);
    fireEvent.click(submit);
    expect(await screen.findByText(/收费成功：缴费编号 \d+/)).toBeTruthy();
    expect(screen.getByText('欠费已全部结清。')).toBeTruthy();
    expect(screen.getByText(/已生成复电工单 \d+/)).toBeTruthy();
    expect(within(screen.getByRole('table', { name: '销账明细' })).getAllByRole('row')).toHaveLength(open.length + 1);
    await screen.findByText('该户没有欠费。');

    // One payment, whatever the double click sent: every POST carried the same Idempotency-Key.
    const posts = log.filter('POST', '/payments');
    expect(posts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(posts.map((p) => p.headers.get('idempotency-key'))).size).toBe(1);
    expect(dataset.payments.length).toBe(paymentsBefore + 1);
    expect(dataset.orders.filter((o) => o.consNo === consNo && o.kind === 'RESTORE' && o.status === 'OPEN')).toHaveLength(1);

    // The receipt: the service's PDF in a new tab, and a printable page with the allocation month by month.
    const pdf = screen.getByRole('link', { name: /打印收据/ });
    expect(pdf.getAttribute('href')).toMatch(new RegExp(`^${API}/payments/\\d+/receipt\\.pdf$`));
    expect(pdf.getAttribute('target')).toBe('_blank');
    fireEvent.click(screen.getByRole('link', { name: '收据预览' }));
    expect(await screen.findByText('电费收据')).toBeTruthy();
    expect(screen.getByRole('button', { name: /打\s*印/ })).toBeTruthy();
    expect(await screen.findByText('王建华')).toBeTruthy();
  }, 60_000);

  it('refuses an amount with three decimals under its input, before anything is sent', async () => {
    renderMicroApp(<App />, { url: `${BASE}/counter/3340201002`, props: clerkProps(COLLECTOR_PERMISSIONS) });
    const amount = await screen.findByRole('textbox', { name: '实收金额' });
    fireEvent.change(amount, { target: { value: '12.345' } });
    fireEvent.click(screen.getByRole('button', { name: '确认收费' }));
    expect(await screen.findByText('金额应为数字，最多两位小数')).toBeTruthy();
    expect(log.filter('POST', '/payments')).toHaveLength(0);
  });

  it('puts an overpayment of a customer without arrears to 预存', async () => {
    const before = dataset.accounts.find((a) => a.consNo === '3340201003')!.prepaidFen;
    renderMicroApp(<App />, { url: `${BASE}/counter/3340201003`, props: clerkProps(COLLECTOR_PERMISSIONS) });
    expect(await screen.findByText('该户无欠费，收款将全部转为预存')).toBeTruthy();
    fireEvent.change(screen.getByRole('textbox', { name: '实收金额' }), { target: { value: '100' } });
    fireEvent.click(screen.getByRole('radio', { name: '扫码' }));
    fireEvent.click(screen.getByRole('button', { name: '确认收费' }));
    expect(await screen.findByText(/收费成功/)).toBeTruthy();
    expect(screen.getByText('转入预存')).toBeTruthy();
    await waitFor(() => expect(dataset.accounts.find((a) => a.consNo === '3340201003')!.prepaidFen).toBe(before + 10_000));
    const post = log.filter('POST', '/payments')[0]!;
    await log.settled();
    expect(post.json).toEqual({ consNo: '3340201003', amountFen: 10_000, method: 'QR' });
  });

  it('is refused without the 收费 permission', async () => {
    renderMicroApp(<App />, { url: `${BASE}/counter`, props: clerkProps(['df:bill:view']) });
    expect(await screen.findByText('您没有柜台收费权限，请联系管理员开通。')).toBeTruthy();
  });
});
