// The 404 and 403 pages: loaded on demand (see LazyStatusPages.tsx), as antd's Result brings its illustrations.
import { Button, Result } from 'antd';
import type { ReactElement } from 'react';
import { useFeed, useShellEnv } from '../../layout/shell-context.ts';

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

const CHANNEL_NAMES: Record<string, string> = { workbench: '电脑端工作台', mobile: '移动端', kiosk: '自助终端', screen: '大屏' };

/**
 * An `/app/<id>` route for an app that is not in the user's feed (the server sends no status code for HTML). An app
 * the user has on another channel (客户档案 on a phone) is not a refusal: it says the page is not offered here.
 */
export function ForbiddenPage({ appId }: { appId?: string | undefined }): ReactElement {
  const feed = useFeed();
  const other = appId === undefined ? undefined : feed.elsewhere?.find((app) => app.id === appId);
  if (other) {
    const here = CHANNEL_NAMES[feed.channel] ?? '此渠道';
    return (
      <Result
        status="info"
        title="该页面未在此渠道提供"
        subTitle={`「${other.name}」未在${here}提供，${feed.channel === 'workbench' ? '请在为其开通的渠道使用' : '请在电脑端工作台使用'}。`}
        extra={<BackHome />}
      />
    );
  }
  return <Result status="403" title="无权访问该应用" subTitle="如需使用该应用，请联系管理员开通权限。" extra={<BackHome />} />;
}
