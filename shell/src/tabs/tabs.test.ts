import { describe, expect, it, vi } from 'vitest';
import { createLeaveGuard } from '../leave-guard/leave-guard.ts';
import { createLeaveGuardRegistry } from '../leave-guard/registry.ts';
import { createShellStore } from '../store/shell-store.ts';
import { testApp, testFeed, testUser } from '../test/fixtures.ts';
import { closeTabs, initialTabs, keptApps, parseTabs, serializeTabs, tabOf, visit } from './tab-model.ts';
import { createTabsController } from './tabs-controller.ts';

const apps = ['a', 'b', 'c', 'd'].map((id) => testApp(id));
const at = (path: string) => tabOf({ pathname: path.split('?')[0] ?? path, search: path.includes('?') ? `?${path.split('?')[1]}` : '' }, apps);

describe('tab model (ADR 0053)', () => {
  it('opens one tab per app next to the active one, remembers its path and orders apps by last use', () => {
    let state = visit(initialTabs(), at('/app/a'));
    state = visit(state, at('/inbox'));
    state = visit(state, at('/app/b/x?q=1'));
    state = visit(state, at('/app/a/detail/7'));
    expect(state.tabs.map((tab) => `${tab.key}:${tab.path}`)).toEqual(['home:/', 'a:/app/a/detail/7', 'inbox:/inbox', 'b:/app/b/x?q=1']);
    expect(state.active).toBe('a');
    expect(state.recent).toEqual(['a', 'b']);
    expect(visit(state, at('/app/zz')).active).toBe('');
  });

  it('keeps the N most recent app instances, and beyond them only those with unsaved input', () => {
    const state = ['a', 'b', 'c', 'd'].reduce((current, id) => visit(current, at(`/app/${id}`)), initialTabs());
    expect([...keptApps(state, 2, () => false)]).toEqual(['d', 'c']);
    expect([...keptApps(state, 2, (id) => id === 'a')]).toEqual(['d', 'c', 'a']);
  });

  it('closing the active tab shows its right neighbour, else the left; the home never closes', () => {
    const state = ['a', 'b', 'c'].reduce((current, id) => visit(current, at(`/app/${id}`)), initialTabs());
    expect(closeTabs(state, new Set(['c'])).goTo).toBe('/app/b');
    const middle = visit(state, at('/app/b'));
    const closed = closeTabs(middle, new Set(['b', 'home']));
    expect(closed.goTo).toBe('/app/c');
    expect(closed.state.tabs.map((tab) => tab.key)).toEqual(['home', 'a', 'c']);
    expect(closed.state.recent).toEqual(['c', 'a']);
  });

  it('restores tabs from storage by what their paths resolve to, dropping anything else', () => {
    const state = visit(visit(initialTabs(), at('/app/a/x')), at('/inbox'));
    expect(parseTabs(serializeTabs(state), apps).tabs.map((tab) => tab.path)).toEqual(['/', '/app/a/x', '/inbox']);
    const forged = JSON.stringify([{ path: '//evil.example/app/a' }, { path: '/app/gone' }, { path: '/app/b', title: '<b>' }, 7]);
    expect(parseTabs(forged, apps).tabs.map((tab) => `${tab.key}:${tab.title}`)).toEqual(['home:首页', 'b:b']);
    expect(parseTabs('not json', apps).tabs).toHaveLength(1);
  });
});

