// Entry module of the 客服工单 micro-app: the single-spa lifecycles the shell imports as `@wb-app/service-tickets`,
// its workbench home widgets (manifest `widgets`, ADR 0014) and the UI parts other apps assemble (`exposes`, ADR 0039).
import { createReactLifecycles, createWidgetLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';
import { MyOpenWidget, OverdueWidget, TodayCallsWidget } from './widgets/StatsWidgets.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'service-tickets',
});

export const widgets = createWidgetLifecycles(
  { 'today-calls': TodayCallsWidget, 'my-open': MyOpenWidget, overdue: OverdueWidget },
  { appId: 'service-tickets' },
);
export { parts } from './parts/index.ts';
