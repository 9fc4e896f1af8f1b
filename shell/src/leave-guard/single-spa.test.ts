import { start } from 'single-spa';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LeaveGuards } from '@wb/sdk/react';
import { createAppContainers } from '../loader/app-containers.ts';
import { createAppRuntime, type AppRuntime } from '../loader/app-runtime.ts';
import { createAbsoluteNavigate, listenToHistory, readLocation } from '../routing/navigation.ts';
import { createShellStore, selectAppStatus } from '../store/shell-store.ts';
import { testApp, testFeed, testUser } from '../test/fixtures.ts';
import { createLeaveGuard, type LeavePrompt } from './leave-guard.ts';
import { createLeaveGuardRegistry } from './registry.ts';

/**
 * The guard against real single-spa 6: a plain single-spa app (no SDK) marks itself dirty through the
 * `leaveGuards` prop; a URL change the shell's navigate did not make (an app's own pushState, back/forward)
 * is held in before-routing-event until the user answers.
 */
beforeAll(() => {
  start({ urlRerouteOnly: true });
});

let runtime: AppRuntime | undefined;
const disposers: Array<() => void> = [];
afterEach(async () => {
  await runtime?.dispose();
  runtime = undefined;
  disposers.splice(0).forEach((dispose) => dispose());
});

let seq = 0;
function setUp(unmount: () => Promise<void> = async () => undefined) {
  const id = `plain-${++seq}`;
  window.history.replaceState(null, '', '/');
  const store = createShellStore(readLocation(), testFeed());
  const registry = createLeaveGuardRegistry();
  const guard = createLeaveGuard({ registry });
  const answers: Array<(leave: boolean) => void> = [];
  guard.setPrompt(vi.fn<LeavePrompt>(() => new Promise<boolean>((resolve) => answers.push(resolve))));
  disposers.push(guard.install({ onPass: () => store.getState().setLocation(readLocation()) }));
  disposers.push(listenToHistory(store, '', guard));
  const navigate = createAbsoluteNavigate(store, '', window.history, guard);
  const module = {
    bootstrap: async () => undefined,
    // Dirty from the start, and never cleans up by itself: the shell must drop the guard.
    mount: async (props: { leaveGuards: LeaveGuards }) => props.leaveGuards.add().set(true, '草稿未保存'),
    unmount,
  };
  runtime = createAppRuntime({
    apps: [testApp(id)],
    session: testUser(),
    store,
    navigate,
    containers: createAppContainers(),
    reporter: { report: () => undefined },
    lifecycleTimeouts: { bootstrap: 2_000, mount: 2_000, unmount: 2_000 },
    importModule: () => Promise.resolve(module),
    startRouting: () => undefined,
    leaveGuards: registry,
  });
  runtime.register();
  const status = (): string => selectAppStatus(store.getState(), id).kind;
  return { id, store, registry, answers, navigate, status };
}

describe('leave guard with single-spa', () => {
  it('holds an app\'s own pushState away from unsaved input; staying restores the URL, leaving unmounts and drops the guard', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { id, store, registry, answers, navigate, status } = setUp();
    navigate(`/app/${id}/form`);
    await vi.waitFor(() => expect(status()).toBe('mounted'));
    expect(registry.dirty()).toHaveLength(1);

    window.history.pushState(null, '', '/inbox');
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    expect(store.getState().location.pathname).toBe(`/app/${id}/form`);
    answers[0]!(false);
    await vi.waitFor(() => expect(window.location.pathname).toBe(`/app/${id}/form`));
    expect(status()).toBe('mounted');
    expect(store.getState().location.pathname).toBe(`/app/${id}/form`);

    window.history.pushState(null, '', '/inbox');
    await vi.waitFor(() => expect(answers).toHaveLength(2));
    answers[1]!(true);
    await vi.waitFor(() => expect(status()).toBe('idle'));
    expect(window.location.pathname).toBe('/inbox');
    expect(store.getState().location.pathname).toBe('/inbox');
    expect(registry.dirty()).toEqual([]);
  });

  it('the shell\'s navigate asks once: after 离开 single-spa lets the same navigation through', async () => {
    const { id, answers, navigate, status, registry } = setUp();
    navigate(`/app/${id}`);
    await vi.waitFor(() => expect(status()).toBe('mounted'));
    navigate('/');
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    expect(window.location.pathname).toBe(`/app/${id}`);
    answers[0]!(true);
    await vi.waitFor(() => expect(status()).toBe('idle'));
    expect(answers).toHaveLength(1);
    expect(registry.dirty()).toEqual([]);
  });

  it('drops the guards of an app whose unmount fails, so navigation is never blocked for good', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { id, answers, navigate, status, registry } = setUp(async () => {
      throw new Error('fixture: unmount failed on purpose');
    });
    navigate(`/app/${id}`);
    await vi.waitFor(() => expect(status()).toBe('mounted'));
    navigate('/');
    await vi.waitFor(() => expect(answers).toHaveLength(1));
    answers[0]!(true);
    await vi.waitFor(() => expect(status()).toBe('error'));
    expect(registry.dirty()).toEqual([]);
    navigate('/inbox');
    expect(window.location.pathname).toBe('/inbox');
    expect(answers).toHaveLength(1);
  });
});
