import { render, type RenderResult } from '@testing-library/react';
import type { Feed } from '@wb/contracts';
import { createIdentityClient, type IdentityClient } from '../identity/identity-client.ts';
import { Shell } from '../layout/Shell.tsx';
import { createLeaveGuard, type LeaveGuardController } from '../leave-guard/leave-guard.ts';
import { createLeaveGuardRegistry } from '../leave-guard/registry.ts';
import type { ShellEnv } from '../layout/shell-context.ts';
import { createAppContainers } from '../loader/app-containers.ts';
import { CHANNEL_BASENAME } from '../routing/channel.ts';
import { createNavigate, readLocation } from '../routing/navigation.ts';
import { createShellStore } from '../store/shell-store.ts';
import { testFeed } from './fixtures.ts';

export interface RenderShellOptions {
  feed?: Feed;
  path?: string;
  identity?: IdentityClient;
  retryApp?: (appId: string) => void;
  switchPost?: ShellEnv['switchPost'];
  /** Default: a fresh guard over its own registry (not installed: no single-spa here). */
  leaveGuard?: LeaveGuardController;
  /** A stand-in micro-app runtime (default none: nothing waits for an app to mount). */
  runtime?: ShellEnv['runtime'];
  /** Called when the layout's content area is in the DOM (main.tsx starts single-spa there). */
  onContentReady?: () => void;
}

export interface RenderedShell extends RenderResult {
  env: ShellEnv;
  /** URLs the shell asked the browser to load with a full navigation (login, logout). */
  assigned: string[];
}

/** Renders the real shell with a test feed at `path` (a full path, with the channel prefix); single-spa is not involved. */
export function renderShell(options: RenderShellOptions = {}): RenderedShell {
  window.history.replaceState(null, '', options.path ?? '/');
  const feed = options.feed ?? testFeed();
  const basename = CHANNEL_BASENAME[feed.channel];
  const store = createShellStore(readLocation(window.location, basename), feed);
  const assigned: string[] = [];
  const leaveGuard = options.leaveGuard ?? createLeaveGuard({ registry: createLeaveGuardRegistry() });
  const env: ShellEnv = {
    store,
    basename,
    navigate: createNavigate(store, basename, window.history, leaveGuard),
    leaveGuard,
    switchPost: options.switchPost ?? (() => Promise.resolve({ kind: 'failed' })),
    containers: createAppContainers(),
    identity: options.identity ?? createIdentityClient(),
    retryApp: options.retryApp ?? (() => undefined),
    assignLocation: (url) => assigned.push(url),
    ...(options.runtime ? { runtime: options.runtime } : {}),
    ...(options.onContentReady ? { onContentReady: options.onContentReady } : {}),
  };
  return { ...render(<Shell env={env} />), env, assigned };
}
