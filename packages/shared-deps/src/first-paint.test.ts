import { describe, expect, it } from 'vitest';
import { budgetViolations, firstPaintReport, type ShellFacts } from './first-paint.ts';
import type { SharedDepsManifest } from './manifest.ts';

const sharedFile = (file: string, gzip: number, imports: string[] = [], dynamicImports: string[] = []) => ({
  file, gzip, imports, dynamicImports, integrity: 'sha384-x', size: gzip * 3,
});

const shared: SharedDepsManifest = {
  importMap: {
    imports: { react: '/assets/shared/react-a.js', 'antd/es/button': '/assets/shared/antd-es-button-b.js', 'antd/es/table': '/assets/shared/antd-es-table-c.js' },
    integrity: {},
  },
  versions: {},
  files: [
    sharedFile('react-a.js', 1000, ['react-runtime-r.js']),
    sharedFile('react-runtime-r.js', 60_000),
    sharedFile('antd-es-button-b.js', 500, ['antd-common-x.js', 'react-runtime-r.js']),
    sharedFile('antd-common-x.js', 80_000, [], ['lazy-l.js']),
    sharedFile('lazy-l.js', 99_000),
    sharedFile('antd-es-table-c.js', 40_000, ['antd-common-x.js']),
  ],
};

const shell: ShellFacts = {
  entry: 'main-1.js',
  files: [
    { file: 'main-1.js', gzip: 20_000, imports: ['chunk-2.js'], externalImports: ['react', 'antd/es/button'] },
    { file: 'chunk-2.js', gzip: 5_000, imports: [], externalImports: [] },
    { file: 'lazy-3.js', gzip: 9_000, imports: [], externalImports: ['antd/es/table'] },
  ],
};

describe('firstPaintReport', () => {
  it('counts the shell static graph and the shared modules it reaches, not dynamic imports', () => {
    const report = firstPaintReport(shell, shared);
    expect(report.sharedSpecifiers).toEqual(['antd/es/button', 'react']);
    expect(report.shellOwn).toBe(25_000);
    expect(report.shared).toBe(1000 + 60_000 + 500 + 80_000);
    expect(report.total).toBe(report.shellOwn + report.shared);
    expect(report.rows.map((r) => r.file)).not.toContain('lazy-l.js');
    expect(report.rows.map((r) => r.file)).not.toContain('antd-es-table-c.js');
    expect(budgetViolations(report)).toEqual([]);
  });

  it('names each exceeded limit', () => {
    const heavy: ShellFacts = { ...shell, files: shell.files.map((f) => (f.file === 'main-1.js' ? { ...f, gzip: 300_000 } : f)) };
    const problems = budgetViolations(firstPaintReport(heavy, shared));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/over the 350.0 KiB budget/);
    expect(problems[1]).toMatch(/shell's own code/);
  });

  it('fails clearly when the shell imports something the shared build lacks', () => {
    const missing: ShellFacts = { entry: 'm.js', files: [{ file: 'm.js', gzip: 1, imports: [], externalImports: ['@wb/sdk'] }] };
    expect(() => firstPaintReport(missing, shared)).toThrow(/imports @wb\/sdk, which the shared build does not provide/);
  });
});
