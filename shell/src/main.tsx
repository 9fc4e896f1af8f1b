import { createRoot } from 'react-dom/client';
import type { Feed } from '@wb/contracts';
import { UNAUTHENTICATED_EVENT } from '@wb/sdk';
import { readFeed } from './bootstrap/read-feed.ts';
import { FeedErrorPage } from './components/StatusPages/StatusPages.tsx';
import { createIdentityClient } from './identity/identity-client.ts';
import { PRODUCT_NAME } from './layout/product.ts';
import { Shell, ShellProviders } from './layout/Shell.tsx';
import type { ShellEnv } from './layout/shell-context.ts';
import { createAppContainers } from './loader/app-containers.ts';
import { createAppRuntime, type AppRuntime } from './loader/app-runtime.ts';
import { createErrorReporter } from './reporting/error-reporter.ts';
import { createNavigate, listenToHistory, readLocation } from './routing/navigation.ts';
import { LOGIN_PATH, loginUrl } from './routing/paths.ts';
import { createShellStore } from './store/shell-store.ts';

function currentPath(): string {
  return `${window.location.pathname}${window.location.search}`;
}

function rootElement(): HTMLElement {
  const existing = document.getElementById('wb-root');
  if (existing) return existing;
  const created = document.createElement('div');
  created.id = 'wb-root';
  return document.body.appendChild(created);
}

/** Wires the page: store, router, single-spa runtime and the React shell. The only place state is created. */
function createEnv(feed: Feed, loadTimeoutMs: number | undefined): ShellEnv {
  // Without a session every route is the login page; keep where the user wanted to go.
  if (!feed.user && window.location.pathname !== LOGIN_PATH) window.history.replaceState(null, '', loginUrl(currentPath()));
  const store = createShellStore(readLocation());
  const navigate = createNavigate(store);
  // Before single-spa starts, so back/forward reach the shell without waiting for a reroute (see navigation.ts).
  listenToHistory(store);
  const containers = createAppContainers();
  const assignLocation = (url: string): void => window.location.assign(url);
  // The SDK's service clients dispatch this on a 401: the session ended, log in again and come back here.
  window.addEventListener(UNAUTHENTICATED_EVENT, () => {
    if (window.location.pathname !== LOGIN_PATH) assignLocation(loginUrl(currentPath()));
  });
  let runtime: AppRuntime | undefined;
  if (feed.user) {
    const reporter = createErrorReporter();
    runtime = createAppRuntime({ apps: feed.apps, session: feed.user, store, navigate, containers, reporter, loadTimeoutMs });
    // Registering before start() lets single-spa fetch the active app's bundle while React renders the shell.
    runtime.register();
  }
  let started = false;
  return {
    feed,
    store,
    navigate,
    containers,
    identity: createIdentityClient(),
    assignLocation,
    retryApp: (appId) => void runtime?.retry(appId),
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
