import type { ComponentType, ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import type { QueryClient, QueryClientConfig } from '@tanstack/react-query';
import { ShellErrorCode } from '@wb/contracts';
import { activePostKey } from '../access.ts';
import { createBrowserHistory } from '../history.ts';
import { idPrefixOf } from './instance.ts';
import type { WorkbenchLifecycles, WorkbenchProps } from '../props.ts';
import { WorkbenchProviders } from './providers.tsx';
import { createWorkbenchQueryClient } from './queryClient.ts';
import { openWriteBridge, type WriteBridge, type WriteMessage } from './write-bridge.ts';

export interface ReactLifecyclesOptions {
  rootComponent: ComponentType;
  /** The app's id, for the `data-wb-app` attribute; defaults to `props.appId`. */
  appId?: string;
  /** Merged over the SDK defaults (see createWorkbenchQueryClient). */
  queryClientOptions?: QueryClientConfig;
  /**
   * Wraps the app inside the SDK's providers (antd locale, `App`, context, boundary, QueryClient), e.g. a
   * theme: `wrap: ({ children }) => <ConfigProvider theme={…}>{children}</ConfigProvider>`.
   */
  wrap?: ComponentType<{ children: ReactNode }>;
}

/** One live mount: everything unmount must dispose. */
interface MountedInstance {
  root: Root;
  /** The `<div>` the SDK created for this mount; removed on unmount. */
  container: HTMLElement;
  queryClient: QueryClient;
  /** Active post of the last render: data scope follows it. */
  postKey: string | null;
  /** App id and `<username>|<post key>`: what a write told across tabs is matched against (ADR 0037). */
  writeScope: WriteMessage;
  /** Stops telling sibling instances about this instance's writes. */
  stopSharing(): void;
}

/**
 * The instance key (ADR 0027): `props.instanceId`, which the shell always passes. A plain single-spa host
 * without it gets one instance per container (or per name without one), as before.
 */
function instanceKeyOf(props: WorkbenchProps): string | HTMLElement {
  const id: unknown = props.instanceId;
  return typeof id === 'string' && id !== '' ? id : (props.domElement ?? props.name);
}

/**
 * Props as the SDK's hooks read them: a host that passes no `instanceId` or `history` (a plain single-spa host,
 * an old shell) gets the app's id and a history over `window.location` that navigates through `navigate`.
 */
export function withInstanceDefaults(props: WorkbenchProps): WorkbenchProps {
  const partial = props as Partial<WorkbenchProps> & WorkbenchProps;
  const instanceId = typeof partial.instanceId === 'string' && partial.instanceId !== '' ? partial.instanceId : props.appId;
  const history = partial.history ?? createBrowserHistory((...args) => props.navigate(...args));
  return instanceId === partial.instanceId && history === partial.history ? props : { ...props, instanceId, history };
}

/**
 * single-spa lifecycles for a React micro-app. Written here rather than with single-spa-react 6 because
 * that helper leaves its `single-spa-application:<name>` container in the page after unmount and has no
 * retry in its error boundary; P6 (200 mount/unmount cycles back to the DOM baseline) needs both.
 *
 * Per mount: a new `<div data-wb-app>` inside `props.domElement` (or `document.body`), a new React root and
 * a new QueryClient. Unmount unmounts the root, clears the QueryClient and removes the `<div>`, so the
 * shell's container is left exactly as it was given (React's delegated event listeners live on the
 * removed `<div>`, not on the shell's element). Instances are keyed by `props.instanceId` (ADR 0027), so
 * one lifecycles object serves any number of instances of the app at once, each with its own root,
 * QueryClient, history and React id prefix.
 *
 * `update` re-renders with the new props; when the active post changed, it remounts the instance (a new
 * root and a new QueryClient): TanStack Query's observers stay bound to the client they were created with,
 * so swapping the client under a live tree would leave them reading the previous post's data scope.
 */
export function createReactLifecycles(options: ReactLifecyclesOptions): WorkbenchLifecycles {
  const instances = new Map<HTMLElement | string, MountedInstance>();

  const render = (instance: MountedInstance, props: WorkbenchProps): void => {
    const { rootComponent: RootComponent, wrap: Wrap } = options;
    const app = Wrap ? (
      <Wrap>
        <RootComponent />
      </Wrap>
    ) : (
      <RootComponent />
    );
    // flushSync: mount resolves once the app's first render is committed, so the shell's "mounted"
    // is real (P1 timing, tests) and a render error has already reached the boundary.
    flushSync(() => {
      instance.root.render(
        <WorkbenchProviders props={props} queryClient={instance.queryClient}>
          {app}
        </WorkbenchProviders>,
      );
    });
  };

  /**
   * Instances of one app keep their own QueryClient (ADR 0027: a post switch, an unmount or a crash clears one
   * instance only) and exchange invalidations instead: after a write succeeds in one instance, every other
   * live instance of the app in the same post marks its cache stale and refetches what it shows, so two
   * tabs of 业扩报装 never show two versions of one application for long.
   */
  const shareWrites = (self: MountedInstance): (() => void) =>
    self.queryClient.getMutationCache().subscribe((event) => {
      if (event.type !== 'updated' || event.action.type !== 'success') return;
      for (const other of instances.values()) {
        if (other !== self && other.postKey === self.postKey) void other.queryClient.invalidateQueries();
      }
      bridge?.post(self.writeScope);
    });

  /**
   * The same across browser tabs and the app's other lifecycles on this page (its widgets and parts), through a
   * BroadcastChannel open while this lifecycles object has instances (ADR 0037).
   */
  let bridge: WriteBridge | null = null;
  const heard = (message: WriteMessage): void => {
    for (const instance of instances.values()) {
      if (instance.writeScope.appId === message.appId && instance.writeScope.scope === message.scope) void instance.queryClient.invalidateQueries();
    }
  };

  const create = (props: WorkbenchProps): MountedInstance => {
    const container = document.createElement('div');
    container.dataset['wbApp'] = options.appId ?? props.appId;
    container.dataset['wbInstance'] = props.instanceId;
    (props.domElement ?? document.body).appendChild(container);
    const root = createRoot(container, {
      identifierPrefix: `${idPrefixOf(props.instanceId)}-`,
      // Errors outside the SDK's boundary (e.g. thrown by a provider) still reach the shell once.
      onUncaughtError: (error) => props.reportError(error, ShellErrorCode.RenderFailed),
    });
    const instance: MountedInstance = {
      root,
      container,
      queryClient: createWorkbenchQueryClient(options.queryClientOptions),
      postKey: activePostKey(props.session),
      writeScope: { appId: options.appId ?? props.appId, scope: `${props.session.username}|${activePostKey(props.session) ?? ''}` },
      stopSharing: () => undefined,
    };
    instance.stopSharing = shareWrites(instance);
    return instance;
  };

  const dispose = (instance: MountedInstance): void => {
    instance.stopSharing();
    instance.root.unmount();
    // Cancels in-flight requests and drops the cache; QueryClientProvider's cleanup already removed
    // the focus/online listeners when the root unmounted.
    instance.queryClient.clear();
    instance.container.remove();
  };

  return {
    async bootstrap() {},

    async mount(given) {
      const props = withInstanceDefaults(given);
      const key = instanceKeyOf(given);
      if (instances.has(key)) throw new Error(`${props.name} instance "${props.instanceId}" is already mounted`);
      const instance = create(props);
      instances.set(key, instance);
      bridge ??= openWriteBridge(heard);
      render(instance, props);
    },

    async update(given) {
      const props = withInstanceDefaults(given);
      const key = instanceKeyOf(given);
      const instance = instances.get(key);
      if (!instance) return;
      if (activePostKey(props.session) !== instance.postKey) {
        // Another post means another data scope: start over with a new tree and a new QueryClient.
        dispose(instance);
        const next = create(props);
        instances.set(key, next);
        render(next, props);
        return;
      }
      render(instance, props);
    },

    async unmount(given) {
      const key = instanceKeyOf(given);
      const instance = instances.get(key);
      if (!instance) return;
      instances.delete(key);
      dispose(instance);
      if (instances.size === 0) {
        bridge?.close();
        bridge = null;
      }
    },
  };
}

/** What a micro-app's entry module exports as `widgets`: widget id (manifest `widgets[].id`) → parcel lifecycles. */
export type WorkbenchWidgets = Record<string, WorkbenchLifecycles>;

/**
 * Workbench home widgets (界面组件, docs/architecture.md §4) from React components. The entry module exports the
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
