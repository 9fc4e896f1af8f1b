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
import { IDLE, selectAppStatus, type AppStatus, type ShellStore } from '../store/shell-store.ts';
import type { AppContainers } from './app-containers.ts';
import { classifyAppError, isAbortedLoad } from './classify-error.ts';
import { routeInstanceId } from './instance-id.ts';
import { toLifecycles } from './lifecycles.ts';
import { DEFAULT_LOAD_TIMEOUT_MS, loadWithTimeout } from './load-app.ts';

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
  /** Tries a failed app again: LOAD_ERROR → reroute (single-spa reloads it); SKIP_BECAUSE_BROKEN → re-register. */
  retry(appId: string): Promise<void>;
  /**
   * Tabs (ADR 0053): `kept(appId)` true keeps the app mounted off its route (a background tab). Set once the
   * tab strip has loaded; the caller reroutes (single-spa `triggerAppChange`) when its answer changes.
   */
  keepAlive(kept: (appId: string) => boolean): void;
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
  kept?: (appId: string) => boolean;
}

const nativeImport = (specifier: string): Promise<unknown> => import(/* @vite-ignore */ specifier);
const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function loadApp(rt: Runtime, app: FeedApp): Promise<LifeCycles<AppProps>> {
  const controller = new AbortController();
  rt.pendingLoads.set(app.id, controller);
  rt.setStatus(routeInstanceId(app), LOADING);
  const hooks = {
    beforeMount: () => rt.setStatus(routeInstanceId(app), LOADING),
    afterMount: () => rt.setStatus(routeInstanceId(app), { kind: 'mounted' }),
    afterUnmount: () => {
      rt.setStatus(routeInstanceId(app), IDLE);
      rt.options.leaveGuards?.drop(routeInstanceId(app));
      rt.options.events?.release(routeInstanceId(app));
    },
  };
  const importModule = rt.options.importModule;
  // SystemJS (ADR 0040) and stylesheets (ADR 0041) are loaded only for apps that need them, never on first paint.
  const load = async () =>
    app.format === 'systemjs' || app.styles
      ? (await import('./app-extras.ts')).loadWithExtras<AppProps>(app, hooks, importModule)
      : toLifecycles<AppProps>(await (importModule ?? nativeImport)(app.specifier), hooks);
  const timeoutMs = rt.options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS;
  return loadWithTimeout(load, { timeoutMs, signal: controller.signal }).finally(() => rt.pendingLoads.delete(app.id));
}

/**
 * The route-bound instance's history: the address bar while it is on the app's routes; off them (a background
 * tab, ADR 0053) it keeps the location it had, so the app does not route to a path that is not its own.
 */
