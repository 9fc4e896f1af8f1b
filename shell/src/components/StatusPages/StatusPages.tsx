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

/** The inlined feed is missing or invalid: nothing else can be trusted, so offer a reload only. */
export function FeedErrorPage(): ReactElement {
  return (
    <Result
      status="error"
      title="工作台加载失败"
      subTitle="页面数据不完整，请刷新页面；如果问题持续，请联系管理员。"
      extra={
        <Button type="primary" onClick={() => window.location.reload()}>
          刷新页面
        </Button>
      }
    />
  );
}
