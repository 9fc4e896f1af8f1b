import {
  LOAD_ERROR,
  MOUNTED,
  SKIP_BECAUSE_BROKEN,
  addErrorHandler,
  getAppStatus,
  registerApplication,
  removeErrorHandler,
  setBootstrapMaxTime,
  setMountMaxTime,
  setUnmountMaxTime,
  start,
  triggerAppChange,
  unloadApplication,
  unregisterApplication,
  type LifeCycles,
} from 'single-spa';
import type { FeedApp, SessionUser } from '@wb/contracts';
import { PAGE_SCOPE, createBrowserHistory, type EventHub, type WorkbenchHistory, type WorkbenchProps } from '@wb/sdk';
import type { PartsEnv } from '../parts/parts-env.ts';
import type { LeaveGuardRegistry } from '../leave-guard/registry.ts';
import type { ErrorReporter } from '../reporting/error-reporter.ts';
import type { Navigate } from '../routing/navigation.ts';
import { stripBasename } from '../routing/channel.ts';
import { isAppActive } from '../routing/paths.ts';
import { IDLE, selectAppStatus, selectOwner, type AppStatus, type ShellStore } from '../store/shell-store.ts';
import type { AppContainers } from './app-containers.ts';
import { classifyAppError, isAbortedLoad } from './classify-error.ts';
import { routeInstanceId } from './instance-id.ts';
import { toLifecycles } from './lifecycles.ts';
import { DEFAULT_LOAD_TIMEOUT_MS, loadWithTimeout } from './load-app.ts';
import { importSystemApp, prepareSystemApps } from './system-app.ts';

/** Lifecycle limits (ms). dieOnTimeout turns a hanging bootstrap/mount/unmount into SKIP_BECAUSE_BROKEN (R3). */
export const LIFECYCLE_TIMEOUTS = { bootstrap: 5_000, mount: 5_000, unmount: 3_000 } as const;
/** single-spa loads a LOAD_ERROR app again only 200 ms after the failure (apps.js getAppChanges); we wait a bit more. */
const LOAD_RETRY_THROTTLE_MS = 250;
const LOADING: AppStatus = { kind: 'loading' };

type AppProps = WorkbenchProps & Record<string, unknown>;
type AppError = Error & { appOrParcelName?: string };

export interface AppRuntimeOptions {
  apps: readonly FeedApp[];
  session: SessionUser;
  store: ShellStore;
  /** Navigation the apps get: absolute paths (apps build them from `basePath`). */
  navigate: Navigate;
  /** Channel entry prefix ('' or '/m', …): apps own `${basename}/app/<id>`. Default ''. */
  basename?: string;
  containers: AppContainers;
  reporter: ErrorReporter;
  /** Milliseconds to wait for an entry module before failing with WB_SHELL_002. Default 10 000. */
  loadTimeoutMs?: number;
  /** Lifecycle limits in ms (single-spa's settings are page-global). Default LIFECYCLE_TIMEOUTS. */
  lifecycleTimeouts?: { bootstrap: number; mount: number; unmount: number };
  /** Loads an entry module by its import-map specifier. Default: native `import()`. */
  importModule?: (specifier: string) => Promise<unknown>;
  /** Starts single-spa routing. Default: single-spa `start()` (once per page; tests start it themselves). */
  startRouting?: () => void;
  /**
   * Leave guards (ADR 0015): each app instance gets `forOwner(<its instanceId>)` as the `leaveGuards` prop, and
   * its guards are dropped when it unmounts or breaks (ADR 0027: never another instance's).
   */
  leaveGuards?: Pick<LeaveGuardRegistry, 'forOwner' | 'drop'>;
  /** Other apps' UI parts for each instance (`WorkbenchProps.parts`, ADR 0030). */
  parts?: PartsEnv;
  /** The page's event bus (ADR 0030): each instance is connected, and released when it unmounts. */
  events?: EventHub;
  /** Loads the page's push stream (`WorkbenchProps.push`, ADR 0059): the same connection for every app. */
  push?: WorkbenchProps['push'];
}

export interface UpdateOptions {
  /**
   * Remount the mounted apps that stay (default true: a post switch changes the data scope). A feed refresh
   * passes false: the app on screen keeps running untouched (never reset in the middle of a form).
   */
  remount?: boolean;
}

