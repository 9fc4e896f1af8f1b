import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createCustomerDataset, customerHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { serveMocks, renderMicroApp } from '@wb/sdk/testing';
import { App } from './App.tsx';

const BASE = '/app/customer-archive';
/** SearchPage's debounce (ms). */
const DEBOUNCE_MS = 300;
const API = '/api/svc/customer/v1';
const customers = createCustomerDataset();
const server = createMockServer(...customerHandlers({ customers }));
const log = serveMocks(server, API);
/** Search requests seen by the mock service, in order (their query strings). */
const searches = () => log.filter('GET', '/customers').map((r) => r.search);


function renderApp(url: string, permissions = ['cust:archive:view']) {
  return renderMicroApp(<App />, {
    url,
    props: {
      appId: 'customer-archive',
      services: { customer: API },
      session: { permissions },
    },
  });
}

function bodyRows(): HTMLElement[] {
  return screen.queryAllByRole('row').filter((row) => row.closest('tbody') && row.dataset['rowKey']);
}

const searchBox = (): HTMLElement => screen.getByRole('searchbox', { name: '查询内容' });

describe('客户档案 search', () => {
  it('searches by 户号 prefix after typing and puts the query in the URL', async () => {
    const prefix = customers[0]!.consNo.slice(0, 3);
    const expected = customers.filter((c) => c.consNo.startsWith(prefix));
    renderApp(BASE);
    expect(screen.getByText('输入户号、户名、电话或地址开始查询')).toBeTruthy();
    await userEvent.type(searchBox(), prefix);
    await waitFor(() => expect(bodyRows().length).toBe(Math.min(expected.length, 20)));
    expect(bodyRows().every((row) => row.dataset['rowKey']?.startsWith(prefix))).toBe(true);
    expect(screen.getByText(`共 ${expected.length} 条`)).toBeTruthy();
    expect(window.location.pathname).toBe(BASE);
    expect(new URLSearchParams(window.location.search).get('q')).toBe(prefix);
  });

  it('tells the agent how to search addresses when a short text matches no name', async () => {
    renderApp(`${BASE}?q=${encodeURIComponent('幸福')}`);
    expect(await screen.findByText('未找到户名以此开头的客户；查找地址请选择「地址」后再查询')).toBeTruthy();
  });

  it('sends one request for fast typing (debounced)', async () => {
    renderApp(BASE);
    await userEvent.type(searchBox(), '3310000');
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(0));
    expect(searches()).toHaveLength(1);
    expect(searches()[0]?.get('q')).toBe('3310000');
  });

  it('follows back/forward: the box and the results show the URL query again', async () => {
    renderApp(BASE);
    await userEvent.type(searchBox(), '331');
    await waitFor(() => expect(new URLSearchParams(window.location.search).get('q')).toBe('331'));
    // Fake timers from here: the debounce of the draft that back/forward sets runs when the test says so.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      act(() => {
        window.history.pushState(null, '', `${BASE}?q=332`);
        window.dispatchEvent(new PopStateEvent('popstate'));
      });
      expect((searchBox() as HTMLInputElement).value).toBe('332');
      // The draft reaching the debounce must not write the old query back.
      act(() => vi.advanceTimersByTime(DEBOUNCE_MS + 1));
      expect(new URLSearchParams(window.location.search).get('q')).toBe('332');
    } finally {
      // Whatever else was scheduled meanwhile (TanStack's notifications) runs before real timers return.
      act(() => vi.runOnlyPendingTimers());
      vi.useRealTimers();
    }
    await waitFor(() => expect(bodyRows()[0]?.dataset['rowKey']?.startsWith('332')).toBe(true));
  });

  it('searches by name and masks the phone number in the table', async () => {
    const target = customers.find((c) => c.category === '低压居民' && c.name.length === 3)!;
    renderApp(BASE);
    await userEvent.type(searchBox(), target.name);
    const row = await waitFor(() => {
      const found = bodyRows().find((r) => r.dataset['rowKey'] === target.consNo);
      expect(found).toBeTruthy();
      return found!;
    });
    expect(within(row).getByText(target.name)).toBeTruthy();
    expect(within(row).getByText(`${target.phone.slice(0, 3)}****${target.phone.slice(-4)}`)).toBeTruthy();
    expect(row.textContent).not.toContain(target.phone);
  });

  it('restores the search from the URL, pages with pushState and says when the total is capped', async () => {
    server.use(...customerHandlers({ customers, totalCap: 30 }));
    renderApp(`${BASE}?q=${encodeURIComponent('江州市')}&page=2`);
    expect((searchBox() as HTMLInputElement).value).toBe('江州市');
    await waitFor(() => expect(screen.getByText('超过 30 条')).toBeTruthy());
    expect(searches()[0]?.get('page')).toBe('2');
    const historyLength = window.history.length;
    fireEvent.click(screen.getByTitle('1'));
    await waitFor(() => expect(searches().at(-1)?.get('page')).toBe('1'));
    expect(window.history.length).toBe(historyLength + 1);
    expect(new URLSearchParams(window.location.search).get('page')).toBeNull();
  });

  it('opens a customer when a row is clicked, and the back link returns to the same search', async () => {
    const target = customers[5]!;
    renderApp(`${BASE}?q=${target.consNo}`);
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
    fireEvent.click(bodyRows()[0]!);
    expect(window.location.pathname).toBe(`${BASE}/customers/${target.consNo}`);
    expect(await screen.findByText(`${target.name}（${target.consNo}）`)).toBeTruthy();
    fireEvent.click(screen.getByText('返回查询结果'));
    expect(window.location.pathname).toBe(BASE);
    expect(new URLSearchParams(window.location.search).get('q')).toBe(target.consNo);
    await waitFor(() => expect(bodyRows()).toHaveLength(1));
  });

  it('shows the service error with 重试, and 重试 fetches again', async () => {
    server.use(
      http.get(
        `${API}/customers`,
        () => HttpResponse.json({ error: { code: 'WB_ERR_SERVICE_UNAVAILABLE', message: '客户服务暂不可用' } }, { status: 503 }),
        { once: true },
      ),
    );
    renderApp(`${BASE}?q=331`);
    expect(await screen.findByText('客户服务暂不可用')).toBeTruthy();
    expect(screen.getByText(/WB_ERR_SERVICE_UNAVAILABLE/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    await waitFor(() => expect(bodyRows().length).toBeGreaterThan(0));
    expect(searches()).toHaveLength(2);
  });

  it('shows 403 without the permission and calls nothing', () => {
    renderApp(`${BASE}?q=331`, []);
    expect(screen.getByText('没有权限')).toBeTruthy();
    expect(searches()).toHaveLength(0);
  });
});

