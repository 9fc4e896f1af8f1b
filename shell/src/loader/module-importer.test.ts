import { describe, expect, it, vi } from 'vitest';
import type { FeedApp } from '@wb/contracts';
import { createModuleImporter } from './dev-overrides.ts';

const importSystemModule = vi.fn(async (specifier: string) => ({ via: 'systemjs', specifier }));
vi.mock('./systemjs-loader.ts', () => ({ importSystemModule }));

const app = (id: string, format?: FeedApp['format']) => ({ id, specifier: `@wb-app/${id}`, ...(format ? { format } : {}) }) as FeedApp;

describe('the shell’s module importer (ADR 0040)', () => {
  it('loads System.register apps through SystemJS and everything else natively', async () => {
    const native = vi.fn(async (target: string) => ({ via: 'native', target }));
    const feed = { devOverrides: false, apps: [app('esm-app'), app('sys-app', 'systemjs')] };
    const importModule = createModuleImporter(() => feed, undefined, native);
    await expect(importModule('@wb-app/esm-app')).resolves.toEqual({ via: 'native', target: '@wb-app/esm-app' });
    await expect(importModule('react')).resolves.toEqual({ via: 'native', target: 'react' });
    expect(importSystemModule).not.toHaveBeenCalled();
    await expect(importModule('@wb-app/sys-app')).resolves.toEqual({ via: 'systemjs', specifier: '@wb-app/sys-app' });
    expect(importSystemModule).toHaveBeenCalledTimes(1);
    expect(native).toHaveBeenCalledTimes(2);
  });
});
