import { Button } from 'antd';
import type { ReactElement } from 'react';
import { ShellErrorCode } from '@wb/contracts';
import { StatusPanel } from '../StatusPages/StatusPanel.tsx';

const TITLES: Readonly<Record<ShellErrorCode, string>> = {
  [ShellErrorCode.LoadFailed]: '应用加载失败',
  [ShellErrorCode.LoadTimeout]: '应用加载超时',
  [ShellErrorCode.BootstrapOrMountFailed]: '应用启动失败',
  [ShellErrorCode.RenderFailed]: '应用出现错误',
  [ShellErrorCode.UnmountFailed]: '应用卸载失败',
};

const HINTS: Readonly<Record<ShellErrorCode, string>> = {
  [ShellErrorCode.LoadFailed]: '应用代码未能下载，可能是网络不稳定或应用正在更新。',
  [ShellErrorCode.LoadTimeout]: '应用代码长时间未下载完成，可能是网络较慢。',
  [ShellErrorCode.BootstrapOrMountFailed]: '应用启动时出现错误。',
  [ShellErrorCode.RenderFailed]: '应用运行时出现错误。',
  [ShellErrorCode.UnmountFailed]: '应用上次关闭时出现错误。',
};

/** Shown inside the failed app's own area; the rest of the workbench keeps working (docs/quality.md R1–R3). */
export function AppErrorPanel({ code, onRetry }: { code: ShellErrorCode; onRetry(): void }): ReactElement {
  return (
    <div data-testid="wb-app-error" role="alert">
      <StatusPanel
        status={code === ShellErrorCode.LoadTimeout ? 'warning' : 'error'}
        title={TITLES[code]}
        subTitle={
          <>
            {HINTS[code]}请重试；如果问题持续，请联系管理员。
            <br />
            错误代码：{code}
          </>
        }
        extra={
          <Button type="primary" onClick={onRetry}>
            重试
          </Button>
        }
      />
    </div>
  );
}
