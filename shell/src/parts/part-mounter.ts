import { ShellErrorCode } from '@wb/contracts';
import type { FeedApp, SessionUser } from '@wb/contracts';
import { createBrowserHistory, createMemoryHistory } from '@wb/sdk';
import type { EventHub, MountedPart, PartMountProps, PartProps, PartsCapability } from '@wb/sdk';
import { attachStyles, detachStyles } from '../loader/app-styles.ts';
import { DEFAULT_LOAD_TIMEOUT_MS, loadWithTimeout } from '../loader/load-app.ts';
import type { LeaveGuardRegistry } from '../leave-guard/registry.ts';
import type { ErrorReporter } from '../reporting/error-reporter.ts';
import type { Navigate } from '../routing/navigation.ts';

type LifecycleFn = (props: PartMountProps) => Promise<unknown>;

/** A provider's `parts[partId]` (or `widgets[widgetId]`) export, checked to be parcel lifecycles. */
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

/**
 * Where a part is placed (ADR 0037):
 * - `embedded`: inside another app's page (`<AppPart>`, `mountPart`); the entry's `parts[id]` export, on a memory
 *   history of its own (a part is not on the address bar);
 * - `home`: a cell of the workbench home (a manifest `widgets` entry); the entry's `widgets[id]` export, on the
 *   page's history, so that a widget's links open its app.
 */
export type PartPlacement = 'embedded' | 'home';

/** Where and for whom one part is mounted. */
export interface PartMountRequest {
  provider: FeedApp;
  partId: string;
  /** This part instance's id (ADR 0027), unique on the page. */
  instanceId: string;
  consumer: { instanceId: string; scope: string };
  domElement: HTMLElement;
  props: PartProps;
  /** Default `embedded`. */
  placement?: PartPlacement;
  /** The parts capability of this part instance, so that a part may assemble parts itself (客户360's slots, ADR 0039). */
  parts?: PartsCapability;
}

const isFn = (value: unknown): value is LifecycleFn => typeof value === 'function';

const EXPORTS = { embedded: { key: 'parts', noun: 'part' }, home: { key: 'widgets', noun: 'widget' } } as const;

/** The entry module's `parts[id]` (`widgets[id]` for the home), checked to be parcel lifecycles. */
export function partConfig(module: unknown, app: FeedApp, partId: string, placement: PartPlacement = 'embedded'): PartLifecycles {
  const { key, noun } = EXPORTS[placement];
  const exported = (module as Record<string, unknown> | null)?.[key];
  const candidate = (typeof exported === 'object' && exported !== null ? (exported as Record<string, unknown>)[partId] : undefined) ?? {};
  const c = candidate as Record<string, unknown>;
  if (!isFn(c['mount']) || !isFn(c['unmount'])) {
    throw new Error(`${app.specifier} does not export ${noun} "${partId}" (${key}.${partId} with mount and unmount)`);
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
 * and runs the part's parcel lifecycles itself (ADR 0014: no `mountRootParcel`, which keeps every root parcel's
 * props alive — and through `domElement` the whole detached page, P6). The part is an instance of the provider
 * app: the provider's services and basePath, its own history, leave guards and event connection in the
 * consumer's scope. Home widgets are parts placed by the shell (ADR 0037) and mount through here too. The
 * provider's stylesheets (ADR 0041) come with its parts (ADR 0059): in the page, with integrity, before the part
 * mounts (a refused sheet fails it like a refused bundle), counted with the provider's other instances, and
 * removed after the last of them unmounted; the part's element is the root of a scoped stylesheet.
 */
export async function mountPartInstance(options: PartMounterOptions, request: PartMountRequest): Promise<MountedPart> {
  const { provider, partId, instanceId } = request;
  const placement = request.placement ?? 'embedded';
  const session = options.getSession();
  if (!session) throw new Error('no session');
  let stage: ShellErrorCode = ShellErrorCode.LoadFailed;
  let styled = false;
  const release = (): void => {
    options.events?.release(instanceId);
    options.leaveGuards?.drop(instanceId);
    if (styled) detachStyles(provider);
    styled = false;
  };
  try {
    const module = await loadWithTimeout(() => options.importModule(provider.specifier), {
      timeoutMs: options.loadTimeoutMs ?? DEFAULT_LOAD_TIMEOUT_MS,
    });
    const config = partConfig(module, provider, partId, placement);
    if (provider.styles?.length) {
      // attachStyles removes what it added when a sheet is refused.
      await attachStyles(provider, request.domElement);
      styled = true;
    }
    stage = ShellErrorCode.BootstrapOrMountFailed;
    const basePath = `${options.basename ?? ''}/app/${provider.id}`;
    let props: PartMountProps = {
      name: `${provider.specifier}#${partId}`,
      appId: provider.id,
      instanceId,
      basePath,
      history: placement === 'home' ? createBrowserHistory(options.navigate) : createMemoryHistory(basePath),
      session,
      services: provider.services,
      navigate: options.navigate,
      reportError: (error: unknown, code?: string) => options.reporter.report(provider.id, code ?? 'WB_APP_ERROR', error),
      domElement: request.domElement,
      partId,
      partProps: request.props,
      hostInstanceId: request.consumer.instanceId,
      ...(placement === 'home' ? { widgetId: partId } : {}),
      ...(options.leaveGuards ? { leaveGuards: options.leaveGuards.forOwner(instanceId) } : {}),
      ...(request.parts ? { parts: request.parts } : {}),
      ...(options.events ? { events: options.events.connect({ appId: provider.id, instanceId, scope: request.consumer.scope }) } : {}),
    };
    await config.bootstrap(props);
    try {
      await config.mount(props);
    } catch (error) {
      // A half-done mount may have left DOM behind: give the part its unmount, then report the mount.
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
