/**
 * Imports a `System.register` app's entry through SystemJS (ADR 0040), which is loaded on demand (never on first
 * paint, P3). SystemJS itself (s.js) is requested together with the loader chunk: the loader would ask for it only
 * once it ran, two downloads in a row before the app's own script (P19, ADR 0075).
 */
export function importSystemApp(specifier: string): Promise<unknown> {
  void import('systemjs/s.js').catch(() => undefined);
  return import('./systemjs-loader.ts').then((loader) => loader.importSystemModule(specifier));
}
