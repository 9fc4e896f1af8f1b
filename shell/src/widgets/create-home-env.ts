import type { HomeEnv } from './home-env.ts';
import type { LayoutClient } from './layout-client.ts';
import type { WidgetHost, WidgetHostOptions } from './widget-host.ts';

export type HomeEnvOptions = WidgetHostOptions;

/**
 * The home's widget host and layout client for main.tsx. Both load on first use, with the home's widget
 * section, so that their code (and the part mounter's) stays out of the first-paint bundle (docs/quality.md P3).
 */
export function createHomeEnv(options: HomeEnvOptions): HomeEnv {
  let host: Promise<WidgetHost> | undefined;
  let client: Promise<LayoutClient> | undefined;
  const widgetHost = (): Promise<WidgetHost> => (host ??= import('./widget-host.ts').then((m) => m.createWidgetHost(options)));
  const layouts = (): Promise<LayoutClient> => (client ??= import('./layout-client.ts').then((m) => m.createLayoutClient()));
  return {
    widgets: { mount: async (app, widgetId, domElement) => (await widgetHost()).mount(app, widgetId, domElement) },
    layouts: {
      get: async (signal) => (await layouts()).get(signal),
      save: async (items) => (await layouts()).save(items),
      reset: async () => (await layouts()).reset(),
      saveForPost: async (postCode, items) => (await layouts()).saveForPost(postCode, items),
    },
  };
}
