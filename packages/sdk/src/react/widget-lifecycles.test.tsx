import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createTestWorkbenchProps } from '../testing/index.ts';
import { createWidgetLifecycles, useSession } from './index.ts';

function Hello() {
  return <p>你好，{useSession().displayName}</p>;
}

function Broken(): never {
  throw new Error('widget render failed');
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('createWidgetLifecycles', () => {
  it('makes one parcel lifecycles object per widget id; a crashing widget shows only its own fallback', async () => {
    const widgets = createWidgetLifecycles({ hello: Hello, broken: Broken }, { appId: 'demo' });
    expect(Object.keys(widgets).sort()).toEqual(['broken', 'hello']);
    const cellA = document.body.appendChild(document.createElement('section'));
    const cellB = document.body.appendChild(document.createElement('section'));
    const reportError = vi.fn();
    const hello = createTestWorkbenchProps({ appId: 'demo', domElement: cellA, session: { displayName: '张客服' } });
    const broken = { ...createTestWorkbenchProps({ appId: 'demo', domElement: cellB }), reportError };
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await act(() => widgets['hello']!.mount(hello));
    await act(() => widgets['broken']!.mount(broken));
    expect(screen.getByText('你好，张客服')).toBeTruthy();
    expect(cellB.textContent).toContain('应用出现错误');
    expect(cellA.textContent).not.toContain('应用出现错误');
    expect(reportError).toHaveBeenCalledTimes(1);
    await act(() => widgets['hello']!.unmount(hello));
    await act(() => widgets['broken']!.unmount(broken));
    expect(cellA.childNodes).toHaveLength(0);
    expect(cellB.childNodes).toHaveLength(0);
  });

  it('serves the same widget in two cells at once (instances keyed by instanceId)', async () => {
    const { hello } = createWidgetLifecycles({ hello: Hello });
    const cells = [document.createElement('div'), document.createElement('div')];
    cells.forEach((cell) => document.body.appendChild(cell));
    const props = cells.map((domElement, index) =>
      createTestWorkbenchProps({ appId: 'demo', instanceId: `demo#hello-${index}`, domElement, session: { displayName: '李四' } }),
    );
    for (const p of props) await act(() => hello!.mount(p));
    expect(screen.getAllByText('你好，李四')).toHaveLength(2);
    await act(() => hello!.unmount(props[0]!));
    expect(screen.getAllByText('你好，李四')).toHaveLength(1);
  });
});
