// The page's leave-guard registry (ADR 0015, 0027): the shell's, and the SDK test host's (`createTestLeaveGuards`),
// so a component test asks what the shell would. Framework-free: no React.
import type { LeaveGuard, LeaveGuards } from './props.ts';

/** One guard as the shell sees it. `owner` is the single-spa name of the app or widget parcel that added it. */
export interface GuardEntry {
  readonly owner: string;
  readonly dirty: boolean;
  readonly message: string | undefined;
}

/**
 * The page's leave guards (ADR 0015). Each micro-app and widget gets `forOwner(name)` as its `leaveGuards`
 * custom prop; whatever it adds is dropped with `drop(name)` when it unmounts or breaks, so a guard can never
 * outlive its app and block navigation for good.
 */
export interface LeaveGuardRegistry {
  /** The `leaveGuards` prop of one app or widget (one object per owner, so the SDK hook keeps its guard). */
  forOwner(owner: string): LeaveGuards;
  /** The guards holding unsaved input now. */
  dirty(): GuardEntry[];
  /** Drops every guard of `owner`. */
  drop(owner: string): void;
  /** Called after any change of the dirty set. Returns the disposer. */
  subscribe(listener: () => void): () => void;
}

export function createLeaveGuardRegistry(): LeaveGuardRegistry {
  const guards = new Map<number, GuardEntry>();
  const owners = new Map<string, LeaveGuards>();
  const listeners = new Set<() => void>();
  let nextId = 1;
  const notify = (): void => listeners.forEach((listener) => listener());

  const add = (owner: string): LeaveGuard => {
    const id = nextId++;
    guards.set(id, { owner, dirty: false, message: undefined });
    return {
      set(dirty, message) {
        const current = guards.get(id);
        if (!current) return;
        // Plain single-spa apps call this without types: coerce.
        const next: GuardEntry = { owner, dirty: dirty === true, message: typeof message === 'string' && message ? message : undefined };
        if (current.dirty === next.dirty && current.message === next.message) return;
        guards.set(id, next);
        if (current.dirty || next.dirty) notify();
      },
      remove() {
        const current = guards.get(id);
        if (!current) return;
        guards.delete(id);
        if (current.dirty) notify();
      },
    };
  };

  return {
    forOwner(owner) {
      let scoped = owners.get(owner);
      if (!scoped) {
        scoped = { add: () => add(owner) };
        owners.set(owner, scoped);
      }
      return scoped;
    },
    dirty: () => [...guards.values()].filter((entry) => entry.dirty),
    drop(owner) {
      let changed = false;
      for (const [id, entry] of guards) {
        if (entry.owner !== owner) continue;
        guards.delete(id);
        changed ||= entry.dirty;
      }
      if (changed) notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
