/**
 * @wb/vite-plugin: builds a micro-app outside this repository the way the platform runs it (ADR 0051).
 *
 *   import { workbenchApp } from '@wb/vite-plugin';
 *   export default defineConfig({ plugins: [react(), workbenchApp()] });
 */
export { workbenchApp } from './plugin.ts';
export { devHarness, devHarnessHtml } from './dev-harness.ts';
export type { DevHarnessOptions } from './dev-harness.ts';
export type { WorkbenchAppOptions } from './types.ts';
export { compatibleRange, importProblems, lifecycleProblem, platformOf, platformSnapshotSchema, satisfiesCaret, sharedRangesOf } from './platform.ts';
export type { EmittedModule, Platform, PlatformSnapshot } from './platform.ts';
