import { describe, expect, it, vi } from 'vitest';
import type { Feed, PostRef } from '@wb/contracts';
import { createNavigate, readLocation } from '../routing/navigation.ts';
import { createShellStore } from '../store/shell-store.ts';
import { testApp, testFeed, testUser } from '../test/fixtures.ts';
import { switchActivePost, type PostSwitchDeps } from './post-switch.ts';

const accept: PostRef = { code: 'YK_ACCEPT', name: '业扩受理员', orgUnitCode: '334010101', orgUnitName: '城东供电所' };
const survey: PostRef = { code: 'YK_SURVEY', name: '现场勘查员', orgUnitCode: '334010102', orgUnitName: '城西供电所' };
const user = testUser({ posts: [accept, survey], activePost: accept });
const before = testFeed({ user, apps: [testApp('customer-archive'), testApp('yk-accept')] });
const after = testFeed({
  user: { ...user, activePost: survey, permissions: ['yk:survey:view'] },
  apps: [testApp('customer-archive'), testApp('yk-survey')],
  importMap: { imports: { '@wb-app/yk-survey': '/assets/apps/yk-survey/d/main.js' }, integrity: {} },
});

function setUp(path: string, overrides: Partial<PostSwitchDeps> = {}, next: Feed | null = after) {
  window.history.replaceState(null, '', path);
  const store = createShellStore(readLocation(), before);
  const deps: PostSwitchDeps = {
    identity: { switchPost: vi.fn(async () => next?.user ?? user), fetchFeed: vi.fn(async () => next) },
    store,
    runtime: { update: vi.fn(async () => undefined) },
    importMaps: { add: vi.fn(() => 'added' as const) },
    navigate: createNavigate(store),
    reload: vi.fn(),
    ...overrides,
  };
  return { store, deps };
}

describe('switchActivePost', () => {
  it('switches on the server, then updates import map, apps and store from the new feed', async () => {
    const { store, deps } = setUp('/app/customer-archive');
    await expect(switchActivePost(deps, survey)).resolves.toEqual({ kind: 'switched', leftApp: false });
    expect(deps.identity.switchPost).toHaveBeenCalledWith(survey);
    expect(deps.identity.fetchFeed).toHaveBeenCalledWith('workbench');
    expect(deps.importMaps.add).toHaveBeenCalledWith(after.importMap);
    expect(deps.runtime?.update).toHaveBeenCalledWith(after.apps, after.user);
    expect(store.getState().feed).toBe(after);
    expect(window.location.pathname).toBe('/app/customer-archive');
    expect(deps.reload).not.toHaveBeenCalled();
  });

  it('goes back to the home page when the app on screen is not allowed for the new post', async () => {
    const { store, deps } = setUp('/app/yk-accept/list');
    await expect(switchActivePost(deps, survey)).resolves.toEqual({ kind: 'switched', leftApp: true });
    expect(store.getState().location.pathname).toBe('/');
  });

  it('changes nothing when the server refuses the switch', async () => {
    const { store, deps } = setUp('/', { identity: { switchPost: vi.fn(async () => null), fetchFeed: vi.fn(async () => after) } });
    await expect(switchActivePost(deps, survey)).resolves.toEqual({ kind: 'failed' });
    expect(deps.identity.fetchFeed).not.toHaveBeenCalled();
    expect(store.getState().feed).toBe(before);
  });

  it('reloads the page when the new apps cannot be mapped, or the feed cannot be read', async () => {
    const first = setUp('/', { importMaps: { add: () => 'reload-required' } });
    await expect(switchActivePost(first.deps, survey)).resolves.toEqual({ kind: 'reloading' });
    expect(first.deps.reload).toHaveBeenCalledOnce();
    expect(first.deps.runtime?.update).not.toHaveBeenCalled();

    const second = setUp('/', {}, null);
    await expect(switchActivePost(second.deps, survey)).resolves.toEqual({ kind: 'reloading' });
    expect(second.deps.reload).toHaveBeenCalledOnce();
  });
});
