import { lazy, Suspense, type ReactElement } from 'react';
import type { PasswordPageProps } from './PasswordPage.tsx';

// 修改密码 is a rare page (an account told to change its password, or 修改密码 from the user menu): its own chunk,
// kept out of everyone's first paint (docs/quality.md P3; paid for the header's 全局搜索, ADR 0066).
const Page = lazy(() => import('./PasswordPage.tsx').then((m) => ({ default: m.PasswordPage })));

export function PasswordPage(props: PasswordPageProps): ReactElement {
  return (
    <Suspense fallback={<div aria-busy="true" style={{ minHeight: 200 }} />}>
      <Page {...props} />
    </Suspense>
  );
}
