import { createContext, useCallback, useContext, useMemo } from 'react';
import type { SessionUser } from '@wb/contracts';
import { createAccess, type Access } from '../access.ts';
import { createServiceClient } from '../client.ts';
import type { ServiceClient } from '../client.ts';
import type { WorkbenchHistory } from '../history.ts';
import type { WorkbenchProps } from '../props.ts';

/** The mount props of the micro-app, provided by `createReactLifecycles` (or `renderMicroApp` in tests). */
export const WorkbenchContext = createContext<WorkbenchProps | null>(null);
WorkbenchContext.displayName = 'WorkbenchContext';

export function useWorkbench(): WorkbenchProps {
  const props = useContext(WorkbenchContext);
  if (!props) {
    throw new Error('useWorkbench() must be used inside a micro-app mounted by createReactLifecycles() or renderMicroApp()');
  }
  return props;
}

export function useSession(): SessionUser {
  return useWorkbench().session;
}

/** Whether the session holds `key` (or the wildcard `*`). Hides UI only: the server enforces. */
export function usePermission(key: string): boolean {
  return useAccess().can(key);
}

/**
 * `{ can(key), postKey }` over the session's access map. The shell hands a new session to the app after a
 * post switch (it remounts the app), so this is always the active post's map.
 */
export function useAccess(): Access {
  const session = useSession();
  return useMemo(() => createAccess(session), [session]);
}

/** A client bound to `props.services[serviceName]`; the service must be declared in the manifest. */
export function useServiceClient(serviceName: string): ServiceClient {
  const { services, appId } = useWorkbench();
  const baseUrl = services[serviceName];
  if (baseUrl === undefined) {
    const declared = Object.keys(services).join(', ') || 'none';
    throw new Error(
      `Service "${serviceName}" is not available to ${appId}: declare it in manifest.json "services" (declared: ${declared})`,
    );
  }
  return useMemo(() => createServiceClient(baseUrl, { appId }), [baseUrl, appId]);
}

/** This instance's history (ADR 0027). */
export function useHistory(): WorkbenchHistory {
  return useWorkbench().history;
}

/**
 * Navigation within this instance: `navigate(basePath + route, { replace })` changes only this instance's
 * location (on the address bar: through the shell, which asks the leave guard). To open another app, use
 * `useWorkbench().navigate` (shell-level).
 */
export function useNavigate(): (to: string, options?: { replace?: boolean }) => void {
  const history = useHistory();
  return useCallback((to: string, options?: { replace?: boolean }) => (options?.replace === true ? history.replace(to) : history.push(to)), [history]);
}
