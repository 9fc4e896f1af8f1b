import React from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SYSTEM_HREF, installHooks, type importSystemModule, type prefetchSystem, type PageModules, type Registration } from './systemjs-loader.ts';

/** SystemJS's loader surface, faked: what the hooks wrap. */
function fakeLoader() {
  return {
    import: vi.fn(),
    resolve: vi.fn((id: string, _parentUrl?: string) => `https://wb.example/${id}`),
    instantiate: vi.fn((_url: string, _parentUrl?: string, _meta?: unknown) => Promise.resolve([[], () => ({})] as unknown)),
    addImportMap: vi.fn(),
  };
}

function addImportMap(map: { imports: Record<string, string>; integrity: Record<string, string> }): void {
  const script = document.createElement('script');
  script.type = 'importmap';
  script.textContent = JSON.stringify(map);
  document.head.appendChild(script);
}

/** The `<script>`s that run s.js, kept from the test DOM's own script loading: the test plays the browser. */
const systemScripts: HTMLScriptElement[] = [];
const systemScript = (): HTMLScriptElement | undefined => systemScripts.at(-1);

beforeEach(() => {
  const append = document.head.appendChild.bind(document.head);
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    if (node instanceof HTMLScriptElement && node.src === SYSTEM_HREF) systemScripts.push(node);
    else append(node);
    return node;
  });
});

/** s.js arrives: it installs `System`, then its script's load event fires. */
async function runSystemJs(system: unknown): Promise<void> {
  await vi.waitFor(() => expect(systemScript()).toBeDefined());
  (globalThis as unknown as { System: unknown }).System = system;
  systemScript()?.dispatchEvent(new Event('load'));
}

const modules = (shared: string[], verified: Record<string, string>): PageModules => ({
  isShared: (id) => shared.includes(id),
  integrityOf: (url) => verified[url],
});

afterEach(() => {
  vi.restoreAllMocks();
  document.head.querySelectorAll('script, link').forEach((s) => s.remove());
});

/**
 * A new page: the loader module keeps its page's state (s.js requested once, the import maps read so far), so each
 * test imports a fresh instance, with no `System` and no s.js script left by another test.
 */
async function freshPage(): Promise<{ importSystemModule: typeof importSystemModule; prefetchSystem: typeof prefetchSystem }> {
  vi.resetModules();
  delete (globalThis as { System?: unknown }).System;
  systemScripts.length = 0;
  return import('./systemjs-loader.ts');
}

