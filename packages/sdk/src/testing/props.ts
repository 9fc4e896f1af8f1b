import type { SessionUser } from '@wb/contracts';
import { createBrowserHistory } from '../history.ts';
import type { WorkbenchProps } from '../props.ts';

/** A logged-in 客服代表 holding every permission (`*`) unless a test narrows it. */
export function createTestSession(overrides: Partial<SessionUser> = {}): SessionUser {
  const post = { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '3340180', orgUnitName: '江州客户服务中心' };
  return {
    id: 'u-test',
    username: 'kf01',
    displayName: '测试客服',
    orgUnitCode: post.orgUnitCode,
    orgUnitName: post.orgUnitName,
    roles: ['KF_AGENT'],
    posts: [post],
    activePost: post,
    permissions: ['*'],
    mustChangePassword: false,
    ...overrides,
  };
}

export interface TestWorkbenchPropsOverrides extends Partial<Omit<WorkbenchProps, 'session'>> {
  session?: Partial<SessionUser>;
}

/**
 * Props as the shell would pass them, for tests and local harnesses. `navigate` changes the real history
 * and dispatches `popstate` (what single-spa does after its patched pushState), so `useLocation` follows.
 * Pass `history: createMemoryHistory(url)` (and an `instanceId`) for an instance off the address bar.
 * `reportError` logs; pass your own spy to assert on it.
 */
export function createTestWorkbenchProps(overrides: TestWorkbenchPropsOverrides = {}): WorkbenchProps {
  const { session, history, ...rest } = overrides;
  const appId = rest.appId ?? 'test-app';
  const props: WorkbenchProps = {
    name: `@wb-app/${appId}`,
    appId,
    instanceId: appId,
    basePath: `/app/${appId}`,
    services: {},
    navigate(to, options) {
      if (options?.replace) window.history.replaceState(null, '', to);
      else window.history.pushState(null, '', to);
      window.dispatchEvent(new PopStateEvent('popstate', { state: window.history.state }));
    },
    reportError(error, code) {
      console.error(`[${appId}] ${code ?? 'error'}`, error);
    },
    ...rest,
    // Without its own history, the instance is on the address bar and navigates through `navigate` (a spy
    // passed in `navigate` sees every in-app navigation, as the shell's would).
    history: history ?? createBrowserHistory((...args) => props.navigate(...args)),
    session: createTestSession(session),
  };
  return props;
}
