import { useState } from 'react';
import { resolveRoute } from '../routing/paths.ts';
import { selectAppStatus, selectOwner, type ShellState } from '../store/shell-store.ts';
import { useShellEnv, useShellState } from './shell-context.ts';

/** Whether the page's content has settled: its micro-app mounted or failed; other routes (home, inbox, …) at once. */
export function contentSettled(state: ShellState): boolean {
  const route = resolveRoute(state.location.pathname, state.feed.apps);
  if (route.kind !== 'app') return true;
  const kind = selectAppStatus(state, selectOwner(state, route.app.id)).kind;
  return kind === 'mounted' || kind === 'error';
}

/**
 * True from the moment the first page's content has settled on (P1, ADR 0068): work the first paint does not need
 * (the header's notification and 待办 queries, their push stream, the tab strip) waits for it, so it does not
 * compete with the micro-app's load and mount on a slow CPU. Without a micro-app runtime nothing is waited for.
 */
export function useFirstContentSettled(): boolean {
  const { runtime } = useShellEnv();
  const now = useShellState((state) => !runtime || contentSettled(state));
  const [settled, setSettled] = useState(now);
  if (now && !settled) setSettled(true);
  return settled || now;
}
