// Entry module of the 系统管理 micro-app: the single-spa lifecycles the shell imports as `@wb-app/system-admin`.
import { createReactLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'system-admin',
});
