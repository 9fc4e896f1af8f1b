import { describe, expect, it } from 'vitest';
import { cjsWrapperSource, isExportableName, readCjsExports } from './cjs-exports.ts';

describe('CommonJS export names', () => {
  it('reads the production export names of React, without development-only ones', () => {
    const info = readCjsExports(['react', 'react-dom/client'], process.cwd());
    expect(info.react?.names).toEqual(expect.arrayContaining(['useState', 'createElement', 'Fragment', 'version']));
    expect(info.react?.names).not.toContain('captureOwnerStack');
    expect(info['react-dom/client']?.names).toEqual(['createRoot', 'hydrateRoot', 'version']);
  });

  it('keeps only names that can be ESM bindings', () => {
    expect(isExportableName('useState')).toBe(true);
    expect(isExportableName('$')).toBe(true);
    for (const bad of ['default', 'class', 'let', 'await', '__esModule', 'a-b', '1x']) expect(isExportableName(bad), bad).toBe(false);
  });

  it('wraps a module with a default and named exports, and refuses __esModule interop', () => {
    expect(cjsWrapperSource('dayjs', { names: ['extend', 'locale'], esModule: false })).toBe(
      'import mod from "dayjs";\nexport default mod;\nexport const { extend, locale } = mod;\n',
    );
    expect(() => cjsWrapperSource('x', { names: [], esModule: true })).toThrow(/__esModule/);
  });
});
