import type { ClientErrorReport } from '@wb/contracts';
import { createEventHub } from '@wb/sdk';
import type { EventHub, PushChannel, WorkbenchProps } from '@wb/sdk';
import { createPartsEnv } from '../parts/parts-env.ts';
import type { PartsEnv } from '../parts/parts-env.ts';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { MOUNTING, getAppNames, getAppStatus, start } from 'single-spa';
import type * as SingleSpa from 'single-spa';
import type * as SystemApp from './system-app.ts';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLeaveGuardRegistry, type LeaveGuardRegistry } from '../leave-guard/registry.ts';
import { createErrorReporter } from '../reporting/error-reporter.ts';
import { createAbsoluteNavigate, createNavigate, readLocation } from '../routing/navigation.ts';
import { createShellStore, selectAppStatus, type ShellStore } from '../store/shell-store.ts';
import { testApp, testFeed, testUser } from '../test/fixtures.ts';
import { createAppContainers, type AppContainers } from './app-containers.ts';
import { createAppRuntime, type AppRuntime } from './app-runtime.ts';
import { fixtureModules } from './fixtures/fixture-apps.ts';

// Real single-spa throughout; triggerAppChange is only counted (a reroute the shell asks for).
const triggerAppChangeCalls = vi.hoisted(() => ({ count: 0 }));
vi.mock('single-spa', async (importOriginal) => {
  const original = await importOriginal<typeof SingleSpa>();
  return {
    ...original,
    triggerAppChange: () => {
      triggerAppChangeCalls.count += 1;
      return original.triggerAppChange();
    },
  };
});

// SystemJS's idle preparation (ADR 0087) is counted: the runtime must ask for it whatever importer it was given.
const prepareSystemApps = vi.hoisted(() => vi.fn());
vi.mock('./system-app.ts', async (importOriginal) => ({ ...(await importOriginal<typeof SystemApp>()), prepareSystemApps }));

const reports: ClientErrorReport[] = [];
const server = setupServer(
  http.post('*/api/client-errors', async ({ request }) => {
    reports.push((await request.json()) as ClientErrorReport);
    return new HttpResponse(null, { status: 204 });
  }),
);

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  // single-spa routing is page-global and can be started once per page (here: per test file).
  start({ urlRerouteOnly: true });
});
afterAll(() => server.close());

interface Harness {
  store: ShellStore;
  containers: AppContainers;
  runtime: AppRuntime;
  navigate(path: string): void;
  status(appId: string): string;
}

let harness: Harness | undefined;
let appSeq = 0;

interface SetUpOptions {
  /** Apps registered at start (default: every module). */
  registered?: string[];
  /** Channel entry prefix (default ''). */
  basename?: string;
  leaveGuards?: LeaveGuardRegistry;
  /** The page's event bus and parts (ADR 0030). */
  events?: EventHub;
  parts?: PartsEnv;
  /** The page's push stream (ADR 0059). */
  push?: WorkbenchProps['push'];
}

function setUp(modules: Record<string, () => Promise<unknown>>, loadTimeoutMs = 2_000, mountTimeoutMs = 2_000, options: SetUpOptions = {}): Harness {
  const basename = options.basename ?? '';
  window.history.replaceState(null, '', `${basename}/`);
  const store = createShellStore(readLocation(window.location, basename), testFeed());
  const navigate = createNavigate(store, basename);
  const containers = createAppContainers();
  const apps = (options.registered ?? Object.keys(modules)).map((id) => testApp(id, { services: { customer: '/api/svc/customer/v1' } }));
  const runtime = createAppRuntime({
    apps,
    session: testUser(),
    store,
    navigate: createAbsoluteNavigate(store, basename),
    basename,
    containers,
    reporter: createErrorReporter(),
    loadTimeoutMs,
    lifecycleTimeouts: { bootstrap: 2_000, mount: mountTimeoutMs, unmount: 2_000 },
    importModule: (specifier) => modules[specifier.replace('@wb-app/', '')]!(),
    startRouting: () => undefined,
    ...(options.leaveGuards ? { leaveGuards: options.leaveGuards } : {}),
    ...(options.events ? { events: options.events } : {}),
    ...(options.parts ? { parts: options.parts } : {}),
    ...(options.push ? { push: options.push } : {}),
  });
  runtime.register();
  runtime.start();
  harness = { store, containers, runtime, navigate, status: (id) => selectAppStatus(store.getState(), id).kind };
  return harness;
}

