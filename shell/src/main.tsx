import { createRoot } from 'react-dom/client';
import { CUSTOMER_VISITOR, type Feed } from '@wb/contracts';
import { UNAUTHENTICATED_EVENT, createEventHub, type PushChannel } from '@wb/sdk';
import { readFeed } from './bootstrap/read-feed.ts';
import { FeedErrorPage } from './components/StatusPages/FeedErrorPage.tsx';
import { createIdentityClient } from './identity/identity-client.ts';
import { PRODUCT_NAME } from './layout/product.ts';
import { createLeaveGuard } from './leave-guard/leave-guard.ts';
import { createLeaveGuardRegistry } from './leave-guard/registry.ts';
import { Shell, ShellProviders } from './layout/Shell.tsx';
import type { ShellEnv } from './layout/shell-context.ts';
import { createAppContainers } from './loader/app-containers.ts';
import { createAppRuntime, type AppRuntime } from './loader/app-runtime.ts';
import { createModuleImporter, pageStorage } from './loader/dev-overrides.ts';
import { createImportMapInjector } from './loader/import-maps.ts';
import { createErrorReporter } from './reporting/error-reporter.ts';
import { CHANNEL_BASENAME, stripBasename, withBasename } from './routing/channel.ts';
import { createAbsoluteNavigate, createNavigate, listenToHistory, readLocation } from './routing/navigation.ts';
import { LOGIN_PATH, loginUrl } from './routing/paths.ts';
import { createFeedSync } from './session/feed-sync.ts';
import { switchActivePost } from './session/post-switch.ts';
import { createShellStore } from './store/shell-store.ts';
import { createHomeEnv } from './widgets/create-home-env.ts';
import { createPartsEnv } from './parts/parts-env.ts';
import type { HomeEnv } from './widgets/home-env.ts';

/** The current path and query below the channel's basename (what returnTo carries). */
function currentPath(basename: string): string {
  return `${stripBasename(window.location.pathname, basename)}${window.location.search}`;
}

function rootElement(): HTMLElement {
  const existing = document.getElementById('wb-root');
  if (existing) return existing;
  const created = document.createElement('div');
  created.id = 'wb-root';
  return document.body.appendChild(created);
}

/** Wires the page: store, router, single-spa runtime and the React shell. The only place state is created. */
function createEnv(page: Feed, loadTimeoutMs: number | undefined): ShellEnv {
  // 掌上电力 (ADR 0045): the customer channel runs its apps for a visitor without grants; no staff login there.
  const feed = page.channel === 'customer' && !page.user ? { ...page, user: CUSTOMER_VISITOR } : page;
  // The server chose the channel from this page's path prefix; routes below it are channel-free.
  const basename = CHANNEL_BASENAME[feed.channel];
  const onLogin = (): boolean => stripBasename(window.location.pathname, basename) === LOGIN_PATH;
  const toLogin = (): string => withBasename(loginUrl(currentPath(basename)), basename);
  // Without a session every route is the login page; keep where the user wanted to go.
  if (!feed.user && !onLogin()) window.history.replaceState(null, '', toLogin());
  const store = createShellStore(readLocation(window.location, basename), feed);
  // Unsaved input in an app asks before any way off the page (docs/quality.md R5, ADR 0015).
  const leaveGuards = createLeaveGuardRegistry();
  const leaveGuard = createLeaveGuard({ registry: leaveGuards });
  leaveGuard.install({ onPass: () => store.getState().setLocation(readLocation(window.location, basename)) });
  const navigate = createNavigate(store, basename, window.history, leaveGuard);
  // Before single-spa starts, so back/forward reach the shell without waiting for a reroute (see navigation.ts).
  listenToHistory(store, basename, leaveGuard);
  const containers = createAppContainers();
  const assignLocation = (url: string): void => window.location.assign(url);
  // The SDK's service clients dispatch this on a 401: the session ended, log in again and come back here.
  window.addEventListener(UNAUTHENTICATED_EVENT, () => {
    // A customer app handles its own realm's 401 (its login page); the staff login is not theirs.
    if (feed.channel !== 'customer' && !onLogin()) assignLocation(toLogin());
  });
  let runtime: AppRuntime | undefined;
  let home: HomeEnv | undefined;
  // A must-change-password session may use no app (the server refuses their APIs): nothing to register.
  if (feed.user && !feed.user.mustChangePassword) {
    const reporter = createErrorReporter();
    const appNavigate = createAbsoluteNavigate(store, basename, window.history, leaveGuard);
    // Dev overrides (import-map-overrides) apply only when the feed allows them (ADR 0014).
    const importModule = createModuleImporter(() => store.getState().feed, pageStorage());
    // One typed event bus per page (ADR 0030); parts of other apps through one capability per instance.
    const events = createEventHub({ onHandlerError: (error, subscriber) => reporter.report(subscriber.appId, 'WB_APP_ERROR', error) });
    const parts = createPartsEnv({ getFeed: () => store.getState().feed, importModule, getSession: () => store.getState().feed.user, navigate: appNavigate, basename, reporter, loadTimeoutMs, leaveGuards, events });
    // Apps hear the push stream through the bell's connection (ADR 0059), loaded on their first subscription.
    const push = (): Promise<PushChannel> => import('./notifications/push.ts');
    runtime = createAppRuntime({ apps: feed.apps, session: feed.user, store, navigate: appNavigate, basename, containers, reporter, loadTimeoutMs, importModule, leaveGuards, parts, events, push });
    home = createHomeEnv({ importModule, getSession: () => store.getState().feed.user, navigate: appNavigate, basename, reporter, loadTimeoutMs, leaveGuards, events });
    // Registering before start() lets single-spa fetch the active app's bundle while React renders the shell.
    runtime.register();
  }
  const identity = createIdentityClient();
  const importMaps = createImportMapInjector(feed.importMap);
  // 应用市场 changes (FEED_REFRESH_EVENT), new versions and rollbacks reach an open page without a reload.
  if (runtime && feed.channel !== 'customer') createFeedSync({ identity, store, runtime, importMaps }).start();
  // Only after the user agreed (post switch asks first): the browser must not ask again.
  const reload = (): void => {
    leaveGuard.suspend();
    window.location.reload();
  };
  let started = false;
  return {
    store,
    basename,
    navigate,
    leaveGuard,
    containers,
    identity,
    home,
    runtime,
    assignLocation,
    switchPost: (post) => switchActivePost({ identity, store, runtime, importMaps, navigate, reload }, post),
    retryApp: (instanceId) => void runtime?.retry(instanceId),
    onContentReady: () => {
      if (started || !runtime) return;
      started = true;
      runtime.start();
    },
  };
}

function boot(): void {
  if (!document.title) document.title = PRODUCT_NAME;
  document.body.style.margin = '0';
  const root = createRoot(rootElement());
  const read = readFeed();
  if (!read.ok) {
    console.error(`[shell] cannot start: ${read.reason}`);
    root.render(
      <ShellProviders>
        <FeedErrorPage />
      </ShellProviders>,
    );
    return;
  }
  root.render(<Shell env={createEnv(read.feed, read.loadTimeoutMs)} />);
}

boot();
