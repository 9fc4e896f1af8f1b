import { beforeEach, describe, expect, it, vi } from 'vitest';
import { prepareSystemApps } from './system-app.ts';

const prefetchSystem = vi.fn();
vi.mock('./systemjs-loader.ts', () => ({ prefetchSystem }));

/** A window as prepareSystemApps sees it: its load event and idle callbacks are the test's to fire. */
function fakeWindow(readyState: DocumentReadyState, idle = true) {
  const listeners: Array<() => void> = [];
  const idleCallbacks: Array<() => void> = [];
  const doc = { readyState } as Document;
  const win = {
    document: doc,
    addEventListener: vi.fn((type: string, listener: () => void) => {
      if (type === 'load') listeners.push(listener);
    }),
    setTimeout: vi.fn((callback: () => void) => idleCallbacks.push(callback)),
    ...(idle ? { requestIdleCallback: vi.fn((callback: () => void) => idleCallbacks.push(callback)) } : {}),
  };
  return {
    win: win as unknown as Window,
    doc,
    load: () => listeners.splice(0).forEach((listener) => listener()),
    idle: () => idleCallbacks.splice(0).forEach((callback) => callback()),
    pending: () => listeners.length + idleCallbacks.length,
  };
}

describe('SystemJS prepared after first paint (P19, ADR 0087)', () => {
  // Each test counts its own prefetches, whichever ran before it.
  beforeEach(() => prefetchSystem.mockClear());

  it('does nothing for a feed without SystemJS apps', () => {
    const page = fakeWindow('complete');
    prepareSystemApps([{}, { format: 'esm' }], page.win);
    expect(page.pending()).toBe(0);
  });

  it('prefetches once the page has loaded and is idle, once per page', async () => {
    const page = fakeWindow('loading');
    prepareSystemApps([{}, { format: 'systemjs' }], page.win);
    prepareSystemApps([{ format: 'systemjs' }], page.win);
    // Nothing during the page's own load: not even the loader chunk.
    page.idle();
    await Promise.resolve();
    expect(prefetchSystem).not.toHaveBeenCalled();
    page.load();
    expect(prefetchSystem).not.toHaveBeenCalled();
    page.idle();
    await vi.waitFor(() => expect(prefetchSystem).toHaveBeenCalledExactlyOnceWith(page.doc));
    expect(page.pending()).toBe(0);
  });

  it('falls back to a timer where the browser has no idle callbacks', async () => {
    const page = fakeWindow('complete', false);
    prepareSystemApps([{ format: 'systemjs' }], page.win);
    expect(prefetchSystem).not.toHaveBeenCalled();
    page.idle();
    await vi.waitFor(() => expect(prefetchSystem).toHaveBeenCalledExactlyOnceWith(page.doc));
  });
});
