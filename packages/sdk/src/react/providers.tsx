import type { ReactNode } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { App, ConfigProvider } from 'antd';
// The build factory maps antd to per-component shared modules; the locale is one of them (docs/architecture.md §5).
import zhCN from 'antd/es/locale/zh_CN';
import type { WorkbenchProps } from '../props.ts';
import { WORKBENCH_THEME } from '../theme.ts';
import { WorkbenchContext } from './context.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';

export interface WorkbenchProvidersProps {
  props: WorkbenchProps;
  queryClient: QueryClient;
  children: ReactNode;
}

/**
 * Everything a micro-app's tree sits in, shared by the lifecycles and the test renderer so that tests
 * run against the same providers as production. The boundary is inside ConfigProvider (its panel is
 * antd, in Chinese) and outside the query provider (a crash there is contained too).
 */
export function WorkbenchProviders({ props, queryClient, children }: WorkbenchProvidersProps): ReactNode {
  return (
    <ConfigProvider locale={zhCN} theme={WORKBENCH_THEME}>
      <App>
        <WorkbenchContext.Provider value={props}>
          <ErrorBoundary>
            <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
          </ErrorBoundary>
        </WorkbenchContext.Provider>
      </App>
    </ConfigProvider>
  );
}
