/** Vite plugins of the root config factory (Node only). */
export { bundleOutputPlugin, externalImportsOf, sharedRanges, APP_MANIFEST_FILE, SHELL_MANIFEST_FILE } from './bundle-output-plugin.ts';
export type { BuildFile, BundleOutputOptions, ManifestValidation, ShellBuildManifest } from './bundle-output-plugin.ts';
export { danglingSourceMapPlugin } from './dangling-source-map-plugin.ts';
export { importRewritePlugin } from './import-rewrite-plugin.ts';
export { refusalOf, sharedModulesPlugin, sharedRequirePlugin } from './shared-modules-plugin.ts';
export { SHARED_SPECIFIERS, isSharedSpecifier } from '../specifiers.ts';