describe('SystemJS loader (ADR 0040)', () => {
  it('prefetches s.js with its integrity without running it, and says so when SystemJS cannot load (ADR 0087)', async () => {
    const { importSystemModule, prefetchSystem } = await freshPage();
    addImportMap({ imports: { '@wb-app/z': '/assets/apps/z/1/z.js' }, integrity: { [SYSTEM_HREF]: 'sha384-s', '/assets/apps/z/1/z.js': 'sha384-z' } });
    prefetchSystem();
    prefetchSystem();
    const links = document.head.querySelectorAll<HTMLLinkElement>('link[rel="prefetch"]');
    expect(links).toHaveLength(1);
    expect(links[0]?.href).toBe(SYSTEM_HREF);
    expect(links[0]?.integrity).toBe('sha384-s');
    // Fetched, not run: no script, no loader on the page.
    expect(systemScript()).toBeUndefined();
    expect((globalThis as { System?: unknown }).System).toBeUndefined();
    // A first mount runs it with the same integrity; a failed download fails the load (the next one tries again).
    const failed = importSystemModule('@wb-app/z');
    await vi.waitFor(() => expect(systemScript()?.integrity).toBe('sha384-s'));
    systemScript()?.dispatchEvent(new Event('error'));
    await expect(failed).rejects.toThrow('did not load');
    // The next mount tries again: a second s.js script, with the same integrity.
    const retried = importSystemModule('@wb-app/z');
    await vi.waitFor(() => expect(systemScripts).toHaveLength(2));
    expect(systemScript()?.integrity).toBe('sha384-s');
    systemScript()?.dispatchEvent(new Event('error'));
    await expect(retried).rejects.toThrow('did not load');
  });

  it('starts the entry’s download beside SystemJS’s own, then reads each import map once (ADR 0075)', async () => {
    const { importSystemModule } = await freshPage();
    const loader = fakeLoader();
    const origin = window.location.origin;
    addImportMap({ imports: { react: '/assets/shared/react.js', '@wb-app/a': '/assets/apps/a/1/a.js' }, integrity: { '/assets/apps/a/1/a.js': 'sha384-a' } });
    const first = importSystemModule('@wb-app/a');
    await Promise.resolve();
    // SystemJS has not loaded yet, and the entry is already on its way, with the integrity SystemJS will check.
    expect(loader.import).not.toHaveBeenCalled();
    const preload = document.head.querySelector<HTMLLinkElement>('link[rel="preload"][as="script"]');
    expect(preload?.href).toBe(`${origin}/assets/apps/a/1/a.js`);
    expect(preload?.integrity).toBe('sha384-a');
    // Same origin: no crossorigin attribute, as on the <script> SystemJS adds (else the preload is not reused).
    expect(preload?.hasAttribute('crossorigin')).toBe(false);
    await runSystemJs(loader);
    await first;
    expect(loader.import).toHaveBeenCalledWith(`${origin}/assets/apps/a/1/a.js`);
    // SystemJS gets no import map up front: each verified file's integrity just before its script (below).
    expect(loader.addImportMap).not.toHaveBeenCalled();
    // A post switch added a map: only that one is read; shared specifiers stay shared, apps never are.
    addImportMap({ imports: { '@wb-app/b': '/assets/apps/b/1/b.js', dayjs: '/assets/shared/dayjs.js' }, integrity: { '/assets/apps/b/1/b.js': 'sha384-b' } });
    await importSystemModule('@wb-app/b');
    expect(loader.import).toHaveBeenLastCalledWith(`${origin}/assets/apps/b/1/b.js`);
    // One SystemJS per page: both apps went through the one s.js.
    expect(systemScripts).toHaveLength(1);
    expect([loader.resolve('react'), loader.resolve('dayjs')]).toEqual(['wb-shared:react', 'wb-shared:dayjs']);
    expect(loader.resolve('@wb-app/b')).not.toMatch(/^wb-shared:/);
    await loader.instantiate(`${origin}/assets/apps/b/1/b.js`);
    expect(loader.addImportMap).toHaveBeenCalledExactlyOnceWith({ integrity: { [`${origin}/assets/apps/b/1/b.js`]: 'sha384-b' } });
    await expect(importSystemModule('@wb-app/missing')).rejects.toThrow('not in the page');
  });

  it('resolves shared specifiers to the page’s own module instances', async () => {
    const loader = fakeLoader();
    installHooks(loader, modules(['react'], {}));
    expect(loader.resolve('react')).toBe('wb-shared:react');
    expect(loader.resolve('./chunk.js', 'https://wb.example/app.js')).toBe('https://wb.example/./chunk.js');
    const registration = (await loader.instantiate('wb-shared:react')) as Registration;
    const exported: Record<string, unknown> = {};
    registration[1]((values) => Object.assign(exported, values));
    // The very same React the rest of the page uses: one instance, one set of hooks.
    expect(exported['default']).toBe(React);
    expect(exported['useState']).toBe(React.useState);
  });

  it('refuses an app file without an integrity entry before any request, and hands SystemJS the entry of one it loads', async () => {
    const loader = fakeLoader();
    const base = loader.instantiate;
    const addImportMapToSystem = loader.addImportMap;
    installHooks(loader, modules([], { 'https://wb.example/assets/apps/a/1/a.js': 'sha384-a' }));
    await expect(loader.instantiate('https://evil.example/x.js')).rejects.toThrow('no integrity entry');
    expect(base).not.toHaveBeenCalled();
    expect(addImportMapToSystem).not.toHaveBeenCalled();
    await loader.instantiate('https://wb.example/assets/apps/a/1/a.js');
    expect(addImportMapToSystem).toHaveBeenCalledWith({ integrity: { 'https://wb.example/assets/apps/a/1/a.js': 'sha384-a' } });
    expect(base).toHaveBeenCalledWith('https://wb.example/assets/apps/a/1/a.js', undefined, undefined);
  });
});
