import { describe, expect, it } from 'vitest';
import type { FeedWidget } from '@wb/contracts';
import type { LayoutItem } from '@wb/contracts/appstore';
import { testApp } from '../test/fixtures.ts';
import { addWidget, moveWidget, placeWidgets, removeWidget, resizeWidget, settle, unplacedWidgets } from './grid-model.ts';

const widget = (appId: string, id: string, size: FeedWidget['size'] = 'medium'): FeedWidget => ({ appId, id, title: id, size });
const item = (appId: string, widgetId: string, x: number, y: number, w: number, h: number): LayoutItem => ({ appId, widgetId, x, y, w, h });
const at = (items: LayoutItem[], widgetId: string): Pick<LayoutItem, 'x' | 'y' | 'w' | 'h'> => {
  const found = items.find((i) => i.widgetId === widgetId);
  if (!found) throw new Error(`${widgetId} not placed`);
  return { x: found.x, y: found.y, w: found.w, h: found.h };
};

describe('placeWidgets', () => {
  it('skips items of apps not in the feed, undeclared widgets and duplicates', () => {
    const apps = [testApp('a'), testApp('b')];
    const widgets = [widget('a', 'one'), widget('b', 'two')];
    const items = [item('a', 'one', 0, 0, 6, 2), item('gone', 'x', 6, 0, 6, 2), item('b', 'nope', 0, 2, 6, 2), item('b', 'two', 0, 2, 6, 2), item('a', 'one', 6, 0, 6, 2)];
    expect(placeWidgets(items, apps, widgets).map((p) => `${p.app.id}:${p.widget.id}`)).toEqual(['a:one', 'b:two']);
  });

  it('lists the offered widgets that are not placed', () => {
    const widgets = [widget('a', 'one'), widget('a', 'two'), widget('b', 'one')];
    expect(unplacedWidgets([item('a', 'one', 0, 0, 1, 1)], widgets).map((w) => `${w.appId}:${w.id}`)).toEqual(['a:two', 'b:one']);
  });
});

describe('layout editing', () => {
  const base = [item('a', 'one', 0, 0, 6, 2), item('a', 'two', 6, 0, 6, 2), item('b', 'three', 0, 2, 12, 3)];

  it('adds a widget below the others at its manifest size', () => {
    const next = addWidget(base, widget('b', 'four', 'small'));
    expect(at(next, 'four')).toEqual({ x: 0, y: 5, w: 4, h: 2 });
    expect(next).toHaveLength(4);
  });

  it('removes a widget and floats the rest up', () => {
    const next = removeWidget(base, 'a:one');
    expect(next.map((i) => i.widgetId)).toEqual(['two', 'three']);
    expect(at(next, 'three').y).toBe(2);
    const both = removeWidget(removeWidget(base, 'a:one'), 'a:two');
    expect(at(both, 'three').y).toBe(0);
  });

  it('moves left and right within the grid', () => {
    const narrow = [item('a', 'one', 0, 0, 4, 2)];
    expect(at(moveWidget(narrow, 'a:one', 'right'), 'one').x).toBe(1);
    expect(at(moveWidget(narrow, 'a:one', 'left'), 'one').x).toBe(0);
    const edge = [item('a', 'one', 8, 0, 4, 2)];
    expect(at(moveWidget(edge, 'a:one', 'right'), 'one').x).toBe(8);
  });

  it('moving up or down swaps places with the neighbour', () => {
    const up = moveWidget(base, 'b:three', 'up');
    expect(at(up, 'three')).toEqual({ x: 0, y: 0, w: 12, h: 3 });
    expect(at(up, 'one').y).toBe(3);
    expect(at(up, 'two').y).toBe(3);
    const down = moveWidget(base, 'a:one', 'down');
    // 'two' still holds row 0 on the right, so 'three' (full width) stays at row 2 and 'one' goes below it.
    expect(at(down, 'three').y).toBe(2);
    expect(at(down, 'one')).toEqual({ x: 0, y: 5, w: 6, h: 2 });
    const column = [item('a', 'one', 0, 0, 6, 2), item('a', 'two', 0, 2, 6, 3)];
    const swapped = moveWidget(column, 'a:one', 'down');
    expect([at(swapped, 'two').y, at(swapped, 'one').y]).toEqual([0, 3]);
  });

  it('resizes within 1–12 columns and pushes overlapped widgets down', () => {
    const wider = resizeWidget(base, 'a:one', 'wider');
    expect(at(wider, 'one')).toEqual({ x: 0, y: 0, w: 7, h: 2 });
    // 'two' (x 6) now overlaps and moves below 'one'.
    expect(at(wider, 'two').y).toBeGreaterThanOrEqual(2);
    const full = resizeWidget([item('a', 'one', 6, 0, 6, 1)], 'a:one', 'wider');
    expect(at(full, 'one')).toEqual({ x: 5, y: 0, w: 7, h: 1 });
    expect(at(resizeWidget([item('a', 'one', 0, 0, 1, 1)], 'a:one', 'narrower'), 'one').w).toBe(1);
    expect(at(resizeWidget(base, 'a:one', 'taller'), 'one').h).toBe(3);
    expect(at(resizeWidget(base, 'a:one', 'taller'), 'three').y).toBe(3);
  });

  it('settle leaves no overlaps', () => {
    const messy = [item('a', 'one', 0, 0, 8, 2), item('a', 'two', 4, 0, 8, 2), item('b', 'three', 2, 1, 4, 4)];
    const done = settle(messy);
    for (const a of done)
      for (const b of done)
        if (a !== b) expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).toBe(false);
  });
});
