import type { FeedApp, FeedWidget } from '@wb/contracts';
import type { LayoutItem } from '@wb/contracts/appstore';

/** The home grid (界面组件/装配): 12 columns, rows of fixed height; `h` counts rows. */
export const GRID_COLUMNS = 12;
/** Row height in CSS pixels. */
export const GRID_ROW_HEIGHT = 96;
const MAX_ROW = 200;
const MAX_HEIGHT = 12;

/** Default cell of a newly added widget, from its manifest `size`. */
const SIZE_CELLS: Record<FeedWidget['size'], { w: number; h: number }> = {
  small: { w: 4, h: 2 },
  medium: { w: 6, h: 3 },
  large: { w: 12, h: 4 },
};

export const itemKey = (item: Pick<LayoutItem, 'appId' | 'widgetId'>): string => `${item.appId}:${item.widgetId}`;

/** A placed widget the user may still see: its feed app and widget entry. */
export interface PlacedWidget {
  item: LayoutItem;
  app: FeedApp;
  widget: FeedWidget;
}

/**
 * The items of a saved layout the current feed still offers, in layout order. An item of an app not in the
 * feed (removed, not allowed for this post) or of a widget the app no longer declares is skipped, and so is a
 * second item of the same widget.
 */
export function placeWidgets(items: readonly LayoutItem[], apps: readonly FeedApp[], widgets: readonly FeedWidget[]): PlacedWidget[] {
  const seen = new Set<string>();
  const placed: PlacedWidget[] = [];
  for (const item of items) {
    const key = itemKey(item);
    const app = apps.find((candidate) => candidate.id === item.appId);
    const widget = widgets.find((candidate) => candidate.appId === item.appId && candidate.id === item.widgetId);
    if (!app || !widget || seen.has(key)) continue;
    seen.add(key);
    placed.push({ item, app, widget });
  }
  return placed;
}

/** Placed widgets top to bottom, then left to right: the order a single column shows them in. */
export function readingOrder(placed: readonly PlacedWidget[]): PlacedWidget[] {
  return [...placed].sort((a, b) => a.item.y - b.item.y || a.item.x - b.item.x);
}

/** Widgets the feed offers that the layout does not place yet (the 添加组件 list). */
export function unplacedWidgets(items: readonly LayoutItem[], widgets: readonly FeedWidget[]): FeedWidget[] {
  const placed = new Set(items.map(itemKey));
  return widgets.filter((widget) => !placed.has(itemKey({ appId: widget.appId, widgetId: widget.id })));
}

const overlaps = (a: LayoutItem, b: LayoutItem): boolean =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max);

/** Keeps an item inside the grid: 1 ≤ w ≤ 12, x + w ≤ 12, 1 ≤ h ≤ 12, 0 ≤ y ≤ 200. */
function fit(item: LayoutItem): LayoutItem {
  const w = clamp(item.w, 1, GRID_COLUMNS);
  return { ...item, w, x: clamp(item.x, 0, GRID_COLUMNS - w), h: clamp(item.h, 1, MAX_HEIGHT), y: clamp(item.y, 0, MAX_ROW) };
}

/**
 * Resolves overlaps after `pinned` changed: the pinned item keeps its place, every other item (top to bottom)
 * moves down until it overlaps nothing placed before it, then everything floats up as far as it can
 * (vertical compaction, as react-grid-layout does), so the grid has no holes the user did not make.
 */
export function settle(items: readonly LayoutItem[], pinned?: string): LayoutItem[] {
  const ordered = [...items].map(fit).sort((a, b) => {
    if (pinned !== undefined && itemKey(a) === pinned) return -1;
    if (pinned !== undefined && itemKey(b) === pinned) return 1;
    return a.y - b.y || a.x - b.x;
  });
  const placed: LayoutItem[] = [];
  for (const item of ordered) {
    let next = item;
    while (placed.some((other) => overlaps(other, next)) && next.y < MAX_ROW) next = { ...next, y: next.y + 1 };
    placed.push(next);
  }
  return compact(placed);
}

