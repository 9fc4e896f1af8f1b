import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import { lazy, Suspense, type ReactElement, type ReactNode } from 'react';
import { WORKBENCH_THEME } from '@wb/sdk';
import { LoginPage } from '../components/LoginPage/LoginPage.tsx';
import { LeaveGuardPrompt } from '../leave-guard/LeaveGuardPrompt.tsx';
import { NavigationNotice } from '../routing/NavigationNotice.tsx';
import { LOGIN_PATH } from '../routing/paths.ts';
import { VersionNotice } from '../session/VersionNotice.tsx';
import { KioskLayout, ScreenLayout } from './ChannelLayouts.tsx';
import { CustomerLayout } from './CustomerLayout.tsx';
import { PasswordRequiredLayout } from './PasswordRequiredLayout.tsx';
import { ShellContext, useFeed, useShellState, type ShellEnv } from './shell-context.ts';
import { WorkbenchLayout } from './WorkbenchLayout.tsx';

// The phone's layout (its bottom bar, 全部 and 我的) is its own chunk: the workbench's first paint does not carry it (P3).
const MobileLayout = lazy(() => import('./MobileLayout.tsx').then((m) => ({ default: m.MobileLayout })));

/** antd in Chinese with the product's accessible theme (WCAG AA contrast), plus `App` for its message/modal hooks. */
export function ShellProviders({ children }: { children: ReactNode }): ReactElement {
  return (
    <ConfigProvider locale={zhCN} theme={WORKBENCH_THEME}>
      <App>{children}</App>
    </ConfigProvider>
  );
}

/**
 * Login without a session (on any path); the password form while the password must be changed; otherwise
 * the layout of the page's channel.
 */
function ShellRoutes(): ReactElement {
  const { user, channel } = useFeed();
  const pathname = useShellState((state) => state.location.pathname);
  if (channel === 'customer') return <CustomerLayout />;
  if (!user || pathname === LOGIN_PATH) return <LoginPage />;
  if (user.mustChangePassword) return <PasswordRequiredLayout user={user} />;
  switch (channel) {
    case 'mobile':
      return (
        <Suspense fallback={null}>
          <MobileLayout user={user} />
        </Suspense>
      );
    case 'kiosk':
      return <KioskLayout user={user} />;
    case 'screen':
      return <ScreenLayout />;
    case 'workbench':
      return <WorkbenchLayout user={user} />;
  }
}

/** The whole shell UI; everything it needs comes in through `env` (created in main.tsx). */
export function Shell({ env }: { env: ShellEnv }): ReactElement {
  return (
    <ShellContext value={env}>
      <ShellProviders>
        <ShellRoutes />
        <NavigationNotice />
        <VersionNotice />
        <LeaveGuardPrompt />
      </ShellProviders>
    </ShellContext>
  );
}
