/**
 * A suite's test app, opened once before its tests and closed after them: `suiteApp(() => createXTestApp(kind))`
 * in a `describe` instead of the `let t` / `beforeAll` / `afterAll` lines every suite would write again. The
 * returned object is filled in when the app is open (test apps are plain objects of closures), so tests read it
 * as they read the app itself.
 */
import { afterAll, beforeAll } from 'vitest';

export function suiteApp<T extends { close(): Promise<void> }>(open: () => Promise<T>, timeouts: { open?: number; close?: number } = {}): T {
  const app = {} as T;
  let opened = false;
  beforeAll(async () => {
    Object.assign(app, await open());
    opened = true;
  }, timeouts.open ?? 180_000);
  afterAll(async () => {
    if (opened) await app.close();
  }, timeouts.close ?? 30_000);
  return app;
}
