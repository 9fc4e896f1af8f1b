/**
 * A micro-app that changed what the user's feed holds (应用市场 adds an app to the menu, a layout was saved)
 * asks the shell to fetch the feed again; the shell re-derives menus, apps and widgets without a reload.
 */
export const FEED_REFRESH_EVENT = 'wb:feed-refresh';

export function requestFeedRefresh(): void {
  window.dispatchEvent(new CustomEvent(FEED_REFRESH_EVENT));
}
