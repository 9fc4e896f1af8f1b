import type { GuardEntry, LeaveGuardRegistry } from './registry.ts';

/** The question the shell asks before unsaved input is lost (docs/quality.md R5). */
export const LEAVE_QUESTION = '当前页面有未保存的内容，离开后将丢失。确定离开吗？';

/** Shows the question (with the guards' own messages) and resolves true for 离开, false for 留在此页. */
export type LeavePrompt = (messages: readonly string[]) => Promise<boolean>;

/** What single-spa 6 puts in `single-spa:before-routing-event`'s detail (cancelNavigation takes a promise). */
interface BeforeRoutingDetail {
  oldUrl?: string;
  newUrl?: string;
  cancelNavigation?: (cancel?: boolean | Promise<boolean>) => void;
}

export const BEFORE_ROUTING_EVENT = 'single-spa:before-routing-event';

/**
 * The shell's side of the leave guard (ADR 0015). Every way off the page asks first while a guard is dirty:
 * - the shell's own navigation (menus, header, inbox, home, notifications, apps' `navigate`) asks before it
 *   touches the history, so URL and shell UI never change when the user stays;
 * - any other URL change single-spa sees (back/forward, an app's own `history.pushState`) is held in
 *   single-spa's `before-routing-event`: `cancelNavigation(promise)` waits for the answer, and single-spa puts
 *   the old URL back when the user stays;
 * - post switch, logout and reload ask through `confirmLeave` and then `suspend` the guard;
 * - closing or reloading the tab gets the browser's own `beforeunload` prompt.
 */
export interface LeaveGuardController {
  readonly registry: LeaveGuardRegistry;
  /** Unsaved input somewhere, and the guard not suspended. */
  isDirty(): boolean;
  /** Whether going from `from` to `to` (URLs or absolute paths) must ask: dirty, another path or query, not approved. */
  mustAsk(from: string, to: string): boolean;
  /** Resolves true at once when nothing is dirty, else with the user's answer. One dialog at a time. */
  confirmLeave(): Promise<boolean>;
  /** The user agreed to go to `to`: single-spa's check lets exactly that navigation pass once. */
  approve(to: string): void;
  /** Until the returned function is called nothing asks and `beforeunload` is off (the user already agreed). */
  suspend(): () => void;
  /**
   * Which dirty guards a navigation to `to` (a path) must ask for; default all. Tabs (ADR 0053) leave out the
   * guards of instances that stay mounted in the background.
   */
  setScope(counts: (entry: GuardEntry, to: string) => boolean): void;
  /** Sets how the question is shown (the antd confirm, by <LeaveGuardPrompt>); returns the disposer. */
  setPrompt(prompt: LeavePrompt): () => void;
  /**
   * Listens to single-spa's before-routing-event and keeps `beforeunload` in step with the guards.
   * `onPass` runs when a navigation passed the check (the shell's store then follows the URL).
   */
  install(options: { onPass(): void }): () => void;
}

export interface LeaveGuardOptions {
  registry: LeaveGuardRegistry;
  win?: Window;
}

export function createLeaveGuard({ registry, win = window }: LeaveGuardOptions): LeaveGuardController {
  let suspended = 0;
  let approved: string | null = null;
  let pending: Promise<boolean> | null = null;
  const nativePrompt: LeavePrompt = async (messages) => win.confirm([LEAVE_QUESTION, ...messages].join('\n'));
  let prompt: LeavePrompt = nativePrompt;
  let counts = (_entry: GuardEntry, _to: string): boolean => true;

  /** Path and query: what routes (a hash change is not leaving). */
  const keyOf = (url: string): string => {
    const parsed = new URL(url, win.location.href);
    return `${parsed.pathname}${parsed.search}`;
  };
  const isDirty = (): boolean => suspended === 0 && registry.dirty().length > 0;

  const onBeforeUnload = (event: BeforeUnloadEvent): void => {
    // Checked again here: a guard may have changed since the listener was added.
    if (isDirty()) event.preventDefault();
  };
  let installed = false;
  let unloadListening = false;
  const syncBeforeUnload = (): void => {
    const want = installed && isDirty();
    if (want === unloadListening) return;
    unloadListening = want;
    if (want) win.addEventListener('beforeunload', onBeforeUnload);
    else win.removeEventListener('beforeunload', onBeforeUnload);
  };

  const controller: LeaveGuardController = {
    registry,
    isDirty,
    mustAsk(from, to) {
      const target = keyOf(to);
      if (!isDirty() || !registry.dirty().some((entry) => counts(entry, target))) return false;
      return target !== keyOf(from) && target !== approved;
    },
    confirmLeave() {
      if (!isDirty()) return Promise.resolve(true);
      if (!pending) {
        const messages = [...new Set(registry.dirty().flatMap((entry) => (entry.message ? [entry.message] : [])))];
        const settle = (answer: boolean): boolean => {
          pending = null;
          return answer;
        };
        pending = prompt(messages).then(settle, () => settle(false));
      }
      return pending;
    },
    approve(to) {
      approved = keyOf(to);
    },
    suspend() {
      suspended += 1;
      syncBeforeUnload();
      let resumed = false;
      return () => {
        if (resumed) return;
        resumed = true;
        suspended -= 1;
        syncBeforeUnload();
      };
    },
    setScope(next) {
      counts = next;
    },
    setPrompt(next) {
      prompt = next;
      return () => {
        if (prompt === next) prompt = nativePrompt;
      };
    },
    install({ onPass }) {
      const onBeforeRouting = (event: Event): void => {
        const detail = (event as CustomEvent<BeforeRoutingDetail | undefined>).detail;
        if (!detail?.cancelNavigation || detail.oldUrl === undefined || detail.newUrl === undefined) return;
        const ask = controller.mustAsk(detail.oldUrl, detail.newUrl);
        // An approval is for the navigation being routed now (or superseded by it): never keep it longer.
        approved = null;
        if (!ask) {
          onPass();
          return;
        }
        // single-spa waits for the answer; true cancels and puts the old URL back without a reroute event.
        detail.cancelNavigation(
          controller.confirmLeave().then((leave) => {
            if (leave) onPass();
            return !leave;
          }),
        );
      };
      win.addEventListener(BEFORE_ROUTING_EVENT, onBeforeRouting);
      const unsubscribe = registry.subscribe(syncBeforeUnload);
      installed = true;
      syncBeforeUnload();
      return () => {
        win.removeEventListener(BEFORE_ROUTING_EVENT, onBeforeRouting);
        unsubscribe();
        installed = false;
        syncBeforeUnload();
      };
    },
  };
  return controller;
}
