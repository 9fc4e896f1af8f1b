import type { SessionUser } from '@wb/contracts';
import type { WorkbenchEvents } from './events/bus.ts';
import type { WorkbenchHistory } from './history.ts';
import type { PartsCapability } from './parts/types.ts';

/**
 * What the shell hands every micro-app on mount (single-spa custom props plus single-spa's own `name`).
 * One typed capability object per app (docs/architecture.md §12, after Piral): apps never reach for shell globals.
 */
export interface WorkbenchProps {
  /** single-spa application name (= `@wb-app/<id>`). */
  name: string;
  appId: string;
  /**
   * Which mounted instance of the app this is (ADR 0027): unique on the page, stable for the instance's life.
   * The shell's route-bound instance of an app is `<appId>`; further instances (tabs, widgets) get their own.
   * Keys the SDK's React root, the React id prefix (unique form ids) and the shell's leave guards.
   */
  instanceId: string;
  /** Route prefix the app owns, e.g. `/app/customer-archive` (no trailing slash). */
  basePath: string;
  session: SessionUser;
  /** Service name → base URL, e.g. `{ customer: '/api/svc/customer/v1' }`, from the manifest's `services`. */
  services: Record<string, string>;
  /**
   * This instance's own location and history (ADR 0027): what `useLocation`, `useNavigate` and `<Link>` use.
   * For the instance on the address bar it follows `window.location` and navigates through the shell; for any
   * other instance it is its own (in-memory) history.
   */
  history: WorkbenchHistory;
  /**
   * Shell-level navigation to an absolute path (history API → single-spa reroute), e.g. into another app.
   * Within the app, navigate through `history` (`useNavigate`, `<Link>`), so that each instance keeps its route.
   * `notice`: a line the shell shows once there (the app's own message goes when the app unmounts).
   */
  navigate(to: string, options?: { replace?: boolean; notice?: string }): void;
  /** Reports an error to the shell, which posts it to `/api/client-errors`; `code` is a `WB_SHELL_*` code. */
  reportError(error: unknown, code?: string): void;
  /** The container the shell gives the app; without one the SDK creates a `<div>` in `document.body`. */
  domElement?: HTMLElement;
  /**
   * Where the app registers unsaved input (docs/quality.md R5, ADR 0015), so that the shell asks before any
   * navigation away. Absent outside the shell (an app's own dev server). React apps use `useLeaveGuard`.
   */
  leaveGuards?: LeaveGuards;
  /**
   * Other apps' UI parts (界面部件, ADR 0030): `describe` and `mount` by app and part id. The shell decides
   * permission and channel and loads the provider through the import map; absent outside the shell.
   */
  parts?: PartsCapability;
  /** This instance's connection to the typed event bus of its scope (ADR 0030); absent outside the shell. */
  events?: WorkbenchEvents;
  /**
   * The shell's push stream (ADR 0024, ADR 0059): loads the page's one connection, shared with the bell — an app
   * never opens its own. Absent outside the shell (and on channels without the stream). React apps use
   * `usePushEvent` from `@wb/sdk/react`.
   */
  push?: () => Promise<PushChannel>;
}

/** The push stream's events: `notification` (a new notification for this user), `inbox` (their tasks changed). */
export type PushTopic = 'notification' | 'inbox';

/** One message of the push stream: its event name and its JSON data (`null` when it had none). */
export interface PushMessage {
  event: PushTopic;
  data: unknown;
}

/** The page's push connection (the shell's `notifications/push.ts`), as `WorkbenchProps.push` loads it. */
export interface PushChannel {
  /** Hears every message (opening the stream for the first listener); returns the unsubscribe function. */
  subscribePush(listener: (message: PushMessage) => void): () => void;
  /** Hears the stream opening or being refused (not its messages); returns the unsubscribe function. */
  subscribePushState(listener: () => void): () => void;
  /** True while the stream is connected: polling can wait. */
  isPushOpen(): boolean;
}

/** One guarded thing (a form, a draft) of a micro-app or widget. */
export interface LeaveGuard {
  /** Whether it holds unsaved input now; `message` (optional) is shown under the shell's question. */
  set(dirty: boolean, message?: string): void;
  /** Drops the guard (the form went away). Idempotent. */
  remove(): void;
}

/**
 * What the shell hands every micro-app and widget as the `leaveGuards` custom prop (next to `navigate`):
 * guards added here are the shell's to ask about, and the shell drops them all when the app or widget
 * unmounts. A plain single-spa app without the SDK uses it directly: `props.leaveGuards?.add().set(true)`.
 */
export interface LeaveGuards {
  add(): LeaveGuard;
}

/**
 * The single-spa lifecycles a micro-app module exports. Structurally compatible with single-spa's
 * `LifeCycles<WorkbenchProps>` (a type test proves it), without making the core depend on single-spa.
 */
export interface WorkbenchLifecycles {
  bootstrap(props: WorkbenchProps): Promise<void>;
  mount(props: WorkbenchProps): Promise<void>;
  unmount(props: WorkbenchProps): Promise<void>;
  update(props: WorkbenchProps): Promise<void>;
}
