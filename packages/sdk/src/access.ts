import type { SessionUser } from '@wb/contracts';

/** The platform administrator's grant: holds every permission key. */
export const ALL_PERMISSIONS = '*';

/**
 * The access map of the session as the shell handed it over (`props.session.permissions`, recomputed by the
 * server for the active post). For hiding UI only: the server decides every request.
 */
export interface Access {
  /** True if the session holds `key` or the `*` grant. */
  can(key: string): boolean;
  /**
   * Identifies the active post (`<post code>@<org unit code>`, null without one). Data scope follows the
   * post's org unit, so an app that keeps data outside its QueryClient (or across remounts) can put this in
   * its cache keys. Apps using the SDK's per-mount QueryClient need nothing: the shell remounts the app after
   * a post switch, and `update` with another post starts a new QueryClient.
   */
  readonly postKey: string | null;
}

export function activePostKey(session: Pick<SessionUser, 'activePost'>): string | null {
  const post = session.activePost;
  return post ? `${post.code}@${post.orgUnitCode}` : null;
}

export function createAccess(session: Pick<SessionUser, 'permissions' | 'activePost'>): Access {
  const keys = new Set(session.permissions);
  const all = keys.has(ALL_PERMISSIONS);
  return { can: (key) => all || keys.has(key), postKey: activePostKey(session) };
}
