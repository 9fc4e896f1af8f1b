/**
 * @wb/shared-deps: the one list of shared modules, the per-component antd rewrite, and the reader of the shared
 * build's output. Node only (build tooling, registry). The Vite plugins of the root config factory are in
 * `@wb/shared-deps/vite`; the build itself is `npm run build -w packages/shared-deps`.
 */
export {
  ANTD_ZH_CN_SPECIFIER,
  ICON_RUNTIME_SPECIFIERS,
  SHARED_SPECIFIERS,
  WORKSPACE_SHARED_SOURCES,
  chunkNameOfSpecifier,
  isSharedSpecifier,
  packageOfSpecifier,
  sharedPackages,
} from './specifiers.ts';
export { antdEsDir, parseAntdIndex, readAntdComponentMap } from './antd.ts';
export type { AntdComponentMap } from './antd.ts';
export { ImportRewriteError, rewriteImports } from './import-rewrite.ts';
export type { ModuleTarget, NameResolver, ProgramLike, RewriteResult, RewriteRule } from './import-rewrite.ts';
export { antdRewriteRule, antdTargetOf, iconsEsDir, iconsRewriteRule } from './rewrite-rules.ts';
export { SHARED_DEPS_FILE, SHARED_URL_PREFIX, parseSharedDeps, readSharedDeps } from './manifest.ts';
export type { SharedDepsFile, SharedDepsManifest } from './manifest.ts';
export { sha384Integrity } from './assets.ts';
export type { AssetFacts } from './assets.ts';
export { compatibleRange, installedVersion } from './versions.ts';
export { staticClosure } from './graph.ts';
export type { GraphFile } from './graph.ts';
export { FIRST_PAINT_BUDGET, budgetViolations, firstPaintReport } from './first-paint.ts';
export type { BudgetRow, FirstPaintReport, ShellFacts } from './first-paint.ts';
