import type { ComponentType } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { QueryClient, QueryClientConfig } from '@tanstack/react-query';
import { ShellErrorCode } from '@wb/contracts';
import { activePostKey } from '../access.ts';
import type { WorkbenchLifecycles, WorkbenchProps } from '../props.ts';
import { WorkbenchProviders } from './providers.tsx';
import { createWorkbenchQueryClient } from './queryClient.ts';

export interface ReactLifecyclesOptions {
  rootComponent: ComponentType;
  /** Used for the React `identifierPrefix` (unique ids across apps on one page); defaults to `props.appId`. */
  appId?: string;
  /** Merged over the SDK defaults (see createWorkbenchQueryClient). */
  queryClientOptions?: QueryClientConfig;
}

/** One live mount: everything unmount must dispose. */
interface MountedInstance {
  root: Root;
  /** The `<div>` the SDK created for this mount; removed on unmount. */
  container: HTMLElement;
  queryClient: QueryClient;
  /** Active post of the last render: data scope follows it. */
  postKey: string | null;
}

/**
 * single-spa lifecycles for a React micro-app. Written here rather than with single-spa-react 6 because
 * that helper leaves its `single-spa-application:<name>` container in the page after unmount and has no
 * retry in its error boundary; P6 (200 mount/unmount cycles back to the DOM baseline) needs both.
 *
 * Per mount: a new `<div data-wb-app>` inside `props.domElement` (or `document.body`), a new React root and
 * a new QueryClient. Unmount unmounts the root, clears the QueryClient and removes the `<div>`, so the
 * shell's container is left exactly as it was given (React's delegated event listeners live on the
 * removed `<div>`, not on the shell's element). Instances are keyed by container (or by name without
 * one), so one lifecycles object can also serve several parcels at once.
 */
export function createReactLifecycles(options: ReactLifecyclesOptions): WorkbenchLifecycles {
  const instances = new Map<HTMLElement | string, MountedInstance>();
  const keyOf = (props: WorkbenchProps): HTMLElement | string => props.domElement ?? props.name;

  const render = (instance: MountedInstance, props: WorkbenchProps): void => {
    const { rootComponent: RootComponent } = options;
    // flushSync: mount resolves once the app's first render is committed, so the shell's "mounted"
    // is real (P1 timing, tests) and a render error has already reached the boundary.
    flushSync(() => {
      instance.root.render(
        <WorkbenchProviders props={props} queryClient={instance.queryClient}>
          <RootComponent />
        </WorkbenchProviders>,
      );
    });
  };

  return {
    async bootstrap() {},

    async mount(props) {
      const key = keyOf(props);
      if (instances.has(key)) throw new Error(`${props.name} is already mounted in this container`);
      const container = document.createElement('div');
      container.dataset['wbApp'] = options.appId ?? props.appId;
      (props.domElement ?? document.body).appendChild(container);
      const root = createRoot(container, {
        identifierPrefix: `${options.appId ?? props.appId}-`,
        // Errors outside the SDK's boundary (e.g. thrown by a provider) still reach the shell once.
        onUncaughtError: (error) => props.reportError(error, ShellErrorCode.RenderFailed),
      });
      const instance: MountedInstance = {
        root,
        container,
        queryClient: createWorkbenchQueryClient(options.queryClientOptions),
        postKey: activePostKey(props.session),
      };
      instances.set(key, instance);
      render(instance, props);
    },

    async update(props) {
      const instance = instances.get(keyOf(props));
      if (!instance) return;
      const postKey = activePostKey(props.session);
      if (postKey !== instance.postKey) {
        // Another post means another data scope: nothing cached under the previous one may show.
        instance.queryClient.clear();
        instance.queryClient = createWorkbenchQueryClient(options.queryClientOptions);
        instance.postKey = postKey;
      }
      render(instance, props);
    },

    async unmount(props) {
      const key = keyOf(props);
      const instance = instances.get(key);
      if (!instance) return;
      instances.delete(key);
      instance.root.unmount();
      // Cancels in-flight requests and drops the cache; QueryClientProvider's cleanup already removed
      // the focus/online listeners when the root unmounted.
      instance.queryClient.clear();
      instance.container.remove();
    },
  };
}

/** What a micro-app's entry module exports as `widgets`: widget id (manifest `widgets[].id`) → parcel lifecycles. */
export type WorkbenchWidgets = Record<string, WorkbenchLifecycles>;

/**
 * Workbench home widgets (界面组件, ARCHITECTURE.md §4) from React components. The entry module exports the
 * result as `widgets`, next to its own lifecycles:
 *
 * ```ts
 * export const widgets = createWidgetLifecycles({ 'quick-search': QuickSearchWidget }, { appId: 'customer-archive' });
 * ```
 *
 * The shell mounts each placed widget as a single-spa parcel (`mountRootParcel`) with the app's
 * {@link WorkbenchProps} plus its own `domElement` (one per grid cell). Every widget gets the same providers,
 * error boundary and per-mount QueryClient as an app, so a crashing widget shows its own fallback only.
 * Keys must match the manifest's `widgets[].id`; a plain single-spa module may export any object with
 * `bootstrap`/`mount`/`unmount` per key instead.
 */
export function createWidgetLifecycles(
  components: Record<string, ComponentType>,
  options: Omit<ReactLifecyclesOptions, 'rootComponent'> = {},
): WorkbenchWidgets {
  return Object.fromEntries(
    Object.entries(components).map(([widgetId, component]) => [widgetId, createReactLifecycles({ ...options, rootComponent: component })]),
  );
}