function compact(items: LayoutItem[]): LayoutItem[] {
  const sorted = [...items].sort((a, b) => a.y - b.y || a.x - b.x);
  const done: LayoutItem[] = [];
  for (const item of sorted) {
    let next = item;
    while (next.y > 0 && !done.some((other) => overlaps(other, { ...next, y: next.y - 1 }))) next = { ...next, y: next.y - 1 };
    done.push(next);
  }
  return done;
}

/** Adds a widget below everything else, at its manifest size. */
export function addWidget(items: readonly LayoutItem[], widget: FeedWidget): LayoutItem[] {
  const bottom = items.reduce((max, item) => Math.max(max, item.y + item.h), 0);
  const { w, h } = SIZE_CELLS[widget.size];
  const item: LayoutItem = { appId: widget.appId, widgetId: widget.id, x: 0, y: bottom, w, h };
  return settle([...items, item], itemKey(item));
}

export function removeWidget(items: readonly LayoutItem[], key: string): LayoutItem[] {
  return compact(items.filter((item) => itemKey(item) !== key));
}

export type MoveDirection = 'left' | 'right' | 'up' | 'down';
const MOVES: Record<MoveDirection, { dx: number; dy: number }> = {
  left: { dx: -1, dy: 0 },
  right: { dx: 1, dy: 0 },
  up: { dx: 0, dy: -1 },
  down: { dx: 0, dy: 1 },
};

/**
 * Moves one item a column left/right, or up/down past its neighbour in that direction (they swap places;
 * a one-row step alone would be undone by the compaction).
 */
export function moveWidget(items: readonly LayoutItem[], key: string, direction: MoveDirection): LayoutItem[] {
  const target = items.find((item) => itemKey(item) === key);
  if (!target) return [...items];
  const { dx, dy } = MOVES[direction];
  let moved = fit({ ...target, x: target.x + dx, y: target.y + dy });
  if (direction === 'up') {
    const above = items
      .filter((item) => item !== target && item.y + item.h <= target.y && item.x < target.x + target.w && target.x < item.x + item.w)
      .sort((a, b) => b.y + b.h - (a.y + a.h))[0];
    if (above) moved = { ...moved, y: above.y };
  }
  if (direction === 'down') {
    // Jump below the item underneath: compaction then floats that one up into the freed place.
    const below = items
      .filter((item) => item !== target && item.y >= target.y + target.h && item.x < target.x + target.w && target.x < item.x + item.w)
      .sort((a, b) => a.y - b.y)[0];
    if (below) moved = { ...moved, y: below.y + below.h };
  }
  const others = items.filter((item) => item !== target);
  return settle([...others, moved], key);
}

export type ResizeChange = 'wider' | 'narrower' | 'taller' | 'shorter';

export function resizeWidget(items: readonly LayoutItem[], key: string, change: ResizeChange): LayoutItem[] {
  const target = items.find((item) => itemKey(item) === key);
  if (!target) return [...items];
  const next = { ...target };
  if (change === 'wider') next.w = Math.min(target.w + 1, GRID_COLUMNS);
  if (change === 'narrower') next.w = Math.max(target.w - 1, 1);
  if (change === 'taller') next.h = Math.min(target.h + 1, MAX_HEIGHT);
  if (change === 'shorter') next.h = Math.max(target.h - 1, 1);
  // Growing at the right edge pushes the item left rather than out of the grid.
  if (next.x + next.w > GRID_COLUMNS) next.x = GRID_COLUMNS - next.w;
  return settle([...items.filter((item) => item !== target), next], key);
}

export const sameLayout = (a: readonly LayoutItem[], b: readonly LayoutItem[]): boolean =>
  a.length === b.length && a.every((item, i) => JSON.stringify(item) === JSON.stringify(b[i]));
