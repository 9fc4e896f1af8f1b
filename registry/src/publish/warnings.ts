import { MENU_ICONS, hasAccessRule } from '@wb/contracts';
import type { Manifest, ModuleFormat } from '@wb/contracts';
import type { PublishWarning } from '@wb/contracts/appstore';
import { compatibleRange } from './checks.ts';
import { RUNNABLE_FORMATS } from './module-checks.ts';

export interface WarningInput {
  manifest: Manifest;
  format: ModuleFormat;
  sharedPackagesUsed: readonly string[];
  platformVersions: Readonly<Record<string, string>>;
  /** Unscoped stylesheets with rules for `html`, `body`, `:root` or `*` (ADR 0041). */
  globalStylesheets?: readonly string[];
}

/**
 * What an accepted upload tells its uploader (issue 11 items 1, 2 and 5; ADR 0023). The app store shows each
 * message under the upload's result; the CLI prints them.
 */
export function publishWarnings(input: WarningInput): PublishWarning[] {
  const warnings: PublishWarning[] = [];
  if (!hasAccessRule(input.manifest.access)) {
    warnings.push({
      code: 'ACCESS_CLOSED',
      message:
        'manifest.json 没有 access：该应用只有平台管理员可见。要让员工使用，请在 access 中声明权限，例如 ' +
        '"access": { "anyPermissions": ["store:market:use"] }（所有在岗员工）后上传新版本',
    });
  }
  const undeclared = input.sharedPackagesUsed.filter((pkg) => input.manifest.shared[pkg] === undefined);
  if (undeclared.length > 0) {
    const ranges = undeclared.map((pkg) => `"${pkg}": "${compatibleRange(input.platformVersions[pkg] ?? '')}"`).join(', ');
    warnings.push({
      code: 'SHARED_UNDECLARED',
      message: `应用使用了平台共享的 ${undeclared.join('、')}，但 shared 中没有声明版本范围，平台升级时无法提前发现不兼容：建议声明 ${ranges}`,
    });
  }
  if (!RUNNABLE_FORMATS.has(input.format)) {
    warnings.push({
      code: 'FORMAT_NOT_RUNNABLE',
      message: `这是 ${input.format} 格式的应用：已检查并保存，但工作台不能运行它，审核不会通过。请改为 ES 模块格式构建`,
    });
  }
  const global = input.globalStylesheets ?? [];
  if (global.length > 0) {
    warnings.push({
      code: 'CSS_GLOBAL',
      message:
        `样式表 ${global.join('、')} 含有 html、body、:root 或 * 等全局选择器，应用挂载期间会改变整个工作台的样式：` +
        '建议在 manifest.json 中声明 "styles": { "scope": "app" }，让样式只作用于应用自己的根元素',
    });
  }
  const known = new Set<string>(MENU_ICONS);
  const icons = [input.manifest.icon, ...input.manifest.menus.map((menu) => menu.icon)];
  const unknown = [...new Set(icons.filter((icon): icon is string => icon !== undefined && !known.has(icon)))];
  if (unknown.length > 0) {
    warnings.push({
      code: 'ICON_UNKNOWN',
      message: `工作台没有图标 ${unknown.join('、')}，应用卡片和菜单将显示默认图标：可用的图标有 ${MENU_ICONS.join('、')}`,
    });
  }
  return warnings;
}
