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
  const { store } = useShellEnv();
  const updates = useShellState((state) => state.updates);
  const shown = useRef(new Map<string, string>());

  useEffect(() => {
    for (const [appId, version] of Object.entries(updates)) {
      if (shown.current.get(appId) === version) continue;
      shown.current.set(appId, version);
      const name = store.getState().feed.apps.find((app) => app.id === appId)?.name ?? appId;
      notification.info({
        key: `wb-update-${appId}`,
        title: '发现新版本',
        description: <span data-testid="wb-version-notice">{versionNoticeText(name, version)}</span>,
        actions: (
          <Button type="primary" size="small" onClick={reload}>
            刷新
          </Button>
        ),
        duration: false,
        placement: 'bottomRight',
      });
    }
  }, [updates, notification, store, reload]);
  return null;
}
