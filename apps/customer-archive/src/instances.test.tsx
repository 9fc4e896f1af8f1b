// Two instances of 客户档案 on one page (ADR 0027): the real lifecycles, each instance with its own container,
// history and React root, against the msw mock service.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createCustomerDataset, customerHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { createTestInstance, serveMocks, type TestInstance } from '@wb/sdk/testing';
import * as entry from './main.ts';

const BASE = '/app/customer-archive';
const API = '/api/svc/customer/v1';
const customers = createCustomerDataset();
const server = createMockServer(...customerHandlers({ customers }));
serveMocks(server, API);

// Shell-level navigation throws: routes inside the app must use the instance's own history.
const instance = (instanceId: string, url: string): TestInstance =>
  createTestInstance({ appId: 'customer-archive', instanceId, url, services: { customer: API }, session: { permissions: ['cust:archive:view'] } });

const searchBox = (scope: HTMLElement): HTMLInputElement => within(scope).getByRole('searchbox', { name: '查询内容' });

describe('two instances of 客户档案 on one page', () => {
  it('route on their own histories, keep their own input, and one unmounting leaves the other intact', { timeout: 40_000 }, async () => {
    const [first, second] = [customers[3]!, customers[7]!];
    const a = instance('customer-archive', `${BASE}?q=${first.consNo}`);
    const b = instance('customer-archive~2', `${BASE}/customers/${second.consNo}`);
    await act(() => entry.mount(a.props));
    await act(() => entry.mount(b.props));

    // Each on its own route; the page's own URL is untouched.
    expect(await within(b.element).findByText(`${second.name}（${second.consNo}）`)).toBeTruthy();
    const link = await within(a.element).findByRole('link', { name: first.consNo });
    expect(link.getAttribute('href')).toBe(`${BASE}/customers/${first.consNo}?q=${first.consNo}`);
    expect(window.location.pathname).toBe('/');

    // A plain click on A's link moves A only.
    fireEvent.click(link);
    expect(a.history.location.pathname).toBe(`${BASE}/customers/${first.consNo}`);
    expect(b.history.location.pathname).toBe(`${BASE}/customers/${second.consNo}`);
    expect(await within(a.element).findByText(`${first.name}（${first.consNo}）`)).toBeTruthy();

    // B goes back to its search and types a draft of its own; A's page is not touched.
    act(() => b.history.push(`${BASE}?q=331`));
    fireEvent.change(searchBox(b.element), { target: { value: '3310' } });
    expect(searchBox(b.element).value).toBe('3310');
    expect(within(a.element).queryByRole('searchbox')).toBeNull();

    // React ids are unique per instance (antd ties labels and popups to them).
    // (@rc-component's useId answers a fixed 'test-id' under NODE_ENV=test; in a browser it is React's useId.)
    const ids = [...document.querySelectorAll('[id]')].map((node) => node.id).filter((id) => id !== '' && id !== 'test-id');
    expect(new Set(ids).size).toBe(ids.length);

    // A unmounts: B keeps its route, its draft and its tree.
    await act(() => entry.unmount(a.props));
    expect(a.element.children).toHaveLength(0);
    expect(searchBox(b.element).value).toBe('3310');
    expect(b.history.location.search).toBe('?q=331');
    await waitFor(() => expect(within(b.element).getAllByTestId('cons-no').length).toBeGreaterThan(0));
    await act(() => entry.unmount(b.props));
    expect(b.element.children).toHaveLength(0);
    a.element.remove();
    b.element.remove();
    expect(screen.queryByRole('searchbox')).toBeNull();
  });

  it('refuses a second mount of an instance id that is already mounted', async () => {
    const a = instance('customer-archive', BASE);
    await act(() => entry.mount(a.props));
    await expect(entry.mount({ ...a.props, domElement: document.createElement('div') })).rejects.toThrow(/already mounted/);
    await act(() => entry.unmount(a.props));
    a.element.remove();
  });
});
