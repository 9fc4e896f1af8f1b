import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { createCustomerDataset, customerHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { QuickSearchWidget } from './QuickSearchWidget.tsx';

const API = '/api/svc/customer/v1';
const customers = createCustomerDataset();
const server = createMockServer(...customerHandlers({ customers }));
serveMocks(server);

function renderWidget() {
  const navigate = vi.fn();
  renderMicroApp(<QuickSearchWidget />, {
    url: '/',
    props: { appId: 'customer-archive', services: { customer: API }, session: { permissions: ['cust:archive:view'] }, navigate },
  });
  return navigate;
}

const box = () => screen.getByRole('searchbox', { name: '户号、户名或电话' });
const search = (value: string) => {
  fireEvent.change(box(), { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: /查\s*询/ }));
};

describe('客户快速查询 widget', { timeout: 20_000 }, () => {
  it('finds customers by 户号 and opens the archive of the one chosen', async () => {
    const target = customers[0]!;
    const navigate = renderWidget();
    search(target.consNo);
    fireEvent.click(await screen.findByRole('link', { name: `打开客户档案 ${target.consNo}` }));
    expect(navigate).toHaveBeenCalledWith(`/app/customer-archive/customers/${target.consNo}?q=${target.consNo}`);
  });

  it('finds a customer by mobile phone and by 户名, showing the phone masked', async () => {
    const target = customers[3]!;
    renderWidget();
    search(target.phone);
    const link = await screen.findByRole('link', { name: `打开客户档案 ${target.consNo}` });
    const masked = `${target.phone.slice(0, 3)}****${target.phone.slice(-4)}`;
    expect(link.closest('li')!.textContent).toContain(masked);
    expect(screen.queryByText(target.phone)).toBeNull();
    search(target.name);
    expect(await screen.findByRole('link', { name: `打开客户档案 ${target.consNo}` })).toBeTruthy();
  });

  it('asks for something to search, and says so when no customer matches', async () => {
    renderWidget();
    search('   ');
    expect(await screen.findByText('请输入户号、户名或电话')).toBeTruthy();
    search('9999999999');
    expect(await screen.findByText('未找到匹配的客户')).toBeTruthy();
  });
});
