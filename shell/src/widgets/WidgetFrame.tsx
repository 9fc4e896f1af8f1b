import { Button, Card, Spin, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { FeedApp, FeedWidget } from '@wb/contracts';
import type { WidgetHost } from './widget-host.ts';

export interface WidgetFrameProps {
  host: WidgetHost;
  app: FeedApp;
  widget: FeedWidget;
  /** Changes (e.g. the active post) remount the widget with a fresh session. */
  sessionKey: string;
  /** Edit mode: the layout controls in the card's header. */
  extra?: ReactNode;
}

type FrameState = { kind: 'loading' } | { kind: 'mounted' } | { kind: 'failed' };

/**
 * One grid cell: a card with the widget's title, the widget's own parcel inside, and a fallback with 重试
 * when its module does not load or its mount fails (R4: other widgets and the shell are untouched). Render
 * errors after the mount stay inside the widget's own error boundary (the SDK's providers).
 */
export function WidgetFrame({ host, app, widget, sessionKey, extra }: WidgetFrameProps): ReactElement {
  const slot = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<FrameState>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const element = slot.current;
    if (!element) return;
    let active = true;
    let unmount: (() => Promise<void>) | undefined;
    setState({ kind: 'loading' });
    host.mount(app, widget.id, element).then(
      (mounted) => {
        if (active) {
          unmount = mounted.unmount;
          setState({ kind: 'mounted' });
        } else void mounted.unmount();
      },
      () => {
        if (active) setState({ kind: 'failed' });
      },
    );
    return () => {
      active = false;
      void unmount?.();
    };
    // app.specifier, not app: a refreshed feed hands a new object for the same module.
    // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  }, [host, app.specifier, widget.id, sessionKey, attempt]);

  return (
    <Card
      size="small"
      title={widget.title}
      extra={extra}
      data-testid="wb-widget"
      data-widget={`${app.id}:${widget.id}`}
      style={{ height: '100%', display: 'flex', flexDirection: 'column' }}
      styles={{ body: { flex: 1, overflow: 'auto', position: 'relative' } }}
    >
      {state.kind === 'loading' ? <Spin size="small" style={{ position: 'absolute', inset: 0, margin: 'auto' }} /> : null}
      {state.kind === 'failed' ? (
        <div role="alert" data-testid="wb-widget-fallback">
          <Typography.Text type="secondary">组件「{widget.title}」加载失败，其他组件不受影响。</Typography.Text>{' '}
          <Button size="small" onClick={() => setAttempt((n) => n + 1)}>
            重试
          </Button>
        </div>
      ) : null}
      {/* The parcel's own root goes in here; React never renders children into it. */}
      <div ref={slot} hidden={state.kind === 'failed'} />
    </Card>
  );
}
