import { act, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkflowDataset } from '@wb/mocks';
import { NOTIFICATION_POLL_MS } from '../notifications/use-notifications.ts';
import { renderShell } from '../test/render-shell.tsx';
import { serveWorkflowMocks } from '../testing/workflow-mocks.ts';
import { testApp, testFeed, testUser } from '../test/fixtures.ts';

// The diagram (bpmn-js) is checked in the browser test (e2e/inbox.spec.ts); here it would only cost time.
vi.mock('./BpmnDiagram.tsx', () => ({ BpmnDiagram: () => <div data-testid="wb-bpmn" /> }));

// The page is a lazy chunk with antd Table and Drawer: slow under happy-dom on a busy machine.
configure({ asyncUtilTimeout: 8000 });

let data: WorkflowDataset;
const { requests } = serveWorkflowMocks('yk02', (fresh) => (data = fresh));
beforeAll(async () => {
  // Warm the lazily imported page chunk so that the first test does not pay the transform time.
  await import('./InboxPage.tsx');
});

const handler = testUser({ username: 'yk02', displayName: '勘查员', permissions: ['wf:task:handle'] });
const connectionApp = testApp('new-connection', {
  name: '业扩报装',
  workflows: [{ processKey: 'yk_low_resident', nodes: { survey: '/app/new-connection/applications/:businessKey/survey' } }],
});

function renderInbox(path = '/inbox', apps = [connectionApp]) {
  return renderShell({ path, feed: testFeed({ user: handler, apps, menus: [] }) });
}

const inboxCalls = () => requests.filter((r) => r.method === 'GET' && r.url.pathname.endsWith('/inbox') && r.url.searchParams.get('pageSize') !== '1');
const row = (businessKey: string): HTMLElement => screen.getByText(businessKey).closest('tr') as HTMLElement;

