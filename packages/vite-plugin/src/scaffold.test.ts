/**
 * The pieces of the outside-team road that `npm run check-outside-app` walks end to end (ADR 0051; that script packs,
 * installs offline, type-checks, tests, builds and runs the registry's upload checks, ~1 min): the scaffolder's
 * output for both kinds, and how the pack turns the workspace packages' exports into compiled ones.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledExports, jsSpecifiers } from '../../../scripts/pack-sdk.ts';

const REPO = resolve(import.meta.dirname, '../../..');
const TMP = resolve(import.meta.dirname, '../dist/scaffold');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

function newApp(args: string[]): { status: number | null; output: string } {
  const result = spawnSync('node', [join(REPO, 'scripts/new-app.mjs'), ...args], { cwd: REPO, encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

/** A folder of the test's own below TMP, emptied first (a run before may have left it). */
function fresh(name: string): string {
  const dir = join(TMP, name);
  rmSync(dir, { recursive: true, force: true });
  return dir;
}

function filesBelow(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesBelow(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}

describe('npm run new-app', () => {
  it('makes a standalone app on the tarballs only, with SDK, msw mocks and a test', () => {
    const tarballs = fresh('tarballs');
    mkdirSync(tarballs, { recursive: true });
    for (const p of ['contracts', 'sdk', 'vite-plugin']) writeFileSync(join(tarballs, `wb-${p}-${VERSION}.tgz`), p);
    const dir = fresh('meter-reading');
    const out = newApp(['meter-reading', '--name', '抄表', '--standalone', '--dir', dir, '--tarballs', tarballs]);
    expect(out.status, out.output).toBe(0);
    expect(filesBelow(dir).sort()).toEqual([
      '.gitignore', 'README.md', 'manifest.json', 'package.json',
      'src/App.test.tsx', 'src/App.tsx', 'src/api.ts', 'src/dev/harness.ts', 'src/main.tsx', 'src/mocks/handlers.ts',
      'tsconfig.json', `vendor/wb-contracts-${VERSION}.tgz`, `vendor/wb-sdk-${VERSION}.tgz`, `vendor/wb-vite-plugin-${VERSION}.tgz`,
      'vite.config.ts', 'vitest.config.ts', 'vitest.setup.ts',
    ].sort());
    for (const file of filesBelow(dir).filter((f) => !f.startsWith('vendor/'))) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/__[A-Z_]+/);
    }
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies['@wb/sdk']).toBe(`file:vendor/wb-sdk-${VERSION}.tgz`);
    expect(pkg.devDependencies['@wb/vite-plugin']).toBe(`file:vendor/wb-vite-plugin-${VERSION}.tgz`);
    expect(pkg.dependencies.react).toMatch(/^\^19/);
    // Nothing points back into this repository.
    expect(JSON.stringify([pkg.dependencies, pkg.devDependencies])).not.toMatch(/"\*"|workspace:|\.\.\//);
    expect(readFileSync(join(dir, 'vite.config.ts'), 'utf8')).toContain("import { workbenchApp } from '@wb/vite-plugin'");
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toMatchObject({ id: 'meter-reading', name: '抄表', routes: ['/app/meter-reading'] });
  });

  it('makes an in-repository app like apps/customer-archive', () => {
    const dir = join(fresh('mono'), 'apps', 'fx-new');
    const out = newApp(['fx-new', '--dir', dir]);
    expect(out.status, out.output).toBe(0);
    expect(readFileSync(join(dir, 'vite.config.ts'), 'utf8')).toContain("defineMicroAppConfig } from '../../vite.config.ts'");
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))).toMatchObject({ name: '@wb-app/fx-new', dependencies: { '@wb/sdk': '*' } });
    expect(existsSync(join(dir, 'vendor'))).toBe(false);
  });

  it('refuses a bad id, a non-empty folder and missing tarballs, saying what to do', () => {
    expect(newApp(['Meter_Reading']).output).toContain('is not an app id');
    const occupied = join(fresh('occupied'), 'apps', 'fx-new');
    mkdirSync(occupied, { recursive: true });
    writeFileSync(join(occupied, 'README.md'), 'someone else’s app');
    const taken = newApp(['fx-new', '--dir', occupied]);
    expect(taken.status).toBe(2);
    expect(taken.output).toContain('exists and is not empty');
    const noTarballs = newApp(['fx-x', '--standalone', '--dir', fresh('x'), '--tarballs', fresh('none')]);
    expect(noTarballs.output).toContain('run `npm run pack-sdk` first');
  });
});

describe('npm run pack-sdk', () => {
  it('maps source exports to compiled JavaScript with declarations', () => {
    const sdk = JSON.parse(readFileSync(join(REPO, 'packages/sdk/package.json'), 'utf8'));
    const mapped = compiledExports(sdk.exports);
    expect(Object.keys(mapped)).toEqual(Object.keys(sdk.exports));
    expect(mapped['./react']).toEqual({ types: './dist/react/index.d.ts', default: './dist/react/index.js' });
    expect(JSON.stringify(mapped)).not.toMatch(/(?<!\.d)\.tsx?"|\/src\//);
  });

  it('points declarations at .js files', () => {
    expect(jsSpecifiers("export { a } from './a.ts';\nimport type { B } from '../b/index.tsx';\ntype C = import('./c.ts').C;\nimport { z } from 'zod';"))
      .toBe("export { a } from './a.js';\nimport type { B } from '../b/index.js';\ntype C = import('./c.js').C;\nimport { z } from 'zod';");
  });
});
