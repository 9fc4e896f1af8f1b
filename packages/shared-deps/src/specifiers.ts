import { readAntdComponentMap } from './antd.ts';

/**
 * THE list of shared module specifiers (docs/architecture.md §5, ADR 0002). Each one is an import-map key; the shared
 * build emits one module per specifier, and the Vite factory externalizes exactly these in the shell and every
 * micro-app. Everything else a bundle imports is bundled into it.
 */

const REACT_SPECIFIERS = ['react', 'react/jsx-runtime', 'react-dom', 'react-dom/client'] as const;

/**
 * @ant-design/icons: the full module (all ~850 icons) stays importable for dynamic look-ups by name, but static
 * `import { UserOutlined } from '@ant-design/icons'` is rewritten to the single icon file, which the consumer
 * bundles; the icon runtime those files import (which holds the React context antd's ConfigProvider sets) is
 * shared, so every icon on the page sees one IconContext.
 */
export const ICON_RUNTIME_SPECIFIERS = [
  '@ant-design/icons/es/components/AntdIcon',
  '@ant-design/icons/es/components/AntdIconLight',
  '@ant-design/icons/es/components/Icon',
  '@ant-design/icons/es/components/IconFont',
  '@ant-design/icons/es/components/twoTonePrimaryColor',
] as const;

const LIBRARY_SPECIFIERS = [
  '@ant-design/icons',
  ...ICON_RUNTIME_SPECIFIERS,
  '@tanstack/react-query',
  'zustand',
  'zustand/vanilla',
  'zustand/middleware',
  'single-spa',
  'single-spa-react',
  'single-spa-react/parcel',
  'dayjs',
  'dayjs/locale/zh-cn',
  // Apache ECharts (issue 15, ADR 0048): the whole library as one shared module, loaded only by the apps that
  // import it (运营监测, the 大屏), never on first paint.
  'echarts',
] as const;

/** antd's Simplified Chinese locale; `antd/locale/zh_CN` (CommonJS) is rewritten to this by the factory. */
export const ANTD_ZH_CN_SPECIFIER = 'antd/es/locale/zh_CN';

/** Shared modules built from workspace sources (path relative to the repository root). */
export const WORKSPACE_SHARED_SOURCES: Readonly<Record<string, string>> = {
  '@wb/sdk': 'packages/sdk/src/index.ts',
  '@wb/sdk/react': 'packages/sdk/src/react/index.ts',
  '@wb/contracts': 'packages/contracts/src/index.ts',
  '@wb/contracts/appstore': 'packages/contracts/src/appstore.ts',
  '@wb/contracts/iam-admin': 'packages/contracts/src/iam-admin.ts',
  '@wb/contracts/workflow': 'packages/contracts/src/workflow.ts',
  '@wb/contracts/connection': 'packages/contracts/src/connection.ts',
};

function antdSpecifiers(): string[] {
  const dirs = new Set(readAntdComponentMap().byName.values());
  return [...[...dirs].sort().map((dir) => `antd/es/${dir}`), ANTD_ZH_CN_SPECIFIER];
}

export const SHARED_SPECIFIERS: readonly string[] = Object.freeze([
  ...REACT_SPECIFIERS,
  ...antdSpecifiers(),
  ...LIBRARY_SPECIFIERS,
  ...Object.keys(WORKSPACE_SHARED_SOURCES),
]);

const SHARED_SET: ReadonlySet<string> = new Set(SHARED_SPECIFIERS);

/** True when `id` is exactly one of the shared specifiers (no prefix matching: `react-dom/server` is not shared). */
export function isSharedSpecifier(id: string): boolean {
  return SHARED_SET.has(id);
}

/** npm package a specifier belongs to: `antd/es/button` → `antd`, `@wb/sdk/react` → `@wb/sdk`. */
export function packageOfSpecifier(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}

/** Distinct packages behind the shared specifiers. */
export function sharedPackages(): string[] {
  return [...new Set(SHARED_SPECIFIERS.map(packageOfSpecifier))].sort();
}

/** Readable output name of a specifier's module: `react-dom/client` → `react-dom-client`. */
export function chunkNameOfSpecifier(specifier: string): string {
  return specifier.replace(/^@/, '').replace(/[^A-Za-z0-9_-]+/g, '-');
}
