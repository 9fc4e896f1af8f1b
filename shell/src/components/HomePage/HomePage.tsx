import { Card, Empty, Typography } from 'antd';
import type { CSSProperties, ReactElement } from 'react';
import type { FeedApp, FeedMenu } from '@wb/contracts';
import { menuIcon } from '../../layout/icons.tsx';
import { ShellLink } from '../ShellLink/ShellLink.tsx';
import { useFeed } from '../../layout/shell-context.ts';

const GRID: CSSProperties = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: 16 };

/** Where an app card leads: the app's first menu entry, else its first route. */
export function appEntryPath(app: FeedApp, menus: readonly FeedMenu[]): string {
  const first = menus.filter((menu) => menu.appId === app.id).sort((a, b) => a.order - b.order)[0];
  return first?.path ?? app.routes[0] ?? `/app/${app.id}`;
}

/** The workbench home: a greeting, the user's apps, and the widgets the feed offers (titles only for now). */
export function HomePage(): ReactElement {
  const feed = useFeed();
  return (
    <div>
      <Typography.Title level={3}>欢迎，{feed.user?.displayName}</Typography.Title>
      <Typography.Title level={5}>我的应用</Typography.Title>
      {feed.apps.length === 0 ? (
        <Empty description="暂无可用的应用，如需开通请联系管理员" />
      ) : (
        <div style={GRID}>
          {feed.apps.map((app) => (
            <ShellLink key={app.id} to={appEntryPath(app, feed.menus)} style={{ display: 'block' }}>
              <Card hoverable>
                <Card.Meta avatar={menuIcon(app.icon)} title={app.name} description={app.description || app.category} />
              </Card>
            </ShellLink>
          ))}
        </div>
      )}
      {feed.widgets.length > 0 ? (
        <>
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            工作台组件
          </Typography.Title>
          <div style={GRID}>
            {feed.widgets.map((widget) => (
              <Card key={`${widget.appId}:${widget.id}`} size="small" title={widget.title} />
            ))}
          </div>
        </>
      ) : null}
    </div>
  );
}
