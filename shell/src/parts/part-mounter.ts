import { ShellErrorCode } from '@wb/contracts';
import type { FeedApp, SessionUser } from '@wb/contracts';
import { createMemoryHistory } from '@wb/sdk';
import type { EventHub, MountedPart, PartMountProps, PartProps } from '@wb/sdk';
import { DEFAULT_LOAD_TIMEOUT_MS, loadWithTimeout } from '../loader/load-app.ts';
import type { LeaveGuardRegistry } from '../leave-guard/registry.ts';
import type { ErrorReporter } from '../reporting/error-reporter.ts';
import type { Navigate } from '../routing/navigation.ts';

type LifecycleFn = (props: PartMountProps) => Promise<unknown>;

/** A provider's `parts[partId]` export, checked to be parcel lifecycles. */
interface PartLifecycles {
  bootstrap: LifecycleFn;
  mount: LifecycleFn;
  unmount: LifecycleFn;
  update?: LifecycleFn;
}

export interface PartMounterOptions {
  /** The shell's entry loader: the import map's specifier, integrity-checked by the browser (dev overrides applied). */
  importModule(specifier: string): Promise<unknown>;
  getSession(): SessionUser | null;
  navigate: Navigate;
  basename?: string;
  reporter: ErrorReporter;
  loadTimeoutMs?: number;
  events?: EventHub;
  leaveGuards?: Pick<LeaveGuardRegistry, 'forOwner' | 'drop'>;
}

/** Where and for whom one part is mounted. */
export interface PartMountRequest {
  provider: FeedApp;
  partId: string;
  /** This part instance's id (ADR 0027), unique on the page. */
  instanceId: string;
  consumer: { instanceId: string; scope: string };
  domElement: HTMLElement;
  props: PartProps;
}

const isFn = (value: unknown): value is LifecycleFn => typeof value === 'function';

function partConfig(module: unknown, app: FeedApp, partId: string): PartLifecycles {
  const parts = (module as { parts?: unknown } | null)?.parts;
  const candidate = (typeof parts === 'object' && parts !== null ? (parts as Record<string, unknown>)[partId] : undefined) ?? {};
  const c = candidate as Record<string, unknown>;
  if (!isFn(c['mount']) || !isFn(c['unmount'])) {
    throw new Error(`${app.specifier} does not export part "${partId}" (parts.${partId} with mount and unmount)`);
  }
  return {
    bootstrap: isFn(c['bootstrap']) ? c['bootstrap'] : async () => undefined,
    mount: c['mount'],
    unmount: c['unmount'],
    ...(isFn(c['update']) ? { update: c['update'] } : {}),
  };
}

/**
 * Loads the provider's entry module (on the first part of that app on the page; the browser caches the module)
 * and runs the part's parcel lifecycles itself, as the widget host does (ADR 0014: no `mountRootParcel`, which
 * keeps every root parcel's props alive). The part is an instance of the provider app: the provider's services
 * and basePath, its own memory history, leave guards and event connection in the consumer's scope.
 */
export async function mountPartInstance(options: PartMounterOptions, request: PartMountRequest): Promise<MountedPart> {
  const { provider, partId, instanceId } = request;
  const session = options.getSession();
  if (!session) throw new Error('no session');
  let stage: ShellErrorCode = ShellErrorCode.LoadFailed;
  const release = (): void => {
    options.events?.release(instanceId);
    options.leaveGuards?.drop(instanceId);
  };
  try {
    const module = await loadWithTimeout(() => options.importModule(provider.specifier), {
      timeoutMs: options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS,
    });
    const config = partConfig(module, provider, partId);
    stage = ShellErrorCode.BootstrapOrMountFailed;
    const basePath = `${options.basename ?? ''}/app/${provider.id}`;
    let props: PartMountProps = {
      name: `${provider.specifier}#${partId}`,
      appId: provider.id,
      instanceId,
      basePath,
      // A part is not on the address bar: it has its own location, starting at the provider's root.
      history: createMemoryHistory(basePath),
      session,
      services: provider.services,
      navigate: options.navigate,
      reportError: (error: unknown, code?: string) => options.reporter.report(provider.id, code ?? 'WB_APP_ERROR', error),
      domElement: request.domElement,
      partId,
      partProps: request.props,
      hostInstanceId: request.consumer.instanceId,
      ...(options.leaveGuards ? { leaveGuards: options.leaveGuards.forOwner(instanceId) } : {}),
      ...(options.events ? { events: options.events.connect({ appId: provider.id, instanceId, scope: request.consumer.scope }) } : {}),
    };
    await config.bootstrap(props);
    try {
      await config.mount(props);
    } catch (error) {
      await config.unmount(props).catch(() => undefined);
      throw error;
    }
    let unmounted: Promise<void> | undefined;
    return {
      async update(next) {
        if (unmounted) return;
        props = { ...props, partProps: next };
        try {
          await config.update?.(props);
        } catch (error) {
          options.reporter.report(provider.id, ShellErrorCode.RenderFailed, error);
        }
      },
      unmount: () =>
        (unmounted ??= (async () => {
          try {
            await config.unmount(props);
          } catch (error) {
            options.reporter.report(provider.id, ShellErrorCode.UnmountFailed, error);
          } finally {
            release();
          }
        })()),
    };
  } catch (error) {
    const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : stage;
    options.reporter.report(provider.id, code, error);
    release();
    throw error;
  }
}