describe('客户档案 detail', () => {
  it('shows the account fields and the meters', async () => {
    const target = customers.find((c) => c.category === '高压')!;
    renderApp(`${BASE}/customers/${target.consNo}`);
    expect(await screen.findByText(`${target.name}（${target.consNo}）`)).toBeTruthy();
    const cellOf = (label: string): string | null => {
      const th = screen.getAllByText(label).find((el) => el.closest('.ant-descriptions'))!;
      return th.closest('th')?.nextElementSibling?.textContent ?? null;
    };
    expect(cellOf('用电地址')).toBe(target.address);
    expect(cellOf('用电类别')).toBe(target.elecTypeName);
    expect(cellOf('电压等级')).toBe(target.voltageName);
    expect(cellOf('合同容量')).toBe(`${target.contractCapacity} kVA`);
    expect(cellOf('台区')).toBe(`${target.tgName}（${target.tgId}）`);
    expect(cellOf('抄表段')).toBe(target.mrSectNo);
    expect(cellOf('供电单位')).toBe(target.orgUnitName);
    expect(cellOf('送电日期')).toBe(target.powerOnDate);
    for (const meter of target.meters) {
      expect(screen.getByText(meter.barCode)).toBeTruthy();
      expect(screen.getAllByText(String(meter.multiplier)).length).toBeGreaterThan(0);
    }
  });

  it('says 未找到该户号的客户 for an unknown or malformed 户号', async () => {
    renderApp(`${BASE}/customers/9999999999`);
    expect(await screen.findByText('未找到该户号的客户')).toBeTruthy();
    act(() => window.history.replaceState(null, '', `${BASE}/customers/abc`));
    act(() => void window.dispatchEvent(new PopStateEvent('popstate')));
    expect(await screen.findByText('户号：abc')).toBeTruthy();
  });

  it('retries a failed detail load', async () => {
    const target = customers[1]!;
    server.use(
      http.get(`${API}/customers/:consNo`, () => HttpResponse.error(), { once: true }),
    );
    renderApp(`${BASE}/customers/${target.consNo}`);
    expect(await screen.findByText('网络异常，请检查网络后重试')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText(`${target.name}（${target.consNo}）`)).toBeTruthy();
  });
});
