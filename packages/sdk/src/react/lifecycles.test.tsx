import { useEffect, useState } from 'react';
import { act, fireEvent, screen } from '@testing-library/react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestWorkbenchProps } from '../testing/index.ts';
import { createReactLifecycles, useAccess, useLocation, useSession } from './index.ts';

function Greeting() {
  const session = useSession();
  const [clicks, setClicks] = useState(0);
  return (
    <button type="button" onClick={() => setClicks((n) => n + 1)}>
      {session.displayName} {clicks}
    </button>
  );
}

/** Touches what registers page-wide listeners: the location store and TanStack Query's managers. */
function Busy({ onCleanup }: { onCleanup?: () => void }) {
  const { pathname } = useLocation();
  const { data } = useQuery({ queryKey: ['busy'], queryFn: () => Promise.resolve('ok') });
  useEffect(() => onCleanup, [onCleanup]);
  return (
    <button type="button">
      {pathname} {data ?? '…'}
    </button>
  );
}

function makeShellContainer(): HTMLElement {
  const el = document.createElement('main');
  el.id = 'shell-app-area';
  document.body.appendChild(el);
  return el;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('createReactLifecycles', () => {
  it('mounts into the shell container and leaves it empty after unmount', async () => {
    const lifecycles = createReactLifecycles({ rootComponent: Greeting, appId: 'demo' });
    const domElement = makeShellContainer();
    const props = createTestWorkbenchProps({ appId: 'demo', domElement, session: { displayName: '张三' } });
    await lifecycles.bootstrap(props);
    await act(() => lifecycles.mount(props));
    expect(domElement.textContent).toContain('张三 0');
    expect(domElement.querySelector('[data-wb-app="demo"]')).not.toBeNull();
    await act(() => lifecycles.unmount(props));
    expect(domElement.childNodes).toHaveLength(0);
    expect(document.body.children).toHaveLength(1);
  });

  it('unmounts the React tree (effect cleanups run), not just the DOM', async () => {
    const cleanup = vi.fn();
    const lifecycles = createReactLifecycles({ rootComponent: () => <Busy onCleanup={cleanup} /> });
    const props = createTestWorkbenchProps({ domElement: makeShellContainer() });
    await act(() => lifecycles.mount(props));
    expect(cleanup).not.toHaveBeenCalled();
    await act(() => lifecycles.unmount(props));
    expect(cleanup).toHaveBeenCalledTimes(1);
  });

  it('creates its own container in body without a domElement and removes it on unmount', async () => {
    const lifecycles = createReactLifecycles({ rootComponent: Greeting });
    const props = createTestWorkbenchProps({ appId: 'demo' });
    await act(() => lifecycles.mount(props));
    expect(document.body.querySelectorAll('[data-wb-app="demo"]')).toHaveLength(1);
    await act(() => lifecycles.unmount(props));
    expect(document.body.childNodes).toHaveLength(0);
  });

  it('starts from fresh state on every mount and re-renders on update', async () => {
    const lifecycles = createReactLifecycles({ rootComponent: Greeting });
    const domElement = makeShellContainer();
    const props = createTestWorkbenchProps({ domElement, session: { displayName: '李四' } });
    await act(() => lifecycles.mount(props));
    fireEvent.click(screen.getByRole('button'));
    expect(screen.getByRole('button').textContent).toBe('李四 1');
    await act(() => lifecycles.update({ ...props, session: { ...props.session, displayName: '王五' } }));
    expect(screen.getByRole('button').textContent).toBe('王五 1');
    await act(() => lifecycles.unmount(props));
    await act(() => lifecycles.mount(props));
    expect(screen.getByRole('button').textContent).toBe('李四 0');
    await act(() => lifecycles.unmount(props));
  });

  it('drops cached data when update brings another active post (data scope follows the post)', async () => {
    let calls = 0;
    function Scoped() {
      const { postKey, can } = useAccess();
      const { data } = useQuery({ queryKey: ['customers'], queryFn: () => Promise.resolve(`fetch ${++calls}`) });
      return (
        <output>
          {postKey} {data ?? '…'} {can('yk:survey:view') ? 'survey' : 'no-survey'}
        </output>
      );
    }
    const lifecycles = createReactLifecycles({ rootComponent: Scoped });
    const accept = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '城东供电所' };
    const survey = { code: 'YK_SURVEY', name: '现场勘查员', orgUnitCode: '334010102', orgUnitName: '城西供电所' };
    const props = createTestWorkbenchProps({ domElement: makeShellContainer(), session: { activePost: accept, permissions: ['yk:accept:view'] } });
    await act(() => lifecycles.mount(props));
    await screen.findByText('YK_ACCEPT@334010101 fetch 1 no-survey');
    // Same post (e.g. a new display name): the cache stays.
    await act(() => lifecycles.update({ ...props, session: { ...props.session, displayName: 'x' } }));
    expect(screen.getByText('YK_ACCEPT@334010101 fetch 1 no-survey')).toBeTruthy();
    await act(() => lifecycles.update({ ...props, session: { ...props.session, activePost: survey, permissions: ['yk:survey:view'] } }));
    await screen.findByText('YK_SURVEY@334010102 fetch 2 survey');
    await act(() => lifecycles.unmount(props));
  });

  it('refuses a second mount into the same container', async () => {
    const lifecycles = createReactLifecycles({ rootComponent: Greeting });
    const props = createTestWorkbenchProps({ domElement: makeShellContainer() });
    await act(() => lifecycles.mount(props));
    await expect(lifecycles.mount(props)).rejects.toThrow(/already mounted/);
    await act(() => lifecycles.unmount(props));
  });

  it('gives each mount a new QueryClient and clears it on unmount', async () => {
    const clients: QueryClient[] = [];
    function Data() {
      clients.push(useQueryClient());
      const { data } = useQuery({ queryKey: ['n'], queryFn: () => Promise.resolve(42) });
      return <span>{data ?? '…'}</span>;
    }
    const lifecycles = createReactLifecycles({ rootComponent: Data });
    const props = createTestWorkbenchProps({ domElement: makeShellContainer() });
    await act(() => lifecycles.mount(props));
    expect(await screen.findByText('42')).toBeTruthy();
    const first = clients.at(-1);
    expect(first?.getQueryCache().getAll()).toHaveLength(1);
    await act(() => lifecycles.unmount(props));
    expect(first?.getQueryCache().getAll()).toHaveLength(0);
    await act(() => lifecycles.mount(props));
    expect(clients.at(-1)).not.toBe(first);
    await act(() => lifecycles.unmount(props));
  });

  it('leaves no window or document listeners behind after mount/unmount cycles', async () => {
    const lifecycles = createReactLifecycles({ rootComponent: () => <Busy /> });
    const props = createTestWorkbenchProps({ domElement: makeShellContainer() });
    // Warm-up: libraries may register one lazy, page-wide listener on first use.
    await act(() => lifecycles.mount(props));
    await act(() => lifecycles.unmount(props));

    const live = new Set<string>();
    const ids = new WeakMap<object, number>();
    let nextId = 0;
    const idOf = (fn: unknown): number => {
      if (typeof fn !== 'function' && (typeof fn !== 'object' || fn === null)) return -1;
      if (!ids.has(fn)) ids.set(fn, nextId++);
      return ids.get(fn) ?? -1;
    };
    const watchListeners = (target: Window | Document, label: string): (() => void) => {
      const { addEventListener: add, removeEventListener: remove } = target;
      target.addEventListener = (type: string, fn: EventListenerOrEventListenerObject, options?: unknown) => {
        live.add(`${label}:${type}:${idOf(fn)}`);
        add.call(target, type, fn, options as AddEventListenerOptions);
      };
      target.removeEventListener = (type: string, fn: EventListenerOrEventListenerObject, options?: unknown) => {
        live.delete(`${label}:${type}:${idOf(fn)}`);
        remove.call(target, type, fn, options as EventListenerOptions);
      };
      return () => {
        target.addEventListener = add;
        target.removeEventListener = remove;
      };
    };
    // Wrap the two page-wide targets themselves: in vitest's happy-dom globals, `window.addEventListener`
    // is an own, bound function, so patching EventTarget.prototype would miss it.
    const restore = [watchListeners(window, 'window'), watchListeners(document, 'document')];
    try {
      for (let i = 0; i < 5; i++) {
        await act(() => lifecycles.mount(props));
        expect(await screen.findByText(/ok/)).toBeTruthy();
        expect(live.size).toBeGreaterThan(0);
        await act(() => lifecycles.unmount(props));
      }
    } finally {
      restore.forEach((undo) => undo());
    }
    expect([...live]).toEqual([]);
  });
});

describe('error boundary', () => {
  it('contains a render error, reports it once with WB_SHELL_004, and 重试 re-renders', async () => {
    const state = { broken: true };
    function Fragile() {
      if (state.broken) throw new Error('boom');
      return <p>恢复正常</p>;
    }
    const reportError = vi.fn();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const lifecycles = createReactLifecycles({ rootComponent: Fragile });
    const domElement = makeShellContainer();
    const props = createTestWorkbenchProps({ domElement, reportError });
    try {
      await act(() => lifecycles.mount(props));
      expect(screen.getByText('应用出现错误')).toBeTruthy();
      expect(reportError).toHaveBeenCalledTimes(1);
      expect(reportError).toHaveBeenCalledWith(expect.objectContaining({ message: 'boom' }), 'WB_SHELL_004');
      state.broken = false;
      fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
      expect(await screen.findByText('恢复正常')).toBeTruthy();
      expect(reportError).toHaveBeenCalledTimes(1);
    } finally {
      await act(() => lifecycles.unmount(props));
      consoleError.mockRestore();
    }
    expect(domElement.childNodes).toHaveLength(0);
  });
});
