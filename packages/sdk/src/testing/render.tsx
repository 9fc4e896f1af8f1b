import type { ReactElement, ReactNode } from 'react';
import { render } from '@testing-library/react';
import type { RenderResult } from '@testing-library/react';
import type { QueryClient } from '@tanstack/react-query';
import type { WorkbenchProps } from '../props.ts';
import { WorkbenchProviders } from '../react/providers.tsx';
import { createWorkbenchQueryClient } from '../react/queryClient.ts';
import { createTestWorkbenchProps } from './props.ts';
import type { TestWorkbenchPropsOverrides } from './props.ts';

export interface RenderMicroAppOptions {
  /** Overrides of the test props (see createTestWorkbenchProps). */
  props?: TestWorkbenchPropsOverrides;
  /** Start URL (path + query), set with history.replaceState before rendering. */
  url?: string;
  /** Defaults to an SDK QueryClient without retries, so that error states show at once. */
  queryClient?: QueryClient;
}

export interface RenderMicroAppResult extends RenderResult {
  props: WorkbenchProps;
  queryClient: QueryClient;
}

/** Renders `ui` inside the same providers as a mounted micro-app (antd zh_CN, Query, context, boundary). */
export function renderMicroApp(ui: ReactElement, options: RenderMicroAppOptions = {}): RenderMicroAppResult {
  if (options.url) window.history.replaceState(null, '', options.url);
  const props = createTestWorkbenchProps(options.props);
  const queryClient =
    options.queryClient ?? createWorkbenchQueryClient({ defaultOptions: { queries: { retry: false } } });
  const wrapper = ({ children }: { children: ReactNode }): ReactNode => (
    <WorkbenchProviders props={props} queryClient={queryClient}>
      {children}
    </WorkbenchProviders>
  );
  return Object.assign(render(ui, { wrapper }), { props, queryClient });
}
