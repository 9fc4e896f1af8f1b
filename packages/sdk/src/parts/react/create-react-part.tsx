import { useEffect, useMemo } from 'react';
import type { ComponentType, ReactNode } from 'react';
import { Result } from 'antd';
import { ShellErrorCode } from '@wb/contracts';
import { createReactLifecycles } from '../../react/lifecycles.tsx';
import type { ReactLifecyclesOptions } from '../../react/lifecycles.tsx';
import { useWorkbench } from '../../react/context.ts';
import type { WorkbenchLifecycles } from '../../props.ts';
import type { PartMountProps } from '../mount-props.ts';
import { partMessages } from '../types.ts';

/** The subset of a zod schema the SDK needs (any `z.object(...)` fits), so the SDK does not depend on zod. */
export interface PartPropsValidator<P> {
  safeParse(value: unknown): { success: true; data: P } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

export interface ReactPartOptions<P> extends Omit<ReactLifecyclesOptions, 'rootComponent'> {
  /** The props contract (the zod schema the manifest's JSON Schema is derived from); the consumer's props are checked. */
  schema: PartPropsValidator<P>;
  /** Shown in the invalid-props panel; defaults to the part id. */
  title?: string;
}

function InvalidProps({ title, problems, error }: { title: string; problems: string; error: Error }): ReactNode {
  const { reportError } = useWorkbench();
  // One report per rejected props object: the consumer sent what the contract does not allow.
  useEffect(() => reportError(error, ShellErrorCode.RenderFailed), [error, reportError]);
  return <Result status="warning" title={partMessages.invalidProps(title)} subTitle={problems} />;
}

function partRoot<P>(resolve: () => ComponentType<P>, options: ReactPartOptions<P>): ComponentType {
  return function PartRoot(): ReactNode {
    const props = useWorkbench() as PartMountProps;
    const parsed = useMemo(() => options.schema.safeParse(props.partProps), [props.partProps]);
    const error = useMemo(() => (parsed.success ? null : new Error(`part ${props.appId}/${props.partId}: invalid props`)), [parsed, props.appId, props.partId]);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(props)'}：${i.message}`).join('；');
      return <InvalidProps title={options.title ?? props.partId} problems={problems} error={error as Error} />;
    }
    const Component = resolve() as ComponentType<Record<string, unknown>>;
    return <Component {...(parsed.data as Record<string, unknown>)} />;
  };
}

/**
 * A part's parcel lifecycles from a React component (ADR 0030), for the entry module's `parts` export:
 *
 * ```ts
 * export const parts = { 'customer-card': createReactPart(CustomerCard, { schema: knownPartProps['customer-archive/customer-card'] }) };
 * ```
 *
 * Each mount is an instance as in `createReactLifecycles` (own root, QueryClient, error boundary with 重试, React
 * id prefix from the part's instance id); `update` re-renders with the consumer's new props. Props that do not
 * satisfy `schema` show a panel inside the part and are reported; the component never sees them.
 */
export function createReactPart<P>(Component: ComponentType<P>, options: ReactPartOptions<P>): WorkbenchLifecycles {
  return createReactLifecycles({ ...options, rootComponent: partRoot(() => Component, options) });
}

/**
 * Like {@link createReactPart}, but the component's module loads on the part's first bootstrap (a chunk of its
 * own, integrity-checked through the import map like every module of the version): consumers that never
 * render the part never load its code. A failed load rejects bootstrap (the consumer's fallback offers 重试)
 * and is tried again next time.
 */
export function createLazyReactPart<P>(load: () => Promise<ComponentType<P>>, options: ReactPartOptions<P>): WorkbenchLifecycles {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const lifecycles = createReactLifecycles({
    ...options,
    rootComponent: partRoot(() => {
      if (!loaded) throw new Error('part component used before bootstrap loaded it');
      return loaded;
    }, options),
  });
  const ensure = async (): Promise<void> => {
    if (loaded) return;
    pending ??= load().catch((error: unknown) => {
      pending = null;
      throw error;
    });
    loaded = await pending;
  };
  return {
    ...lifecycles,
    async bootstrap(props) {
      await ensure();
      await lifecycles.bootstrap(props);
    },
    async mount(props) {
      // A host that skips bootstrap still gets the component.
      await ensure();
      await lifecycles.mount(props);
    },
  };
}
