import { fireEvent, screen } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCustomerDataset, customerHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp } from '@wb/sdk/testing';
import { QuickSearchWidget } from './QuickSearchWidget.tsx';

const API = '/api/svc/customer/v1';
const customers = createCustomerDataset();
const server = createMockServer(...customerHandlers({ customers }));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function renderWidget() {
  const navigate = vi.fn();
  renderMicroApp(<QuickSearchWidget />, {
    url: '/',
    props: { appId: 'customer-archive', services: { customer: API }, session: { permissions: ['cust:archive:view'] }, navigate },
  });
  return navigate;
}

describe('客户快速查询 widget', { timeout: 20_000 }, () => {
  it('finds customers by 户号 and opens the archive of the one chosen', async () => {
    const target = customers[0]!;
    const navigate = renderWidget();
    fireEvent.change(screen.getByRole('searchbox', { name: '户号' }), { target: { value: target.consNo } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    fireEvent.click(await screen.findByRole('link', { name: `打开客户档案 ${target.consNo}` }));
    expect(navigate).toHaveBeenCalledWith(`/app/customer-archive/customers/${target.consNo}?q=${target.consNo}&field=consNo`);
  });

  it('refuses anything but digits, and says so when no customer has the 户号', async () => {
    renderWidget();
    const box = screen.getByRole('searchbox', { name: '户号' });
    fireEvent.change(box, { target: { value: '张三' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    expect(await screen.findByText('请输入户号（数字，最多 10 位）')).toBeTruthy();
    fireEvent.change(box, { target: { value: '9999999999' } });
    fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
    expect(await screen.findByText('未找到该户号的客户')).toBeTruthy();
  });
});
