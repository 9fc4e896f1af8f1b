import { useMemo, useSyncExternalStore } from 'react';
import { getLocation, subscribeLocation } from '../location.ts';

export interface ReactLocation {
  pathname: string;
  search: URLSearchParams;
}

/** A string snapshot: useSyncExternalStore compares snapshots with Object.is. */
function locationKey(): string {
  const { pathname, search } = getLocation();
  return `${pathname}${search}`;
}

/** The current location; re-renders on every history change (popstate, single-spa routing events). */
export function useLocation(): ReactLocation {
  const key = useSyncExternalStore(subscribeLocation, locationKey, locationKey);
  return useMemo(() => {
    const queryStart = key.indexOf('?');
    const pathname = queryStart === -1 ? key : key.slice(0, queryStart);
    const search = new URLSearchParams(queryStart === -1 ? '' : key.slice(queryStart));
    return { pathname, search };
  }, [key]);
}