export interface AppRuntime {
  /** Registers the user's apps; single-spa begins loading the active one before `start()`. */
  register(): void;
  /** Starts routing: call once the shell has rendered its content area. */
  start(): void;
  /**
   * After a post switch: unregisters apps the new feed dropped, registers new ones, and remounts the mounted
   * apps that stay so they start over with the new session (fresh props, fresh QueryClient: no data of the
   * previous post's scope survives). Apps that are not mounted get the new session at their next mount.
   */
  update(apps: readonly FeedApp[], session: SessionUser, options?: UpdateOptions): Promise<void>;
  /** Tries a failed instance again: LOAD_ERROR → reroute (single-spa reloads it); SKIP_BECAUSE_BROKEN → re-register. */
  retry(instanceId: string): Promise<void>;
  /**
   * Tabs (ADR 0053): `kept(instanceId)` true keeps the instance mounted off its route (a background tab). Set once
   * the tab strip has loaded; the caller reroutes (single-spa `triggerAppChange`) when its answer changes.
   */
  keepAlive(kept: (instanceId: string) => boolean): void;
  /**
   * Another instance of an app (a second tab of it, ADR 0063): its own single-spa registration, container,
   * history, guards and status. It is active on the app's routes while the store's `owners` names it.
   */
  addInstance(appId: string, instanceId: string): void;
  /** Unmounts and forgets an instance added by `addInstance` (its tab closed). */
  removeInstance(instanceId: string): Promise<void>;
  dispose(): Promise<void>;
}

/** The runtime's per-page state, shared by the functions below (one object per createAppRuntime call). */
interface Runtime {
  options: AppRuntimeOptions;
  /** The current feed's apps and session (replaced by `update`). */
  apps: readonly FeedApp[];
  session: SessionUser;
  pendingLoads: Map<string, AbortController>;
  failedAt: Map<string, number>;
  timers: Set<ReturnType<typeof setTimeout>>;
  setStatus(instanceId: string, status: AppStatus): void;
  kept?: (instanceId: string) => boolean;
  /** Instances beyond the route-bound ones (ADR 0063): instance id → app id. */
  extra: Map<string, string>;
}

/** One single-spa registration: an app's instance. The route-bound one is named by the specifier, others `<specifier>#<instanceId>`. */
interface Instance {
  app: FeedApp;
  id: string;
  name: string;
}

const instanceOf = (app: FeedApp, id = routeInstanceId(app)): Instance => ({ app, id, name: id === app.id ? app.specifier : `${app.specifier}#${id}` });

/** Every registered instance of the current feed's apps. */
const instancesOf = (rt: Runtime): Instance[] => [
  ...rt.apps.map((app) => instanceOf(app)),
  ...[...rt.extra].flatMap(([id, appId]) => {
    const app = findApp(rt, appId);
    return app ? [instanceOf(app, id)] : [];
  }),
];

const nativeImport = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function loadApp(rt: Runtime, app: FeedApp, id: string): Promise<LifeCycles<AppProps>> {
  const controller = new AbortController();
  rt.pendingLoads.set(id, controller);
  rt.setStatus(id, LOADING);
  const hooks = {
    beforeMount: () => rt.setStatus(id, LOADING),
    afterMount: () => rt.setStatus(id, { kind: 'mounted' }),
    afterUnmount: () => {
      rt.setStatus(id, IDLE);
      rt.options.leaveGuards?.drop(id);
      rt.options.events?.release(id);
    },
  };
  // SystemJS (ADR 0040) and stylesheets (ADR 0041) are loaded only for apps that need them, never on first paint.
  // The stylesheet module is fetched beside the entry, not after it (P19, ADR 0075).
  const importEntry = rt.options.importModule ?? (app.format === 'systemjs' ? importSystemApp : nativeImport);
  const load = async () => {
    const entry = importEntry(app.specifier);
    if (!app.styles?.length) return toLifecycles<AppProps>(await entry, hooks);
    const [module, styles] = await Promise.all([entry, import('./app-styles.ts').then((m) => (m.preloadStyles(app), m))]);
    return styles.withStyles(toLifecycles<AppProps>(module, hooks), app);
  };
  const timeoutMs = rt.options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  return loadWithTimeout(load, { timeoutMs, signal: controller.signal }).finally(() => rt.pendingLoads.delete(id));
}

/**
 * The route-bound instance's history: the address bar while it is on the app's routes; off them (a background
 * tab, ADR 0053) it keeps the location it had, so the app does not route to a path that is not its own.
 */
function instanceHistory(rt: Runtime, app: FeedApp, id: string): WorkbenchHistory {
  const browser = createBrowserHistory(rt.options.navigate);
  let last = browser.location;
  const shown = (): boolean => onRoute(rt, app, id, window.location.pathname);
  return {
    get location() {
      return shown() ? (last = browser.location) : last;
    },
    push: browser.push,
    replace: browser.replace,
    listen: (listener) =>
      browser.listen(() => {
        if (shown()) listener();
      }),
  };
}

/** Whether instance `id` of `app` is the one on `pathname` (channel-prefixed): the app's route and its owner (ADR 0063). */
function onRoute(rt: Runtime, app: FeedApp, id: string, pathname: string): boolean {
  return isAppActive(findApp(rt, app.id) ?? app, stripBasename(pathname, rt.options.basename ?? '')) && selectOwner(rt.options.store.getState(), app.id) === id;
}

