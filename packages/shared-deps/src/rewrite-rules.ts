import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readAntdComponentMap, type AntdComponentMap } from './antd.ts';
import type { ModuleTarget, RewriteRule } from './import-rewrite.ts';

/** The `antd/es/<dir>` module (default export) of an antd export name, e.g. `DatePicker` → `antd/es/date-picker`. */
export function antdTargetOf(components: AntdComponentMap, name: string): ModuleTarget | undefined {
  const dir = components.byName.get(name);
  return dir === undefined ? undefined : { source: `antd/es/${dir}`, exportName: 'default' };
}

export function antdRewriteRule(components: AntdComponentMap = readAntdComponentMap()): RewriteRule {
  return {
    source: 'antd',
    resolve: (name) => antdTargetOf(components, name),
    keepUnmapped: false,
    wholeImportError:
      "a default, namespace or bare import of 'antd' would load all of antd; import components by name: import { Button } from 'antd'",
  };
}

const ICON_COMPONENTS = '@ant-design/icons/es/components';

/** Non-icon exports of @ant-design/icons that have a small module of their own. */
const ICON_HELPERS: Readonly<Record<string, ModuleTarget>> = {
  default: { source: `${ICON_COMPONENTS}/Icon`, exportName: 'default' },
  createFromIconfontCN: { source: `${ICON_COMPONENTS}/IconFont`, exportName: 'default' },
  getTwoToneColor: { source: `${ICON_COMPONENTS}/twoTonePrimaryColor`, exportName: 'getTwoToneColor' },
  setTwoToneColor: { source: `${ICON_COMPONENTS}/twoTonePrimaryColor`, exportName: 'setTwoToneColor' },
};

/** Absolute path of the installed `@ant-design/icons/es` directory. */
export function iconsEsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@ant-design/icons/package.json')), 'es');
}

/**
 * Icons (`UserOutlined`, `HomeFilled`, `CheckCircleTwoTone`) become imports of their own file, which the consumer
 * bundles (a few hundred bytes each); anything else (`IconProvider`, `import * as Icons`) stays on the full shared
 * `@ant-design/icons` module, which is 218 KiB gzip, so keep that to lazy `import()`s.
 */
export function iconsRewriteRule(esDir: string = iconsEsDir()): RewriteRule {
  return {
    source: '@ant-design/icons',
    resolve: (name) => {
      if (Object.hasOwn(ICON_HELPERS, name)) return ICON_HELPERS[name];
      if (!/^[A-Z][A-Za-z0-9]*$/.test(name) || !existsSync(join(esDir, 'icons', `${name}.js`))) return undefined;
      return { source: `@ant-design/icons/es/icons/${name}`, exportName: 'default' };
    },
    keepUnmapped: true,
  };
}
