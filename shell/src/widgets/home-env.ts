import type { LayoutClient } from './layout-client.ts';
import type { WidgetHost } from './widget-host.ts';

/** What the workbench home needs for its widgets (ShellEnv.home): parcel mounting and the layout API. */
export interface HomeEnv {
  readonly widgets: WidgetHost;
  readonly layouts: LayoutClient;
}