function propsFor(rt: Runtime, app: FeedApp, instanceId: string): AppProps {
  const { options } = rt;
  return {
    name: instanceOf(app, instanceId).name,
    appId: app.id,
    instanceId,
    basePath: `${options.basename ?? ''}/app/${app.id}`,
    // The route-bound instance is on the address bar: its location is the page's, its navigation the shell's.
    history: instanceHistory(rt, app, instanceId),
    session: rt.session,
    // From the manifest's `services`, resolved by the registry to gateway base URLs.
    services: app.services,
    navigate: options.navigate,
    reportError: (error: unknown, code?: string) => options.reporter.report(app.id, code ?? 'WB_APP_ERROR', error),
    domElement: options.containers.get(instanceId),
    ...(options.leaveGuards ? { leaveGuards: options.leaveGuards.forOwner(instanceId) } : {}),
    ...(options.parts ? { parts: options.parts.forInstance({ instanceId }) } : {}),
    ...(options.events ? { events: options.events.connect({ appId: app.id, instanceId, scope: PAGE_SCOPE }) } : {}),
    ...(options.push ? { push: options.push } : {}),
  };
}

const findApp = (rt: Runtime, appId: string): FeedApp | undefined => rt.apps.find((app) => app.id === appId);

/** Activity, load and props read the runtime's current app entry and session, so `update` reaches them. */
function registerApp(rt: Runtime, app: FeedApp, id = routeInstanceId(app)): void {
  const { name } = instanceOf(app, id);
  registerApplication<AppProps>({
    name,
    app: () => loadApp(rt, findApp(rt, app.id) ?? app, id),
    activeWhen: (location) => {
      const current = findApp(rt, app.id);
      if (current === undefined) return false;
      // Off its route, a kept tab stays active only once mounted: a load still pending must not hold up the reroute.
      return onRoute(rt, current, id, location.pathname) || (rt.kept?.(id) === true && getAppStatus(name) === MOUNTED);
    },
    // A function: single-spa evaluates it at every lifecycle call, so a remount gets the new session.
    customProps: () => propsFor(rt, findApp(rt, app.id) ?? app, id),
  });
}

async function updateApps(rt: Runtime, apps: readonly FeedApp[], session: SessionUser, remount: boolean): Promise<void> {
  const before = instancesOf(rt);
  const ids = new Set(apps.map((app) => app.id));
  rt.apps = [...apps];
  rt.session = session;
  const removed = before.filter((i) => !ids.has(i.app.id) && getAppStatus(i.name) !== null);
  const kept = before.filter((i) => ids.has(i.app.id) && getAppStatus(i.name) === MOUNTED);
  await Promise.all(removed.map((i) => unregisterApplication(i.name)));
  removed.forEach((i) => {
    rt.extra.delete(i.id);
    rt.setStatus(i.id, IDLE);
  });
  for (const app of apps) if (getAppStatus(app.specifier) === null) registerApp(rt, app);
  // unloadApplication unmounts, unloads and (still active) loads and mounts again with the new props.
  if (remount) await Promise.all(kept.map((i) => unloadApplication(i.name)));
}

/**
 * A reroute after single-spa's LOAD_ERROR throttle, so an active app in LOAD_ERROR is loaded again. When the
 * timer fires, single-spa may already be loading it (its own reroute came after the throttle): a reroute then
 * would queue behind that load and, once it fails, start another one, doubling the time to the error panel.
 */
function reloadSoon(rt: Runtime, { app, id, name }: Instance): void {
  const timer = setTimeout(() => {
    rt.timers.delete(timer);
    const current = findApp(rt, app.id);
    if (!current || rt.pendingLoads.has(id) || getAppStatus(name) !== LOAD_ERROR) return;
    if (!onRoute(rt, current, id, rt.options.store.getState().location.pathname)) return;
    void triggerAppChange();
  }, LOAD_RETRY_THROTTLE_MS);
  rt.timers.add(timer);
}

/** single-spa's error handler: one store status and one report per failure. */
function createErrorHandler(rt: Runtime): (error: AppError) => void {
  return (error) => {
    const instance = instancesOf(rt).find((candidate) => candidate.name === error.appOrParcelName);
    if (!instance) {
      console.error('single-spa error outside the registered micro-apps', error);
      return;
    }
    const { app, id } = instance;
    if (isAbortedLoad(error)) {
      rt.setStatus(id, IDLE);
      // The user may already be back on the app's route; single-spa would skip it (200 ms throttle).
      if (onRoute(rt, app, id, rt.options.store.getState().location.pathname)) reloadSoon(rt, instance);
      return;
    }
    const code = classifyAppError(error);
    // A broken app (e.g. its unmount threw or hung) never reports clean again: its guards must not block for good.
    rt.options.leaveGuards?.drop(id);
    rt.failedAt.set(id, Date.now());
    rt.setStatus(id, { kind: 'error', code, message: error.message });
    rt.options.reporter.report(app.id, code, error);
  };
}

