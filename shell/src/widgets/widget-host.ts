import type { FeedApp } from '@wb/contracts';
import { PAGE_SCOPE } from '@wb/sdk';
import { mountPartInstance, type PartMounterOptions } from '../parts/part-mounter.ts';

/** A widget parcel on the page; `unmount` never rejects. */
export interface MountedWidget {
  unmount(): Promise<void>;
}

export interface WidgetHost {
  /**
   * Loads `app`'s entry module, takes `widgets[widgetId]` and mounts it as a parcel into `domElement`. Rejects
   * (after one error report) when the module does not load in time, exports no such widget, or the mount fails;
   * the caller shows the widget's fallback and the rest of the home is untouched.
   */
  mount(app: FeedApp, widgetId: string, domElement: HTMLElement): Promise<MountedWidget>;
}

/** The part mounter's options: entry loader, session, navigation, reporter, leave guards and the page's event hub. */
export type WidgetHostOptions = PartMounterOptions;

/** The instance that places home widgets: the shell's home page. */
export const HOME_INSTANCE_ID = 'shell:home';

/**
 * Mounts home widgets (界面组件/装配, issue 4). A widget is a part the shell places on the home (ADR 0037): the
 * manifest's `widgets` entry is its declaration, the entry module's `widgets[id]` its parcel, and it mounts
 * through the same part mounter as `<AppPart>` — its own instance of the app (ADR 0027: root, ids, leave guards,
 * an event connection in the page's scope), the page's history (its links open its app), one error report.
 */
export function createWidgetHost(options: WidgetHostOptions): WidgetHost {
  return {
    async mount(app, widgetId, domElement) {
      const mounted = await mountPartInstance(options, {
        provider: app,
        partId: widgetId,
        instanceId: `${app.id}#${widgetId}`,
        consumer: { instanceId: HOME_INSTANCE_ID, scope: PAGE_SCOPE },
        domElement,
        props: {},
        placement: 'home',
      });
      return { unmount: mounted.unmount };
    },
  };
}