describe('inbox page', { timeout: 40_000 }, () => {
  it('lists 待办 with its count and SLA colours; a history box shows its count while open (ADR 0108)', async () => {
    renderInbox();
    await waitFor(() => expect(screen.getByText('YK2026112700001')).toBeTruthy());
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs).toEqual(['待办（6）', '已办', '我发起', '抄送']);
    const tags = screen.getAllByTestId('wb-sla-tag');
    const bySla = Object.fromEntries(tags.map((tag) => [tag.dataset['sla'], { text: tag.textContent, className: tag.className }]));
    expect(bySla['NORMAL']).toMatchObject({ text: '正常', className: expect.stringContaining('success') });
    expect(bySla['WARNING']).toMatchObject({ text: '即将超期', className: expect.stringContaining('warning') });
    expect(bySla['OVERDUE']).toMatchObject({ text: '已超期', className: expect.stringContaining('error') });
    expect(bySla['PAUSED']?.text).toBe('已暂停');
    expect(inboxCalls()[0]?.url.searchParams.get('box')).toBe('todo');
  });

  it('shows a history count the service stopped at its cap as 999+, in the tab and the pager (ADR 0091)', async () => {
    // A year of 已办: 1,200 completed tasks, of which the service counts 1,000 and says so.
    const template = data.tasks[0]!;
    for (let n = 0; n < 1200; n++) {
      data.tasks.push({ ...template, id: `done-${n}`, businessKey: `YK2025${String(n).padStart(9, '0')}`, state: 'COMPLETED', assignee: 'yk02', mayAct: false });
    }
    renderInbox('/inbox?box=done');
    await waitFor(() => expect(screen.getByText('YK2025000000000')).toBeTruthy());
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs).toEqual(['待办（6）', '已办（999+）', '我发起', '抄送']);
    expect(screen.getByText('共 999+ 条')).toBeTruthy();
  });

  it('keeps tab and filters in the URL and sends them as the query', async () => {
    const { env } = renderInbox('/inbox?slaState=OVERDUE');
    await waitFor(() => expect(screen.getByText('YK2026112700003')).toBeTruthy());
    expect(screen.queryByText('YK2026112700001')).toBeNull();
    expect(inboxCalls().at(-1)?.url.searchParams.get('slaState')).toBe('OVERDUE');

    const search = screen.getByRole('searchbox', { name: '关键字' });
    fireEvent.change(search, { target: { value: '居民3' } });
    fireEvent.keyDown(search, { key: 'Enter', code: 'Enter', keyCode: 13 });
    await waitFor(() => expect(inboxCalls().at(-1)?.url.searchParams.get('q')).toBe('居民3'));
    expect(env.store.getState().location.search).toBe('?box=todo&slaState=OVERDUE&q=%E5%B1%85%E6%B0%913');

    fireEvent.click(screen.getByRole('tab', { name: /我发起/ }));
    await waitFor(() => expect(inboxCalls().at(-1)?.url.searchParams.get('box')).toBe('started'));
    expect(window.location.search).toContain('box=started');
  });

  it('claims an open task', async () => {
    renderInbox();
    await waitFor(() => expect(screen.getByText('YK2026112700003')).toBeTruthy());
    expect(within(row('YK2026112700001')).queryByRole('button', { name: '签收' })).toBeNull();
    fireEvent.click(within(row('YK2026112700003')).getByRole('button', { name: '签收' }));
    await waitFor(() => expect(within(row('YK2026112700003')).getByText('已签收')).toBeTruthy());
    expect(requests.some((r) => r.method === 'POST' && r.url.pathname.endsWith('/tasks/t-3/claim'))).toBe(true);
    expect(data.tasks.find((t) => t.id === 't-3')).toMatchObject({ state: 'CLAIMED', assignee: 'yk02' });
  });

  it('shows the refusal when someone else claimed the task first', async () => {
    renderInbox();
    await waitFor(() => expect(screen.getByText('YK2026112700004')).toBeTruthy());
    Object.assign(data.tasks.find((t) => t.id === 't-4')!, { state: 'CLAIMED', assignee: 'other' });
    fireEvent.click(within(row('YK2026112700004')).getByRole('button', { name: '签收' }));
    await waitFor(() => expect(screen.getByText('该待办已被他人签收')).toBeTruthy());
  });

  it('opens a task at the route its node is bound to, with ?task=', async () => {
    const { env } = renderInbox();
    await waitFor(() => expect(screen.getByText('YK2026112700001')).toBeTruthy());
    fireEvent.click(within(row('YK2026112700001')).getByRole('button', { name: '办理' }));
    expect(env.store.getState().location).toEqual({ pathname: '/app/new-connection/applications/YK2026112700001/survey', search: '?task=t-1' });
  });

  it('opens a ?task= deep link (a notification) in its app, replacing the inbox URL', async () => {
    const { env } = renderInbox('/inbox?task=t-2');
    const length = window.history.length;
    await waitFor(() => expect(env.store.getState().location.pathname).toBe('/app/new-connection/applications/YK2026112700002/survey'));
    expect(env.store.getState().location.search).toBe('?task=t-2');
    expect(window.history.length).toBe(length);
  });

  it('handles a task no app serves in the drawer with the generic form (If-Match)', async () => {
    renderInbox('/inbox', []);
    await waitFor(() => expect(screen.getByText('YK2026112700001')).toBeTruthy());
    fireEvent.click(within(row('YK2026112700001')).getByRole('button', { name: '办理' }));
    const form = await screen.findByTestId('wb-complete-form');
    expect(screen.getByTestId('wb-instance-timeline').textContent).toContain('资料齐全，同意受理');
    fireEvent.change(within(form).getByPlaceholderText('请填写处理意见'), { target: { value: '现场具备接电条件' } });
    fireEvent.click(within(form).getByRole('button', { name: /提\s*交/ }));
    await waitFor(() => expect(data.tasks.find((t) => t.id === 't-1')?.state).toBe('COMPLETED'));
    const complete = requests.find((r) => r.method === 'POST' && r.url.pathname.endsWith('/tasks/t-1/complete'));
    expect(complete?.headers.get('if-match')).toBe('1');
    expect(data.instances[0]?.history.at(-1)).toMatchObject({ action: 'COMPLETE', opinion: '现场具备接电条件' });
  });

  it('shows business data under the process’s labels, never raw keys, and no form for a task the user may not act on', async () => {
    data.tasks[0]!.mayAct = false;
    data.tasks[0]!.candidates = '勘查员（城关供电所）';
    renderInbox('/inbox', []);
    await waitFor(() => expect(screen.getByText('YK2026112700001')).toBeTruthy());
    fireEvent.click(within(row('YK2026112700001')).getByRole('button', { name: '办理' }));
    const drawer = await screen.findByTestId('wb-instance-drawer');
    await waitFor(() => expect(within(drawer).getByText('申请容量')).toBeTruthy());
    expect(drawer.textContent).not.toContain('capacity');
    expect(drawer.textContent).toContain('通过');
    expect(await screen.findByTestId('wb-task-notice')).toBeTruthy();
    expect(screen.queryByTestId('wb-complete-form')).toBeNull();
  });

  it('counts the 待办 of the user’s other posts and asks to switch post for them', async () => {
    data.otherPosts = [{ code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '江北城关供电所', todo: 3 }];
    renderInbox();
    expect((await screen.findByTestId('wb-inbox-other-posts')).textContent).toContain('业扩受理员（江北城关供电所）3 条');
  });

  it('refuses a return without a reason, then returns with one', async () => {
    renderInbox('/inbox', []);
    await waitFor(() => expect(screen.getByText('YK2026112700002')).toBeTruthy());
    fireEvent.click(within(row('YK2026112700002')).getByRole('button', { name: '详情' }));
    const actions = await screen.findByTestId('wb-instance-actions');
    await waitFor(() => expect(within(actions).getByRole('button', { name: /退\s*回/ })).toBeTruthy());
    fireEvent.click(within(actions).getByRole('button', { name: /退\s*回/ }));
    const dialog = await screen.findByTestId('wb-action-return');
    const ok = () => screen.getByRole('button', { name: /确\s*定/ });
    fireEvent.click(ok());
    await waitFor(() => expect(screen.getByText('请填写退回原因')).toBeTruthy());
    expect(requests.some((r) => r.url.pathname.endsWith('/return'))).toBe(false);
    fireEvent.change(within(dialog).getByPlaceholderText('请填写退回原因'), { target: { value: '申请容量与资料不符' } });
    await act(async () => fireEvent.click(ok()));
    await waitFor(() => expect(data.tasks.find((t) => t.id === 't-2')?.state).toBe('CANCELLED'));
    expect(data.instances[1]?.history.at(-1)).toMatchObject({ action: 'RETURN', opinion: '申请容量与资料不符' });
  });

  it('is forbidden without wf:task:handle and asks the service nothing', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      renderShell({ path: '/inbox', feed: testFeed({ user: testUser({ permissions: ['cust:archive:view'] }) }) });
      expect(await screen.findByText('无权访问该应用')).toBeTruthy();
      // Past the notification poll: nothing asks the workflow service, now or later.
      await act(() => vi.advanceTimersByTimeAsync(2 * NOTIFICATION_POLL_MS + 1_000));
      expect(requests).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