/**
 * A load still pending when the user leaves the app's route is abandoned (rejected as ABORTED): single-spa's
 * reroute waits for loading apps, so otherwise the next app would mount only after our load timeout. When the
 * user comes back, single-spa loads it again (the browser joins the in-flight module fetch or reuses the module).
 */
function watchLocation(rt: Runtime): () => void {
  return rt.options.store.subscribe((state, previous) => {
    if (state.location === previous.location && state.owners === previous.owners) return;
    for (const instance of instancesOf(rt)) {
      // A kept tab (ADR 0053) stays mounted once mounted; one still loading has nothing to keep and would hold up
      // the reroute like any other, so it is abandoned too (showing its tab again loads it again).
      if (!onRoute(rt, instance.app, instance.id, state.location.pathname)) rt.pendingLoads.get(instance.id)?.abort();
      else if (getAppStatus(instance.name) === LOAD_ERROR && selectAppStatus(state, instance.id).kind === 'idle') reloadSoon(rt, instance);
    }
  });
}

async function retryApp(rt: Runtime, { app, id, name }: Instance): Promise<void> {
  rt.setStatus(id, LOADING);
  if (getAppStatus(name) === SKIP_BECAUSE_BROKEN) {
    // single-spa never leaves SKIP_BECAUSE_BROKEN (6.x cannot even unload it, single-spa#1006): replace the
    // registration. The module stays in the browser's module map, so this re-runs bootstrap and mount.
    await unregisterApplication(name);
    registerApp(rt, app, id);
    return;
  }
  // LOAD_ERROR: single-spa loads an active LOAD_ERROR app again on the next reroute. Unregistering instead would
  // make single-spa reroute (load, mount and unmount) the active app before unloading it (immediatelyUnloadApp).
  const wait = (rt.failedAt.get(id) ?? 0) + LOAD_RETRY_THROTTLE_MS - Date.now();
  if (wait > 0) await delay(wait);
  await triggerAppChange();
}

/** Registers the feed's micro-apps with single-spa and contains their failures (docs/quality.md R1–R3). */
export function createAppRuntime(options: AppRuntimeOptions): AppRuntime {
  const rt: Runtime = {
    options,
    apps: [...options.apps],
    session: options.session,
    pendingLoads: new Map(),
    failedAt: new Map(),
    timers: new Set(),
    extra: new Map(),
    setStatus: (instanceId, status) => options.store.getState().setAppStatus(instanceId, status),
  };
  const onAppError = createErrorHandler(rt);
  const unwatch = watchLocation(rt);
  return {
    register() {
      const limits = options.lifecycleTimeouts ?? LIFECYCLE_TIMEOUTS;
      setBootstrapMaxTime(limits.bootstrap, true);
      setMountMaxTime(limits.mount, true);
      setUnmountMaxTime(limits.unmount, true);
      addErrorHandler(onAppError);
      rt.apps.forEach((app) => registerApp(rt, app));
    },
    start() {
      (options.startRouting ?? (() => start({ urlRerouteOnly: true })))();
      // After the first render, and only when a SystemJS app is in the feed (P19, ADR 0087).
      prepareSystemApps(rt.apps);
    },
    async update(apps, session, updateOptions) {
      await updateApps(rt, apps, session, updateOptions?.remount ?? true);
      prepareSystemApps(apps);
    },
    async retry(instanceId) {
      const instance = instancesOf(rt).find((candidate) => candidate.id === instanceId);
      if (instance) await retryApp(rt, instance);
    },
    keepAlive(kept) {
      rt.kept = kept;
    },
    addInstance(appId, instanceId) {
      const app = findApp(rt, appId);
      if (!app || instanceId === appId || rt.extra.has(instanceId)) return;
      rt.extra.set(instanceId, appId);
      registerApp(rt, app, instanceId);
    },
    async removeInstance(instanceId) {
      const appId = rt.extra.get(instanceId);
      if (appId === undefined) return;
      rt.extra.delete(instanceId);
      const app = findApp(rt, appId);
      if (app) await unregisterApplication(instanceOf(app, instanceId).name);
      rt.setStatus(instanceId, IDLE);
      options.containers.release(instanceId);
    },
    async dispose() {
      unwatch();
      rt.timers.forEach(clearTimeout);
      rt.timers.clear();
      rt.pendingLoads.forEach((controller) => controller.abort());
      const registered = instancesOf(rt).filter((i) => getAppStatus(i.name) !== null);
      await Promise.all(registered.map((i) => unregisterApplication(i.name)));
      removeErrorHandler(onAppError);
    },
  };
}
