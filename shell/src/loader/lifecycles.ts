import type { LifeCycles } from 'single-spa';

type LifecycleFn = (props: never) => Promise<unknown>;

/** Hooks the shell runs around an app's own lifecycles to keep its status in the store. */
export interface LifecycleHooks {
  beforeMount(): void;
  afterMount(): void;
  afterUnmount(): void;
}

function isLifecycle(value: unknown): value is LifecycleFn | LifecycleFn[] {
  if (typeof value === 'function') return true;
  return Array.isArray(value) && value.length > 0 && value.every((fn) => typeof fn === 'function');
}

function toArray(value: unknown): LifecycleFn[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]) as LifecycleFn[];
}

const hook = (fn: () => void) => async (): Promise<void> => fn();

/**
 * Checks that an entry module exports single-spa lifecycles and adds the shell's status hooks. Any plain
 * single-spa module works (docs/architecture.md §4); the SDK is not required. An app's own `timeouts` export is
 * ignored on purpose: the shell's timeouts (dieOnTimeout) are what keep a hanging mount from blocking it.
 */
export function toLifecycles<P>(module: unknown, hooks: LifecycleHooks): LifeCycles<P> {
  const exports = (module ?? {}) as Record<string, unknown>;
  const missing = ['mount', 'unmount'].filter((name) => !isLifecycle(exports[name]));
  if (exports.bootstrap !== undefined && !isLifecycle(exports.bootstrap)) missing.push('bootstrap');
  if (missing.length > 0) {
    throw new Error(`entry module does not export valid single-spa lifecycles: ${missing.join(', ')}`);
  }
  const lifecycles = {
    bootstrap: toArray(exports.bootstrap),
    mount: [hook(hooks.beforeMount), ...toArray(exports.mount), hook(hooks.afterMount)],
    unmount: [...toArray(exports.unmount), hook(hooks.afterUnmount)],
    ...(isLifecycle(exports.update) ? { update: exports.update } : {}),
    ...(isLifecycle(exports.unload) ? { unload: exports.unload } : {}),
  };
  return lifecycles as unknown as LifeCycles<P>;
}
