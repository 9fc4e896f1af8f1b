// Entry module of __APP_NAME__: the single-spa lifecycles the shell imports as `@wb-app/__APP_ID__`.
import { createReactLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({ rootComponent: App, appId: '__APP_ID__' });
