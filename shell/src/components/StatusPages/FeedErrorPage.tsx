import { Button } from 'antd';
import type { ReactElement } from 'react';
import { StatusPanel } from './StatusPanel.tsx';

/** The inlined feed is missing or invalid: nothing else can be trusted, so offer a reload only. */
export function FeedErrorPage(): ReactElement {
  return (
    <StatusPanel
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
