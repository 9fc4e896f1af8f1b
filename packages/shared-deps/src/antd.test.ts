import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { antdEsDir, parseAntdIndex, readAntdComponentMap } from './antd.ts';
import { existsSync } from 'node:fs';

describe('antd component map', () => {
  const map = readAntdComponentMap();

  it('maps irregular export names to their directories as antd itself does', () => {
    expect(map.byName.get('Button')).toBe('button');
    expect(map.byName.get('DatePicker')).toBe('date-picker');
    expect(map.byName.get('ConfigProvider')).toBe('config-provider');
    expect(map.byName.get('QRCode')).toBe('qr-code');
    expect(map.byName.get('theme')).toBe('theme');
    expect(map.byName.get('message')).toBe('message');
    expect(map.byName.get('App')).toBe('app');
    expect(map.unmappable).toContain('unstableSetRender');
  });

  it('agrees with a full parse of antd/es/index.js and every directory has an index.js', () => {
    const source = readFileSync(join(antdEsDir(), 'index.js'), 'utf8');
    const program = parseAst(source);
    const reexports = new Map<string, string>();
    for (const node of program.body) {
      if (node.type !== 'ExportNamedDeclaration' || !node.source) continue;
      for (const s of node.specifiers) {
        const exported = s.exported.type === 'Identifier' ? s.exported.name : String(s.exported.value);
        reexports.set(exported, String(node.source.value).replace('./', ''));
      }
    }
    expect(new Map(map.byName)).toEqual(reexports);
    for (const dir of map.byName.values()) expect(existsSync(join(antdEsDir(), dir, 'index.js')), dir).toBe(true);
  });

  it('refuses an export form it does not know, so an antd upgrade cannot silently drop components', () => {
    expect(() => parseAntdIndex("export { default as Button } from './button';\nexport * from './x';")).toThrow(
      /unexpected export/,
    );
  });
});
