// Several instances of one app at once, and update() with another post (ADR 0027).
import { useState } from 'react';
import type { ReactNode } from 'react';
import { act, fireEvent, screen, within } from '@testing-library/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from '../history.ts';
import { createTestWorkbenchProps } from '../testing/index.ts';
import { createReactLifecycles, useAccess, useInstanceId, useLocation } from './index.ts';

afterEach(() => {
  document.body.innerHTML = '';
});

function cell(): HTMLElement {
  const element = document.createElement('section');
  document.body.appendChild(element);
  return element;
}

/** A button showing a server-side version (`v1`) that a click raises, invalidating its query on success. */
function versionedItem(): () => ReactNode {
  let version = 1;
  return function Item() {
    const queryClient = useQueryClient();
    const { data } = useQuery({ queryKey: ['item'], queryFn: () => Promise.resolve(version) });
    const save = useMutation({ mutationFn: () => Promise.resolve((version += 1)), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['item'] }) });
    return (
      <button type="button" onClick={() => save.mutate()}>
        v{data ?? '…'}
      </button>
    );
  };
}

const accept = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '城东供电所' };
const survey = { code: 'YK_SURVEY', name: '现场勘查员', orgUnitCode: '334010102', orgUnitName: '城西供电所' };

describe('instances of one app', () => {
  it('each routes on its own history with its own id prefix; unmounting one leaves the other', async () => {
    function Where() {
      const { pathname } = useLocation();
      const [n, setN] = useState(0);
      return (
        <button type="button" onClick={() => setN(n + 1)}>
          {useInstanceId()} {pathname} {n}
        </button>
      );
    }
    const lifecycles = createReactLifecycles({ rootComponent: Where });
    const [a, b] = [cell(), cell()];
    const propsA = createTestWorkbenchProps({ appId: 'demo', instanceId: 'demo', domElement: a, history: createMemoryHistory('/app/demo/one') });
    const propsB = createTestWorkbenchProps({ appId: 'demo', instanceId: 'demo~2', domElement: b, history: createMemoryHistory('/app/demo/two') });
    await act(() => lifecycles.mount(propsA));
    await act(() => lifecycles.mount(propsB));
    fireEvent.click(within(a).getByRole('button'));
    expect(within(a).getByRole('button').textContent).toBe('demo /app/demo/one 1');
    expect(within(b).getByRole('button').textContent).toBe('demo~2 /app/demo/two 0');
    expect(a.querySelector('[data-wb-instance]')?.getAttribute('data-wb-instance')).toBe('demo');
    act(() => propsB.history.push('/app/demo/three'));
    expect(within(b).getByRole('button').textContent).toBe('demo~2 /app/demo/three 0');
    await act(() => lifecycles.unmount(propsB));
    expect(b.childNodes).toHaveLength(0);
    expect(within(a).getByRole('button').textContent).toBe('demo /app/demo/one 1');
    await act(() => lifecycles.unmount(propsA));
  });

  it('a successful write in one instance refetches what the others of the same post show', async () => {
    const Item = versionedItem();
    const lifecycles = createReactLifecycles({ rootComponent: Item });
    const [a, b, c] = [cell(), cell(), cell()];
    const props = [
      createTestWorkbenchProps({ appId: 'demo', instanceId: 'a', domElement: a, session: { activePost: accept } }),
      createTestWorkbenchProps({ appId: 'demo', instanceId: 'b', domElement: b, session: { activePost: accept } }),
      createTestWorkbenchProps({ appId: 'demo', instanceId: 'c', domElement: c, session: { activePost: survey } }),
    ];
    for (const p of props) await act(() => lifecycles.mount(p));
    for (const el of [a, b, c]) await within(el).findByText('v1');
    fireEvent.click(within(a).getByRole('button'));
    await within(a).findByText('v2');
    await within(b).findByText('v2');
    // Another post's instance is another data scope: it is not told.
    expect(within(c).getByRole('button').textContent).toBe('v1');
    for (const p of props) await act(() => lifecycles.unmount(p));
  });
});

