import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { beforeEach, describe, expect, it } from 'vitest';
import { connectionHandlers, createConnectionDataset } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { createTestLeaveGuards, serveMocks, renderMicroApp } from '@wb/sdk/testing';
import type { TestWorkbenchPropsOverrides } from '@wb/sdk/testing';
import { App } from './App.tsx';

const BASE = '/app/new-connection';
const API = '/api/svc/connection/v1';
const server = createMockServer(...connectionHandlers({ dataset: createConnectionDataset() }));
const log = serveMocks(server, API);
// Each test starts from the dataset as seeded: a step one test completes is open again for the next, in any order.
beforeEach(() => server.resetHandlers(...connectionHandlers({ dataset: createConnectionDataset() })));
/** Applications registered (`POST /applications` bodies). */
const posted = async (): Promise<unknown[]> => {
  await log.settled();
  return log.filter('POST', '/applications').map((r) => r.json);
};
/** Step operations sent (`/applications/<no>/<node>:complete`, return, …), as full paths. */
const actions = (): string[] => log.requests.filter((r) => r.method === 'POST' && r.path !== '/applications').map((r) => `${API}${r.path}`);


const station = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '江北城关供电所' };

function renderApp(url: string, permissions = ['yk:apply:view', 'yk:apply:accept', 'yk:apply:handle'], props: TestWorkbenchPropsOverrides = {}) {
  return renderMicroApp(<App />, {
    url,
    props: {
      appId: 'new-connection',
      services: { connection: API },
      session: { permissions, posts: [station], activePost: station },
      ...props,
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
    expect(await posted()).toHaveLength(0);
  });

  it('submits a valid application once, with an Idempotency-Key, and opens it', async () => {
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
    expect(await posted()).toEqual([expect.objectContaining({ certNo: '11010519491231002X', category: '低压居民', applyCap: 8, orgUnitCode: '334010101' })]);
    const keys = log.filter('POST', '/applications').map((r) => r.headers.get('idempotency-key') ?? '');
    expect(keys).toHaveLength(1);
    expect(keys[0]).not.toBe('');
  });
});

describe('受理登记: 重复申请检查 (issue 17)', () => {
  it('warns about a customer on file at the typed address, with a link into 客户档案', async () => {
    const opened: string[] = [];
    renderApp(`${BASE}/accept`, ['yk:apply:view', 'yk:apply:accept'], { navigate: (to: string) => void opened.push(to) });
    server.use(
      http.post(`${API}/duplicate-checks`, () =>
        HttpResponse.json({ applications: [], customers: [{ consNo: '3300000007', name: '张三', address: '江北县城关镇人民路1号' }] }),
      ),
    );
    await fill(/证件号码/, '11010519491231002X');
    await fill(/户名/, '张三');
    expect(screen.queryByTestId('customer-on-file-warning')).toBeNull();
    await fill(/用电地址/, '江北县城关镇 人民路1号');
    const warning = await screen.findByTestId('customer-on-file-warning');
    expect(warning.textContent).toContain('张三 · 江北县城关镇人民路1号');
    await log.settled();
    expect(log.filter('POST', '/duplicate-checks').at(-1)?.json).toEqual({ certNo: '11010519491231002X', consName: '张三', address: '江北县城关镇 人民路1号' });
    fireEvent.click(screen.getByRole('link', { name: '3300000007' }));
    expect(opened).toEqual(['/app/customer-archive/customers/3300000007']);
  });
});

