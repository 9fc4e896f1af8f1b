import { Card, Empty, Typography } from 'antd';
import { lazy, Suspense, type CSSProperties, type ReactElement } from 'react';
import type { FeedApp, FeedMenu } from '@wb/contracts';
import { menuIcon } from '../../layout/icons.tsx';
import { ShellLink } from '../ShellLink/ShellLink.tsx';
import { useFeed, useShellEnv } from '../../layout/shell-context.ts';

// The widget section (grid, parcels, editing) loads beside the layout request, outside the first-paint budget (P3).
const HomeWidgets = lazy(() => import('./HomeWidgets.tsx').then((m) => ({ default: m.HomeWidgets })));

const GRID: CSSProperties = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: 16 };
/** A card's description in two lines at most (the whole text on hover): cards of one height, a phone's home short. */
const TWO_LINES: CSSProperties = { display: '-webkit-box', WebkitLineClamp: 2, WebkitBoxOrient: 'vertical', overflow: 'hidden' };

/** Where an app card leads: the app's first menu entry, else its first route. */
export function appEntryPath(app: FeedApp, menus: readonly FeedMenu[]): string {
  const first = menus.filter((menu) => menu.appId === app.id).sort((a, b) => a.order - b.order)[0];
  return first?.path ?? app.routes[0] ?? `/app/${app.id}`;
}

/** The workbench home: a greeting, the user's apps (those in their menu) and their arranged widgets. */
export function HomePage(): ReactElement {
  const feed = useFeed();
  const { home } = useShellEnv();
  // 应用市场 can take an app out of the user's menu: no card either (routes still work).
  const apps = feed.apps.filter((app) => app.inMenu);
  return (
    <div>
      <Typography.Title level={3}>欢迎，{feed.user?.displayName}</Typography.Title>
      <Typography.Title level={5}>我的应用</Typography.Title>
      {apps.length === 0 ? (
        <Empty description="暂无可用的应用，如需开通请联系管理员" />
      ) : (
        <div style={GRID}>
          {apps.map((app) => {
            const about = app.description || app.category;
            return (
              <ShellLink key={app.id} to={appEntryPath(app, feed.menus)} style={{ display: 'block', height: '100%' }}>
                <Card hoverable style={{ height: '100%' }}>
                  <Card.Meta avatar={menuIcon(app.icon)} title={app.name} description={<span style={TWO_LINES} title={about}>{about}</span>} />
                </Card>
              </ShellLink>
            );
          })}
        </div>
      )}
      {home ? (
        <Suspense fallback={null}>
          <HomeWidgets home={home} />
        </Suspense>
      ) : null}
    </div>
  );
}
