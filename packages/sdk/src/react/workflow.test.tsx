import { act, screen, waitFor } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InstanceDetail, Task } from '@wb/contracts/workflow';
import { renderMicroApp } from '../testing/index.ts';
import { useAfterTaskStep, useCompleteTask, useInstance, useStartProcess, useTask, useTaskContext, workflowQueryKeys } from './index.ts';

const BASE = '/api/svc/workflow/v1';
const services = { workflow: BASE };

function task(overrides: Partial<Task> = {}): Task {
  return {
    id: 't-1',
    instanceId: 'i-1',
    processKey: 'yk_low_resident',
    processName: '低压居民新装',
    processVersion: 1,
    nodeKey: 'survey',
    nodeName: '现场勘查',
    businessKey: 'YK2026112700001',
    businessTitle: '张三 低压居民新装',
    orgUnitCode: '334010101',
    orgUnitName: '城关供电所',
    state: 'CLAIMED',
    assignee: 'yk02',
    assigneeName: '勘查员',
    candidates: '勘查员（城关供电所）',
    outcomes: [],
    createdAt: '2026-11-27T01:00:00.000Z',
    claimedAt: '2026-11-27T02:00:00.000Z',
    completedAt: null,
    dueAt: '2026-11-30T09:00:00.000Z',
    slaState: 'NORMAL',
    variables: { capacity: 8 },
    version: 3,
    mayAct: true,
    switchPost: null,
    bound: null,
    ...overrides,
  };
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('useTaskContext', () => {
  function Probe() {
    return <span data-testid="task">{useTaskContext().taskId ?? 'none'}</span>;
  }

  it('reads ?task= from the URL and follows navigation', () => {
    const { props } = renderMicroApp(<Probe />, { url: '/app/new-connection/applications/YK1/survey?task=t-9' });
    expect(screen.getByTestId('task').textContent).toBe('t-9');
    act(() => props.navigate('/app/new-connection/applications'));
    expect(screen.getByTestId('task').textContent).toBe('none');
  });

  it('is null for an empty parameter', () => {
    renderMicroApp(<Probe />, { url: '/app/x?task=' });
    expect(screen.getByTestId('task').textContent).toBe('none');
  });
});

describe('useAfterTaskStep', () => {
  let after: (next: { path: string; taskId: string } | null, notice?: string) => void = () => undefined;
  function Probe() {
    after = useAfterTaskStep();
    return null;
  }

  it('opens the next step below the base path in place of the done one, or goes to the inbox of the channel’s entry with a notice', () => {
    const navigate = vi.fn();
    renderMicroApp(<Probe />, { url: '/m/app/x/items/1/check?task=t-1', props: { appId: 'x', basePath: '/m/app/x', navigate } });
    act(() => after({ path: '/items/1/approve', taskId: 't 2' }));
    expect(navigate).toHaveBeenLastCalledWith('/m/app/x/items/1/approve?task=t%202', { replace: true });
    // The notice goes with the way out, for the shell to show (the app's own message unmounts with it).
    act(() => after(null, '「回访」已提交'));
    expect(navigate).toHaveBeenLastCalledWith('/m/inbox', { replace: true, notice: '「回访」已提交' });
    act(() => after(null));
    expect(navigate).toHaveBeenLastCalledWith('/m/inbox', { replace: true });
  });
});

describe('useTask and useInstance', () => {
  it('loads the task through the declared workflow service and validates it', async () => {
    server.use(http.get(`${BASE}/tasks/:id`, ({ params }) => HttpResponse.json(task({ id: String(params['id']) }))));
    function Probe() {
      const { data } = useTask('t-42');
      return <span data-testid="out">{data ? `${data.id}:${data.nodeName}:v${data.version}` : 'loading'}</span>;
    }
    renderMicroApp(<Probe />, { props: { services } });
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('t-42:现场勘查:v3'));
  });

  it('does not fetch without a task id', async () => {
    let calls = 0;
    server.use(http.get(`${BASE}/tasks/:id`, () => { calls += 1; return HttpResponse.json(task()); }));
    function Probe() {
      const { fetchStatus } = useTask(null);
      return <span data-testid="out">{fetchStatus}</span>;
    }
    const { queryClient } = renderMicroApp(<Probe />, { props: { services } });
    // An enabled query starts fetching as its observer mounts (inside render's act): nothing to wait for.
    expect(screen.getByTestId('out').textContent).toBe('idle');
    expect(queryClient.isFetching()).toBe(0);
    expect(queryClient.getQueryState(workflowQueryKeys.task(''))?.fetchStatus).toBe('idle');
    expect(calls).toBe(0);
  });

  it('shows the server message of a refusal', async () => {
    server.use(http.get(`${BASE}/tasks/:id`, () => HttpResponse.json({ error: { code: 'NOT_FOUND', message: '待办不存在或已处理' } }, { status: 404 })));
    function Probe() {
      const { error } = useTask('t-missing');
      return <span data-testid="out">{error ? error.message : 'loading'}</span>;
    }
    renderMicroApp(<Probe />, { props: { services } });
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('待办不存在或已处理'));
  });

  it('loads an instance with its history', async () => {
    const detail: InstanceDetail = {
      id: 'i-1', processKey: 'p', processName: '低压居民新装', processVersion: 2, status: 'RUNNING', businessKey: 'YK1', businessTitle: 't',
      orgUnitCode: '334010101', orgUnitName: '城关供电所', initiator: 'yk01', initiatorName: '受理员', startedAt: '2026-11-27T01:00:00.000Z',
      endedAt: null, dueAt: null, slaState: 'NORMAL', suspendedReason: null, variables: {}, openTasks: [task()], doneNodes: ['accept'],
      currentNodes: ['survey'], history: [], fieldLabels: {}, valueLabels: {},
    };
    server.use(http.get(`${BASE}/instances/:id`, () => HttpResponse.json(detail)));
    function Probe() {
      const { data } = useInstance('i-1');
      return <span data-testid="out">{data ? `${data.processName}:${data.currentNodes.join(',')}` : 'loading'}</span>;
    }
    renderMicroApp(<Probe />, { props: { services } });
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('低压居民新装:survey'));
  });
});

