/** The part of `window.location` a micro-app routes on. */
export interface WorkbenchLocation {
  pathname: string;
  /** Raw query string including the leading `?`, or `''`. */
  search: string;
}

export function getLocation(): WorkbenchLocation {
  return { pathname: window.location.pathname, search: window.location.search };
}

/**
 * Calls `listener` after every history change. single-spa dispatches `popstate` and then
 * `single-spa:routing-event` for pushState/replaceState made through its patched history API,
 * so both are heard; listeners must be idempotent (they only re-read the location).
 * Returns the disposer.
 */
export function subscribeLocation(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener('single-spa:routing-event', listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener('single-spa:routing-event', listener);
  };
}
