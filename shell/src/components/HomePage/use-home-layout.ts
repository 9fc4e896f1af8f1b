import { useCallback, useEffect, useState } from 'react';
import type { Layout } from '@wb/contracts/appstore';
import type { LayoutClient } from '../../widgets/layout-client.ts';

export type HomeLayoutState = { kind: 'loading' } | { kind: 'ready'; layout: Layout } | { kind: 'failed' };

type Result = { key: string; state: HomeLayoutState };

/**
 * The user's layout from the appstore service, read again when the active post changes (its default may
 * differ). A result belongs to the request it answers (`key`): an older answer never shows for a newer post.
 */
export function useHomeLayout(
  layouts: LayoutClient | undefined,
  postKey: string,
): { state: HomeLayoutState; setLayout(layout: Layout): void; reload(): void } {
  const [attempt, setAttempt] = useState(0);
  const key = `${postKey}#${attempt}`;
  const [result, setResult] = useState<Result | null>(null);
  useEffect(() => {
    if (!layouts) return;
    const controller = new AbortController();
    layouts.get(controller.signal).then(
      (layout) => setResult({ key, state: { kind: 'ready', layout } }),
      () => {
        if (!controller.signal.aborted) setResult({ key, state: { kind: 'failed' } });
      },
    );
    return () => controller.abort();
  }, [layouts, key]);
  const setLayout = useCallback((layout: Layout) => setResult({ key, state: { kind: 'ready', layout } }), [key]);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  return { state: result?.key === key ? result.state : { kind: 'loading' }, setLayout, reload };
}