/** Fresh app ids per test: single-spa's registry outlives a test. */
const uniqueId = (name: string): string => `${name}-${++appSeq}`;

/**
 * Waits for `assertion` to pass while the clock stands still: promise chains (single-spa's reroutes, loads, msw)
 * and timers due now run, nothing later does. Fails with the assertion's error after `rounds` turns of the event loop.
 */
async function eventually(assertion: () => void, rounds = 500): Promise<void> {
  for (let round = 0; ; round += 1) {
    try {
      assertion();
      return;
    } catch (error) {
      if (round >= rounds) throw error;
    }
    await vi.advanceTimersByTimeAsync(0);
  }
}

// The clock is fake (issue 18): load and lifecycle timeouts, single-spa's LOAD_ERROR throttle (it reads Date) and
// the runtime's retry delay all run on it, and each test moves it itself; nothing here waits in real time.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  reports.length = 0;
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(async () => {
  if (harness) {
    // Teardown runs on the fake clock too: unregistering an app in LOAD_ERROR may load it once more, which ends at its timeout.
    let disposed = false;
    const disposing = harness.runtime.dispose().finally(() => {
      disposed = true;
    });
    for (let round = 0; round < 100 && !disposed; round += 1) await vi.advanceTimersByTimeAsync(1_000);
    await disposing;
  }
  harness = undefined;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('app runtime (real single-spa, fixture apps)', () => {
  it('mounts an app into its own container with the workbench props', async () => {
    const id = uniqueId('healthy');
    const fixture = fixtureModules.healthy();
    const h = setUp({ [id]: () => Promise.resolve(fixture.module) });
    h.navigate(`/app/${id}/customers?q=1`);
    await eventually(() => expect(h.status(id)).toBe('mounted'));
    expect(h.containers.get(id).textContent).toBe(`mounted ${id}`);
    expect(fixture.lastProps).toMatchObject({
      name: `@wb-app/${id}`,
      appId: id,
      basePath: `/app/${id}`,
      session: { username: 'kf01' },
      services: { customer: '/api/svc/customer/v1' },
      domElement: h.containers.get(id),
    });
    h.navigate('/');
    await eventually(() => expect(h.status(id)).toBe('idle'));
    expect(h.containers.get(id).textContent).toBe('');
  });

  it('gives the route-bound instance its id and history, and drops only its own leave guards (ADR 0027)', async () => {
    const id = uniqueId('guarded');
    const fixture = fixtureModules.healthy();
    const guards = createLeaveGuardRegistry();
    const h = setUp({ [id]: () => Promise.resolve(fixture.module) }, 2_000, 2_000, { leaveGuards: guards });
    h.navigate(`/app/${id}/customers?q=1`);
    await eventually(() => expect(h.status(id)).toBe('mounted'));
    const props = fixture.lastProps as unknown as WorkbenchProps;
    expect(props.instanceId).toBe(id);
    expect(props.history.location).toEqual({ pathname: `/app/${id}/customers`, search: '?q=1' });
    // Its own guard, and one of another instance of the same app (a tab) that is still open.
    props.leaveGuards?.add().set(true);
    guards.forOwner(`${id}~2`).add().set(true, '另一标签页的表单');
    props.history.push('/');
    await eventually(() => expect(h.status(id)).toBe('idle'));
    expect(guards.dirty()).toEqual([{ owner: `${id}~2`, dirty: true, message: '另一标签页的表单' }]);
  });

  it('mounts a second instance of an app (a second tab) next to the first, each on its own route and guards (ADR 0063)', async () => {
    const id = uniqueId('twice');
    const fixture = fixtureModules.healthy();
    const guards = createLeaveGuardRegistry();
    const h = setUp({ [id]: () => Promise.resolve(fixture.module) }, 2_000, 2_000, { leaveGuards: guards });
    h.navigate(`/app/${id}/one`);
    await eventually(() => expect(h.status(id)).toBe('mounted'));
    const first = fixture.lastProps as unknown as WorkbenchProps;
    first.leaveGuards?.add().set(true, '第一个');
    // The tab strip keeps the first mounted, adds a second instance and gives it the app's routes.
    h.runtime.keepAlive((instanceId) => instanceId === id);
    h.runtime.addInstance(id, `${id}~2`);
    expect(getAppNames()).toContain(`@wb-app/${id}#${id}~2`);
    h.store.setState({ owners: { [id]: `${id}~2` } });
    h.navigate(`/app/${id}/two`);
    await eventually(() => expect(h.status(`${id}~2`)).toBe('mounted'));
    const second = fixture.lastProps as unknown as WorkbenchProps;
    expect(second.instanceId).toBe(`${id}~2`);
    expect(second.domElement).toBe(h.containers.get(`${id}~2`));
    expect(second.domElement).not.toBe(first.domElement);
    expect(second.history.location.pathname).toBe(`/app/${id}/two`);
    // The first, in the background, keeps its page; the address bar is the second's.
    expect(first.history.location.pathname).toBe(`/app/${id}/one`);
    expect(h.status(id)).toBe('mounted');
    second.leaveGuards?.add().set(true, '第二个');
    // Its tab closed: only its own instance and guards go.
    await h.runtime.removeInstance(`${id}~2`);
    expect(h.status(`${id}~2`)).toBe('idle');
    expect(getAppNames()).not.toContain(`@wb-app/${id}#${id}~2`);
    expect(guards.dirty()).toEqual([{ owner: id, dirty: true, message: '第一个' }]);
    expect(h.status(id)).toBe('mounted');
  });

  it('connects each instance to the event bus and parts of the page, and ends its subscriptions when it unmounts (ADR 0030)', async () => {
    const id = uniqueId('events');
    const fixture = fixtureModules.healthy();
    const events = createEventHub();
    const parts = createPartsEnv({ getFeed: () => testFeed(), importModule: () => Promise.reject(new Error('not used')), getSession: () => testUser(), navigate: () => undefined, reporter: createErrorReporter(), events });
    // Push (ADR 0059): every instance gets the loader of the page's one stream (the bell's module).
    const push = (): Promise<PushChannel> => import('../notifications/push.ts');
    const h = setUp({ [id]: () => Promise.resolve(fixture.module) }, 2_000, 2_000, { events, parts, push });
    h.navigate(`/app/${id}`);
    await eventually(() => expect(h.status(id)).toBe('mounted'));
    const props = fixture.lastProps as unknown as WorkbenchProps;
    expect(props.push).toBe(push);
    const channel = await props.push!();
    expect(channel.subscribePush).toBe((await import('../notifications/push.ts')).subscribePush);
    expect(props.parts?.describe('customer-archive', 'customer-360')).toMatchObject({ status: 'missing' });
    props.events?.subscribe('customer.selected', () => undefined);
    expect(events.subscriptionCount(id)).toBe(1);
    h.navigate('/');
    await eventually(() => expect(h.status(id)).toBe('idle'));
    expect(events.subscriptionCount(id)).toBe(0);
  });

  it('shows a failed bundle as WB_SHELL_001, reports it once, and retry loads it when it is back (R1)', async () => {
    const id = uniqueId('flaky');
    const fixture = fixtureModules.healthy();
    let available = false;
    const h = setUp({
      [id]: () => (available ? Promise.resolve(fixture.module) : Promise.reject(new TypeError('Failed to fetch dynamically imported module'))),
    });
    h.navigate(`/app/${id}`);
    await eventually(() => expect(h.status(id)).toBe('error'));
    expect(selectAppStatus(h.store.getState(), id)).toMatchObject({ code: 'WB_SHELL_001' });
    await eventually(() => expect(reports).toHaveLength(1));
    expect(reports[0]).toMatchObject({ appId: id, code: 'WB_SHELL_001' });

    available = true;
    const retried = h.runtime.retry(id);
    // single-spa loads a failed app again only 200 ms after the failure: the retry waits that out.
    await vi.advanceTimersByTimeAsync(250);
    await retried;
    await eventually(() => expect(h.status(id)).toBe('mounted'));
    expect(h.containers.get(id).textContent).toBe(`mounted ${id}`);
    expect(reports).toHaveLength(1);
  });

  it('fires the load timeout for a hanging bundle: WB_SHELL_002 (R2)', async () => {
    const id = uniqueId('hangs');
    const h = setUp({ [id]: () => new Promise(() => undefined) }, 50);
    h.navigate(`/app/${id}`);
    await eventually(() => expect(h.status(id)).toBe('loading'));
    await vi.advanceTimersByTimeAsync(49);
    expect(h.status(id)).toBe('loading');
    await vi.advanceTimersByTimeAsync(1);
    await eventually(() => expect(selectAppStatus(h.store.getState(), id)).toMatchObject({ kind: 'error', code: 'WB_SHELL_002' }));
    await eventually(() => expect(reports.map((r) => r.code)).toEqual(['WB_SHELL_002']));
  });

  it('abandons a hanging load when the user opens another app, which mounts at once (R2)', async () => {
    const hanging = uniqueId('hangs');
    const other = uniqueId('other');
    const fixture = fixtureModules.healthy();
    const h = setUp({ [hanging]: () => new Promise(() => undefined), [other]: () => Promise.resolve(fixture.module) }, 60_000);
    h.navigate(`/app/${hanging}`);
    await eventually(() => expect(h.status(hanging)).toBe('loading'));
    h.navigate(`/app/${other}`);
    // At once: the clock stands still meanwhile (the hanging load's timeout is a minute away).
    await eventually(() => expect(h.status(other)).toBe('mounted'));
    expect(h.status(hanging)).toBe('idle');
    expect(reports).toHaveLength(0);
  });

  it('marks an app whose mount throws as WB_SHELL_003, reports once, and retry re-registers it (R3)', async () => {
    const id = uniqueId('mount-throws');
    const fixture = fixtureModules.mountThrowsOnce();
    const h = setUp({ [id]: () => Promise.resolve(fixture.module) });
    h.navigate(`/app/${id}`);
    await eventually(() => expect(selectAppStatus(h.store.getState(), id)).toMatchObject({ kind: 'error', code: 'WB_SHELL_003' }));
    await eventually(() => expect(reports).toHaveLength(1));
    expect(reports[0]).toMatchObject({ appId: id, code: 'WB_SHELL_003' });
    expect(reports[0]?.message).toContain('mount failed on purpose');

    await h.runtime.retry(id);
    await eventually(() => expect(h.status(id)).toBe('mounted'));
    expect(h.containers.get(id).textContent).toBe(`mounted ${id}`);
    expect(reports).toHaveLength(1);
  });

  it('loads an abandoned app again when the user comes straight back to it', async () => {
    const flaky = uniqueId('slow-then-ok');
    const other = uniqueId('other');
    const fixture = fixtureModules.healthy();
    let calls = 0;
    const h = setUp({
      [flaky]: () => (++calls === 1 ? new Promise(() => undefined) : Promise.resolve(fixture.module)),
      [other]: () => Promise.resolve(fixtureModules.healthy().module),
    }, 60_000);
    h.navigate(`/app/${flaky}`);
    await eventually(() => expect(h.status(flaky)).toBe('loading'));
    h.navigate(`/app/${other}`);
    h.navigate(`/app/${flaky}`);
    // The abandoned load failed (ABORTED) just now; single-spa loads it again only 200 ms after that failure.
    await vi.advanceTimersByTimeAsync(250);
    await eventually(() => expect(h.status(flaky)).toBe('mounted'));
    expect(calls).toBe(2);
  });

  it('an abandoned hanging app, opened again later, loads once and fails once at its timeout (R2)', async () => {
    const hanging = uniqueId('hangs');
    const other = uniqueId('other');
    let calls = 0;
    const h = setUp({
      [hanging]: () => {
        calls += 1;
        return new Promise(() => undefined);
      },
      [other]: () => Promise.resolve(fixtureModules.healthy().module),
    }, 400);
    h.navigate(`/app/${hanging}`);
    await eventually(() => expect(h.status(hanging)).toBe('loading'));
    h.navigate(`/app/${other}`);
    await eventually(() => expect(h.status(other)).toBe('mounted'));
    // Past single-spa's LOAD_ERROR throttle: its own reroute loads the app; the shell must not queue another.
    await vi.advanceTimersByTimeAsync(300);
    const reroutesBefore = triggerAppChangeCalls.count;
    h.navigate(`/app/${hanging}`);
    await eventually(() => expect(calls).toBe(2));
    // A reroute asked for while single-spa loads the app queues behind the load and, once it fails, loads again.
    await vi.advanceTimersByTimeAsync(300);
    expect(triggerAppChangeCalls.count).toBe(reroutesBefore);
    // The load's timeout: 400 ms after it started.
    await vi.advanceTimersByTimeAsync(100);
    await eventually(() => expect(selectAppStatus(h.store.getState(), hanging)).toMatchObject({ kind: 'error', code: 'WB_SHELL_002' }));
    // Long enough for a queued second load to start and time out as well.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(calls).toBe(2);
    expect(h.status(hanging)).toBe('error');
    await eventually(() => expect(reports).toHaveLength(1));
    expect(reports.map((r) => r.code)).toEqual(['WB_SHELL_002']);
  });

  it('marks an app whose mount hangs as broken once the mount timeout passes (R3)', async () => {
    const id = uniqueId('mount-hangs');
    const h = setUp({ [id]: () => Promise.resolve(fixtureModules.mountHangs()) }, 2_000, 50);
    h.navigate(`/app/${id}`);
    await eventually(() => expect(getAppStatus(`@wb-app/${id}`)).toBe(MOUNTING));
    await vi.advanceTimersByTimeAsync(50);
    await eventually(() => expect(selectAppStatus(h.store.getState(), id)).toMatchObject({ kind: 'error', code: 'WB_SHELL_003' }));
    await eventually(() => expect(reports.map((r) => r.code)).toEqual(['WB_SHELL_003']));
  });

  it('reports an unmount failure as WB_SHELL_005 when the user leaves the app', async () => {
    const id = uniqueId('unmount-throws');
    const h = setUp({ [id]: () => Promise.resolve(fixtureModules.unmountThrows()) });
    h.navigate(`/app/${id}`);
    await eventually(() => expect(h.status(id)).toBe('mounted'));
    h.navigate('/');
    await eventually(() => expect(selectAppStatus(h.store.getState(), id)).toMatchObject({ kind: 'error', code: 'WB_SHELL_005' }));
    await eventually(() => expect(reports.map((r) => r.code)).toEqual(['WB_SHELL_005']));
  });

  it('treats a module without lifecycles as a failed load (WB_SHELL_001)', async () => {
    const id = uniqueId('no-lifecycles');
    const h = setUp({ [id]: () => Promise.resolve({ default: 'not an app' }) });
    h.navigate(`/app/${id}`);
    await eventually(() => expect(selectAppStatus(h.store.getState(), id)).toMatchObject({ kind: 'error', code: 'WB_SHELL_001' }));
  });

  it('after a post switch: remounts the app on screen with the new session, drops and adds apps', async () => {
    const [kept, dropped, added] = [uniqueId('kept'), uniqueId('dropped'), uniqueId('added')];
    const fixtures = { [kept]: fixtureModules.healthy(), [dropped]: fixtureModules.healthy(), [added]: fixtureModules.healthy() };
    const modules = Object.fromEntries(Object.entries(fixtures).map(([id, f]) => [id, () => Promise.resolve(f.module)]));
    const h = setUp(modules, 2_000, 2_000, { registered: [kept, dropped] });
    h.navigate(`/app/${kept}`);
    await eventually(() => expect(h.status(kept)).toBe('mounted'));
    const firstProps = fixtures[kept]?.lastProps;

    const post = { code: 'YK_SURVEY', name: '现场勘查员', orgUnitCode: '334010102', orgUnitName: '城西供电所' };
    const session = testUser({ username: 'multi01', activePost: post, posts: [post] });
    await h.runtime.update([testApp(kept), testApp(added)], session);
    await eventually(() => expect(fixtures[kept]?.lastProps).not.toBe(firstProps));
    await eventually(() => expect(h.status(kept)).toBe('mounted'));
    expect(fixtures[kept]?.lastProps?.session).toMatchObject({ username: 'multi01', activePost: post });
    expect(getAppNames()).not.toContain(`@wb-app/${dropped}`);
    expect(getAppNames()).toContain(`@wb-app/${added}`);

    h.navigate(`/app/${added}`);
    await eventually(() => expect(h.status(added)).toBe('mounted'));
    expect(fixtures[added]?.lastProps?.session).toMatchObject({ username: 'multi01' });
    // Event-driven: single-spa has finished the reroute of this navigation (and mounted nothing for it).
    const routed = new Promise((resolve) => window.addEventListener('single-spa:routing-event', resolve, { once: true }));
    h.navigate(`/app/${dropped}`);
    await routed;
    expect(h.status(dropped)).toBe('idle');
    expect(h.containers.get(dropped).textContent).toBe('');
  });

  it('readies SystemJS after start and after a feed update, even with a module importer (P19, ADR 0087)', async () => {
    const system = testApp(uniqueId('sys'), { format: 'systemjs' });
    const store = createShellStore(readLocation(window.location, ''), testFeed());
    const options = { session: testUser(), store, navigate: createAbsoluteNavigate(store, ''), containers: createAppContainers(), reporter: createErrorReporter() };
    const runtime = createAppRuntime({ ...options, apps: [system], importModule: () => new Promise(() => undefined), startRouting: () => undefined });
    prepareSystemApps.mockClear();
    runtime.register();
    expect(prepareSystemApps).not.toHaveBeenCalled();
    runtime.start();
    expect(prepareSystemApps).toHaveBeenCalledExactlyOnceWith([system]);
    const added = testApp(uniqueId('sys'), { format: 'systemjs' });
    await runtime.update([system, added], testUser(), { remount: false });
    expect(prepareSystemApps).toHaveBeenLastCalledWith([system, added]);
    await runtime.dispose();
  });

  it('routes below the channel basename and hands apps a prefixed basePath', async () => {
    const id = uniqueId('mobile');
    const fixture = fixtureModules.healthy();
    const h = setUp({ [id]: () => Promise.resolve(fixture.module) }, 2_000, 2_000, { basename: '/m' });
    h.navigate(`/app/${id}`);
    expect(window.location.pathname).toBe(`/m/app/${id}`);
    await eventually(() => expect(h.status(id)).toBe('mounted'));
    expect(fixture.lastProps).toMatchObject({ basePath: `/m/app/${id}` });
    // Apps navigate with absolute paths built from basePath.
    fixture.lastProps?.navigate('/m/');
    await eventually(() => expect(h.status(id)).toBe('idle'));
    expect(h.store.getState().location.pathname).toBe('/');
  });
});