describe('writes told across tabs (ADR 0037)', () => {
  it('a write in one lifecycles object refetches the same app and post in another (another tab, the app\'s widget)', async () => {
    const Item = versionedItem();
    // Two lifecycles objects stand for two browser tabs: they share nothing but the BroadcastChannel.
    const [tabA, tabB, other] = [createReactLifecycles({ rootComponent: Item }), createReactLifecycles({ rootComponent: Item }), createReactLifecycles({ rootComponent: Item })];
    const [a, b, c, d] = [cell(), cell(), cell(), cell()];
    const mounted = [
      [tabA, createTestWorkbenchProps({ appId: 'demo', instanceId: 'demo', domElement: a, session: { activePost: accept } })],
      [tabB, createTestWorkbenchProps({ appId: 'demo', instanceId: 'demo', domElement: b, session: { activePost: accept } })],
      [tabB, createTestWorkbenchProps({ appId: 'demo', instanceId: 'demo~2', domElement: c, session: { activePost: survey } })],
      [other, createTestWorkbenchProps({ appId: 'other', instanceId: 'other', domElement: d, session: { activePost: accept } })],
    ] as const;
    for (const [lifecycles, props] of mounted) await act(() => lifecycles.mount(props));
    for (const el of [a, b, c, d]) await within(el).findByText('v1');
    fireEvent.click(within(a).getByRole('button'));
    await within(a).findByText('v2');
    await within(b).findByText('v2');
    // Another post, another app: not told (they would show v2 only after a refetch of their own).
    expect(within(c).getByRole('button').textContent).toBe('v1');
    expect(within(d).getByRole('button').textContent).toBe('v1');
    for (const [lifecycles, props] of mounted) await act(() => lifecycles.unmount(props));
  });
});

describe('update', () => {
  it('with another post remounts: a new tree on a new QueryClient that its queries are bound to', async () => {
    const clients: QueryClient[] = [];
    function Scoped() {
      const queryClient = useQueryClient();
      clients.push(queryClient);
      const { postKey } = useAccess();
      const [clicks, setClicks] = useState(0);
      const { data } = useQuery({ queryKey: ['customers'], queryFn: () => Promise.resolve(`from ${postKey}`) });
      return (
        <button type="button" onClick={() => setClicks(clicks + 1)}>
          {data ?? '…'} {clicks}
        </button>
      );
    }
    const lifecycles = createReactLifecycles({ rootComponent: Scoped });
    const props = createTestWorkbenchProps({ domElement: cell(), session: { activePost: accept } });
    await act(() => lifecycles.mount(props));
    await screen.findByText('from YK_ACCEPT@334010101 0');
    fireEvent.click(screen.getByRole('button'));
    const first = clients.at(-1)!;
    await act(() => lifecycles.update({ ...props, session: { ...props.session, activePost: survey } }));
    await screen.findByText('from YK_SURVEY@334010102 0');
    const second = clients.at(-1)!;
    expect(second).not.toBe(first);
    expect(first.getQueryCache().getAll()).toHaveLength(0);
    // The tree's query observes the new client: data written there shows (a swapped client would not reach it).
    act(() => second.setQueryData(['customers'], 'pushed'));
    expect(await screen.findByText('pushed 0')).toBeTruthy();
    await act(() => lifecycles.unmount(props));
  });

  it('lets the app wrap its tree inside the SDK providers (a theme)', async () => {
    function Themed({ children }: { children: ReactNode }) {
      return <div data-theme="dark">{children}</div>;
    }
    const lifecycles = createReactLifecycles({ rootComponent: () => <span>内容</span>, wrap: Themed });
    const props = createTestWorkbenchProps({ domElement: cell() });
    await act(() => lifecycles.mount(props));
    expect(screen.getByText('内容').closest('[data-theme]')?.getAttribute('data-theme')).toBe('dark');
    await act(() => lifecycles.unmount(props));
  });
});
