/**
 * The root vite.config.ts factory refuses what would break the platform, with a message that says what to do.
 * Each case builds a tiny throwaway micro-app with the real Vite CLI.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = resolve(import.meta.dirname, '../../../..');
// Under a dist/ folder: ignored by git and by the linters.
const TMP = resolve(import.meta.dirname, '../../test-fixtures/dist/factory');

const MANIFEST = { id: 'fx-factory', name: '工厂测试', version: '1.0.0', routes: ['/app/fx-factory'] };

interface Outcome {
  status: number | null;
  output: string;
  dir: string;
}

function buildApp(name: string, files: Record<string, string>, manifest: object = MANIFEST): Outcome {
  const dir = join(TMP, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  const factory = join(REPO, 'vite.config.ts');
  writeFileSync(join(dir, 'vite.config.ts'),
    `import { defineMicroAppConfig } from ${JSON.stringify(factory)};\nexport default defineMicroAppConfig({ root: import.meta.dirname });\n`);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')));
  const result = spawnSync(join(REPO, 'node_modules/.bin/vite'), ['build', '--logLevel', 'error'], {
    cwd: dir, env: { ...env, NODE_ENV: 'production' }, encoding: 'utf8',
  });
  return { status: result.status, output: result.stdout + result.stderr, dir };
}

const LIFECYCLES = 'export async function bootstrap() {}\nexport async function mount() {}\nexport async function unmount() {}\n';

describe('defineMicroAppConfig', () => {
  it('keeps the lifecycle exports and writes a validated manifest with entry and shared ranges', () => {
    const out = buildApp('ok', { 'src/main.ts': `import { Button } from 'antd';\nconsole.log(Button);\n${LIFECYCLES}` });
    expect(out.status, out.output).toBe(0);
    const manifest = JSON.parse(readFileSync(join(out.dir, 'dist/manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ id: 'fx-factory', shared: { antd: '^6' }, channels: ['workbench'] });
    const entry = readFileSync(join(out.dir, 'dist', manifest.entry), 'utf8');
    expect(entry).toMatch(/export\s*\{[^}]*\bbootstrap\b[^}]*\}/);
    expect(entry).toContain('from"antd/es/button"');
  });

  it('fails the build with the zod message when the manifest is invalid', () => {
    const out = buildApp('bad-manifest', { 'src/main.ts': LIFECYCLES }, { ...MANIFEST, version: '1.0' });
    expect(out.status).not.toBe(0);
    expect(out.output).toContain('版本号必须是语义化版本');
  });

  it('refuses antd imports that cannot be shared per component', () => {
    const unmappable = buildApp('antd-unmappable', { 'src/main.ts': `import { unstableSetRender } from 'antd';\nunstableSetRender();\n${LIFECYCLES}` });
    expect(unmappable.status).not.toBe(0);
    expect(unmappable.output).toContain("'unstableSetRender' is not a component of 'antd'");
    const deep = buildApp('antd-deep', { 'src/main.ts': `import { useZIndex } from 'antd/es/_util/hooks/useZIndex';\nconsole.log(useZIndex);\n${LIFECYCLES}` });
    expect(deep.status).not.toBe(0);
    expect(deep.output).toContain('is not a shared antd module');
  });

  it('refuses CSS imported by the entry, which nothing would load', () => {
    const out = buildApp('entry-css', { 'src/main.ts': `import './app.css';\n${LIFECYCLES}`, 'src/app.css': 'body { color: red }' });
    expect(out.status).not.toBe(0);
    expect(out.output).toContain('the micro-app entry imports CSS');
  });
});
