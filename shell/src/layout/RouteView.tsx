import { useEffect, useMemo, type ReactElement } from 'react';
import { AppArea } from '../components/AppArea/AppArea.tsx';
import { HomePage } from '../components/HomePage/HomePage.tsx';
import { PasswordPage } from '../components/PasswordPage/LazyPasswordPage.tsx';
import { ForbiddenPage, NotFoundPage } from '../components/StatusPages/LazyStatusPages.tsx';
import { InboxRoute } from '../inbox/InboxRoute.tsx';
import { resolveRoute, type ShellRoute } from '../routing/paths.ts';
import { useFeed, useShellEnv, useShellState } from './shell-context.ts';

export function RouteView({ route }: { route: ShellRoute }): ReactElement {
  switch (route.kind) {
    case 'home':
      return <HomePage />;
    case 'password':
      return <PasswordPage mode="voluntary" />;
    case 'inbox':
      return <InboxRoute />;
    case 'app':
      // key: a different app gets a fresh area (its own container and status).
      return <AppArea key={route.app.id} app={route.app} />;
    case 'forbidden':
      return <ForbiddenPage appId={route.appId} />;
    case 'not-found':
      return <NotFoundPage />;
  }
}

/** The route of the current (channel-relative) path against the current feed's apps. */
export function useShellRoute(): ShellRoute {
  const pathname = useShellState((state) => state.location.pathname);
  const apps = useFeed().apps;
  return useMemo(() => resolveRoute(pathname, apps), [pathname, apps]);
}

/**
 * A channel whose root is no page of its own (掌上电力, a hall terminal with one app): at the root, opens `path`
 * in place of it (replacing the history entry). True while it does, so the layout renders nothing there.
 */
export function useRootOpens(route: ShellRoute, path: string | undefined): boolean {
  const { navigate } = useShellEnv();
  const opens = route.kind === 'home' && !!path;
  useEffect(() => {
    if (opens && path) navigate(path, { replace: true });
  }, [opens, path, navigate]);
  return opens;
}

/** Starts single-spa once the layout's content area (and an active app's container) is in the DOM. */
export function useContentReady(): void {
  const { onContentReady } = useShellEnv();
  // Effects run after the commit, so the content area is in the DOM.
  useEffect(() => {
    onContentReady?.();
  }, [onContentReady]);
}
