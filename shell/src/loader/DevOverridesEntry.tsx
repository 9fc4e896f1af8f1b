import { lazy, Suspense, type ReactElement } from 'react';
import { useFeed } from '../layout/shell-context.ts';

// Only developers in development mode see it: kept out of everyone's first-paint bundle (docs/quality.md P3).
const DevOverridesPanel = lazy(() => import('./DevOverridesPanel.tsx').then((m) => ({ default: m.DevOverridesPanel })));

/** The header's 本地调试 entry; nothing unless the feed allows dev overrides. */
export function DevOverridesEntry(): ReactElement | null {
  if (!useFeed().devOverrides) return null;
  return (
    <Suspense fallback={null}>
      <DevOverridesPanel />
    </Suspense>
  );
}
