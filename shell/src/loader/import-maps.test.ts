import { afterEach, describe, expect, it } from 'vitest';
import { createImportMapInjector, readCspNonce } from './import-maps.ts';

const initial = {
  imports: { react: '/assets/shared/react-1.js', '@wb-app/a': '/assets/apps/a/d1/main.js' },
  integrity: { '/assets/shared/react-1.js': 'sha384-r', '/assets/apps/a/d1/main.js': 'sha384-a' },
};

function setNonce(value: string | null): void {
  document.head.querySelector('meta[name="wb-csp-nonce"]')?.remove();
  if (value === null) return;
  const meta = document.createElement('meta');
  meta.name = 'wb-csp-nonce';
  meta.content = value;
  document.head.appendChild(meta);
}

const addedMaps = (): HTMLScriptElement[] => Array.from(document.head.querySelectorAll<HTMLScriptElement>('script[type="importmap"]'));

afterEach(() => {
  addedMaps().forEach((script) => script.remove());
  setNonce(null);
});

describe('import map injector', () => {
  it('adds a nonce-carrying import map with only the new specifiers and their integrity', () => {
    setNonce('bm9uY2Ut');
    const injector = createImportMapInjector(initial);
    const next = {
      imports: { ...initial.imports, '@wb-app/b': '/assets/apps/b/d2/main.js' },
      integrity: { ...initial.integrity, '/assets/apps/b/d2/main.js': 'sha384-b', '/assets/apps/b/d2/chunk.js': 'sha384-c' },
    };
    expect(injector.add(next)).toBe('added');
    const [script] = addedMaps();
    expect(script?.nonce).toBe('bm9uY2Ut');
    expect(JSON.parse(script?.textContent ?? '')).toEqual({
      imports: { '@wb-app/b': '/assets/apps/b/d2/main.js' },
      integrity: { '/assets/apps/b/d2/main.js': 'sha384-b', '/assets/apps/b/d2/chunk.js': 'sha384-c' },
    });
    // Remembered: the same map again adds nothing.
    expect(injector.add(next)).toBe('unchanged');
    expect(addedMaps()).toHaveLength(1);
  });

  it('adds nothing when the new feed maps no new specifier (fewer apps included)', () => {
    setNonce('bm9uY2Ut');
    expect(createImportMapInjector(initial).add({ imports: { react: '/assets/shared/react-1.js' }, integrity: {} })).toBe('unchanged');
    expect(addedMaps()).toHaveLength(0);
  });

  it('asks for a reload without a nonce, or when a mapped specifier moved to another URL', () => {
    const withNew = { imports: { '@wb-app/b': '/b.js' }, integrity: {} };
    expect(createImportMapInjector(initial).add(withNew)).toBe('reload-required');
    setNonce('bm9uY2Ut');
    const moved = { imports: { '@wb-app/a': '/assets/apps/a/d9/main.js', '@wb-app/b': '/b.js' }, integrity: {} };
    expect(createImportMapInjector(initial).add(moved)).toBe('reload-required');
    expect(addedMaps()).toHaveLength(0);
  });

  it('reads the nonce from the meta element', () => {
    expect(readCspNonce()).toBeNull();
    setNonce('abc');
    expect(readCspNonce()).toBe('abc');
  });
});

describe('import map merge (feed refresh)', () => {
  it('maps new specifiers and reports a new URL of a known one as stale, never asking for a reload', () => {
    setNonce('bm9uY2Ut');
    const injector = createImportMapInjector(initial);
    const result = injector.merge({
      imports: { ...initial.imports, '@wb-app/a': '/assets/apps/a/d9/main.js', '@wb-app/b': '/assets/apps/b/d2/main.js' },
      integrity: { '/assets/apps/a/d9/main.js': 'sha384-a9', '/assets/apps/b/d2/main.js': 'sha384-b' },
    });
    expect(result).toEqual({ added: ['@wb-app/b'], stale: ['@wb-app/a'], unmappable: [] });
    expect(addedMaps()).toHaveLength(1);
    expect(JSON.parse(addedMaps()[0]!.textContent ?? '')).toEqual({
      imports: { '@wb-app/b': '/assets/apps/b/d2/main.js' },
      integrity: { '/assets/apps/a/d9/main.js': 'sha384-a9', '/assets/apps/b/d2/main.js': 'sha384-b' },
    });
    expect(injector.merge({ imports: { '@wb-app/b': '/assets/apps/b/d2/main.js' }, integrity: {} })).toEqual({ added: [], stale: [], unmappable: [] });
  });

  it('reports new specifiers as unmappable without a CSP nonce', () => {
    const injector = createImportMapInjector(initial);
    expect(injector.merge({ imports: { '@wb-app/c': '/c.js' }, integrity: {} })).toEqual({ added: [], stale: [], unmappable: ['@wb-app/c'] });
    expect(addedMaps()).toHaveLength(0);
  });
});
