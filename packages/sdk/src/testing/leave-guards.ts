import type { LeaveGuard, LeaveGuards } from '../props.ts';

/** A guard as the test host sees it. */
export interface TestGuardEntry {
  owner: string;
  dirty: boolean;
  message: string | undefined;
}

/** The shell's leave-guard registry in small (ADR 0015, 0027): one `LeaveGuards` per owner (instance id). */
export interface TestLeaveGuards {
  forOwner(owner: string): LeaveGuards;
  /** Guards holding unsaved input now. */
  dirty(): TestGuardEntry[];
  /** Drops every guard of `owner`, as the shell does when that instance unmounts; others stay. */
  drop(owner: string): void;
}

/** For tests that mount instances with the real lifecycles and assert what the shell would ask about. */
export function createTestLeaveGuards(): TestLeaveGuards {
  const guards = new Map<number, TestGuardEntry>();
  const owners = new Map<string, LeaveGuards>();
  let nextId = 1;
  const add = (owner: string): LeaveGuard => {
    const id = nextId++;
    guards.set(id, { owner, dirty: false, message: undefined });
    return {
      set(dirty, message) {
        if (guards.has(id)) guards.set(id, { owner, dirty, message });
      },
      remove() {
        guards.delete(id);
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
      for (const [id, entry] of guards) if (entry.owner === owner) guards.delete(id);
    },
  };
}
