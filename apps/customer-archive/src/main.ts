// Entry module of the 客户档案 micro-app: the single-spa lifecycles the shell imports as `@wb-app/customer-archive`.
import { createReactLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'customer-archive',
});
