import { ShellErrorCode, type FeedApp, type SessionUser } from '@wb/contracts';
import { createBrowserHistory, type WorkbenchProps } from '@wb/sdk';
import { DEFAULT_LOAD_TIMEOUT_MS, loadWithTimeout } from '../loader/load-app.ts';
import type { LeaveGuardRegistry } from '../leave-guard/registry.ts';
import type { ErrorReporter } from '../reporting/error-reporter.ts';
import type { Navigate } from '../routing/navigation.ts';

type WidgetProps = WorkbenchProps & { widgetId: string; domElement: HTMLElement };
type LifecycleFn = (props: WidgetProps) => Promise<unknown>;

/** A widget parcel on the page; `unmount` never rejects. */
export interface MountedWidget {
  unmount(): Promise<void>;
}

export interface WidgetHost {
  /**
   * Loads `app`'s entry module, takes `widgets[widgetId]` and mounts it as a single-spa parcel into
   * `domElement`. Rejects (after one error report) when the module does not load in time, exports no such
   * widget, or the mount fails; the caller shows the widget's fallback and the rest of the home is untouched.
   */
  mount(app: FeedApp, widgetId: string, domElement: HTMLElement): Promise<MountedWidget>;
}

export interface WidgetHostOptions {
  /** Entry loader shared with the app runtime (dev overrides applied). */
  importModule(specifier: string): Promise<unknown>;
  getSession(): SessionUser | null;
  navigate: Navigate;
  /** Channel entry prefix ('' or '/m', …). */
  basename?: string;
  reporter: ErrorReporter;
  /** Default DEFAULT_LOAD_TIMEOUT_MS. */
  loadTimeoutMs?: number;
  /** Leave guards (ADR 0015): each widget gets its own owner, dropped when it unmounts. */
  leaveGuards?: Pick<LeaveGuardRegistry, 'forOwner' | 'drop'>;
}

const isFn = (value: unknown): boolean => typeof value === 'function';

/** A widget's parcel lifecycles, checked. */
export interface WidgetLifecycles {
  name: string;
  bootstrap: LifecycleFn;
  mount: LifecycleFn;
  unmount: LifecycleFn;
  update?: LifecycleFn;
}

/** The `widgets[widgetId]` export of an entry module, checked to be parcel lifecycles (ADR 0014). */
export function widgetConfig(module: unknown, app: FeedApp, widgetId: string): WidgetLifecycles {
  const widgets = (module as { widgets?: unknown } | null)?.widgets;
  const lifecycles = typeof widgets === 'object' && widgets !== null ? (widgets as Record<string, unknown>)[widgetId] : undefined;
  const candidate = (lifecycles ?? {}) as Record<string, unknown>;
  if (!isFn(candidate['mount']) || !isFn(candidate['unmount'])) {
    throw new Error(`${app.specifier} does not export widget "${widgetId}" (widgets.${widgetId} with mount and unmount)`);
  }
  return {
    name: `${app.specifier}#${widgetId}`,
    bootstrap: isFn(candidate['bootstrap']) ? (candidate['bootstrap'] as LifecycleFn) : async () => undefined,
    mount: candidate['mount'] as LifecycleFn,
    unmount: candidate['unmount'] as LifecycleFn,
    ...(isFn(candidate['update']) ? { update: candidate['update'] as LifecycleFn } : {}),
  };
}

/**
 * Mounts home widgets, the parcels of their apps' entry modules (界面组件/装配, issue 4). The host runs a
 * parcel's lifecycles itself instead of through single-spa's `mountRootParcel`: single-spa 6 never drops a
 * root parcel from its registry after unmount (it deletes only parcels that have a parent), so every home
 * visit would keep the widget's props alive — and through `domElement` the whole detached home page (P6).
 */
export function createWidgetHost(options: WidgetHostOptions): WidgetHost {
  return {
    async mount(app, widgetId, domElement) {
      const session = options.getSession();
      if (!session) throw new Error('no session');
      let stage: ShellErrorCode = ShellErrorCode.LoadFailed;
      const name = `${app.specifier}#${widgetId}`;
      try {
        const module = await loadWithTimeout(() => options.importModule(app.specifier), {
          timeoutMs: options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS,
        });
        const config = widgetConfig(module, app, widgetId);
        stage = ShellErrorCode.BootstrapOrMountFailed;
        const props: WidgetProps = {
          name,
          appId: app.id,
          // Its own instance (ADR 0027): its own React root, ids and leave guards next to the app's.
          instanceId: `${app.id}#${widgetId}`,
          history: createBrowserHistory(options.navigate),
          widgetId,
          basePath: `${options.basename ?? ''}/app/${app.id}`,
          session,
          services: app.services,
          navigate: options.navigate,
          reportError: (error: unknown, code?: string) => options.reporter.report(app.id, code ?? 'WB_APP_ERROR', error),
          domElement,
          ...(options.leaveGuards ? { leaveGuards: options.leaveGuards.forOwner(name) } : {}),
        };
        await config.bootstrap(props);
        try {
          await config.mount(props);
        } catch (error) {
          // A half-done mount may have left DOM behind: give the widget its unmount, then report the mount.
          await config.unmount(props).catch(() => undefined);
          throw error;
        }
        let unmounted: Promise<void> | undefined;
        return {
          unmount: () =>
            (unmounted ??= (async () => {
              try {
                await config.unmount(props);
              } catch (error) {
                options.reporter.report(app.id, ShellErrorCode.UnmountFailed, error);
              } finally {
                options.leaveGuards?.drop(name);
              }
            })()),
        };
      } catch (error) {
        const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : stage;
        options.reporter.report(app.id, code, error);
        options.leaveGuards?.drop(name);
        throw error;
      }
    },
  };
}
