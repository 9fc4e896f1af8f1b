import React from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installHooks, readPageImportMaps, type Registration } from './systemjs-loader.ts';

/** SystemJS's loader surface, faked: what the hooks wrap. */
function fakeLoader() {
  return {
    import: vi.fn(),
    resolve: vi.fn((id: string, _parentUrl?: string) => `https://wb.example/${id}`),
    instantiate: vi.fn((_url: string, _parentUrl?: string, _meta?: unknown) => Promise.resolve([[], () => ({})] as unknown)),
    addImportMap: vi.fn(),
  };
}

afterEach(() => {
  document.head.querySelectorAll('script[type="importmap"]').forEach((s) => s.remove());
});

describe('SystemJS loader (ADR 0040)', () => {
  it('merges the page import maps, including maps added after a post switch', () => {
    for (const map of [
      { imports: { react: '/assets/shared/react.js', '@wb-app/a': '/assets/apps/a/1/a.js' }, integrity: { '/assets/apps/a/1/a.js': 'sha384-a' } },
      { imports: { '@wb-app/b': '/assets/apps/b/1/b.js' }, integrity: { '/assets/apps/b/1/b.js': 'sha384-b' } },
    ]) {
      const script = document.createElement('script');
      script.type = 'importmap';
      script.textContent = JSON.stringify(map);
      document.head.appendChild(script);
    }
    expect(readPageImportMaps()).toEqual({
      imports: { react: '/assets/shared/react.js', '@wb-app/a': '/assets/apps/a/1/a.js', '@wb-app/b': '/assets/apps/b/1/b.js' },
      integrity: { '/assets/apps/a/1/a.js': 'sha384-a', '/assets/apps/b/1/b.js': 'sha384-b' },
    });
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
