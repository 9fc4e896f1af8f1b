// @wb/sdk/testing: helpers for micro-app component tests (vitest + happy-dom + Testing Library).
export { createTestSession, createTestWorkbenchProps } from './props.ts';
export type { TestWorkbenchPropsOverrides } from './props.ts';
export { renderMicroApp } from './render.tsx';
export type { RenderMicroAppOptions, RenderMicroAppResult } from './render.tsx';
