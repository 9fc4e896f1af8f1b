// 掌上电力 against the shared msw mock of customer-portal's customer API (`@wb/mocks`, kept in step with the service by
// services/src/customer-portal/contract.test.ts): bind a 户号 (code, then the account), the bills by month with 电量,
// 阶梯 and arrears, and the pay flow's states — the order created once with an Idempotency-Key and the browser sent
// to the checkout; back from it, 正在确认 while the order is unpaid, then 缴费成功 with the receipt once the customer
// confirmed at the provider and its notification wrote the order off.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createCustomerPortalDataset, customerPortalHandlers, type CustomerPortalDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';

const API = '/api/svc/customer-portal/v1';
const BASE = '/c/app/customer-portal';
/** 王建华's 户号 in the mock: 2026年1月 paid, 2026年2月 (420 kWh, 第二档, ¥234.56 and ¥1.20 违约金) overdue. */
const CONS = '3340201001';
const NOW = new Date('2026-03-02T02:00:00Z');
/** The code the mock texts (in these tests, every one). */
const CODE = '246810';
/** A phone signed in without any 户号 bound yet. */
const NEW_PHONE = '13700004321';

const server = createMockServer(...customerPortalHandlers({ baseUrl: API }));
const log = serveMocks(server, API);
const props = { appId: 'customer-portal', basePath: BASE, services: { 'customer-portal': API } };

/** The mock's state for one test: signed in as the demo customer (王建华's 户号 bound), or as a new phone with none. */
function fresh(bound: boolean): CustomerPortalDataset {
  const dataset = createCustomerPortalDataset({ now: NOW, ...(bound ? {} : { signedIn: NEW_PHONE }) });
  server.use(...customerPortalHandlers({ baseUrl: API, dataset, code: () => CODE, now: () => NOW }));
  return dataset;
}

describe('掌上电力', () => {
  it('binds a 户号 with the holder’s name and the code sent to the phone on file, then opens its bills', async () => {
    const dataset = fresh(false);
    renderMicroApp(<App />, { url: `${BASE}/bind`, props });
    fireEvent.change(await screen.findByRole('textbox', { name: '户号' }), { target: { value: CONS } });
    fireEvent.change(screen.getByRole('textbox', { name: '户主姓名' }), { target: { value: '王建华' } });
    const send = (await screen.findByRole('button', { name: '获取验证码' })) as HTMLButtonElement;
    await waitFor(() => expect(send.disabled).toBe(false)); // enabled once 户号 and name are valid
    fireEvent.click(send);
    expect(await screen.findByText('验证码已发送至 138****5678')).toBeTruthy();
    expect(await screen.findByRole('button', { name: /\d+ 秒/ })).toBeTruthy(); // the wait before another code

    fireEvent.change(screen.getByRole('textbox', { name: '验证码' }), { target: { value: '135790' } });
    fireEvent.click(screen.getByRole('button', { name: /绑\s*定/ }));
    expect(await screen.findByText('验证码不正确，还可尝试 4 次')).toBeTruthy();
    expect(dataset.customers.find((c) => c.phone === NEW_PHONE)!.bindings).toHaveLength(0);

    fireEvent.change(screen.getByRole('textbox', { name: '验证码' }), { target: { value: '246810' } });
    fireEvent.click(screen.getByRole('button', { name: /绑\s*定/ }));
    await waitFor(() => expect(window.location.pathname).toBe(`${BASE}/accounts/${CONS}`));
    await log.settled();
    expect(log.filter('POST', '/bindings').map((r) => r.json)).toEqual([
      { consNo: CONS, holderName: '王建华', code: '135790' },
      { consNo: CONS, holderName: '王建华', code: '246810' },
    ]);
  });

  it('shows the bills by month with 电量, the 阶梯 position and the amount, and what is due with 违约金', async () => {
    fresh(true);
    renderMicroApp(<App />, { url: `${BASE}/accounts/${CONS}`, props });
    expect((await screen.findByTestId('cp-total-due')).textContent).toBe('¥235.76');
    expect(screen.getByText('2026年2月')).toBeTruthy();
    expect(screen.getByText('电量 420 千瓦时')).toBeTruthy();
    expect(screen.getByText('第二档')).toBeTruthy();
    expect(screen.getByText('违约金 ¥1.20')).toBeTruthy();
    expect(screen.getByText('电量 180 千瓦时')).toBeTruthy();
    expect(screen.getByText('第一档')).toBeTruthy();
    expect(screen.getByRole('link', { name: /去缴费/ })).toBeTruthy();
  });

  it('pays: one order for a double tap, off to the checkout; back, 正在确认 until the order is paid, then the receipt', async () => {
    const dataset = fresh(true);
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
    try {
      const view = renderMicroApp(<App />, { url: `${BASE}/accounts/${CONS}/pay`, props });
      await waitFor(() => expect(screen.getByTestId('cp-pay-amount').textContent).toBe('¥235.76'));
      const pay = screen.getByRole('button', { name: /确认支付/ });
      fireEvent.click(pay);
      fireEvent.click(pay);
      await waitFor(() => expect(log.filter('POST', '/pay-orders').length).toBeGreaterThan(0));
      await waitFor(() => expect(assign).toHaveBeenCalled());
      expect(dataset.orders).toHaveLength(1);
      const { order } = dataset.orders[0]!;
      expect(assign).toHaveBeenCalledWith(order.checkoutUrl);
      const posts = log.filter('POST', '/pay-orders');
      expect(new Set(posts.map((p) => p.headers.get('idempotency-key'))).size).toBe(1);
      await log.settled();
      expect(posts[0]!.json).toEqual({ consNo: CONS, returnPath: '/c/app/customer-portal/pay/result' });
      view.unmount();

      // Back from the checkout before paying there: the order is asked again until it is paid.
      renderMicroApp(<App />, { url: `${BASE}/pay/result?outTradeNo=${order.outTradeNo}`, props });
      expect(await screen.findByText('正在确认支付结果…')).toBeTruthy();
      expect(order.status).toBe('CREATED');
      // 确认支付 on the provider's checkout page: its notification writes the order off.
      const confirmed = await fetch(order.checkoutUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'action=pay', redirect: 'manual' });
      expect(confirmed.status).toBe(303);
      expect(await screen.findByText('缴费成功', {}, { timeout: 8_000 })).toBeTruthy();
      expect(screen.getByText(`户号 ${CONS} 已缴纳 ¥235.76`)).toBeTruthy();
      expect(order.paymentId).toMatch(/^\d+$/);
      expect(screen.getByRole('link', { name: /电子收据/ }).getAttribute('href')).toBe(`${API}/payments/${order.paymentId}/receipt.pdf`);
    } finally {
      assign.mockRestore();
    }
  });
});
