// 来电受理 (issue 12): a simulated call pops with the customers its number matches, the agent picks one, sees the
// precheck of a repair and creates the ticket; a repeated call about an open ticket is merged as 催办.
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { SHARED_PHONE, createTicketDataset, ticketHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { createTestPush, renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';
import { CALL_FALLBACK_POLL_MS, ticketKeys } from './api/tickets.ts';
import { ALL_TICKET_PERMISSIONS, BASE, API, agentProps } from './test-support.ts';

let dataset = createTicketDataset();
const server = createMockServer(...ticketHandlers({ dataset }));
const log = serveMocks(server, API);
// Each test starts from the dataset as seeded (no current call, no ticket of this file's): none reads what another
// left behind, in any order.
beforeEach(() => {
  dataset = createTicketDataset();
  server.resetHandlers(...ticketHandlers({ dataset }));
});

/** The telephony side rings the agent's seat from `callerNo` (as 模拟来电 does from the shared number). */
async function ring(callerNo = SHARED_PHONE): Promise<void> {
  const response = await fetch(`${API}/calls:simulate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ callerNo }) });
  expect(response.status).toBe(201);
}

const masked = `${SHARED_PHONE.slice(0, 3)}****${SHARED_PHONE.slice(7)}`;

async function simulateCall(): Promise<void> {
  expect(await screen.findByText('暂无来电')).toBeTruthy();
  await userEvent.click(screen.getByRole('button', { name: '模拟来电' }));
  // The pop (a notification) and the call panel both name the masked caller number.
  await waitFor(() => expect(screen.getAllByText(`来电 ${masked}`).length).toBeGreaterThanOrEqual(2));
}

describe('来电受理', () => {
  it('pops a simulated call, lists every customer on that phone, shows the repair precheck and creates the ticket', async () => {
    renderMicroApp(<App />, { url: `${BASE}/intake`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    await simulateCall();
    // Two customers share the phone: both offered, none picked for the agent.
    const picker = await screen.findByRole('radiogroup', { name: '匹配客户' });
    const first = dataset.customers[0]!;
    expect(within(picker).getByText(`${first.consName}（${first.consNo}）`)).toBeTruthy();
    expect(within(picker).getByText(`${dataset.customers[1]!.consName}（${dataset.customers[1]!.consNo}）`)).toBeTruthy();
    await userEvent.click(within(picker).getByText(`${first.consName}（${first.consNo}）`));

    await userEvent.click(screen.getByText('故障报修'));
    // Precheck before dispatching: the planned outage on the customer's 台区, no billing source yet, guidance.
    expect(await screen.findByText('计划停电（停电中）：10kV 城关线检修')).toBeTruthy();
    expect(screen.getByText('欠费情况：暂无电费数据源')).toBeTruthy();
    expect(screen.getByText('请客户检查家中漏电保护器（总开关）是否跳闸')).toBeTruthy();
    // The picked customer fills the contact and the address.
    expect((screen.getByLabelText('联系人') as HTMLInputElement).value).toBe(first.consName);
    expect((screen.getByLabelText('地址') as HTMLInputElement).value).toBe(first.address);

    fireEvent.change(screen.getByLabelText('受理内容'), { target: { value: '家里全部没电，邻居也没电' } });
    await userEvent.click(screen.getByRole('button', { name: '提交受理' }));

    expect(await screen.findByText(/受理成功：工单/)).toBeTruthy();
    await log.settled();
    const [post] = log.filter('POST', '/tickets');
    expect(post?.json).toMatchObject({ type: 'REPAIR', consNo: first.consNo, callId: 'C000001', contactName: first.consName, content: '家里全部没电，邻居也没电' });
    expect(post?.headers.get('idempotency-key')).toMatch(/.+/);
    const created = dataset.tickets[0]!.detail;
    expect(created).toMatchObject({ type: 'REPAIR', consNo: first.consNo, status: 'DISPATCH', urgeCount: 0 });
    expect(screen.getByRole('link', { name: created.no }).getAttribute('href')).toBe(`${BASE}/tickets/${created.no}`);
  });

  it('merges a repeated call about an open repair as 催办 and says so with the ticket number', async () => {
    const open = dataset.tickets.find((t) => t.detail.consNo === dataset.customers[1]!.consNo && t.detail.type === 'REPAIR')!.detail;
    const before = open.urgeCount;
    await ring();
    renderMicroApp(<App />, { url: `${BASE}/intake`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    // The call rang before the page opened: the panel shows it as the agent's current call.
    await screen.findByText(`来电 ${masked}`);
    const picker = await screen.findByRole('radiogroup', { name: '匹配客户' });
    await userEvent.click(within(picker).getByText(`${open.consName}（${open.consNo}）`));
    await userEvent.click(screen.getByText('故障报修'));
    fireEvent.change(screen.getByLabelText('受理内容'), { target: { value: '催问抢修人员何时到' } });
    await userEvent.click(screen.getByRole('button', { name: '提交受理' }));

    const merged = await screen.findByText(/已合并为催办：工单/);
    expect(within(merged.closest('.ant-alert') as HTMLElement).getByRole('link', { name: open.no })).toBeTruthy();
    expect(merged.closest('.ant-alert')?.textContent).toContain(`第 ${before + 1} 次催办`);
    expect(open.urgeCount).toBe(before + 1);
    expect(open.urges.at(-1)?.reason).toBe('催问抢修人员何时到');
  });

  it('closes a 咨询 answered on the call at once, with the knowledge snippet picked from a search', async () => {
    await ring();
    renderMicroApp(<App />, { url: `${BASE}/intake`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    const picker = await screen.findByRole('radiogroup', { name: '匹配客户' });
    const customer = dataset.customers[0]!;
    await userEvent.click(within(picker).getByText(`${customer.consName}（${customer.consNo}）`));
    await userEvent.click(screen.getByText('咨询'));
    await userEvent.click(screen.getByRole('switch', { name: '当场答复并办结' }));
    fireEvent.change(screen.getByLabelText('受理内容'), { target: { value: '咨询阶梯电价' } });
    // Without a snippet the answer is refused before anything is sent.
    await userEvent.click(screen.getByRole('button', { name: '提交并办结' }));
    expect(await screen.findByText('请选择答复所用的知识')).toBeTruthy();
    expect(log.filter('POST', '/tickets')).toHaveLength(0);

    const search = screen.getByRole('combobox', { name: '答复所用知识' });
    fireEvent.mouseDown(search);
    fireEvent.change(search, { target: { value: '电价' } });
    // The typed words reach the knowledge search (after the debounce), before the agent picks from its answer.
    await waitFor(() => expect(log.filter('GET', '/knowledge').some((r) => r.search.get('q') === '电价')).toBe(true));
    const snippet = dataset.knowledge.find((k) => k.title.includes('电价'))!;
    await userEvent.click(await screen.findByTitle(`${snippet.title}（${snippet.category}）`));
    // The snippet's text shows to read out.
    expect(await screen.findByText(snippet.content)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: '提交并办结' }));

    expect(await screen.findByText(/已当场答复并办结：工单/)).toBeTruthy();
    await log.settled();
    expect(log.filter('POST', '/tickets')[0]?.json).toMatchObject({ type: 'CONSULT', answeredOnCall: true, knowledgeId: snippet.id });
    expect(dataset.tickets[0]!.detail).toMatchObject({ status: 'CLOSED', knowledgeId: snippet.id });
  });

  it('pops a call the CTI system rang when the push stream tells, and polls only while the stream is down (ADR 0059)', async () => {
    await ring();
    const push = createTestPush({ open: true });
    const { queryClient } = renderMicroApp(<App />, { url: `${BASE}/intake`, props: { ...agentProps(ALL_TICKET_PERMISSIONS), push: push.push } });
    await screen.findByText(`来电 ${masked}`);
    await waitFor(() => expect(push.listeners()).toBe(1));
    await log.settled();
    const asked = log.filter('GET', '/calls/current').length;
    const interval = () => queryClient.getQueryCache().find({ queryKey: ticketKeys.currentCall() })?.observers[0]?.options.refetchInterval;
    expect(interval()).toBe(false);

    // The telephony side rings the seat (the service records it and notifies the agent); the page does not ask by itself.
    const other = dataset.customers.find((c) => c.phone !== SHARED_PHONE)!;
    await ring(other.phone);
    expect(screen.queryByText(`来电 ${other.phoneMasked}`)).toBeNull();
    act(() => push.emit('notification', { unread: 1 }));
    await waitFor(() => expect(screen.getAllByText(`来电 ${other.phoneMasked}`).length).toBeGreaterThanOrEqual(2));
    expect(within(await screen.findByRole('radiogroup', { name: '匹配客户' })).getByText(`${other.consName}（${other.consNo}）`)).toBeTruthy();
    await log.settled();
    expect(log.filter('GET', '/calls/current')).toHaveLength(asked + 1);

    // The stream dropped (refused): the page falls back to asking on its own, slowly.
    act(() => push.setOpen(false));
    await waitFor(() => expect(interval()).toBe(CALL_FALLBACK_POLL_MS));
  });

  it('refuses a repair without a confirmed customer, sending nothing', async () => {
    renderMicroApp(<App />, { url: `${BASE}/intake`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    await screen.findByRole('button', { name: '模拟来电' });
    await userEvent.click(screen.getByText('故障报修'));
    fireEvent.change(screen.getByLabelText('联系人'), { target: { value: '路人' } });
    fireEvent.change(screen.getByLabelText('地址'), { target: { value: '江北区城关镇' } });
    fireEvent.change(screen.getByLabelText('受理内容'), { target: { value: '路灯不亮' } });
    await userEvent.click(screen.getByRole('button', { name: '提交受理' }));
    expect(await screen.findByText('故障报修请先确认客户户号')).toBeTruthy();
    expect(log.filter('POST', '/tickets')).toHaveLength(0);
  });
});
