import { Component } from 'react';
import type { ContextType, ErrorInfo, ReactNode } from 'react';
import { Button, Result } from 'antd';
import { ShellErrorCode } from '@wb/contracts';
import { WorkbenchContext } from './context.ts';

export interface ErrorBoundaryProps {
  children: ReactNode;
}

interface ErrorBoundaryState {
  error: { value: unknown } | null;
}

/**
 * Contains a render error inside the micro-app's own area (docs/quality.md R4): shows a retry panel and reports
 * the error to the shell once, with code WB_SHELL_004. 重试 re-renders the children from scratch.
 */
export class ErrorBoundary extends Component<ErrorBoundaryProps, ErrorBoundaryState> {
  static override contextType = WorkbenchContext;
  declare context: ContextType<typeof WorkbenchContext>;
  override state: ErrorBoundaryState = { error: null };

  static getDerivedStateFromError(error: unknown): ErrorBoundaryState {
    return { error: { value: error } };
  }

  override componentDidCatch(error: unknown, _info: ErrorInfo): void {
    // React calls this once per caught error; reporting here (not in render) keeps it to one report.
    this.context?.reportError(error, ShellErrorCode.RenderFailed);
  }

  private readonly retry = (): void => {
    this.setState({ error: null });
  };

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <Result
        status="error"
        title="应用出现错误"
        subTitle={`请重试；如果问题持续出现，请联系系统管理员（错误代码 ${ShellErrorCode.RenderFailed}）。`}
        extra={
          <Button type="primary" onClick={this.retry}>
            重试
          </Button>
        }
      />
    );
  }
}
