import { useCallback, useEffect, useRef } from 'react';

const QUESTION = '放弃未提交的内容？离开后，已填写的内容不会保存。';

interface RoutingEventDetail {
  cancelNavigation?: (cancel?: boolean) => void;
}

/**
 * QUALITY.md R5: while `dirty`, leaving asks first — closing or reloading the tab (beforeunload) and any
 * navigation through the shell (single-spa's before-routing-event, which lets the app cancel it).
 * Returns `release()`: call it before navigating away after a successful submit, so that the guard lets the
 * navigation through at once (the `dirty` state only updates on the next render).
 */
export function useLeaveGuard(dirty: boolean): () => void {
  const guarded = useRef(dirty);
  useEffect(() => {
    guarded.current = dirty;
  }, [dirty]);
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent): void => {
      if (guarded.current) event.preventDefault();
    };
    const onRouting = (event: Event): void => {
      const detail = (event as CustomEvent<RoutingEventDetail>).detail;
      if (guarded.current && detail?.cancelNavigation && !window.confirm(QUESTION)) detail.cancelNavigation();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('single-spa:before-routing-event', onRouting);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('single-spa:before-routing-event', onRouting);
    };
  }, []);
  return useCallback(() => {
    guarded.current = false;
  }, []);
}
