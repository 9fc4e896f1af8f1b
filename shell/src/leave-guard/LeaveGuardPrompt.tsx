import { App } from 'antd';
import { useEffect, useRef } from 'react';
import { useShellEnv } from '../layout/shell-context.ts';
import { LEAVE_QUESTION } from './leave-guard.ts';

type Modal = ReturnType<typeof App.useApp>['modal'];

/** Shows the leave guard's question as an antd confirm (in the shell's providers: zh_CN, theme). */
export function LeaveGuardPrompt(): null {
  const { modal } = App.useApp();
  const { leaveGuard } = useShellEnv();
  // Read at ask time: a re-render must never close a question the user has not answered yet.
  const modalRef = useRef<Modal>(modal);
  useEffect(() => {
    modalRef.current = modal;
  }, [modal]);
  useEffect(() => {
    const open = new Set<{ destroy(): void }>();
    const dispose = leaveGuard.setPrompt(
      (messages) =>
        new Promise<boolean>((resolve) => {
          const instance = modalRef.current.confirm({
            title: LEAVE_QUESTION,
            content: messages.length > 0 ? messages.join('；') : undefined,
            okText: '离开',
            cancelText: '留在此页',
            okButtonProps: { danger: true },
            focusable: { autoFocusButton: 'cancel' },
            onOk: () => resolve(true),
            onCancel: () => resolve(false),
            afterClose: () => {
              open.delete(instance);
              resolve(false);
            },
          });
          open.add(instance);
        }),
    );
    return () => {
      dispose();
      open.forEach((instance) => instance.destroy());
    };
  }, [leaveGuard]);
  return null;
}
