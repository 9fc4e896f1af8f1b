import { useMemo, useSyncExternalStore } from 'react';
import { useHistory } from './context.ts';

export interface ReactLocation {
  pathname: string;
  search: URLSearchParams;
}

/**
 * The location of this instance (`WorkbenchProps.history`, ADR 0027), never `window.location` directly:
 * re-renders on every change of it.
 */
export function useLocation(): ReactLocation {
  const history = useHistory();
  const subscribe = useMemo(() => (listener: () => void) => history.listen(listener), [history]);
  const { pathname, search } = useSyncExternalStore(subscribe, () => history.location, () => history.location);
  return useMemo(() => ({ pathname, search: new URLSearchParams(search) }), [pathname, search]);
}
