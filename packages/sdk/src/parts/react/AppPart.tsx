import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Alert, Button, Result, Skeleton } from 'antd';
import type { KnownPartKey, KnownPartProps } from '@wb/contracts';
import { useWorkbench } from '../../react/context.ts';
import type { MountedPart, PartAvailability, PartProps } from '../types.ts';
import { partMessages } from '../types.ts';

type PropsFor<A extends string, P extends string> = `${A}/${P}` extends KnownPartKey ? KnownPartProps<`${A}/${P}`> : PartProps;

export interface AppPartProps<A extends string, P extends string> {
  /** Provider app id, e.g. `customer-archive`; the consumer's manifest declares it in `uses`. */
  app: A;
  /** Part id, e.g. `customer-360`. */
  part: P;
  /** Sent to the part; a new value (by content) updates the mounted part instead of remounting it. */
  props: PropsFor<A, P>;
  /** Shown when loading or mounting fails; gets the retry. Default: a panel with 重试. */
  fallback?: (retry: () => void, error: unknown) => ReactNode;
  /** Shown until the part is mounted. Default: a skeleton. */
  loading?: ReactNode;
}

type Phase = { kind: 'loading' } | { kind: 'mounted' } | { kind: 'failed'; error: unknown };

function Placeholder({ availability }: { availability: Extract<PartAvailability, { message: string }> }): ReactNode {
  return <Alert type={availability.status === 'missing' ? 'warning' : 'info'} showIcon title={availability.message} role="note" />;
}

/**
 * Another app's UI part inside this app (界面部件, ADR 0030):
 * `<AppPart app="customer-archive" part="customer-360" props={{ consNo }} />`.
 *
 * The shell's `parts` capability decides first: a viewer without the part's permission, or on a channel the part
 * does not support, sees a placeholder that says so and the provider's code is never requested. Otherwise the
 * provider's entry loads on first render (import map with integrity), the part mounts into its own container
 * with its own React root, and errors stay inside: a failed load or mount shows the fallback with 重试, a render
 * error the part's own boundary. Unmounting this component unmounts the part (and ends its event subscriptions).
 */
export function AppPart<A extends string, P extends string>({ app, part, props, fallback, loading }: AppPartProps<A, P>): ReactNode {
  const { parts } = useWorkbench();
  const availability = useMemo(() => parts?.describe(app, part), [parts, app, part]);
  const container = useRef<HTMLDivElement>(null);
  const mounted = useRef<MountedPart | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  // Content, not identity: an inline `props={{ consNo }}` re-renders the consumer without updating the part.
  const propsKey = JSON.stringify(props);
  const latest = useRef(props as PartProps);
  useLayoutEffect(() => {
    latest.current = props as PartProps;
  });
  const available = availability?.status === 'available';

  useEffect(() => {
    const element = container.current;
    if (!parts || !available || !element) return undefined;
    let gone = false;
    setPhase({ kind: 'loading' });
    parts.mount(app, part, element, latest.current).then(
      (m) => {
        if (gone) return void m.unmount();
        mounted.current = m;
        setPhase({ kind: 'mounted' });
      },
      (error: unknown) => {
        if (!gone) setPhase({ kind: 'failed', error });
      },
    );
    return () => {
      gone = true;
      const m = mounted.current;
      mounted.current = null;
      // The part is another React root: unmount it after this commit, not inside it (React refuses that).
      if (m) queueMicrotask(() => void m.unmount());
    };
  }, [parts, available, app, part, attempt]);

  useEffect(() => {
    const m = mounted.current;
    const next = latest.current;
    // After this commit: the part's update renders its own root synchronously (flushSync).
    if (m) queueMicrotask(() => void m.update(next));
  }, [propsKey]);

  if (!parts) return <Alert type="info" showIcon title={partMessages.noHost} role="note" />;
  if (!availability) return null;
  if (availability.status !== 'available') return <Placeholder availability={availability} />;
  const retry = (): void => setAttempt((n) => n + 1);
  return (
    <div data-wb-part-host={`${app}/${part}`}>
      {phase.kind === 'loading' ? (loading ?? <Skeleton active aria-label={`正在加载${availability.title}`} />) : null}
      {phase.kind === 'failed'
        ? (fallback?.(retry, phase.error) ?? (
            <Result
              status="warning"
              title={partMessages.failed(availability.title)}
              extra={
                <Button type="primary" onClick={retry}>
                  {partMessages.retry}
                </Button>
              }
            />
          ))
        : null}
      {/* The part's own React root lives here; React never renders children into it. A retry gets a new one. */}
      <div key={attempt} ref={container} hidden={phase.kind === 'failed'} />
    </div>
  );
}
