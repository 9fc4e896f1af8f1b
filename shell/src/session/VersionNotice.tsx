import { App, Button } from 'antd';
import { useEffect, useRef } from 'react';
import { useShellEnv, useShellState } from '../layout/shell-context.ts';
import { versionNoticeText } from './version-notice.ts';

/**
 * The quiet 新版本 notice (issue 4): one notification per app and version, kept until closed, with 刷新 to
 * load the page when the user's work is saved. Never reloads by itself (a form may be half filled).
 */
export function VersionNotice({ reload = () => window.location.reload() }: { reload?: () => void }): null {
  const { notification } = App.useApp();
  const { store, leaveGuard } = useShellEnv();
  const updates = useShellState((state) => state.updates);
  const shown = useRef(new Map<string, string>());

  useEffect(() => {
    // Unsaved input asks first (docs/quality.md R5); then the browser's own prompt must not ask a second time.
    const guardedReload = async (): Promise<void> => {
      if (!(await leaveGuard.confirmLeave())) return;
      leaveGuard.suspend();
      reload();
    };
    for (const [appId, version] of Object.entries(updates)) {
      if (shown.current.get(appId) === version) continue;
      shown.current.set(appId, version);
      const name = store.getState().feed.apps.find((app) => app.id === appId)?.name ?? appId;
      notification.info({
        key: `wb-update-${appId}`,
        title: '发现新版本',
        description: <span data-testid="wb-version-notice">{versionNoticeText(name, version)}</span>,
        actions: (
          <Button type="primary" size="small" onClick={() => void guardedReload()}>
            刷新
          </Button>
        ),
        duration: false,
        placement: 'bottomRight',
      });
    }
  }, [updates, notification, store, reload, leaveGuard]);
  return null;
}