describe('R5: unsaved input', () => {
  /** The shell's `leaveGuards` prop (ADR 0015) for the app, and whether any guard the app added is dirty. */
  function shellGuards() {
    const guards = createTestLeaveGuards();
    return { host: guards.forOwner('new-connection'), dirty: () => guards.dirty().length > 0 };
  }

  it('tells the shell about a touched 受理 form, so that leaving through the shell asks', async () => {
    const { host, dirty } = shellGuards();
    renderApp(`${BASE}/accept`, ['yk:apply:view', 'yk:apply:accept'], { leaveGuards: host });
    await screen.findByLabelText(/户名/);
    expect(dirty()).toBe(false);
    await fill(/户名/, '张三');
    await waitFor(() => expect(dirty()).toBe(true));
  });

  it('tells the shell about a touched step form, and forgets it when the page goes away', async () => {
    const { host, dirty } = shellGuards();
    const { unmount } = renderApp(`${BASE}/applications/YK2026030200001/survey`, ['yk:apply:view', 'yk:apply:handle'], { leaveGuards: host });
    await fill(/勘查意见/, '具备供电条件');
    await waitFor(() => expect(dirty()).toBe(true));
    unmount();
    expect(dirty()).toBe(false);
  });

  it('without a shell (dev server) the browser asks before the tab closes', async () => {
    renderApp(`${BASE}/accept`);
    const unload = (): boolean => {
      const event = new Event('beforeunload', { cancelable: true });
      window.dispatchEvent(event);
      return event.defaultPrevented;
    };
    await screen.findByLabelText(/户名/);
    expect(unload()).toBe(false);
    await fill(/户名/, '张三');
    await waitFor(() => expect(unload()).toBe(true));
  });
});

describe('环节办理', () => {
  it('refuses an install form with a bad meter asset number before sending', async () => {
    renderApp(`${BASE}/applications/YK2026030200002/install`);
    await fill(/电能表资产编号/, '12345');
    await userEvent.click(await screen.findByRole('button', { name: /提交装表接电/ }));
    expect(await screen.findByText('电能表资产编号应为 33 开头的 13 位数字')).toBeTruthy();
    expect(actions()).toEqual([]);
  });

  it('completes 装表接电 with a valid form and shows the next node', async () => {
    renderApp(`${BASE}/applications/YK2026030200002/install`);
    await fill(/电能表资产编号/, '3380000000001');
    await userEvent.click(await screen.findByRole('button', { name: /提交装表接电/ }));
    expect(await screen.findByText('办理：资料归档')).toBeTruthy();
    expect(actions()).toEqual([`${API}/applications/YK2026030200002/install:complete`]);
  });

  it('shows the survey form of the open node, with the contract’s messages for missing choices', async () => {
    renderApp(`${BASE}/applications/YK2026030200001/survey`);
    expect(await screen.findByText('办理：现场勘查')).toBeTruthy();
    await fill(/勘查意见/, '具备供电条件');
    await userEvent.click(screen.getByRole('button', { name: /提交现场勘查/ }));
    expect(await screen.findByText('请选择勘查结果')).toBeTruthy();
    expect(actions()).toEqual([]);
  });

  it('shows no step form to whoever may not act on the step, but who handles it (Task.mayAct, issue 10)', async () => {
    const dataset = createConnectionDataset();
    const app = dataset.applications[0]!;
    app.openTask = { ...app.openTask!, mayAct: false, candidates: '勘查员（江北城关供电所）' };
    server.use(...connectionHandlers({ dataset }));
    renderApp(`${BASE}/applications/${app.appNo}/survey`);
    expect(await screen.findByText('「现场勘查」环节由 勘查员（江北城关供电所） 办理')).toBeTruthy();
    expect(screen.queryByText('办理：现场勘查')).toBeNull();
    expect(screen.queryByRole('button', { name: '退回' })).toBeNull();
  });

  it('asks to switch post when the step belongs to another post of the user', async () => {
    const dataset = createConnectionDataset();
    const app = dataset.applications[0]!;
    app.openTask = { ...app.openTask!, mayAct: false, switchPost: { code: 'YK_SURVEY', name: '勘查员', orgUnitCode: '334010101', orgUnitName: '江北城关供电所' } };
    server.use(...connectionHandlers({ dataset }));
    renderApp(`${BASE}/applications/${app.appNo}/survey`);
    expect(await screen.findByText(/请先在页眉切换岗位/)).toBeTruthy();
    expect(screen.queryByText('办理：现场勘查')).toBeNull();
  });

  it('tells that a task link is stale when the application moved on', async () => {
    renderApp(`${BASE}/applications/YK2026030200003/survey?task=abc`);
    expect(await screen.findByText('该申请已不在「现场勘查」环节，当前环节：供电方案')).toBeTruthy();
  });
});
