// The 404 and 403 pages: loaded on demand (see LazyStatusPages.tsx), as antd's Result brings its illustrations.
import { Button, Result } from 'antd';
import type { ReactElement } from 'react';
import { useShellEnv } from '../../layout/shell-context.ts';

function BackHome(): ReactElement {
  const { navigate } = useShellEnv();
  return (
    <Button type="primary" onClick={() => navigate('/')}>
      返回工作台
    </Button>
  );
}

export function NotFoundPage(): ReactElement {
  return <Result status="404" title="页面不存在" subTitle="您访问的地址有误，或该内容已被移除。" extra={<BackHome />} />;
}

/** An `/app/<id>` route for an app that is not in the user's feed (the server sends no status code for HTML). */
export function ForbiddenPage(): ReactElement {
  return <Result status="403" title="无权访问该应用" subTitle="如需使用该应用，请联系管理员开通权限。" extra={<BackHome />} />;
}
