import type { PostRef } from '@wb/contracts';
import type { IdentityClient } from '../identity/identity-client.ts';
import type { ImportMapInjector } from '../loader/import-maps.ts';
import type { AppRuntime } from '../loader/app-runtime.ts';
import type { Navigate } from '../routing/navigation.ts';
import { HOME_PATH, resolveRoute } from '../routing/paths.ts';
import type { ShellStore } from '../store/shell-store.ts';

/**
 * - `switched`: the store, the registered apps and the import map follow the new post; `leftApp` when the
 *   app on screen is not allowed for the new post and the shell went back to the home page.
 * - `reloading`: the server switched, but this page cannot follow without a load (see ImportMapUpdate).
 * - `failed`: the server refused or could not be reached; nothing changed.
 */
export type SwitchPostResult = { kind: 'switched'; leftApp: boolean } | { kind: 'reloading' } | { kind: 'failed' };

export interface PostSwitchDeps {
  identity: Pick<IdentityClient, 'switchPost' | 'fetchFeed'>;
  store: ShellStore;
  /** Absent on a page without a session (nothing is registered). */
  runtime: Pick<AppRuntime, 'update'> | undefined;
  importMaps: Pick<ImportMapInjector, 'add'>;
  navigate: Navigate;
  reload(): void;
}

/**
 * Switches the active post without a page load: the server switches (its answer is the new session), the
 * shell fetches the feed for the new post, maps newly allowed apps' modules, updates single-spa's
 * registrations (remounting the app on screen with the new session) and finally the store, which re-renders
 * header, menus, home page and widgets.
 */
export async function switchActivePost(deps: PostSwitchDeps, post: PostRef): Promise<SwitchPostResult> {
  const user = await deps.identity.switchPost(post);
  if (!user) return { kind: 'failed' };
  const feed = await deps.identity.fetchFeed(deps.store.getState().feed.channel);
  // The server has switched already: if this page cannot follow, a load shows the new post's workbench.
  if (!feed?.user || deps.importMaps.add(feed.importMap) === 'reload-required') {
    deps.reload();
    return { kind: 'reloading' };
  }
  await deps.runtime?.update(feed.apps, feed.user);
  const { location, feed: previous, setFeed } = deps.store.getState();
  setFeed(feed);
  // The app on screen is not allowed for the new post: back to the home page rather than a 403 there.
  const leftApp =
    resolveRoute(location.pathname, previous.apps).kind === 'app' && resolveRoute(location.pathname, feed.apps).kind === 'forbidden';
  if (leftApp) deps.navigate(HOME_PATH);
  return { kind: 'switched', leftApp };
}
