import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Feed, PostRef } from '@wb/contracts';
import type { IdentityClient } from '../identity/identity-client.ts';
import type { LeaveGuardController } from '../leave-guard/leave-guard.ts';
import type { AppContainers } from '../loader/app-containers.ts';
import type { AppRuntime } from '../loader/app-runtime.ts';
import type { HomeEnv } from '../widgets/home-env.ts';
import type { Navigate } from '../routing/navigation.ts';
import type { SwitchPostResult } from '../session/post-switch.ts';
import type { ShellActions, ShellState, ShellStore } from '../store/shell-store.ts';

/** Everything the shell's components need, created once in main.tsx and passed down by context. */
export interface ShellEnv {
  readonly store: ShellStore;
  /** Channel entry prefix ('' for the PC workbench, '/m' mobile, …); routes and `navigate` are below it. */
  readonly basename: string;
  readonly navigate: Navigate;
  readonly containers: AppContainers;
  readonly identity: IdentityClient;
  /** Asks before unsaved input in an app is lost (docs/quality.md R5, ADR 0015); `navigate` already goes through it. */
  readonly leaveGuard: LeaveGuardController;
  /** Tries a failed micro-app again (the error panel's 重试). */
  retryApp(instanceId: string): void;
  /** Full page navigation (after login and logout) to an absolute URL, so the server renders the next feed. */
  assignLocation(url: string): void;
  /** Makes `post` the active post and brings menus, apps and widgets in line without a page reload. */
  switchPost(post: PostRef): Promise<SwitchPostResult>;
  /** Home widgets (界面组件/装配): parcel mounting and the layout API; without it the home shows no widgets. */
  readonly home?: HomeEnv;
  /** The micro-app runtime (absent without apps): the tab strip keeps background tabs mounted through it (ADR 0053). */
  readonly runtime?: Pick<AppRuntime, 'keepAlive' | 'addInstance' | 'removeInstance'>;
  /** Called once the workbench's content area is in the DOM: starts single-spa routing. */
  onContentReady?(): void;
}

export const ShellContext = createContext<ShellEnv | null>(null);

export function useShellEnv(): ShellEnv {
  const env = useContext(ShellContext);
  if (!env) throw new Error('useShellEnv must be used inside <Shell>');
  return env;
}

export function useShellState<T>(selector: (state: ShellState & ShellActions) => T): T {
  return useStore(useShellEnv().store, selector);
}

/** The current feed (replaced by a post switch). */
export function useFeed(): Feed {
  return useShellState((state) => state.feed);
}
