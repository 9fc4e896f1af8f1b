import type { LifeCycles } from 'single-spa';
import type { FeedApp } from '@wb/contracts';
import { withStyles } from './app-styles.ts';
import { toLifecycles, type LifecycleHooks } from './lifecycles.ts';
import { importSystemModule } from './systemjs-loader.ts';

const nativeImport = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);

/**
 * Loads an app that needs more than a native `import()`: a `System.register` entry (through SystemJS, ADR 0040)
 * and/or stylesheets to add on mount and remove on unmount (ADR 0041). The shell imports this module only for
 * such apps, so neither costs first paint (P3).
 */
export async function loadWithExtras<P extends { domElement?: HTMLElement }>(
  app: Pick<FeedApp, 'id' | 'specifier' | 'format' | 'styles'>,
  hooks: LifecycleHooks,
  importModule?: (specifier: string) => Promise<unknown>,
): Promise<LifeCycles<P>> {
  const load = importModule ?? (app.format === 'systemjs' ? (specifier: string) => importSystemModule(specifier) : nativeImport);
  const lifecycles = toLifecycles<P>(await load(app.specifier), hooks);
  return app.styles?.length ? withStyles(lifecycles, app) : lifecycles;
}
