// Entry module of the 业扩报装 micro-app: the single-spa lifecycles the shell imports as `@wb-app/new-connection`.
import { createReactLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'new-connection',
});

// 客户档案's 客户360 slot 业扩申请 (manifest `exposes`, ADR 0039).
export { parts } from './parts/index.ts';
