import { Spin } from 'antd';
import { useLayoutEffect, useRef, type CSSProperties, type ReactElement } from 'react';
import type { FeedApp } from '@wb/contracts';
import { useShellEnv, useShellState } from '../../layout/shell-context.ts';
import { selectAppStatus, selectOwner } from '../../store/shell-store.ts';
import { AppErrorPanel } from './AppErrorPanel.tsx';

/** Reserved height so the spinner, the error panel and the mounted app take the same room (no layout shift). */
const AREA_STYLE: CSSProperties = { position: 'relative', minHeight: 480 };
const OVERLAY_STYLE: CSSProperties = { position: 'absolute', inset: 0, display: 'flex', alignItems: 'center', justifyContent: 'center' };

/**
 * The micro-app's own area: attaches the app's container element (single-spa mounts the app into it) and shows
 * a spinner while it loads or the error panel when it failed.
 */
export function AppArea({ app }: { app: FeedApp }): ReactElement {
  const { containers, retryApp } = useShellEnv();
  // The instance the address bar belongs to: the route-bound one, or another tab's (ADR 0063).
  const instanceId = useShellState((state) => selectOwner(state, app.id));
  const status = useShellState((state) => selectAppStatus(state, instanceId));
  const hostRef = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const host = hostRef.current;
    const container = containers.get(instanceId);
    host?.appendChild(container);
    // Detached, not destroyed: single-spa unmounts the app on the route change, into the same element.
    return () => container.remove();
  }, [containers, instanceId]);

  return (
    <section style={AREA_STYLE} aria-label={app.name} aria-busy={status.kind === 'loading' || status.kind === 'idle'}>
      <div ref={hostRef} style={status.kind === 'error' ? { display: 'none' } : undefined} />
      {status.kind === 'error' ? <AppErrorPanel code={status.code} onRetry={() => retryApp(instanceId)} /> : null}
      {status.kind === 'loading' || status.kind === 'idle' ? (
        <div style={OVERLAY_STYLE}>
          <Spin size="large" />
        </div>
      ) : null}
    </section>
  );
}
