import type { CSSProperties, ReactElement, ReactNode } from 'react';
import type { LayoutItem } from '@wb/contracts/appstore';
import { GRID_COLUMNS, GRID_ROW_HEIGHT, itemKey, type PlacedWidget } from './grid-model.ts';
import { WidgetFrame } from './WidgetFrame.tsx';
import type { WidgetHost } from './widget-host.ts';

const GRID: CSSProperties = {
  display: 'grid',
  gridTemplateColumns: `repeat(${GRID_COLUMNS}, minmax(0, 1fr))`,
  gridAutoRows: GRID_ROW_HEIGHT,
  gap: 16,
};

export interface WidgetGridProps {
  host: WidgetHost;
  placed: readonly PlacedWidget[];
  sessionKey: string;
  /** Edit mode: controls for one item (rendered in its card header). */
  controls?: (item: LayoutItem, title: string) => ReactNode;
}

/** The home's 12-column grid; each item is placed by its layout cell (x, y, w, h). */
export function WidgetGrid({ host, placed, sessionKey, controls }: WidgetGridProps): ReactElement {
  return (
    <div style={GRID} data-testid="wb-widget-grid">
      {placed.map(({ item, app, widget }) => (
        <div
          key={itemKey(item)}
          data-testid="wb-widget-cell"
          data-cell={`${item.x},${item.y},${item.w},${item.h}`}
          style={{ gridColumn: `${item.x + 1} / span ${item.w}`, gridRow: `${item.y + 1} / span ${item.h}`, minWidth: 0 }}
        >
          <WidgetFrame host={host} app={app} widget={widget} sessionKey={sessionKey} extra={controls?.(item, widget.title)} />
        </div>
      ))}
    </div>
  );
}