function instanceHistory(rt: Runtime, app: FeedApp): WorkbenchHistory {
  const browser = createBrowserHistory(rt.options.navigate);
  let last = browser.location;
  const shown = (): boolean => isAppActive(findApp(rt, app.id) ?? app, stripBasename(window.location.pathname, rt.options.basename ?? ''));
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

function propsFor(rt: Runtime, app: FeedApp): AppProps {
  const { options } = rt;
  const instanceId = routeInstanceId(app);
  return {
    name: app.specifier,
    appId: app.id,
    instanceId,
    basePath: `${options.basename ?? ''}/app/${app.id}`,
    // The route-bound instance is on the address bar: its location is the page's, its navigation the shell's.
    history: instanceHistory(rt, app),
    session: rt.session,
    // From the manifest's `services`, resolved by the registry to gateway base URLs.
    services: app.services,
    navigate: options.navigate,
    reportError: (error: unknown, code?: string) => options.reporter.report(app.id, code ?? 'WB_APP_ERROR', error),
    domElement: options.containers.get(instanceId),
    ...(options.leaveGuards ? { leaveGuards: options.leaveGuards.forOwner(instanceId) } : {}),
    ...(options.parts ? { parts: options.parts.forInstance({ instanceId }) } : {}),
    ...(options.events ? { events: options.events.connect({ appId: app.id, instanceId, scope: PAGE_SCOPE }) } : {}),
  };
}

const findApp = (rt: Runtime, appId: string): FeedApp | undefined => rt.apps.find((app) => app.id === appId);

/** Activity, load and props read the runtime's current app entry and session, so `update` reaches them. */
function registerApp(rt: Runtime, app: FeedApp): void {
  const basename = rt.options.basename ?? '';
  registerApplication<AppProps>({
    name: app.specifier,
    app: () => loadApp(rt, findApp(rt, app.id) ?? app),
    activeWhen: (location) => {
      const current = findApp(rt, app.id);
      if (current === undefined) return false;
      // Off its route, a kept tab stays active only once mounted: a load still pending must not hold up the reroute.
      return isAppActive(current, stripBasename(location.pathname, basename)) || (rt.kept?.(app.id) === true && getAppStatus(app.specifier) === MOUNTED);
    },
    // A function: single-spa evaluates it at every lifecycle call, so a remount gets the new session.
    customProps: () => propsFor(rt, findApp(rt, app.id) ?? app),
  });
}

async function updateApps(rt: Runtime, apps: readonly FeedApp[], session: SessionUser, remount: boolean): Promise<void> {
  const before = rt.apps;
  const ids = new Set(apps.map((app) => app.id));
  rt.apps = [...apps];
  rt.session = session;
  const removed = before.filter((app) => !ids.has(app.id) && getAppStatus(app.specifier) !== null);
  const kept = before.filter((app) => ids.has(app.id) && getAppStatus(app.specifier) === MOUNTED);
  await Promise.all(removed.map((app) => unregisterApplication(app.specifier)));
  removed.forEach((app) => rt.setStatus(routeInstanceId(app), IDLE));
  for (const app of apps) if (getAppStatus(app.specifier) === null) registerApp(rt, app);
  // unloadApplication unmounts, unloads and (still active) loads and mounts again with the new props.
  if (remount) await Promise.all(kept.map((app) => unloadApplication(app.specifier)));
}

/**
 * A reroute after single-spa's LOAD_ERROR throttle, so an active app in LOAD_ERROR is loaded again. When the
 * timer fires, single-spa may already be loading it (its own reroute came after the throttle): a reroute then
 * would queue behind that load and, once it fails, start another one, doubling the time to the error panel.
 */
function reloadSoon(rt: Runtime, app: FeedApp): void {
  const timer = setTimeout(() => {
    rt.timers.delete(timer);
    const current = findApp(rt, app.id);
    if (!current || rt.pendingLoads.has(app.id) || getAppStatus(current.specifier) !== LOAD_ERROR) return;
    if (!isAppActive(current, rt.options.store.getState().location.pathname)) return;
    void triggerAppChange();
  }, LOAD_RETRY_THROTTLE_MS);
  rt.timers.add(timer);
}

/** single-spa's error handler: one store status and one report per failure. */
function createErrorHandler(rt: Runtime): (error: AppError) => void {
  return (error) => {
    const app = rt.apps.find((candidate) => candidate.specifier === error.appOrParcelName);
    if (!app) {
      console.error('single-spa error outside the registered micro-apps', error);
      return;
    }
    if (isAbortedLoad(error)) {
      rt.setStatus(routeInstanceId(app), IDLE);
      // The user may already be back on the app's route; single-spa would skip it (200 ms throttle).
      if (isAppActive(app, rt.options.store.getState().location.pathname)) reloadSoon(rt, app);
      return;
    }
    const code = classifyAppError(error);
    // A broken app (e.g. its unmount threw or hung) never reports clean again: its guards must not block for good.
    rt.options.leaveGuards?.drop(routeInstanceId(app));
    rt.failedAt.set(app.id, Date.now());
    rt.setStatus(routeInstanceId(app), { kind: 'error', code, message: error.message });
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
    if (state.location === previous.location) return;
    for (const app of rt.apps) {
      // A kept tab (ADR 0053) stays mounted once mounted; one still loading has nothing to keep and would hold up
      // the reroute like any other, so it is abandoned too (showing its tab again loads it again).
      if (!isAppActive(app, state.location.pathname)) rt.pendingLoads.get(app.id)?.abort();
      else if (getAppStatus(app.specifier) === LOAD_ERROR && selectAppStatus(state, app.id).kind === 'idle') reloadSoon(rt, app);
    }
  });
}

async function retryApp(rt: Runtime, app: FeedApp): Promise<void> {
  rt.setStatus(routeInstanceId(app), LOADING);
  if (getAppStatus(app.specifier) === SKIP_BECAUSE_BROKEN) {
    // single-spa never leaves SKIP_BECAUSE_BROKEN (6.x cannot even unload it, single-spa#1006): replace the
    // registration. The module stays in the browser's module map, so this re-runs bootstrap and mount.
    await unregisterApplication(app.specifier);
    registerApp(rt, app);
    return;
  }
  // LOAD_ERROR: single-spa loads an active LOAD_ERROR app again on the next reroute. Unregistering instead would
  // make single-spa reroute (load, mount and unmount) the active app before unloading it (immediatelyUnloadApp).
  const wait = (rt.failedAt.get(app.id) ?? 0) + LOAD_RETRY_THROTTLE_MS - Date.now();
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
    },
    update: (apps, session, updateOptions) => updateApps(rt, apps, session, updateOptions?.remount ?? true),
    async retry(appId) {
      const app = findApp(rt, appId);
      if (app) await retryApp(rt, app);
    },
    keepAlive(kept) {
      rt.kept = kept;
    },
    async dispose() {
      unwatch();
      rt.timers.forEach(clearTimeout);
      rt.timers.clear();
      rt.pendingLoads.forEach((controller) => controller.abort());
      const registered = rt.apps.filter((app) => getAppStatus(app.specifier) !== null);
      await Promise.all(registered.map((app) => unregisterApplication(app.specifier)));
      removeErrorHandler(onAppError);
    },
  };
}
