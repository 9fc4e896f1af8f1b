import { describe, expect, it, vi } from 'vitest';
import { testApp, testFeed } from '../test/fixtures.ts';
import { DEV_OVERRIDES_KEY, activeDevOverrides, createModuleImporter, readDevOverrides, resolveEntry, writeDevOverrides } from './dev-overrides.ts';

function memoryStorage(initial: Record<string, string> = {}): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

const apps = [testApp('customer-archive'), testApp('system-admin')];
const stored = memoryStorage({
  [DEV_OVERRIDES_KEY]: JSON.stringify({ 'customer-archive': 'http://localhost:5173/src/main.ts', 'not-mine': 'http://localhost:5174/x.js' }),
});

describe('dev overrides', () => {
  it('are ignored entirely unless the feed allows them', () => {
    const feed = testFeed({ apps, devOverrides: false });
    expect(activeDevOverrides(feed, stored)).toEqual({});
    expect(resolveEntry(feed, '@wb-app/customer-archive', stored)).toBe('@wb-app/customer-archive');
  });

  it('replace the specifier of an app in the feed when allowed, and only of apps in the feed', () => {
    const feed = testFeed({ apps, devOverrides: true });
    expect(activeDevOverrides(feed, stored)).toEqual({ 'customer-archive': 'http://localhost:5173/src/main.ts' });
    expect(resolveEntry(feed, '@wb-app/customer-archive', stored)).toBe('http://localhost:5173/src/main.ts');
    expect(resolveEntry(feed, '@wb-app/system-admin', stored)).toBe('@wb-app/system-admin');
  });

  it('drop malformed storage and non-http URLs', () => {
    expect(readDevOverrides(memoryStorage({ [DEV_OVERRIDES_KEY]: 'not json' }))).toEqual({});
    expect(readDevOverrides(memoryStorage({ [DEV_OVERRIDES_KEY]: '["x"]' }))).toEqual({});
    const storage = memoryStorage();
    writeDevOverrides(storage, { a: 'javascript:alert(1)', b: '/relative.js', c: 'https://dev.local:5173/main.js' });
    expect(readDevOverrides(storage)).toEqual({ c: 'https://dev.local:5173/main.js' });
    writeDevOverrides(storage, {});
    expect(storage.getItem(DEV_OVERRIDES_KEY)).toBeNull();
  });

  it('the importer reads the current feed at each import', async () => {
    let feed = testFeed({ apps, devOverrides: false });
    const load = vi.fn((target: string) => Promise.resolve({ target }));
    const importModule = createModuleImporter(() => feed, stored, load);
    await importModule('@wb-app/customer-archive');
    feed = testFeed({ apps, devOverrides: true });
    await importModule('@wb-app/customer-archive');
    expect(load.mock.calls.map(([target]) => target)).toEqual(['@wb-app/customer-archive', 'http://localhost:5173/src/main.ts']);
  });
});
