/**
 * @wb/vite-plugin builds a micro-app as the platform runs it and refuses, at build time, what the app store's upload
 * would refuse (ADR 0051). Each case builds a tiny app in-process with Vite against this checkout's platform.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { beforeAll, describe, expect, it } from 'vitest';
import { workbenchApp } from './plugin.ts';
import { platformSnapshot } from './snapshot.ts';
import type { PlatformSnapshot } from './platform.ts';

const REPO = resolve(import.meta.dirname, '../../..');
// Under a dist/ folder: ignored by git and the linters; node_modules of the repository resolve from here.
const TMP = resolve(import.meta.dirname, '../dist/test-apps');
const MANIFEST = { id: 'fx-outside', name: '外部构建', version: '1.0.0', routes: ['/app/fx-outside'], access: { anyPermissions: ['store:market:use'] } };
const LIFECYCLES = 'export async function bootstrap() {}\nexport async function mount() {}\nexport async function unmount() {}\n';

let platform: PlatformSnapshot;
beforeAll(() => {
  platform = platformSnapshot(REPO);
});

async function buildApp(name: string, files: Record<string, string>, external: string[] = []): Promise<{ dir: string; error?: string }> {
  const dir = join(TMP, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(MANIFEST));
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  try {
    await build({
      root: dir, configFile: false, logLevel: 'silent', mode: 'production',
      plugins: [workbenchApp({ platform })],
      ...(external.length > 0 ? { build: { rolldownOptions: { external } } } : {}),
    });
    return { dir };
  } catch (error) {
    return { dir, error: (error as Error).message };
  }
}

describe('workbenchApp()', () => {
  it('keeps the lifecycles, shares React and antd per component, bundles the rest, and writes the manifest', async () => {
    const out = await buildApp('ok', {
      'src/helper.ts': 'export const label = (s: string): string => `«${s}»`;\n',
      'src/main.ts': `import { Button } from 'antd';\nimport { createElement } from 'react';\nimport { label } from './helper.ts';\nconsole.log(createElement(Button, null, label('x')));\n${LIFECYCLES}`,
    });
    expect(out.error).toBeUndefined();
    const manifest = JSON.parse(readFileSync(join(out.dir, 'dist/manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ id: 'fx-outside', shared: { antd: '^6', react: '^19' }, channels: ['workbench'] });
    const entry = readFileSync(join(out.dir, 'dist', manifest.entry), 'utf8');
    expect(entry).toMatch(/export\s*\{[^}]*\bbootstrap\b[^}]*\}/);
    expect(entry).toContain('from"antd/es/button"');
    expect(entry).toContain('from"react"');
    expect(entry).toContain('«');
    expect(readdirSync(join(out.dir, 'dist')).sort()).toEqual([manifest.entry, 'manifest.json'].sort());
  });

  it('refuses a bare import the platform does not share, as the upload would', async () => {
    const out = await buildApp('unshared', { 'src/main.ts': `import { createBrowserRouter } from 'react-router-dom';\nconsole.log(createBrowserRouter);\n${LIFECYCLES}` }, ['react-router-dom']);
    expect(out.error).toContain('引用了 react-router-dom，平台不提供该模块：请把它打包进应用');
  });

  it('refuses, with the factory\'s own rule (one implementation, ADR 0062), antd builds that would bundle a second antd', async () => {
    const out = await buildApp('antd-lib', { 'src/main.ts': `import Button from 'antd/lib/button';\nconsole.log(Button);\n${LIFECYCLES}` });
    expect(out.error).toContain("'antd/lib/button' is a CommonJS/UMD build and would bundle a second copy of antd");
  });

  it('refuses an entry without the single-spa lifecycles', async () => {
    const out = await buildApp('no-lifecycles', { 'src/main.ts': 'export async function mount() {}\n' });
    expect(out.error).toContain('没有导出 bootstrap、unmount');
  });

  it('refuses an invalid manifest with the contract\'s message', async () => {
    const out = await buildApp('bad-manifest', { 'src/main.ts': LIFECYCLES, 'manifest.json': JSON.stringify({ ...MANIFEST, version: '1.0' }) });
    expect(out.error).toContain('版本号必须是语义化版本');
  });
});
