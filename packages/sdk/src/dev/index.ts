// @wb/sdk/dev: runs one micro-app alone on its Vite dev server (`npm run dev -w apps/<id>`). Reached only from
// an app's src/dev/harness.ts (loaded by the dev server's harness page, ADR 0085), never from src/main.ts, so
// production bundles carry neither this module nor the msw mocks the harness starts (dependency rule
// `mocks-only-in-tests-and-dev`).
import type { SessionUser } from '@wb/contracts';
import { createBrowserHistory } from '../history.ts';
import type { WorkbenchLifecycles, WorkbenchProps } from '../props.ts';

/** The 客服代表 of 江州客户服务中心 (demo account kf01) that the customer-facing apps' harnesses play; add `permissions`. */
export const DEV_AGENT = {
  id: 'dev-user',
  username: 'kf01',
  displayName: '开发调试（客服代表）',
  roles: ['KF_AGENT'],
  post: { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '3340180', orgUnitName: '江州客户服务中心' },
} as const satisfies Omit<DevUser, 'permissions'>;

/** A staff account the harness plays: its post and permissions. */
export interface DevUser {
  id?: string;
  username: string;
  displayName: string;
  roles: readonly string[];
  permissions: string[];
  post: { code: string; name: string; orgUnitCode: string; orgUnitName: string };
}

export interface DevHarnessOptions {
  appId: string;
  /** The entry module's lifecycles (`import * as entry from '../main.ts'`). */
  lifecycles: Pick<WorkbenchLifecycles, 'mount'>;
  /**
   * Who the app believes is signed in: the demo account it plays, its post and permissions; or the session itself
   * (`CUSTOMER_VISITOR` on the customer channel).
   */
  user: DevUser | SessionUser;
  /** Where the app's routes start (default `/app/<appId>`, the workbench's; `/c/app/<appId>` on the customer channel). */
  basePath?: string;
  /** Service name → base URL, as the manifest's `services` resolve in the shell. */
  services: Record<string, string>;
  /** Starts the msw worker (`() => startMockWorker(handlers)`) before the app mounts. */
  startMocks?: () => Promise<unknown>;
  /** Route below the basePath opened when the page is not on the app's routes yet (default: its root). */
  startRoute?: string;
  /** Element id of the app's container on the harness page (default `app`). */
  containerId?: string;
}

export interface DevHarness {
  props: WorkbenchProps;
  /** Starts the mocks, puts the address bar on the app's routes and mounts the app. */
  start(): Promise<void>;
}

function sessionOf(user: DevUser | SessionUser): SessionUser {
  if (!('post' in user)) return user;
  return {
    id: user.id ?? `dev-${user.username}`,
    username: user.username,
    displayName: user.displayName,
    orgUnitCode: user.post.orgUnitCode,
    orgUnitName: user.post.orgUnitName,
    roles: [...user.roles],
    posts: [user.post],
    activePost: user.post,
    permissions: user.permissions,
    mustChangePassword: false,
  };
}

/**
 * The shell's side of a micro-app, for its dev server: the same props shape the shell passes (one instance on
 * the address bar, whose navigation dispatches the `popstate` single-spa would), mounted with the app's own
 * lifecycles against msw mocks.
 */
export function createDevHarness(options: DevHarnessOptions): DevHarness {
  const basePath = options.basePath ?? `/app/${options.appId}`;
  const navigate: WorkbenchProps['navigate'] = (to, navigateOptions) => {
    if (navigateOptions?.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    window.dispatchEvent(new PopStateEvent('popstate'));
  };
  const props: WorkbenchProps = {
    name: `@wb-app/${options.appId}`,
    appId: options.appId,
    instanceId: options.appId,
    basePath,
    history: createBrowserHistory(navigate),
    session: sessionOf(options.user),
    services: options.services,
    navigate,
    reportError(error, code) {
      console.error(`[${options.appId}] ${code ?? 'error'}`, error);
    },
  };
  return {
    props,
    async start() {
      await options.startMocks?.();
      if (!window.location.pathname.startsWith(basePath)) window.history.replaceState(null, '', `${basePath}${options.startRoute ?? ''}`);
      const containerId = options.containerId ?? 'app';
      const domElement = document.getElementById(containerId);
      if (!domElement) throw new Error(`the harness page has no #${containerId} element`);
      await options.lifecycles.mount({ ...props, domElement });
    },
  };
}
