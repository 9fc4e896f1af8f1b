import { Alert, Button, Empty, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState, type ReactElement } from 'react';
import type { LayoutItem } from '@wb/contracts/appstore';
import { activePostKey } from '@wb/sdk';
import { useFeed } from '../../layout/shell-context.ts';
import { placeWidgets } from '../../widgets/grid-model.ts';
import type { HomeEnv } from '../../widgets/home-env.ts';
import { WidgetGrid } from '../../widgets/WidgetGrid.tsx';
import { useHomeLayout } from './use-home-layout.ts';

// Edit mode only: its controls and dialogs stay out of the first-paint bundle (docs/quality.md P3).
const LayoutToolbar = lazy(() => import('./LayoutEditor.tsx').then((m) => ({ default: m.LayoutToolbar })));
const ItemControls = lazy(() => import('./LayoutEditor.tsx').then((m) => ({ default: m.ItemControls })));

const SOURCE_LABEL = { user: '我的布局', post: '岗位默认布局', default: '默认布局' } as const;

/**
 * 工作台组件: the user's layout (GET /me/layout) on a 12-column grid, each widget its own parcel. 编辑布局
 * switches to a draft the user arranges (add, remove, move, resize) and saves (PUT) or discards.
 */
export function HomeWidgets({ home }: { home: HomeEnv }): ReactElement | null {
  const feed = useFeed();
  const sessionKey = (feed.user && activePostKey(feed.user)) ?? '';
  const { state, setLayout, reload } = useHomeLayout(home.layouts, sessionKey);
  const [draft, setDraft] = useState<LayoutItem[] | null>(null);
  const saved = state.kind === 'ready' ? state.layout : null;
  const items = useMemo(() => draft ?? saved?.items ?? [], [draft, saved]);
  const placed = useMemo(() => placeWidgets(items, feed.apps, feed.widgets), [items, feed.apps, feed.widgets]);
  const editing = draft !== null;

  if (feed.widgets.length === 0 && placed.length === 0) return null;
  return (
    <section aria-label="工作台组件" style={{ marginTop: 24 }}>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Space>
          <Typography.Title level={5} style={{ margin: 0 }}>
            工作台组件
          </Typography.Title>
          {saved && !editing ? (
            <Typography.Text type="secondary" data-testid="wb-layout-source">
              {SOURCE_LABEL[saved.source]}
            </Typography.Text>
          ) : null}
        </Space>
        {saved && !editing ? (
          <Button onClick={() => setDraft(placed.map((p) => p.item))} data-testid="wb-layout-edit">
            编辑布局
          </Button>
        ) : null}
      </Space>
      {editing ? (
        <Suspense fallback={<Spin size="small" />}>
          <LayoutToolbar
            layouts={home.layouts}
            draft={draft}
            onChange={setDraft}
            onDone={(layout) => {
              setDraft(null);
              if (layout) setLayout(layout);
            }}
          />
        </Suspense>
      ) : null}
      {state.kind === 'loading' ? <Spin /> : null}
      {state.kind === 'failed' ? (
        <Alert
          type="error"
          showIcon
          title="工作台布局加载失败"
          action={
            <Button size="small" onClick={reload}>
              重试
            </Button>
          }
        />
      ) : null}
      {saved && placed.length === 0 ? <Empty description={editing ? '请从「添加组件」中选择组件' : '尚未添加组件，点击「编辑布局」添加'} /> : null}
      {saved ? (
        <WidgetGrid
          host={home.widgets}
          placed={placed}
          sessionKey={sessionKey}
          controls={
            editing
              ? (item, title) => (
                  <Suspense fallback={null}>
                    <ItemControls item={item} title={title} draft={draft} onChange={setDraft} />
                  </Suspense>
                )
              : undefined
          }
        />
      ) : null}
    </section>
  );
}
