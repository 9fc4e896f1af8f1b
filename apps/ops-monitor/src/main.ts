// Entry module of the 运营监测 micro-app (issue 15): the single-spa lifecycles the shell imports as
// `@wb-app/ops-monitor`, and its workbench home widget (manifest `widgets`, ADR 0014).
import { createReactLifecycles, createWidgetLifecycles } from '@wb/sdk/react';
import { App } from './App.tsx';
import { UnitKpiWidget } from './widgets/UnitKpiWidget.tsx';

export const { bootstrap, mount, unmount, update } = createReactLifecycles({
  rootComponent: App,
  appId: 'ops-monitor',
});

export const widgets = createWidgetLifecycles({ 'unit-kpis': UnitKpiWidget }, { appId: 'ops-monitor' });
