// The registry itself is the SDK core's (one implementation for the shell and for the SDK's test host); @wb/sdk is
// on the first paint already (the shell's main imports it).
export { createLeaveGuardRegistry } from '@wb/sdk';
export type { GuardEntry, LeaveGuardRegistry } from '@wb/sdk';
