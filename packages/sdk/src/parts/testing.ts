import type { SessionUser } from '@wb/contracts';
import { PAGE_SCOPE, createEventHub } from '../events/bus.ts';
import type { EventHub } from '../events/bus.ts';
import { createMemoryHistory } from '../history.ts';
import type { WorkbenchLifecycles } from '../props.ts';
import { createTestWorkbenchProps } from '../testing/props.ts';
import type { PartMountProps } from './mount-props.ts';
import type { MountedPart, PartAvailability, PartsCapability, PartUnavailableReason } from './types.ts';
import { PartUnavailableError, partMessages } from './types.ts';

/** One provider part a test offers, keyed `<app>/<part>` in {@link createTestParts}. */
export interface TestPartDefinition {
  title: string;
  /** The provider's `parts[part]` lifecycles, or a loader (stands in for the provider's entry module). */
  lifecycles?: WorkbenchLifecycles | (() => Promise<WorkbenchLifecycles>);
  /** What the shell would decide for this viewer; default `available`. */
  status?: 'available' | PartUnavailableReason;
  major?: number;
  /** The provider's services (`WorkbenchProps.services` of the part). */
  services?: Record<string, string>;
}

export interface TestPartsOptions {
  session?: Partial<SessionUser>;
  /** The page's bus; default a new one (read it back from the result). */
  events?: EventHub;
  consumerInstanceId?: string;
  scope?: string;
  reportError?(error: unknown, code?: string): void;
}

export interface TestParts extends PartsCapability {
  events: EventHub;
  /** `<app>/<part>` of every provider load, in order: a placeholder must leave this empty. */
  loads: string[];
}

/**
 * A `WorkbenchProps.parts` for component tests of consumers and providers (ADR 0030): the shell's decisions
 * (available, forbidden, channel, missing) come from `definitions`; `mount` runs the given lifecycles as the
 * shell's part mounter does (bootstrap, mount, update, unmount; the part's own instance id, memory history and
 * event connection in the consumer's scope).
 */
export function createTestParts(definitions: Record<string, TestPartDefinition>, options: TestPartsOptions = {}): TestParts {
  const events = options.events ?? createEventHub();
  const loads: string[] = [];
  let sequence = 0;
  const describe = (app: string, part: string): PartAvailability => {
    const definition = definitions[`${app}/${part}`];
    const title = definition?.title ?? `${app}/${part}`;
    const status = definition ? (definition.status ?? 'available') : 'missing';
    if (status === 'available') return { status, app, part, title, major: definition?.major ?? 1 };
    return { status, app, part, title, message: partMessages[status](title) };
  };
  const capability: TestParts = {
    events,
    loads,
    describe,
    async mount(app, part, domElement, partProps): Promise<MountedPart> {
      const availability = describe(app, part);
      if (availability.status !== 'available') throw new PartUnavailableError(availability);
      const definition = definitions[`${app}/${part}`] as TestPartDefinition;
      loads.push(`${app}/${part}`);
      const given = definition.lifecycles;
      const lifecycles = typeof given === 'function' ? await given() : given;
      if (!lifecycles) throw new Error(`test part ${app}/${part} has no lifecycles`);
      sequence += 1;
      const consumer = options.consumerInstanceId ?? 'consumer';
      const instanceId = `${consumer}~${app}.${part}.${sequence}`;
      const base = createTestWorkbenchProps({
        appId: app,
        instanceId,
        services: definition.services ?? {},
        history: createMemoryHistory(`/app/${app}`),
        domElement,
        ...(options.session ? { session: options.session } : {}),
        ...(options.reportError ? { reportError: options.reportError } : {}),
        events: events.connect({ appId: app, instanceId, scope: options.scope ?? PAGE_SCOPE }),
      });
      // A part may assemble parts itself (ADR 0039): the same definitions, as the shell's nested capability.
      let props: PartMountProps = { ...base, parts: capability, partId: part, partProps, hostInstanceId: consumer };
      await lifecycles.bootstrap(props);
      await lifecycles.mount(props);
      return {
        async update(next) {
          props = { ...props, partProps: next };
          await lifecycles.update(props);
        },
        async unmount() {
          await lifecycles.unmount(props);
          events.release(instanceId);
        },
      };
    },
  };
  return capability;
}
