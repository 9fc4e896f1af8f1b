import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectionHandlers, createConnectionDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp } from '@wb/sdk/testing';
import { App } from './App.tsx';

const BASE = '/app/new-connection';
const API = '/api/svc/connection/v1';
const server = createMockServer(...connectionHandlers({ dataset: createConnectionDataset() }));
const posted: unknown[] = [];
/** Step operations sent (`/applications/<no>/<node>:complete`). */
const actions: string[] = [];

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', async ({ request }) => {
    const path = new URL(request.url).pathname;
    if (request.method === 'POST' && path === `${API}/applications`) posted.push(await request.clone().json());
    else if (request.method === 'POST') actions.push(path);
  });
});
afterEach(() => {
  server.resetHandlers();
  posted.length = 0;
  actions.length = 0;
});
afterAll(() => server.close());

const station = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '江北城关供电所' };

function renderApp(url: string, permissions = ['yk:apply:view', 'yk:apply:accept', 'yk:apply:handle']) {
  return renderMicroApp(<App />, {
    url,
    props: {
      appId: 'new-connection',
      services: { connection: API },
      session: { permissions, posts: [station], activePost: station },
    },
  });
}

async function fill(label: RegExp, value: string): Promise<void> {
  const input = await screen.findByLabelText(label);
  fireEvent.change(input, { target: { value } });
}

describe('受理登记', () => {
  it('shows the contract’s Chinese messages under the fields and sends nothing while the form is invalid', async () => {
    renderApp(`${BASE}/accept`);
    await fill(/证件号码/, '110101199003071234');
    await fill(/户名/, '张三');
    await fill(/用电地址/, '城关');
    await fill(/联系电话/, '1381234');
    await userEvent.click(screen.getByRole('button', { name: /提交受理/ }));
    expect(await screen.findByText('身份证号码应为 18 位且校验位正确')).toBeTruthy();
    expect(screen.getByText('用电地址至少 6 个字')).toBeTruthy();
    expect(screen.getByText('手机号码应为 11 位数字')).toBeTruthy();
    expect(screen.getByText('请填写联系人')).toBeTruthy();
    expect(posted).toHaveLength(0);
  });

  it('submits a valid application once, with an Idempotency-Key, and opens it', async () => {
    const keys: string[] = [];
    server.events.on('request:start', ({ request }) => {
      if (request.method === 'POST') keys.push(request.headers.get('idempotency-key') ?? '');
    });
    renderApp(`${BASE}/accept`);
    // The GB 11643 sample number: its check character X is right.
    await fill(/证件号码/, '11010519491231002X');
    await fill(/户名/, '张三');
    await fill(/用电地址/, '江北县城关镇人民路1号');
    await fill(/联系人/, '张三');
    await fill(/联系电话/, '13812345678');
    fireEvent.change(screen.getByLabelText(/申请容量/), { target: { value: '8' } });
    await userEvent.click(screen.getByRole('button', { name: /提交受理/ }));
    expect(await screen.findByText(/业扩申请 YK20260302\d{5}/)).toBeTruthy();
    expect(posted).toEqual([expect.objectContaining({ certNo: '11010519491231002X', category: '低压居民', applyCap: 8, orgUnitCode: '334010101' })]);
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe('');
  });
});

describe('R5: unsaved input', () => {
  function routingEvent(): { event: Event; cancel: ReturnType<typeof vi.fn> } {
    const cancel = vi.fn();
    return { event: new CustomEvent('single-spa:before-routing-event', { detail: { cancelNavigation: cancel } }), cancel };
  }

  it('asks before the shell navigates away from a touched 受理 form, and lets it go when the user agrees', async () => {
    renderApp(`${BASE}/accept`);
    const clean = routingEvent();
    window.dispatchEvent(clean.event);
    expect(clean.cancel).not.toHaveBeenCalled();
    await fill(/户名/, '张三');
    // happy-dom has no window.confirm: stand one in for the browser's dialog.
    const original = window.confirm;
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    window.confirm = confirm;
    const stay = routingEvent();
    window.dispatchEvent(stay.event);
    expect(confirm).toHaveBeenCalledWith(expect.stringContaining('放弃未提交的内容'));
    expect(stay.cancel).toHaveBeenCalledTimes(1);
    const leave = routingEvent();
    window.dispatchEvent(leave.event);
    expect(leave.cancel).not.toHaveBeenCalled();
    window.confirm = original;
  });
});

describe('环节办理', () => {
  it('refuses an install form with a bad meter asset number before sending', async () => {
    renderApp(`${BASE}/applications/YK2026030200002/install`);
    await fill(/电能表资产编号/, '12345');
    await userEvent.click(await screen.findByRole('button', { name: /提交装表接电/ }));
    expect(await screen.findByText('电能表资产编号应为 33 开头的 13 位数字')).toBeTruthy();
    expect(actions).toEqual([]);
  });

  it('completes 装表接电 with a valid form and shows the next node', async () => {
    renderApp(`${BASE}/applications/YK2026030200002/install`);
    await fill(/电能表资产编号/, '3380000000001');
    await userEvent.click(await screen.findByRole('button', { name: /提交装表接电/ }));
    expect(await screen.findByText('办理：资料归档')).toBeTruthy();
    expect(actions).toEqual([`${API}/applications/YK2026030200002/install:complete`]);
  });

  it('shows the survey form of the open node, with the contract’s messages for missing choices', async () => {
    renderApp(`${BASE}/applications/YK2026030200001/survey`);
    expect(await screen.findByText('办理：现场勘查')).toBeTruthy();
    await fill(/勘查意见/, '具备供电条件');
    await userEvent.click(screen.getByRole('button', { name: /提交现场勘查/ }));
    expect(await screen.findByText('请选择勘查结果')).toBeTruthy();
    expect(actions).toEqual([]);
  });

  it('tells that a task link is stale when the application moved on', async () => {
    renderApp(`${BASE}/applications/YK2026030200003/survey?task=abc`);
    expect(await screen.findByText('该申请已不在「现场勘查」环节，当前环节：供电方案')).toBeTruthy();
  });
});