describe('useCompleteTask', () => {
  it('sends If-Match with the task version and invalidates task and inbox queries', async () => {
    const seen: Array<{ ifMatch: string | null; csrf: string | null; body: unknown }> = [];
    let taskVersion = 3;
    server.use(
      http.get(`${BASE}/tasks/:id`, () => HttpResponse.json(task({ version: taskVersion, state: taskVersion > 3 ? 'COMPLETED' : 'CLAIMED' }))),
      http.post(`${BASE}/tasks/:id/complete`, async ({ request }) => {
        seen.push({ ifMatch: request.headers.get('if-match'), csrf: request.headers.get('x-workbench-request'), body: await request.json() });
        taskVersion = 4;
        return HttpResponse.json({ openTasks: [] });
      }),
    );
    function Probe() {
      const { data } = useTask('t-1');
      const complete = useCompleteTask();
      return (
        <button type="button" disabled={!data} onClick={() => data && complete.mutate({ task: data, outcome: 'pass', opinion: '同意' })}>
          {data ? `${data.state}:v${data.version}` : 'loading'}
        </button>
      );
    }
    const { queryClient } = renderMicroApp(<Probe />, { props: { services } });
    queryClient.setQueryData([...workflowQueryKeys.inbox, { box: 'todo' }], { items: [] });
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('CLAIMED:v3'));
    act(() => screen.getByRole('button').click());
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('COMPLETED:v4'));
    expect(seen).toHaveLength(1);
    expect(seen[0]?.ifMatch).toBe('3');
    expect(seen[0]?.csrf).toBe('1');
    expect(seen[0]?.body).toEqual({ outcome: 'pass', opinion: '同意' });
    expect(queryClient.getQueryState([...workflowQueryKeys.inbox, { box: 'todo' }])?.isInvalidated).toBe(true);
  });

  it('surfaces a 412 as an error with the server message', async () => {
    server.use(
      http.post(`${BASE}/tasks/:id/complete`, () =>
        HttpResponse.json({ error: { code: 'PRECONDITION_FAILED', message: '待办已被他人更新，请刷新后重试' } }, { status: 412 }),
      ),
    );
    function Probe() {
      const complete = useCompleteTask();
      return (
        <button type="button" onClick={() => complete.mutate({ task: { id: 't-1', version: 1, instanceId: 'i-1' } })}>
          {complete.error ? `${(complete.error as Error & { status?: number }).status}:${complete.error.message}` : 'idle'}
        </button>
      );
    }
    renderMicroApp(<Probe />, { props: { services } });
    act(() => screen.getByRole('button').click());
    await waitFor(() => expect(screen.getByRole('button').textContent).toBe('412:待办已被他人更新，请刷新后重试'));
  });
});

describe('useStartProcess', () => {
  it('posts the start with an Idempotency-Key, reusing the caller\'s key', async () => {
    const keys: Array<string | null> = [];
    server.use(
      http.post(`${BASE}/instances`, ({ request }) => {
        keys.push(request.headers.get('idempotency-key'));
        return HttpResponse.json({ instanceId: 'i-7', openTasks: [] }, { status: 201 });
      }),
    );
    const request = { processKey: 'p', businessKey: 'B1', businessTitle: '标题', orgUnitCode: '334010101' };
    function Probe() {
      const start = useStartProcess();
      return (
        <>
          <button type="button" onClick={() => start.mutate(request)}>random</button>
          <button type="button" onClick={() => start.mutate({ ...request, idempotencyKey: 'k-1' })}>fixed</button>
          <span data-testid="out">{start.data?.instanceId ?? '-'}</span>
        </>
      );
    }
    renderMicroApp(<Probe />, { props: { services } });
    act(() => screen.getByText('random').click());
    await waitFor(() => expect(screen.getByTestId('out').textContent).toBe('i-7'));
    act(() => screen.getByText('fixed').click());
    await waitFor(() => expect(keys).toHaveLength(2));
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(keys[1]).toBe('k-1');
  });
});
