import { lazy, Suspense, type ReactElement } from 'react';

// Their own chunk, with antd's Result and its illustrations: rare pages, kept out of the first paint (P3).
const NotFound = lazy(() => import('./StatusPages.tsx').then((m) => ({ default: m.NotFoundPage })));
const Forbidden = lazy(() => import('./StatusPages.tsx').then((m) => ({ default: m.ForbiddenPage })));

const pending = <div aria-busy="true" style={{ minHeight: 200 }} />;

export function NotFoundPage(): ReactElement {
  return (
    <Suspense fallback={pending}>
      <NotFound />
    </Suspense>
  );
}

/** An `/app/<id>` route for an app that is not in the user's feed, or a shell page the user may not use. */
export function ForbiddenPage({ appId }: { appId?: string }): ReactElement {
  return (
    <Suspense fallback={pending}>
      <Forbidden appId={appId} />
    </Suspense>
  );
}
