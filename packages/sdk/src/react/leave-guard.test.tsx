import { useState } from 'react';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { Button, Form, Input } from 'antd';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestWorkbenchProps, renderMicroApp } from '../testing/index.ts';
import type { TestWorkbenchPropsOverrides } from '../testing/index.ts';
import type { WorkbenchProps } from '../props.ts';
import { createReactLifecycles, leaveGuardsOf, useFormLeaveGuard, useGuardedClose, useLeaveGuard } from './index.ts';
import type { LeaveGuard, LeaveGuards } from './index.ts';

/** A stand-in for the shell's registry: what each added guard reported last. */
function fakeHost() {
  const guards: Array<{ dirty: boolean; message: string | undefined; removed: boolean }> = [];
  const host: LeaveGuards = {
    add(): LeaveGuard {
      const state = { dirty: false, message: undefined as string | undefined, removed: false };
      guards.push(state);
      return {
        set(dirty, message) {
          state.dirty = dirty;
          state.message = message;
        },
        remove() {
          state.removed = true;
        },
      };
    },
  };
  const live = () => guards.filter((guard) => !guard.removed);
  return { host, guards, dirty: () => live().filter((guard) => guard.dirty), live };
}

const withHost = (host: LeaveGuards): TestWorkbenchPropsOverrides => ({ leaveGuards: host }) as TestWorkbenchPropsOverrides;

const unloadPrevented = (): boolean => {
  const event = new Event('beforeunload', { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
};

afterEach(() => {
  document.body.innerHTML = '';
});

function Draft({ onRelease }: { onRelease?: (release: () => void) => void }) {
  const [dirty, setDirty] = useState(false);
  const release = useLeaveGuard(dirty, '受理登记未提交');
  onRelease?.(release);
  return (
    <>
      <button type="button" onClick={() => setDirty(true)}>
        输入
      </button>
      <button type="button" onClick={() => setDirty(false)}>
        清空
      </button>
    </>
  );
}

describe('useLeaveGuard', () => {
  it('reports dirty to the shell through the leaveGuards prop and removes the guard with the component', () => {
    const { host, guards, dirty, live } = fakeHost();
    const { unmount } = renderMicroApp(<Draft />, { props: withHost(host) });
    expect(live()).toHaveLength(1);
    expect(dirty()).toHaveLength(0);
    fireEvent.click(screen.getByText('输入'));
    expect(dirty()).toEqual([{ dirty: true, message: '受理登记未提交', removed: false }]);
    fireEvent.click(screen.getByText('清空'));
    expect(dirty()).toHaveLength(0);
    fireEvent.click(screen.getByText('输入'));
    unmount();
    expect(guards.every((guard) => guard.removed)).toBe(true);
  });

  it('release() lets a navigation right after a save pass before the next render', () => {
    const { host, dirty } = fakeHost();
    let release = (): void => undefined;
    renderMicroApp(<Draft onRelease={(fn) => (release = fn)} />, { props: withHost(host) });
    fireEvent.click(screen.getByText('输入'));
    expect(dirty()).toHaveLength(1);
    release();
    expect(dirty()).toHaveLength(0);
  });

  it('without a shell (standalone dev server) keeps beforeunload while dirty', () => {
    renderMicroApp(<Draft />);
    expect(unloadPrevented()).toBe(false);
    fireEvent.click(screen.getByText('输入'));
    expect(unloadPrevented()).toBe(true);
    fireEvent.click(screen.getByText('清空'));
    expect(unloadPrevented()).toBe(false);
  });

  it('reads the prop only when it looks like the shell\'s guards', () => {
    const props = createTestWorkbenchProps();
    expect(leaveGuardsOf(props)).toBeUndefined();
    expect(leaveGuardsOf({ ...props, leaveGuards: { add: 1 } } as unknown as WorkbenchProps)).toBeUndefined();
    const { host } = fakeHost();
    expect(leaveGuardsOf({ ...props, leaveGuards: host } as unknown as WorkbenchProps)).toBe(host);
  });

  it('a mounted app\'s guards go away when single-spa unmounts it', async () => {
    const { host, live, dirty } = fakeHost();
    function Dirty() {
      useLeaveGuard(true);
      return <span>表单</span>;
    }
    const lifecycles = createReactLifecycles({ rootComponent: Dirty });
    const props = { ...createTestWorkbenchProps(), leaveGuards: host } as WorkbenchProps;
    await lifecycles.mount(props);
    expect(dirty()).toHaveLength(1);
    await lifecycles.unmount(props);
    expect(live()).toHaveLength(0);
  });
});

function AntdForm({ guardedClose }: { guardedClose: boolean }) {
  const [form] = Form.useForm<{ name: string }>();
  const close = () => form.resetFields();
  return (
    <Form form={form}>
      {guardedClose ? <Guarded form={form} close={close} /> : <Plain form={form} />}
      <Form.Item name="name" label="户名">
        <Input />
      </Form.Item>
      <Button onClick={close}>重置</Button>
    </Form>
  );
}
function Guarded({ form, close }: { form: ReturnType<typeof Form.useForm<{ name: string }>>[0]; close: () => void }) {
  useGuardedClose(form, close);
  return null;
}
function Plain({ form }: { form: ReturnType<typeof Form.useForm<{ name: string }>>[0] }) {
  useFormLeaveGuard(form);
  return null;
}

describe('form helpers register the guard by themselves', () => {
  for (const guardedClose of [true, false]) {
    it(`${guardedClose ? 'useGuardedClose' : 'useFormLeaveGuard'}: dirty once the user typed, clean after resetFields`, async () => {
      const { host, dirty } = fakeHost();
      renderMicroApp(<AntdForm guardedClose={guardedClose} />, { props: withHost(host) });
      expect(dirty()).toHaveLength(0);
      fireEvent.change(screen.getByLabelText('户名'), { target: { value: '王' } });
      await waitFor(() => expect(dirty()).toHaveLength(1));
      act(() => fireEvent.click(screen.getByRole('button', { name: /重\s*置/ })));
      await waitFor(() => expect(dirty()).toHaveLength(0));
    });
  }
});
