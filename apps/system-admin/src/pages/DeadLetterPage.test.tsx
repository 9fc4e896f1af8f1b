import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeadLetter } from '@wb/contracts/workflow';
import { iamHandlers } from '@wb/mocks';
import { createMockServer } from '@wb/mocks/node';
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
let dead: DeadLetter[] = [];
const actions: string[] = [];
const queries: string[] = [];
const server = createMockServer(
  ...iamHandlers(),
  http.get(`${WF_API}/outbox/dead-letters`, ({ request }) => {
    queries.push(new URL(request.url).search);
    return HttpResponse.json({ items: dead, total: dead.length, consumers: [{ name: 'workflow.push', pending: 1, dead: dead.length }] });
  }),
  http.post(`${WF_API}/outbox/dead-letters/:id/:action`, ({ params }) => {
    actions.push(`${String(params.action)} ${String(params.id)}`);
    dead = dead.filter((d) => d.id !== params.id);
    return new HttpResponse(null, { status: 204 });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => {
  dead = [letter('11', '501'), letter('12', '502')];
  actions.length = 0;
  queries.length = 0;
});
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

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
    expect(actions).toEqual(['retry 11', 'discard 12']);
    expect(await screen.findByText('没有死信：所有事件均已投递')).toBeTruthy();
  });

  it('refuses without wf:process:manage', async () => {
    renderOutbox(['sys:admin:manage']);
    expect(await screen.findByText('您没有流程管理权限，不能查看消息投递。')).toBeTruthy();
    expect(queries).toEqual([]);
  });
});
