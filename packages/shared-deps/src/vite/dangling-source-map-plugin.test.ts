import { describe, expect, it } from 'vitest';
import { danglingSourceMapPlugin } from './dangling-source-map-plugin.ts';

type Bundle = Record<string, { type: 'asset' | 'chunk'; fileName: string; source?: string | Uint8Array; code?: string }>;

function run(bundle: Bundle): Bundle {
  const plugin = danglingSourceMapPlugin();
  const hook = plugin.generateBundle as (this: unknown, output: unknown, bundle: Bundle) => void;
  hook.call({}, {}, bundle);
  return bundle;
}

describe('danglingSourceMapPlugin', () => {
  it('drops the comment of an asset whose map is not emitted (SystemJS s.min.js), keeping the code', () => {
    const text = '!function(){System.x=1}();\n//# sourceMappingURL=s.min.js.map';
    const out = run({ 's.min-abc.js': { type: 'asset', fileName: 's.min-abc.js', source: new TextEncoder().encode(text) } });
    expect(out['s.min-abc.js']?.source).toBe('!function(){System.x=1}();\n');
  });

  it('keeps the comment when the map is in the bundle, and leaves chunks and other assets alone', () => {
    const withMap = 'a();\n//# sourceMappingURL=lib.js.map\n';
    const css = 'a{}\n/*# sourceMappingURL=x.css.map */';
    const out = run({
      'lib.js': { type: 'asset', fileName: 'lib.js', source: withMap },
      'lib.js.map': { type: 'asset', fileName: 'lib.js.map', source: '{}' },
      'x.css': { type: 'asset', fileName: 'x.css', source: css },
      'main.js': { type: 'chunk', fileName: 'main.js', code: 'b();\n//# sourceMappingURL=main.js.map' },
    });
    expect(out['lib.js']?.source).toBe(withMap);
    expect(out['x.css']?.source).toBe(css);
    expect(out['main.js']?.code).toBe('b();\n//# sourceMappingURL=main.js.map');
  });
});
