// Entry module of the 应用商店 micro-app: the single-spa lifecycles the shell imports as `@wb-app/app-store`.
import { createReactLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'app-store',
});
