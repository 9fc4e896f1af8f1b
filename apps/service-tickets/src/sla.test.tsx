// 工单时限配置 (ADR 0039): the limits in effect, an override sent with the rule's version as If-Match and the
// contract's rule under the input, and the page closed to users without kf:sla:manage.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { KF_SLA_MANAGE } from '@wb/contracts/ticket';
import { createTicketDataset, ticketHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { renderMicroApp, serveMocks } from '@wb/sdk/testing';
import { App } from './App.tsx';
import { ALL_TICKET_PERMISSIONS, API, BASE, agentProps } from './test-support.ts';

const RULE_PATH = /\/admin\/sla-rules\/SERVICE(:|%3A)CHARGING$/;
const log = serveMocks(createMockServer(...ticketHandlers({ dataset: createTicketDataset() })), API);

describe('工单时限配置', { timeout: 30_000 }, () => {
  it('overrides a type’s limit with If-Match 0, refusing a limit of 0 before sending', async () => {
    renderMicroApp(<App />, { url: `${BASE}/sla`, props: agentProps([...ALL_TICKET_PERMISSIONS, KF_SLA_MANAGE]) });
    const row = (await screen.findByText('充电预约')).closest('tr') as HTMLElement;
    expect(within(row).getByText('到达现场 45 分钟')).toBeTruthy();
    await userEvent.click(within(row).getByRole('button', { name: '调整 充电预约' }));
    const dialog = await screen.findByRole('dialog');
    const amount = within(dialog).getByLabelText('到达现场时限');
    fireEvent.change(amount, { target: { value: '0' } });
    await userEvent.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    expect(await within(dialog).findByText('时限至少为 1')).toBeTruthy();
    expect(log.filter('PUT', RULE_PATH)).toHaveLength(0);

    fireEvent.change(amount, { target: { value: '30' } });
    fireEvent.change(within(dialog).getByLabelText('依据（文件或通知）'), { target: { value: '2026 年充电服务通知' } });
    await userEvent.click(within(dialog).getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(log.filter('PUT', RULE_PATH)).toHaveLength(1));
    const put = log.filter('PUT', RULE_PATH)[0]!;
    expect(put.ifMatch).toBe('0');
    expect(put.json).toEqual({ clocks: [{ clock: 'arrive', unit: 'minutes', amount: 30 }], source: '2026 年充电服务通知' });
    const updated = (await screen.findByText('到达现场 30 分钟')).closest('tr') as HTMLElement;
    expect(within(updated).getByText('已调整')).toBeTruthy();
    expect(within(updated).getByRole('button', { name: /恢复默认/ })).toBeTruthy();
  });

  it('is closed to users without kf:sla:manage', async () => {
    renderMicroApp(<App />, { url: `${BASE}/sla`, props: agentProps(ALL_TICKET_PERMISSIONS) });
    expect(await screen.findByText('您没有工单时限配置权限，请联系管理员开通。')).toBeTruthy();
  });
});
