// Entry module of 掌上电力 (channel `customer`, mounted by the shell at /c/): the single-spa lifecycles the shell
// imports as `@wb-app/customer-portal`.
import { createReactLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'customer-portal',
});
