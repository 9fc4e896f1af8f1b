import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from '@wb/contracts/workflow';
import { createWorkflowDataset, iamHandlers, workflowHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
import { serveMocks } from '@wb/sdk/testing';
import { WF_API, renderAdmin } from '../test-support.tsx';

const letter = (id: string, eventId: string): DeadLetter => ({
  id,
  consumer: 'workflow.push',
  eventId,
  topic: 'notice.created',
  payload: { title: '新待办：现场勘查' },
  attempts: 8,
  lastError: 'redis unavailable',
  createdAt: '2026-12-01T02:00:00.000Z',
  failedAt: '2026-12-01T02:30:00.000Z',
});
const server = createMockServer(...iamHandlers());
/** Requests the workflow mock received (paths below the workflow service's base). */
const log = serveMocks(server, WF_API);

beforeEach(() => {
  // The shared workflow mock with an outbox of one consumer: two dead letters and one delivery waiting.
  const data = createWorkflowDataset({ username: 'admin' });
  data.outbox = {
    consumers: ['workflow.push'],
    deliveries: [{ ...letter('11', '501'), status: 'DEAD' }, { ...letter('12', '502'), status: 'DEAD' }, { ...letter('13', '503'), status: 'PENDING', attempts: 0, lastError: null }],
  };
  server.use(...iamHandlers(), ...workflowHandlers({ data }));
});

const renderOutbox = (permissions = ['sys:admin:manage', 'wf:process:manage']) => renderAdmin('/app/system-admin/outbox', permissions);

describe('消息投递', () => {
  it('lists dead letters with the consumer counts; 重试 and 丢弃 act on one and refresh the list', async () => {
    renderOutbox();
    expect((await screen.findByTestId('wb-outbox-consumer')).textContent).toBe('通知推送（workflow.push）：待投递 1，死信 2');
    const row = (await screen.findByText('501')).closest('tr')!;
    expect(within(row).getByText('redis unavailable')).toBeTruthy();
    expect(within(row).getByText('新通知（notice.created）')).toBeTruthy();
    await userEvent.click(within(row).getByRole('button', { name: '重试' }));
    await waitFor(() => expect(screen.queryByText('501')).toBeNull());
    const other = screen.getByText('502').closest('tr')!;
    await userEvent.click(within(other).getByRole('button', { name: '丢弃' }));
    const confirm = (await screen.findByText('丢弃这条死信？')).closest<HTMLElement>('.ant-popover')!;
    await userEvent.click(within(confirm).getByRole('button', { name: /^丢\s*弃$/ }));
    await waitFor(() => expect(screen.queryByText('502')).toBeNull());
    expect(log.filter('POST').map((r) => r.path)).toEqual(['/outbox/dead-letters/11/retry', '/outbox/dead-letters/12/discard']);
    expect(await screen.findByText('没有死信：所有事件均已投递')).toBeTruthy();
  });

  it('refuses without wf:process:manage', async () => {
    renderOutbox(['sys:admin:manage']);
    expect(await screen.findByText('您没有流程管理权限，不能查看消息投递。')).toBeTruthy();
    expect(log.filter('GET', '/outbox/dead-letters')).toEqual([]);
  });
});
