import { App } from 'antd';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';

interface LeaveGuard {
  /** Marks the form `id` as having (or no longer having) unsaved input. */
  setDirty(id: string, dirty: boolean): void;
  /** Runs `leave` at once when nothing is unsaved, else after the user agrees to drop the input (QUALITY.md R5). */
  confirmLeave(leave: () => void): void;
}

const LeaveGuardContext = createContext<LeaveGuard | null>(null);

/**
 * Keeps track of forms with unsaved input inside the app: in-app navigation (tabs, links) asks first, and
 * closing or reloading the page triggers the browser's own prompt.
 */
export function LeaveGuardProvider({ children }: { children: ReactNode }) {
  const { modal } = App.useApp();
  const dirty = useRef(new Set<string>());
  const [count, setCount] = useState(0);
  const setDirty = useCallback((id: string, value: boolean) => {
    const had = dirty.current.has(id);
    if (value === had) return;
    if (value) dirty.current.add(id);
    else dirty.current.delete(id);
    setCount(dirty.current.size);
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
          dirty.current.clear();
          setCount(0);
          leave();
        },
      });
    },
    [modal],
  );
  useEffect(() => {
    if (count === 0) return undefined;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [count]);
  const value = useMemo(() => ({ setDirty, confirmLeave }), [setDirty, confirmLeave]);
  return <LeaveGuardContext.Provider value={value}>{children}</LeaveGuardContext.Provider>;
}

const NO_GUARD: LeaveGuard = { setDirty: () => undefined, confirmLeave: (leave) => leave() };

export function useLeaveGuard(): LeaveGuard {
  return useContext(LeaveGuardContext) ?? NO_GUARD;
}

/** Reports `dirty` for the form `id` and clears it when the form goes away. */
export function useReportDirty(id: string, dirty: boolean): void {
  const { setDirty } = useLeaveGuard();
  useEffect(() => {
    setDirty(id, dirty);
  }, [id, dirty, setDirty]);
  useEffect(() => () => setDirty(id, false), [id, setDirty]);
}
