import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { knownPartProps } from '@wb/contracts';
import { createTestParts, renderMicroApp } from '../../testing/index.ts';
import type { TestPartDefinition } from '../testing.ts';
import { usePublish, useWorkbenchEvent } from '../../events/react.ts';
import { AppPart } from './AppPart.tsx';
import { createLazyReactPart, createReactPart } from './create-react-part.tsx';
import type { WorkbenchLifecycles } from '../../props.ts';

const schema = knownPartProps['customer-archive/customer-card'];

/** The provider's part: shows the 户号 it was given and publishes `customer.selected`. */
function Card({ consNo }: { consNo: string }) {
  const publish = usePublish();
  return (
    <div>
      <p>卡片户号 {consNo}</p>
      <button type="button" onClick={() => publish('customer.selected', { consNo })}>
        选用此客户
      </button>
    </div>
  );
}

/** The consumer: embeds the card and hears what it publishes. */
function Consumer({ initial = '3340100001' }: { initial?: string }) {
  const [consNo, setConsNo] = useState(initial);
  const [selected, setSelected] = useState('');
  useWorkbenchEvent('customer.selected', (payload, source) => setSelected(`${payload.consNo} 来自 ${source.appId}`));
  return (
    <section>
      <button type="button" onClick={() => setConsNo('3340100002')}>
        换一户
      </button>
      <p>已选用：{selected}</p>
      <AppPart app="customer-archive" part="customer-card" props={{ consNo }} />
    </section>
  );
}

function renderConsumer(definition: Partial<TestPartDefinition> & { lifecycles?: TestPartDefinition['lifecycles'] }, ui = <Consumer />) {
  const parts = createTestParts({ 'customer-archive/customer-card': { title: '客户卡片', ...definition } }, { consumerInstanceId: 'consumer' });
  const events = parts.events.connect({ appId: 'consumer', instanceId: 'consumer', scope: 'page' });
  const view = renderMicroApp(ui, { props: { appId: 'consumer', instanceId: 'consumer', parts, events } });
  return { ...view, parts };
}

/** Counts lifecycle calls around real lifecycles. */
function spied(lifecycles: WorkbenchLifecycles) {
  const calls = { mount: 0, update: 0, unmount: 0 };
  const wrapped: WorkbenchLifecycles = {
    bootstrap: (p) => lifecycles.bootstrap(p),
    mount: async (p) => (calls.mount++, lifecycles.mount(p)),
    update: async (p) => (calls.update++, lifecycles.update(p)),
    unmount: async (p) => (calls.unmount++, lifecycles.unmount(p)),
  };
  return { wrapped, calls };
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('<AppPart> (ADR 0030)', () => {
  it('mounts the provider part with props, updates it on new props without remounting, and receives its events', async () => {
    const { wrapped, calls } = spied(createReactPart(Card, { schema, appId: 'customer-archive' }));
    const { parts } = renderConsumer({ lifecycles: wrapped });
    expect(await screen.findByText('卡片户号 3340100001')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '换一户' }));
    expect(await screen.findByText('卡片户号 3340100002')).toBeTruthy();
    expect(calls).toEqual({ mount: 1, update: 1, unmount: 0 });
    fireEvent.click(screen.getByRole('button', { name: '选用此客户' }));
    expect(await screen.findByText('已选用：3340100002 来自 customer-archive')).toBeTruthy();
    expect(parts.loads).toEqual(['customer-archive/customer-card']);
  });

  it('keeps a failing mount inside: fallback with 重试, and 重试 mounts it again', async () => {
    const real = createReactPart(Card, { schema });
    let failures = 1;
    const flaky: WorkbenchLifecycles = {
      ...real,
      async mount(props) {
        if (failures-- > 0) throw new Error('provider mount failed');
        await real.mount(props);
      },
    };
    renderConsumer({ lifecycles: flaky });
    expect(await screen.findByText('部件「客户卡片」加载失败')).toBeTruthy();
    expect(screen.getByRole('button', { name: '换一户' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    expect(await screen.findByText('卡片户号 3340100001')).toBeTruthy();
    expect(screen.queryByText('部件「客户卡片」加载失败')).toBeNull();
  });

  it('keeps a render error inside the part and a failed lazy load behind 重试', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const Broken = (): never => {
      throw new Error('render failed');
    };
    let loadFails = true;
    const lazy = createLazyReactPart(async () => {
      if (loadFails) throw new Error('chunk failed');
      return Broken;
    }, { schema });
    renderConsumer({ lifecycles: lazy });
    expect(await screen.findByText('部件「客户卡片」加载失败')).toBeTruthy();
    loadFails = false;
    fireEvent.click(screen.getByRole('button', { name: /重\s*试/ }));
    // The part's own boundary shows its panel; the consumer around it still works.
    expect(await screen.findByText('应用出现错误')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '换一户' }));
    expect(screen.getByText(/已选用/)).toBeTruthy();
  });

  it('shows 无权查看 to a viewer without the permission and never loads the provider', async () => {
    const load = vi.fn(async () => createReactPart(Card, { schema }));
    const { parts } = renderConsumer({ status: 'forbidden', lifecycles: load });
    expect(await screen.findByText('无权查看：客户卡片')).toBeTruthy();
    expect(load).not.toHaveBeenCalled();
    expect(parts.loads).toEqual([]);
  });

  it('says the channel is not supported, and that a part does not exist', async () => {
    const load = vi.fn(async () => createReactPart(Card, { schema }));
    renderConsumer({ status: 'channel', lifecycles: load });
    expect(await screen.findByText('当前渠道不支持：客户卡片')).toBeTruthy();
    renderMicroApp(<AppPart app="other" part="nothing" props={{}} />, { props: { parts: createTestParts({}) } });
    expect(await screen.findByText('部件不存在或未发布：other/nothing')).toBeTruthy();
    expect(load).not.toHaveBeenCalled();
  });

  it('refuses props outside the contract inside the part and reports it', async () => {
    const reportError = vi.fn();
    const parts = createTestParts({ 'customer-archive/customer-card': { title: '客户卡片', lifecycles: createReactPart(Card, { schema, title: '客户卡片' }) } }, { reportError });
    renderMicroApp(<AppPart app="customer-archive" part="customer-card" props={{ consNo: '12' }} />, { props: { parts } });
    expect(await screen.findByText('部件「客户卡片」收到的参数无效')).toBeTruthy();
    expect(screen.getByText(/consNo：户号应为 10 位数字/)).toBeTruthy();
    expect(reportError).toHaveBeenCalledTimes(1);
  });

  it('unmounts the part with its consumer and ends both instances’ subscriptions', async () => {
    const Listener = ({ consNo }: { consNo: string }) => {
      useWorkbenchEvent('ticket.created', () => undefined);
      return <p>监听 {consNo}</p>;
    };
    const { wrapped, calls } = spied(createReactPart(Listener, { schema }));
    const { parts, unmount } = renderConsumer({ lifecycles: wrapped });
    expect(await screen.findByText('监听 3340100001')).toBeTruthy();
    expect(parts.events.subscriptionCount('consumer')).toBe(1);
    expect(parts.events.subscriptionCount()).toBe(2);
    await act(async () => unmount());
    await waitFor(() => expect(calls.unmount).toBe(1));
    expect(parts.events.subscriptionCount()).toBe(0);
    expect(document.querySelector('[data-wb-instance]')).toBeNull();
  });
});
