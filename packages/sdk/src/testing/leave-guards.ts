import { createLeaveGuardRegistry, type GuardEntry, type LeaveGuardRegistry } from '../leave-guards.ts';

/** A guard as the test host sees it. */
export type TestGuardEntry = GuardEntry;

/** The shell's leave-guard registry (ADR 0015, 0027): one `LeaveGuards` per owner (instance id). */
export type TestLeaveGuards = LeaveGuardRegistry;

/** For tests that mount instances with the real lifecycles and assert what the shell would ask about: the shell's own registry. */
export function createTestLeaveGuards(): TestLeaveGuards {
  return createLeaveGuardRegistry();
}
