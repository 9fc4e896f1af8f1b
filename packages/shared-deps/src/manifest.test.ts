import { describe, expect, it } from 'vitest';
import { staticClosure } from './graph.ts';
import { parseSharedDeps, readSharedDeps } from './manifest.ts';
import { compatibleRange } from './versions.ts';

const file = (name: string, imports: string[] = []) => ({
  file: name, integrity: 'sha384-x', size: 10, gzip: 5, imports, dynamicImports: [],
});

describe('shared-deps.json reader', () => {
  const valid = {
    importMap: { imports: { react: '/assets/shared/react-a.js' }, integrity: { '/assets/shared/react-a.js': 'sha384-x' } },
    versions: { react: '19.3.1' },
    files: [file('react-a.js')],
  };

  it('accepts a well-formed manifest and names the first problem of a bad one', () => {
    expect(parseSharedDeps(valid).versions.react).toBe('19.3.1');
    expect(() => parseSharedDeps({ ...valid, importMap: { imports: valid.importMap.imports, integrity: {} } })).toThrow(
      /no integrity for \/assets\/shared\/react-a.js/,
    );
    expect(() => parseSharedDeps({ ...valid, files: [{ file: 'x.js' }] })).toThrow(/malformed files/);
  });

  it('tells how to build when the output is missing', () => {
    expect(() => readSharedDeps('/nonexistent')).toThrow(/npm run build -w packages\/shared-deps/);
  });
});

describe('staticClosure', () => {
  it('follows static imports transitively, once each', () => {
    const files = [file('a.js', ['b.js', 'c.js']), file('b.js', ['c.js']), file('c.js'), file('d.js')];
    expect(staticClosure(files, ['a.js']).map((f) => f.file).sort()).toEqual(['a.js', 'b.js', 'c.js']);
    expect(() => staticClosure(files, ['x.js'])).toThrow(/unknown file x.js/);
  });
});

describe('compatibleRange', () => {
  it('records the major, or the minor below 1.0', () => {
    expect(compatibleRange('19.3.1')).toBe('^19');
    expect(compatibleRange('0.1.0')).toBe('^0.1');
    expect(() => compatibleRange('latest')).toThrow(/semantic version/);
  });
});
