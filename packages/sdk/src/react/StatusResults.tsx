import type { ReactElement, ReactNode } from 'react';
import { Result } from 'antd';
import { Authorized } from './Authorized.tsx';

export type ForbiddenProps =
  /** The work the session may not do: 您没有{what}权限，请联系管理员开通。 */
  | { what: string }
  /** The whole sentence, where the app says more than that (who to ask, what is hidden). */
  | { reason: string };

/**
 * 没有权限 (403) inside a micro-app: a page or the whole app needs a permission the session lacks. The shell
 * only opens an app for holders of its permission; this answers deep links and pages with a permission of their own.
 */
export function Forbidden(props: ForbiddenProps): ReactElement {
  const reason = 'what' in props ? `您没有${props.what}权限，请联系管理员开通。` : props.reason;
  return <Result status="403" title="没有权限" subTitle={reason} />;
}

/** 页面不存在 (404) inside a micro-app: a path below its base path that is none of its pages. `app`: its name. */
export function PageNotFound({ app }: { app: string }): ReactElement {
  return <Result status="404" title="页面不存在" subTitle={`${app}中没有这个页面。`} />;
}

export type RequirePermissionProps = ForbiddenProps & { permission: string; children: ReactNode };

/**
 * A page (or the whole app) that needs `permission`: its `children` for holders, `Forbidden` with `what` or `reason`
 * for anyone else (UI only; the server still enforces).
 */
export function RequirePermission({ permission, children, ...forbidden }: RequirePermissionProps): ReactNode {
  return (
    <Authorized permission={permission} fallback={<Forbidden {...forbidden} />}>
      {children}
    </Authorized>
  );
}
