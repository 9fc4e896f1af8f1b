import { Grid } from 'antd';
import type { CSSProperties, ReactElement, ReactNode } from 'react';
import type { LayoutItem } from '@wb/contracts/appstore';
import { GRID_COLUMNS, GRID_ROW_HEIGHT, itemKey, readingOrder, type PlacedWidget } from './grid-model.ts';
import { WidgetFrame } from './WidgetFrame.tsx';
import type { WidgetHost } from './widget-host.ts';

const GRID: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: `repeat(${GRID_COLUMNS}, minmax(0, 1fr))`,
  gridAutoRows: GRID_ROW_HEIGHT,
  gap: 16,
};

/** On a phone: one widget under the other, each as tall as its content. */
const STACK: CSSProperties = { display: 'flex', flexDirection: 'column', gap: 12 };

export interface WidgetGridProps {
  host: WidgetHost;
  placed: readonly PlacedWidget[];
  sessionKey: string;
  /** Edit mode: controls for one item (rendered in its card header). */
  controls?: (item: LayoutItem, title: string) => ReactNode;
}

/**
 * The home's 12-column grid; each item is placed by its layout cell (x, y, w, h). Narrower than antd's `md` (a phone):
 * the widgets stack in reading order (top to bottom, left to right) at their content's height, since 12 columns
 * of a 390 px screen squeeze a half-width widget's figures onto two lines and leave the cell of a widget this user
 * is not offered empty beside it.
 */
export function WidgetGrid({ host, placed, sessionKey, controls }: WidgetGridProps): ReactElement {
  const stacked = Grid.useBreakpoint().md === false;
  return (
    <div style={stacked ? STACK : GRID} data-testid="wb-widget-grid" data-stacked={stacked || undefined}>
      {(stacked ? readingOrder(placed) : placed).map(({ item, app, widget }) => (
        <div
          key={itemKey(item)}
          data-testid="wb-widget-cell"
          data-cell={`${item.x},${item.y},${item.w},${item.h}`}
          style={stacked ? { minWidth: 0 } : { gridColumn: `${item.x + 1} / span ${item.w}`, gridRow: `${item.y + 1} / span ${item.h}`, minWidth: 0 }}
        >
          <WidgetFrame host={host} app={app} widget={widget} sessionKey={sessionKey} extra={controls?.(item, widget.title)} />
        </div>
      ))}
    </div>
  );
}
