import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { importSystemModule, installHooks, type Registration } from './systemjs-loader.ts';

/** SystemJS's loader surface, faked: what the hooks wrap. */
function fakeLoader() {
  return {
    import: vi.fn(),
    resolve: vi.fn((id: string, _parentUrl?: string) => `https://wb.example/${id}`),
    instantiate: vi.fn((_url: string, _parentUrl?: string, _meta?: unknown) => Promise.resolve([[], () => ({})] as unknown)),
    addImportMap: vi.fn(),
  };
}

/** The page's SystemJS, faked: `s.js` (mocked) installs it once the test opens `gate`. */
const page = vi.hoisted(() => {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  return { gate, open: () => open(), system: undefined as unknown };
});
vi.mock('systemjs/s.js', async () => {
  await page.gate;
  (globalThis as unknown as { System: unknown }).System = page.system;
  return {};
});

function addImportMap(map: { imports: Record<string, string>; integrity: Record<string, string> }): void {
  const script = document.createElement('script');
  script.type = 'importmap';
  script.textContent = JSON.stringify(map);
  document.head.appendChild(script);
}

afterEach(() => {
  document.head.querySelectorAll('script[type="importmap"], link[rel="preload"]').forEach((s) => s.remove());
});

describe('SystemJS loader (ADR 0040)', () => {
  it('starts the entry’s download beside SystemJS’s own, then reads each import map once (ADR 0075)', async () => {
    const loader = fakeLoader();
    page.system = loader;
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
    page.open();
    await first;
    expect(loader.import).toHaveBeenCalledWith(`${origin}/assets/apps/a/1/a.js`);
    expect(loader.addImportMap).toHaveBeenCalledTimes(1);
    expect(loader.addImportMap).toHaveBeenLastCalledWith({ integrity: { '/assets/apps/a/1/a.js': 'sha384-a' } }, document.baseURI);
    // A post switch added a map: only that one is read and handed to SystemJS; shared specifiers stay shared.
    addImportMap({ imports: { '@wb-app/b': '/assets/apps/b/1/b.js' }, integrity: { '/assets/apps/b/1/b.js': 'sha384-b' } });
    await importSystemModule('@wb-app/b');
    expect(loader.import).toHaveBeenLastCalledWith(`${origin}/assets/apps/b/1/b.js`);
    expect(loader.addImportMap).toHaveBeenCalledTimes(2);
    expect(loader.addImportMap).toHaveBeenLastCalledWith({ integrity: { '/assets/apps/b/1/b.js': 'sha384-b' } }, document.baseURI);
    expect(loader.resolve('react')).toBe('wb-shared:react');
    await expect(importSystemModule('@wb-app/missing')).rejects.toThrow('not in the page');
  });

  it('resolves shared specifiers to the page’s own module instances', async () => {
    const loader = fakeLoader();
    installHooks(loader, { shared: new Set(['react']), verified: new Set() });
    expect(loader.resolve('react')).toBe('wb-shared:react');
    expect(loader.resolve('./chunk.js', 'https://wb.example/app.js')).toBe('https://wb.example/./chunk.js');
    const registration = (await loader.instantiate('wb-shared:react')) as Registration;
    const exported: Record<string, unknown> = {};
    registration[1]((values) => Object.assign(exported, values));
    // The very same React the rest of the page uses: one instance, one set of hooks.
    expect(exported['default']).toBe(React);
    expect(exported['useState']).toBe(React.useState);
  });

  it('refuses an app file without an integrity entry before any request', async () => {
    const loader = fakeLoader();
    const base = loader.instantiate;
    installHooks(loader, { shared: new Set(), verified: new Set(['https://wb.example/assets/apps/a/1/a.js']) });
    await expect(loader.instantiate('https://evil.example/x.js')).rejects.toThrow('no integrity entry');
    expect(base).not.toHaveBeenCalled();
    await loader.instantiate('https://wb.example/assets/apps/a/1/a.js');
    expect(base).toHaveBeenCalledWith('https://wb.example/assets/apps/a/1/a.js', undefined, undefined);
  });
});
