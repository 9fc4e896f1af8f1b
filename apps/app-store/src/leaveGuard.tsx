import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import { useLeaveGuard as useShellLeaveGuard } from '@wb/sdk/react';

interface LeaveGuard {
  /**
   * Marks the form `id` as having (or no longer having) unsaved input; `release` lets the shell's guard of
   * that form pass the navigation the user has just agreed to here.
   */
  setDirty(id: string, dirty: boolean, release?: () => void): void;
  /** Runs `leave` at once when nothing is unsaved, else after the user agrees to drop the input (docs/quality.md R5). */
  confirmLeave(leave: () => void): void;
}

const LeaveGuardContext = createContext<LeaveGuard | null>(null);

/**
 * Keeps track of forms with unsaved input inside the app, so that in-app navigation (tabs, links) asks in the
 * app's own words. Each form also registers with the shell (`useLeaveGuard` of the SDK, ADR 0015), which asks
 * before the side menu, the header, back/forward or a reload leave it.
 */
export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const { modal } = App.useApp();
  // form id → release of its shell guard
  const dirty = useRef(new Map<string, () => void>());
  const setDirty = useCallback((id: string, value: boolean, release?: () => void) => {
    if (value) dirty.current.set(id, release ?? (() => undefined));
    else dirty.current.delete(id);
  }, []);
  const confirmLeave = useCallback(
    (leave: () => void) => {
      if (dirty.current.size === 0) {
        leave();
        return;
      }
      modal.confirm({
        title: '放弃未保存的修改？',
        content: '离开后，已填写但未保存的内容不会保存。',
        okText: '放弃',
        cancelText: '继续编辑',
        onOk: () => {
          for (const release of dirty.current.values()) release();
          dirty.current.clear();
          leave();
        },
      });
    },
    [modal],
  );
  const value = useMemo(() => ({ setDirty, confirmLeave }), [setDirty, confirmLeave]);
  return <LeaveGuardContext.Provider value={value}>{children}</LeaveGuardContext.Provider>;
}

const NO_GUARD: LeaveGuard = { setDirty: () => undefined, confirmLeave: (leave) => leave() };

export function useLeaveGuard(): LeaveGuard {
  return useContext(LeaveGuardContext) ?? NO_GUARD;
}

/** Reports `dirty` for the form `id`, to the app and to the shell, and clears it when the form goes away. */
export function useReportDirty(id: string, dirty: boolean): void {
  const { setDirty } = useLeaveGuard();
  const release = useShellLeaveGuard(dirty);
  useEffect(() => {
    setDirty(id, dirty, release);
  }, [id, dirty, setDirty, release]);
  useEffect(() => () => setDirty(id, false), [id, setDirty]);
}
