// Prints what the ADR and the report quote: per-file gzip sizes of a shared build and the closure of typical pages.
// Usage: npx tsx packages/shared-deps/test-fixtures/measure.ts [distDir]
import { resolve } from 'node:path';
import { staticClosure } from '../src/graph.ts';
import { SHARED_URL_PREFIX, readSharedDeps } from '../src/manifest.ts';

const manifest = readSharedDeps(resolve(process.argv[2] ?? resolve(import.meta.dirname, '../dist')));
const kib = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

function closure(label: string, specifiers: string[]): void {
  const start = specifiers.map((s) => (manifest.importMap.imports[s] ?? '').slice(SHARED_URL_PREFIX.length));
  const files = staticClosure(manifest.files, start);
  console.log(`${label.padEnd(34)} ${String(files.length).padStart(3)} files ${kib(files.reduce((a, f) => a + f.gzip, 0)).padStart(10)}`);
}

const antd = (dirs: string[]): string[] => dirs.map((d) => `antd/es/${d}`);
const react = ['react', 'react/jsx-runtime', 'react-dom/client'];
const layout = antd(['layout', 'menu', 'config-provider', 'breadcrumb', 'dropdown', 'avatar', 'spin', 'result', 'button']);
const page = antd(['table', 'input', 'form', 'drawer', 'descriptions', 'tag']);

console.log(`${manifest.files.length} files, ${kib(manifest.files.reduce((a, f) => a + f.gzip, 0))} gzip in total\n`);
closure('React (react, jsx-runtime, client)', react);
closure('React + shell layout', [...react, ...layout]);
closure('React + layout + zh_CN', [...react, ...layout, 'antd/es/locale/zh_CN']);
closure('React + layout + table/form page', [...react, ...layout, ...page]);
for (const s of ['@ant-design/icons', '@ant-design/icons/es/components/AntdIconLight', 'single-spa', 'single-spa-react',
  '@tanstack/react-query', 'zustand', 'dayjs', '@wb/contracts', '@wb/sdk', '@wb/sdk/react']) {
  if (manifest.importMap.imports[s]) closure(s, [s]);
}
console.log('\nlargest files:');
for (const f of [...manifest.files].sort((a, b) => b.gzip - a.gzip).slice(0, 15)) console.log(`  ${kib(f.gzip).padStart(10)}  ${f.file}`);
