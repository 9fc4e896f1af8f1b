// Entry module of the 客户档案 micro-app: the single-spa lifecycles the shell imports as `@wb-app/customer-archive`,
// its workbench home widgets (manifest `widgets`, ADR 0014) and the UI parts other apps assemble (`exposes`, ADR 0030).
import { createReactLifecycles, createWidgetLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';
import { QuickSearchWidget } from './widgets/QuickSearchWidget.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'customer-archive',
});

export const widgets = createWidgetLifecycles({ 'quick-search': QuickSearchWidget }, { appId: 'customer-archive' });

export { parts } from './parts/index.ts';
