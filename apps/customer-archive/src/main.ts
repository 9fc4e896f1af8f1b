// Entry module of the 客户档案 micro-app: the single-spa lifecycles the shell imports as `@wb-app/customer-archive`,
// and its workbench home widgets (manifest `widgets`, ADR 0014).
import { createReactLifecycles, createWidgetLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';
import { QuickSearchWidget } from './widgets/QuickSearchWidget.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'customer-archive',
});

export const widgets = createWidgetLifecycles({ 'quick-search': QuickSearchWidget }, { appId: 'customer-archive' });
