import { App } from 'antd';
import { useEffect } from 'react';
import { useShellEnv, useShellState } from '../layout/shell-context.ts';

/**
 * Shows the line an app sent with its way out (`navigate(to, { notice })`, e.g. 「回单」已提交 on the way back to
 * 我的待办, ADR 0115) as the shell's message: the app's own message goes when the app unmounts.
 */
export function NavigationNotice(): null {
  const { message } = App.useApp();
  const { store } = useShellEnv();
  const notice = useShellState((state) => state.notice);
  useEffect(() => {
    if (!notice) return;
    void message.success(notice);
    store.setState({ notice: null });
  }, [notice, message, store]);
  return null;
}
