import { lazy, Suspense, type ReactElement } from 'react';
import { createAccess } from '@wb/sdk';
import { ForbiddenPage } from '../components/StatusPages/LazyStatusPages.tsx';
import { useFeed } from '../layout/shell-context.ts';
import { TASK_HANDLE_PERMISSION } from './workflow-client.ts';

// Its own chunk: the first paint of the shell stays within the P3 budget (antd Table, Drawer, bpmn-js …).
const InboxPage = lazy(() => import('./InboxPage.tsx'));

/** `/inbox`: the inbox for holders of wf:task:handle, 403 for others. */
export function InboxRoute(): ReactElement {
  const user = useFeed().user;
  if (!user || !createAccess(user).can(TASK_HANDLE_PERMISSION)) return <ForbiddenPage />;
  return (
    <Suspense fallback={<div aria-busy="true" data-testid="wb-inbox-loading" style={{ minHeight: 200 }} />}>
      <InboxPage />
    </Suspense>
  );
}
