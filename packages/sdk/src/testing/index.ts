// @wb/sdk/testing: helpers for micro-app component tests (vitest + happy-dom + Testing Library).
export { createTestSession, createTestWorkbenchProps } from './props.ts';
export type { TestWorkbenchPropsOverrides } from './props.ts';
export { renderMicroApp } from './render.tsx';
export { createTestInstance, expectEntryMountsAndCleansUp, mountMicroApp } from './mount.ts';
export type { MountedMicroApp, TestInstance } from './mount.ts';
export type { RenderMicroAppOptions, RenderMicroAppResult } from './render.tsx';
export { recordRequests } from './requests.ts';
export type { LoggedRequest, RequestEventSource, RequestLog } from './requests.ts';
export { serveMocks } from './mock-service.ts';
export type { MockServer } from './mock-service.ts';
export { createTestLeaveGuards } from './leave-guards.ts';
export type { TestGuardEntry, TestLeaveGuards } from './leave-guards.ts';
export { createTestParts } from '../parts/testing.ts';
export type { TestPartDefinition, TestParts, TestPartsOptions } from '../parts/testing.ts';
export { createTestPush } from './push.ts';
export type { TestPush } from './push.ts';
