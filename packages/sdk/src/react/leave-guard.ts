// Leave guard (docs/quality.md R5, ADR 0015): a micro-app tells the shell it holds unsaved input, so that any
// navigation through the shell (menus, header, inbox, back/forward, post switch, logout, reload) asks first.
import { useCallback, useContext, useEffect, useRef } from 'react';
import type { LeaveGuard, LeaveGuards, WorkbenchProps } from '../props.ts';
import { WorkbenchContext } from './context.ts';

function isLeaveGuards(value: unknown): value is LeaveGuards {
  return typeof value === 'object' && value !== null && typeof (value as { add?: unknown }).add === 'function';
}

/** The shell's guards from the mount props, if the shell passed them (not in the standalone dev harness). */
export function leaveGuardsOf(props: WorkbenchProps | null | undefined): LeaveGuards | undefined {
  // Checked, not trusted: a plain single-spa host may pass something else under that name.
  const candidate: unknown = props?.leaveGuards;
  return isLeaveGuards(candidate) ? candidate : undefined;
}

/**
 * Without a shell (the app's own dev server, or tests without the prop) nothing navigates through the shell;
 * only closing or reloading the tab can lose input, so the fallback keeps `beforeunload` while a guard is dirty.
 */
function createStandaloneGuards(): LeaveGuards {
  const dirty = new Set<object>();
  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    event.preventDefault();
  };
  const sync = (): void => {
    if (dirty.size > 0) window.addEventListener('beforeunload', onBeforeUnload);
    else window.removeEventListener('beforeunload', onBeforeUnload);
  };
  return {
    add() {
      const token = {};
      return {
        set(value) {
          if (value) dirty.add(token);
          else dirty.delete(token);
          sync();
        },
        remove() {
          dirty.delete(token);
          sync();
        },
      };
    },
  };
}

let standalone: LeaveGuards | undefined;
const standaloneGuards = (): LeaveGuards => (standalone ??= createStandaloneGuards());

/**
 * Registers unsaved input with the shell while `dirty` is true (docs/quality.md R5): the shell then asks
 * 「当前页面有未保存的内容，离开后将丢失。确定离开吗？」 before any navigation away, a post switch, logout or reload,
 * and the browser asks before the tab closes. The guard goes away with the component (and with the app).
 *
 * Returns `release()`: call it right before navigating away after a successful save, so the navigation passes
 * at once (`dirty` only reaches the guard after the next render). The guard stays released until `dirty`
 * changes again.
 */
export function useLeaveGuard(dirty: boolean, message?: string): () => void {
  const host = leaveGuardsOf(useContext(WorkbenchContext));
  const latest = useRef({ dirty, message });
  const guard = useRef<LeaveGuard | null>(null);
  useEffect(() => {
    const added = (host ?? standaloneGuards()).add();
    guard.current = added;
    added.set(latest.current.dirty, latest.current.message);
    return () => {
      added.remove();
      if (guard.current === added) guard.current = null;
    };
  }, [host]);
  useEffect(() => {
    latest.current = { dirty, message };
    guard.current?.set(dirty, message);
  }, [dirty, message]);
  return useCallback(() => guard.current?.set(false), []);
}
