// Entry module of the 电费账务 micro-app: the single-spa lifecycles the shell imports as `@wb-app/billing`, and the
// UI part `customer-bills` other apps assemble (manifest `exposes`, ADR 0030).
import { createReactLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'billing',
});

export { parts } from './parts/index.ts';
