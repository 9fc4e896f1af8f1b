// 掌上电力 against an msw mock of customer-portal's customer API (ADR 0060 item: component tests): bind a 户号 (code,
// then the account), the bills by month with 电量, 阶梯 and arrears, and the pay flow's states — the order created
// once with an Idempotency-Key and the browser sent to the checkout; back from it, 正在确认 while the order is
// unpaid, then 缴费成功 with the receipt once the notification wrote it off.
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import type { CustomerMe, PayOrder, PortalAccount } from '@wb/contracts/customer-portal';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';

const API = '/api/svc/customer-portal/v1';
const BASE = '/c/app/customer-portal';
const CONS = '3340201001';

const account: PortalAccount = {
  consNo: CONS, name: '王建华', address: '临川市城区文昌路 18 号', orgUnitName: '临川城区供电所', tgName: '文昌路 1 号公变',
  powerState: 'ON', restorePending: false, oweFen: 23_456, penaltyFen: 120, totalDueFen: 23_576, prepaidFen: 0,
  bills: [
    { receivableId: '12', ym: '202602', kwh: 420, tier: 2, amountFen: 23_456, paidFen: 0, penaltyFen: 120, dueFen: 23_576, dueDate: '2026-02-28', overdue: true, status: 'UNPAID' },
    { receivableId: '11', ym: '202601', kwh: 180, tier: 1, amountFen: 9_540, paidFen: 9_540, penaltyFen: 0, dueFen: 0, dueDate: '2026-01-31', overdue: false, status: 'PAID' },
  ],
};

/** The mock's state: the customer's bindings and orders (reset per test by `fresh`). */
const state = { me: { id: '7', phone: '137****4321', hasPassword: false, bindings: [] } as CustomerMe, orders: new Map<string, PayOrder>(), keys: new Map<string, Promise<PayOrder>>() };
const fresh = (bound: boolean): void => {
  state.me = { ...state.me, bindings: bound ? [{ consNo: CONS, name: account.name, address: account.address, orgUnitName: account.orgUnitName, boundAt: '2026-03-01T01:00:00Z' }] : [] };
  state.orders.clear();
  state.keys.clear();
};

const server = createMockServer(
  http.get(`${API}/me`, () => HttpResponse.json(state.me)),
  http.post(`${API}/binding-codes`, async ({ request }) => {
    const body = (await request.json()) as { consNo: string; holderName: string };
    if (body.consNo !== CONS || body.holderName !== account.name) return HttpResponse.json({ error: { code: 'WB_ERR_BAD_REQUEST', message: '户号与户主姓名不匹配，请核对后重试' } }, { status: 400 });
    return HttpResponse.json({ maskedPhone: '138****5678', retryAfterSeconds: 60 });
  }),
  http.post(`${API}/bindings`, async ({ request }) => {
    const body = (await request.json()) as { consNo: string; code: string };
    if (body.code !== '246810') return HttpResponse.json({ error: { code: 'WB_ERR_BAD_REQUEST', message: '验证码不正确，还可尝试 4 次' } }, { status: 400 });
    fresh(true);
    return HttpResponse.json({ items: state.me.bindings }, { status: 201 });
  }),
  http.get(`${API}/accounts/:consNo`, () => HttpResponse.json(account)),
  http.get(`${API}/accounts/:consNo/payments`, () => HttpResponse.json({ items: [] })),
  http.get(`${API}/accounts/:consNo/outages`, () => HttpResponse.json({ items: [] })),
  http.get(`${API}/accounts/:consNo/repairs`, () => HttpResponse.json({ items: [] })),
  http.post(`${API}/pay-orders`, async ({ request }) => {
    // Like the service: the key is taken before anything else, so a second request with it gets the first's order.
    const key = request.headers.get('idempotency-key') ?? '';
    const known = state.keys.get(key);
    if (known) return HttpResponse.json(await known);
    const made = (async (): Promise<PayOrder> => {
      const body = (await request.json()) as { consNo: string };
      const no = `CP2026030210000000000${state.orders.size + 1}`.padEnd(24, '0');
      const order: PayOrder = { outTradeNo: no, consNo: body.consNo, amountFen: account.totalDueFen, status: 'CREATED', checkoutUrl: `${API}/sim-pay/checkout/42${no}`, createdAt: '2026-03-02T02:00:00Z', paidAt: null, paymentId: null, restoreOrderId: null };
      state.orders.set(no, order);
      return order;
    })();
    state.keys.set(key, made);
    return HttpResponse.json(await made, { status: 201 });
  }),
  http.get(`${API}/pay-orders/:no`, ({ params }) => {
    const order = state.orders.get(String(params['no']));
    return order ? HttpResponse.json(order) : HttpResponse.json({ error: { code: 'WB_ERR_NOT_FOUND', message: '未找到该订单' } }, { status: 404 });
  }),
);
const log = serveMocks(server, API);
const props = { appId: 'customer-portal', basePath: BASE, services: { 'customer-portal': API } };

describe('掌上电力', () => {
  it('binds a 户号 with the holder’s name and the code sent to the phone on file, then opens its bills', async () => {
    fresh(false);
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
    expect(state.me.bindings).toHaveLength(0);

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
    expect(screen.getByRole('button', { name: /去缴费/ })).toBeTruthy();
  });

  it('pays: one order for a double tap, off to the checkout; back, 正在确认 until the order is paid, then the receipt', async () => {
    fresh(true);
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => undefined);
    try {
      const view = renderMicroApp(<App />, { url: `${BASE}/accounts/${CONS}/pay`, props });
      await waitFor(() => expect(screen.getByTestId('cp-pay-amount').textContent).toBe('¥235.76'));
      const pay = screen.getByRole('button', { name: /确认支付/ });
      fireEvent.click(pay);
      fireEvent.click(pay);
      await waitFor(() => expect(log.filter('POST', '/pay-orders').length).toBeGreaterThan(0));
      await waitFor(() => expect(assign).toHaveBeenCalled());
      expect(state.orders.size).toBe(1);
      const [order] = [...state.orders.values()];
      expect(assign).toHaveBeenCalledWith(order!.checkoutUrl);
      const posts = log.filter('POST', '/pay-orders');
      expect(new Set(posts.map((p) => p.headers.get('idempotency-key'))).size).toBe(1);
      await log.settled();
      expect(posts[0]!.json).toEqual({ consNo: CONS, returnPath: '/c/app/customer-portal/pay/result' });
      view.unmount();

      // Back from the checkout before the notification: the order is asked again until it is paid.
      renderMicroApp(<App />, { url: `${BASE}/pay/result?outTradeNo=${order!.outTradeNo}`, props });
      expect(await screen.findByText('正在确认支付结果…')).toBeTruthy();
      state.orders.set(order!.outTradeNo, { ...order!, status: 'PAID', paidAt: '2026-03-02T02:01:00Z', paymentId: '90001' });
      expect(await screen.findByText('缴费成功', {}, { timeout: 8_000 })).toBeTruthy();
      expect(screen.getByText(`户号 ${CONS} 已缴纳 ¥235.76`)).toBeTruthy();
      expect(screen.getByRole('link', { name: /电子收据/ }).getAttribute('href')).toBe(`${API}/payments/90001/receipt.pdf`);
    } finally {
      assign.mockRestore();
    }
  });
});
