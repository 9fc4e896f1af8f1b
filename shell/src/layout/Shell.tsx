import { App, ConfigProvider } from 'antd';
import zhCN from 'antd/es/locale/zh_CN';
import type { ReactElement, ReactNode } from 'react';
import { LoginPage } from '../components/LoginPage/LoginPage.tsx';
import { LOGIN_PATH } from '../routing/paths.ts';
import { ShellContext, useShellEnv, useShellState, type ShellEnv } from './shell-context.ts';
import { WorkbenchLayout } from './WorkbenchLayout.tsx';

/** antd in Chinese, plus `App` so components can use its message/modal hooks. */
export function ShellProviders({ children }: { children: ReactNode }): ReactElement {
  return (
    <ConfigProvider locale={zhCN}>
      <App>{children}</App>
    </ConfigProvider>
  );
}

function ShellRoutes(): ReactElement {
  const { feed } = useShellEnv();
  const pathname = useShellState((state) => state.location.pathname);
  if (!feed.user || pathname === LOGIN_PATH) return <LoginPage />;
  return <WorkbenchLayout user={feed.user} />;
}

/** The whole shell UI; everything it needs comes in through `env` (created in main.tsx). */
export function Shell({ env }: { env: ShellEnv }): ReactElement {
  return (
    <ShellContext value={env}>
      <ShellProviders>
        <ShellRoutes />
      </ShellProviders>
    </ShellContext>
  );
}
