// 派单台 with ticking SLA countdowns, 审核 退单 needing a reason, 查看 of a masked phone (audited, nothing else
// reloaded), a stale version (412) on a step, and the entry module with its home widgets.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '@wb/contracts';
import { createTicketDataset, ticketHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { mountMicroApp, renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';
import * as entry from './main.ts';
import { ALL_TICKET_PERMISSIONS, API, BASE, agentProps } from './test-support.ts';

const dataset = createTicketDataset();
const server = createMockServer(...ticketHandlers({ dataset }));
const log = serveMocks(server, API);
const ticketOf = (no: string) => dataset.tickets.find((t) => t.detail.no === no)!.detail;

afterEach(() => {
  vi.useRealTimers();
});

describe('派单台', () => {
  it('lists the tickets to dispatch with SLA countdowns that tick every second', async () => {
    // Only intervals and the clock are fake: msw, Query and Testing Library keep their real timeouts.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    const repair = ticketOf('2026000000000101');
    repair.sla = { ...repair.sla!, dueAt: new Date(Date.now() + 30 * 60_000 + 30_000).toISOString() };
    renderMicroApp(<App />, { url: `${BASE}/dispatch`, props: agentProps(ALL_TICKET_PERMISSIONS) });

    const link = await screen.findByRole('link', { name: repair.no });
    expect(link.getAttribute('href')).toBe(`${BASE}/tickets/${repair.no}`);
    const row = link.closest('tr') as HTMLElement;
    expect(within(row).getByText('到达现场 还剩 30分')).toBeTruthy();
    expect(within(row).getByRole('link', { name: `办理 ${repair.no} 派单` }).getAttribute('href')).toBe(`${BASE}/tickets/${repair.no}/dispatch`);
    // Every row waits for 派单.
    const dispatchRows = dataset.tickets.filter((t) => t.detail.status === 'DISPATCH');
    for (const t of dispatchRows) expect(screen.getByRole('link', { name: t.detail.no })).toBeTruthy();
    expect(screen.getByText(`共 ${dispatchRows.length} 件`)).toBeTruthy();

    act(() => vi.advanceTimersByTime(60_000));
    expect(within(row).getByText('到达现场 还剩 29分')).toBeTruthy();
    // Past the due time the tag turns to 已超期 without a reload.
    const reads = log.filter('GET', '/tickets').length;
    act(() => vi.advanceTimersByTime(31 * 60_000));
    expect(within(row).getByText('到达现场 已超 1分')).toBeTruthy();
    expect(within(row).getByText('已超期')).toBeTruthy();
    expect(log.filter('GET', '/tickets').length).toBeGreaterThanOrEqual(reads);
  });

  it('re-routes a ticket to another 供电所 when dispatching', async () => {
    const ticket = ticketOf('2026000000000102');
    renderMicroApp(<App />, { url: `${BASE}/tickets/${ticket.no}/dispatch`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    await screen.findByText('办理：派单');
    const target = dataset.units.find((u) => u.code !== ticket.orgUnitCode)!;
    const select = screen.getByRole('combobox', { name: '处理单位' });
    fireEvent.mouseDown(select);
    await userEvent.click(await screen.findByTitle(target.name));
    await userEvent.click(screen.getByRole('button', { name: '确认派单' }));
    await waitFor(() => expect(ticket.status).toBe('ACCEPT'));
    await log.settled();
    const post = log.filter('POST', `/tickets/${ticket.no}/dispatch:complete`)[0]!;
    expect(post.json).toEqual({ orgUnitCode: target.code, opinion: '' });
    expect(post.ifMatch).toBe('1');
    expect(ticket.orgUnitName).toBe(target.name);
  });
});

describe('到达现场', () => {
  it('reads the arrival time as Beijing time whatever the PC’s zone, and fills it with Beijing’s now', async () => {
    const ticket = ticketOf('2026000000000103');
    renderMicroApp(<App />, { url: `${BASE}/tickets/${ticket.no}/arrive`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    await screen.findByText('办理：到达现场');
    const input = screen.getByLabelText('到达时间') as HTMLInputElement;
    // The default is the Beijing wall clock of now (the browser of this test runs in its own zone).
    expect(Math.abs(Date.parse(`${input.value}:00+08:00`) - Date.now())).toBeLessThan(2 * 60_000);
    // 10 minutes ago on the Beijing clock is 10 minutes ago, not 10 minutes ago ± the PC's offset.
    const at = Math.floor((Date.now() - 10 * 60_000) / 60_000) * 60_000;
    const wall = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(at)).replace(' ', 'T');
    fireEvent.change(input, { target: { value: wall } });
    await userEvent.click(screen.getByRole('button', { name: '确认到达' }));
    await waitFor(() => expect(log.filter('POST', `/tickets/${ticket.no}/arrive:complete`)).toHaveLength(1));
    expect(log.filter('POST', `/tickets/${ticket.no}/arrive:complete`)[0]!.json).toMatchObject({ arrivedAt: new Date(at).toISOString() });
  });
});

describe('a step opened from the inbox', () => {
  /** The shell's navigate, as it changes the address bar (the app's own history follows it). */
  const shellNavigate = () =>
    vi.fn((to: string): undefined => {
      window.history.replaceState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate'));
    });
  /** A dataset of its own: a step moves its ticket on, which other tests of the ticket must not see. */
  const ownTicket = (no: string) => {
    const own = createTicketDataset();
    server.use(...ticketHandlers({ dataset: own }));
    return own.tickets.find((t) => t.detail.no === no)!.detail;
  };

  it('goes on to the next step of the same crew (到达 → 回单) with no “moved on” notice, replacing the done one', async () => {
    const ticket = ownTicket('2026000000000103');
    const navigate = shellNavigate();
    renderMicroApp(<App />, { url: `${BASE}/tickets/${ticket.no}/arrive?task=t-arrive`, props: agentProps(ALL_TICKET_PERMISSIONS, navigate) });
    await screen.findByText('办理：到达现场');
    await userEvent.click(screen.getByRole('button', { name: '确认到达' }));
    // The next step's own task goes with it, as the inbox would open it.
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`^${BASE}/tickets/${ticket.no}/handle\\?task=.+`)), { replace: true }));
    await screen.findByText('办理：处理回单');
    expect(screen.queryByText(/该工单已不在/)).toBeNull();
  });

  it('gives way to the ticket’s page after a step opened from a list’s link (no task): the open step shows there, no notice', async () => {
    const ticket = ownTicket('2026000000000103');
    const navigate = shellNavigate();
    renderMicroApp(<App />, { url: `${BASE}/tickets/${ticket.no}/arrive`, props: agentProps(ALL_TICKET_PERMISSIONS, navigate) });
    await screen.findByText('办理：到达现场');
    await userEvent.click(screen.getByRole('button', { name: '确认到达' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith(`${BASE}/tickets/${ticket.no}`, { replace: true }));
    await screen.findByText('办理：处理回单');
    expect(screen.queryByText(/该工单已不在/)).toBeNull();
  });

  it('goes back to 我的待办 when the ticket has no step left for the user (回访 → 归档)', async () => {
    const ticket = ownTicket('2026000000000106');
    const navigate = shellNavigate();
    renderMicroApp(<App />, { url: `${BASE}/tickets/${ticket.no}/revisit?task=t-revisit`, props: agentProps(ALL_TICKET_PERMISSIONS, navigate) });
    await screen.findByText('办理：回访');
    await userEvent.click(screen.getByText('满意'));
    await userEvent.click(screen.getByRole('button', { name: '提交回访' }));
    await waitFor(() => expect(navigate).toHaveBeenCalledWith('/inbox', { replace: true, notice: '「回访」已提交' }));
  });
});

describe('审核', () => {
  it('needs a reason for 退单 before anything is sent, then sends the ticket back to the 供电所', async () => {
    const ticket = ticketOf('2026000000000105');
    renderMicroApp(<App />, { url: `${BASE}/tickets/${ticket.no}/review`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    await screen.findByText('办理：审核');
    await userEvent.click(screen.getByText('退单（退回供电所重新处理）'));
    await userEvent.click(screen.getByRole('button', { name: '提交审核' }));
    expect(await screen.findByText('退单请填写原因')).toBeTruthy();
    expect(log.filter('POST', `/tickets/${ticket.no}/review:complete`)).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('审核意见（退单时必填原因）'), { target: { value: '未填写故障原因，请补充' } });
    await userEvent.click(screen.getByRole('button', { name: '提交审核' }));
    await waitFor(() => expect(ticket.status).toBe('ARRIVED'));
    expect(await screen.findByText('办理：处理回单')).toBeTruthy();
    expect(screen.getByText(/退单：未填写故障原因，请补充/)).toBeTruthy();
  });
});

describe('工单详情', () => {
  it('shows the phone masked; 查看 shows it in clear, says it is audited and reloads nothing else', async () => {
    const no = '2026000000000104';
    const clear = dataset.tickets.find((t) => t.detail.no === no)!.clear;
    renderMicroApp(<App />, { url: `${BASE}/tickets/${no}`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    expect(await screen.findByText(`工单 ${no}`)).toBeTruthy();
    const maskedPhone = ticketOf(no).contactPhone;
    expect(screen.getAllByText(maskedPhone).length).toBeGreaterThan(0);
    expect(screen.queryByText(clear.contactPhone)).toBeNull();
    await log.settled();
    const before = log.requests.length;

    await userEvent.click(screen.getByRole('button', { name: /查看/ }));
    expect(await screen.findByText('已显示完整号码，本次查看已记录留痕')).toBeTruthy();
    expect(screen.getAllByText(clear.contactPhone).length).toBeGreaterThan(0);
    expect(screen.getByText(clear.certNo!)).toBeTruthy();
    // One request, the reveal, and no reload of the ticket or anything else.
    expect(log.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual([`POST /tickets/${no}/reveal`]);
  });

  it('offers no 查看 without the reveal permission', async () => {
    const no = '2026000000000104';
    renderMicroApp(<App />, { url: `${BASE}/tickets/${no}`, props: agentProps(ALL_TICKET_PERMISSIONS.filter((p) => p !== 'kf:pii:reveal')) });
    expect(await screen.findByText(`工单 ${no}`)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /查看/ })).toBeNull();
  });

  it('shows the conflict of a stale version (412) and loads the ticket again', async () => {
    const ticket = ticketOf('2026000000000106');
    server.use(
      http.post(`${API}/tickets/:no/:action`, () =>
        HttpResponse.json({ error: { code: ErrorCode.PreconditionFailed, message: '工单已被他人处理，请刷新后重试' } }, { status: 412 }),
      ),
    );
    renderMicroApp(<App />, { url: `${BASE}/tickets/${ticket.no}/revisit`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    await screen.findByText('办理：回访');
    await userEvent.click(screen.getByText('满意'));
    const detailReads = () => log.filter('GET', `/tickets/${ticket.no}`).length;
    const before = detailReads();
    await userEvent.click(screen.getByRole('button', { name: '提交回访' }));
    expect(await screen.findByText('工单已被他人处理，请刷新后重试')).toBeTruthy();
    expect(log.filter('POST', `/tickets/${ticket.no}/revisit:complete`)[0]?.ifMatch).toBe(String(ticket.version));
    await waitFor(() => expect(detailReads()).toBe(before + 1));
    expect(ticket.status).toBe('REVISIT');
  });
});

describe('micro-app entry', () => {
  it('exports the lifecycles and the three home widgets, which show the numbers of /stats', async () => {
    expect(Object.keys(entry).sort()).toEqual(['bootstrap', 'mount', 'parts', 'unmount', 'update', 'widgets']);
    expect(Object.keys(entry.widgets).sort()).toEqual(['my-open', 'overdue', 'today-calls']);
    const widget = await mountMicroApp(entry.widgets['overdue']!, { ...agentProps(ALL_TICKET_PERMISSIONS), url: `${BASE}/mine` });
    expect(await within(widget.element).findByText('已超期')).toBeTruthy();
    const expected = dataset.tickets.filter((t) => t.detail.sla && t.detail.status !== 'ARCHIVED' && Date.parse(t.detail.sla.dueAt) < Date.now()).length;
    expect(expected).toBeGreaterThan(0);
    const value = within(widget.element).getByText('已超期').closest('.ant-statistic')?.querySelector('.ant-statistic-content-value');
    expect(value?.textContent).toBe(String(expected));
    await widget.unmount();
    expect(widget.element.childNodes).toHaveLength(0);
  });
});
