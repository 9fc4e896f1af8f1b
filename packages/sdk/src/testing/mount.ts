// A micro-app's real lifecycles mounted the way the shell mounts them, for its entry and instance tests.
import { act } from '@testing-library/react';
import { expect } from 'vitest';
import { createMemoryHistory } from '../history.ts';
import type { WorkbenchHistory } from '../history.ts';
import type { WorkbenchLifecycles, WorkbenchProps } from '../props.ts';
import { createTestWorkbenchProps } from './props.ts';
import type { TestWorkbenchPropsOverrides } from './props.ts';

export interface MountedMicroApp {
  props: WorkbenchProps;
  /** The container the shell would hand the app. */
  element: HTMLElement;
  /** Unmounts the app (inside `act`) and takes its container off the page. */
  unmount(): Promise<void>;
}

/**
 * Mounts `entry` (`import * as entry from './main.ts'`) on the address bar at `url`, into a fresh container:
 * bootstrap, then mount inside `act`.
 */
export async function mountMicroApp(
  entry: Pick<WorkbenchLifecycles, 'bootstrap' | 'mount' | 'unmount'>,
  options: TestWorkbenchPropsOverrides & { url: string },
): Promise<MountedMicroApp> {
  const { url, ...overrides } = options;
  const element = document.createElement('section');
  document.body.appendChild(element);
  window.history.replaceState(null, '', url);
  const props = createTestWorkbenchProps({ ...overrides, domElement: element });
  await entry.bootstrap(props);
  await act(() => entry.mount(props));
  return {
    props,
    element,
    async unmount() {
      await act(() => entry.unmount(props));
      element.remove();
    },
  };
}

/**
 * The entry test of every micro-app: `entry` exports exactly `exports` (single-spa's lifecycles and the parts and
 * widgets it offers), mounts at `url` into the container the shell would hand it, shows what `shows` waits for, and
 * leaves that container empty once unmounted.
 */
export async function expectEntryMountsAndCleansUp(
  entry: Pick<WorkbenchLifecycles, 'bootstrap' | 'mount' | 'unmount'>,
  options: TestWorkbenchPropsOverrides & { url: string; exports: string[]; shows(app: MountedMicroApp): unknown },
): Promise<void> {
  const { exports, shows, ...mount } = options;
  expect(Object.keys(entry).sort()).toEqual([...exports].sort());
  const app = await mountMicroApp(entry, mount);
  await shows(app);
  await app.unmount();
  expect(app.element.childNodes).toHaveLength(0);
}

export interface TestInstance {
  props: WorkbenchProps;
  history: WorkbenchHistory;
  element: HTMLElement;
}

/**
 * Props of one instance off the address bar (ADR 0027): its own container (`data-testid` = the instance id) and
 * memory history at `url`. Shell-level navigation throws unless `navigate` is passed: routes inside the app must
 * go through the instance's history.
 */
export function createTestInstance(options: TestWorkbenchPropsOverrides & { instanceId: string; url: string }): TestInstance {
  const { url, ...overrides } = options;
  const element = document.createElement('div');
  element.dataset['testid'] = options.instanceId;
  document.body.appendChild(element);
  const history = createMemoryHistory(url);
  const props = createTestWorkbenchProps({
    navigate: (to) => {
      throw new Error(`shell navigation to ${to}`);
    },
    ...overrides,
    history,
    domElement: element,
  });
  return { props, history, element };
}