describe('tabs controller', () => {
  function setup(keepAlive = 2) {
    const store = createShellStore({ pathname: '/app/a', search: '' }, testFeed({ apps, user: testUser({ username: 'u1' }) }));
    const registry = createLeaveGuardRegistry();
    const leaveGuard = createLeaveGuard({ registry });
    const answers: boolean[] = [];
    leaveGuard.setPrompt(async () => answers.shift() ?? false);
    let kept: (appId: string) => boolean = () => false;
    const instances = new Set<string>();
    const runtime = {
      keepAlive: (fn: (appId: string) => boolean) => (kept = fn),
      addInstance: (_appId: string, instanceId: string) => void instances.add(instanceId),
      removeInstance: async (instanceId: string) => void instances.delete(instanceId),
    };
    const navigate = vi.fn((to: string) => store.getState().setLocation({ pathname: to, search: '' }));
    const saved = new Map<string, string>();
    const storage = { getItem: (key: string) => saved.get(key) ?? null, setItem: (key: string, value: string) => void saved.set(key, value) };
    const reroute = vi.fn();
    const controller = createTabsController({ env: { store, navigate, leaveGuard, runtime, basename: '' }, storage, keepAlive, reroute, unload: vi.fn(async () => undefined) });
    return { store, registry, leaveGuard, answers, kept: (id: string) => kept(id), navigate, saved, reroute, controller, instances, storage };
  }

  it('keeps background instances mounted up to the bound, unmounting the least recently used first', () => {
    const t = setup();
    t.navigate('/app/b');
    expect(t.kept('a') && t.kept('b')).toBe(true);
    t.reroute.mockClear();
    t.navigate('/app/c');
    expect([t.kept('a'), t.kept('b'), t.kept('c')]).toEqual([false, true, true]);
    expect(t.reroute).toHaveBeenCalledTimes(1);
    expect(JSON.parse(t.saved.get('wb:tabs:u1') ?? '[]')).toHaveLength(4);
  });

  it('a kept tab with unsaved input does not ask when another tab is shown, but closing it asks', async () => {
    const t = setup();
    t.registry.forOwner('a').add().set(true);
    expect(t.leaveGuard.mustAsk('/app/a', '/app/b')).toBe(false);
    expect(t.leaveGuard.mustAsk('/app/a', '/app/a/other')).toBe(true);
    t.navigate('/app/b');
    expect(t.leaveGuard.mustAsk('/app/b', '/app/a')).toBe(false);
    expect(t.leaveGuard.mustAsk('/app/b', '/app/a/other')).toBe(true);
    t.answers.push(false);
    expect(await t.controller.close(new Set(['a']))).toBe(false);
    expect(t.controller.tabs.getState().tabs.map((tab) => tab.key)).toContain('a');
    t.answers.push(true);
    expect(await t.controller.close(new Set(['a']))).toBe(true);
    expect(t.registry.dirty()).toEqual([]);
    expect(t.kept('a')).toBe(false);
    t.controller.dispose();
    expect(t.kept('b')).toBe(false);
  });

  it('复制页签: a second instance of an app in its own tab, with its own path, guards and keep-alive (ADR 0063)', async () => {
    const t = setup(3);
    t.navigate('/app/a/applications/1');
    const copy = t.controller.duplicate('a');
    expect(copy).toBe('a~2');
    expect(t.instances).toEqual(new Set(['a~2']));
    // Next to the tab it copies, on screen, owning the app's routes at the same path.
    expect(t.controller.tabs.getState().tabs.map((tab) => `${tab.key}:${tab.title}:${tab.path}`)).toEqual(['home:首页:/', 'a:a:/app/a/applications/1', 'a~2:a（2）:/app/a/applications/1']);
    expect(t.controller.tabs.getState().active).toBe('a~2');
    expect(t.store.getState().owners).toEqual({ a: 'a~2' });
    expect(t.kept('a') && t.kept('a~2')).toBe(true);
    expect(t.reroute).toHaveBeenCalled();
    // In-app navigation moves the tab on screen only.
    t.navigate('/app/a/applications/2');
    expect(t.controller.tabs.getState().tabs.map((tab) => `${tab.key}:${tab.path}`)).toEqual(['home:/', 'a:/app/a/applications/1', 'a~2:/app/a/applications/2']);
    // Unsaved input in the first does not ask when the second moves, or when going back to the first.
    t.registry.forOwner('a').add().set(true);
    expect(t.leaveGuard.mustAsk('/app/a/applications/2', '/app/a/applications/3')).toBe(false);
    t.controller.select('a');
    expect(t.store.getState().owners).toEqual({ a: 'a' });
    expect(t.store.getState().location.pathname).toBe('/app/a/applications/1');
    expect(t.controller.tabs.getState().active).toBe('a');
    expect(t.leaveGuard.mustAsk('/app/a/applications/1', '/app/a/applications/9')).toBe(true);
    // A reload restores both tabs, the second with its instance registered again.
    const restored = createTabsController({
      env: { store: t.store, navigate: t.navigate, leaveGuard: t.leaveGuard, runtime: { keepAlive: () => undefined, addInstance: (_a: string, id: string) => void t.instances.add(`restored:${id}`), removeInstance: async () => undefined }, basename: '' },
      storage: t.storage,
      reroute: vi.fn(),
    });
    expect(restored.tabs.getState().tabs.map((tab) => tab.key)).toEqual(['home', 'a', 'a~2']);
    expect(t.instances.has('restored:a~2')).toBe(true);
    restored.dispose();
    // Closing the second tab removes its instance; the first's input is untouched.
    t.controller.select('a~2');
    expect(await t.controller.close(new Set(['a~2']))).toBe(true);
    expect(t.instances.has('a~2')).toBe(false);
    expect(t.store.getState().owners).toEqual({});
    expect(t.registry.dirty().map((entry) => entry.owner)).toEqual(['a']);
    expect(t.store.getState().location.pathname).toBe('/app/a/applications/1');
  });

  it('restores a stored second-tab key only for an instance of the app its path resolves to', () => {
    const stored = JSON.stringify([{ key: 'a~2', path: '/app/a/x' }, { key: 'b~3', path: '/app/a/y' }, { key: 'a~99', path: '/app/a/z' }]);
    expect(parseTabs(stored, apps).tabs.map((tab) => `${tab.key}:${tab.path}`)).toEqual(['home:/', 'a~2:/app/a/x', 'a:/app/a/y']);
  });
});
