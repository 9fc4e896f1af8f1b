import { parseWorkbenchEvent } from '@wb/contracts';
import type { WorkbenchEventName, WorkbenchEventPayload } from '@wb/contracts';

/** Who raised an event: the instance (ADR 0027) and its app. */
export interface EventSource {
  appId: string;
  instanceId: string;
}

export type WorkbenchEventHandler<N extends WorkbenchEventName> = (payload: WorkbenchEventPayload<N>, source: EventSource) => void;

/**
 * One instance's connection to the event bus of its scope (ADR 0030), handed to it as `WorkbenchProps.events`.
 * `publish` validates the payload against the event's schema in `@wb/contracts` (a wrong payload throws there,
 * in the raiser, and reaches nobody); subscribers of the same scope get the parsed payload and the source.
 */
export interface WorkbenchEvents {
  /** The scope this instance publishes into and hears from: `page` today, a tab's id with tabs. */
  readonly scope: string;
  publish<N extends WorkbenchEventName>(name: N, payload: WorkbenchEventPayload<N>): void;
  /** Returns the disposer; every subscription also ends when the instance is released (its unmount). */
  subscribe<N extends WorkbenchEventName>(name: N, handler: WorkbenchEventHandler<N>): () => void;
}

export interface EventHubOptions {
  /** A subscriber that throws does not stop delivery to the others; its error goes here. Default console.error. */
  onHandlerError?(error: unknown, subscriber: EventSource, name: WorkbenchEventName): void;
}

/** The page's bus (one per page, created by the shell): it connects instances and releases them. */
export interface EventHub {
  connect(instance: EventSource & { scope: string }): WorkbenchEvents;
  /** Ends every subscription the instance holds (called by the shell when the instance unmounts). */
  release(instanceId: string): void;
  /** Live subscriptions, per instance id (for tests and diagnostics). */
  subscriptionCount(instanceId?: string): number;
}

interface Subscription {
  scope: string;
  name: WorkbenchEventName;
  owner: EventSource;
  handler: (payload: unknown, source: EventSource) => void;
}

/**
 * A synchronous in-page bus scoped by key: an event reaches the subscribers of the raiser's scope only (the page
 * now; with tabs, the tab that raised it — a part mounted inside a tab shares its consumer's scope, so 客户360 in
 * the 95598 tab does not steer the billing counter in another tab). Delivery order is subscription order;
 * the raiser's own subscriptions hear it too (handlers get `source` to tell).
 */
export function createEventHub(options: EventHubOptions = {}): EventHub {
  const subscriptions = new Set<Subscription>();
  const onError = options.onHandlerError ?? ((error: unknown) => console.error('[wb] event handler failed', error));

  const releaseOwner = (instanceId: string): void => {
    for (const s of subscriptions) if (s.owner.instanceId === instanceId) subscriptions.delete(s);
  };

  return {
    connect(instance) {
      const owner: EventSource = { appId: instance.appId, instanceId: instance.instanceId };
      return {
        scope: instance.scope,
        publish(name, payload) {
          const parsed = parseWorkbenchEvent(name, payload);
          // A snapshot: a handler that subscribes or unsubscribes does not change this delivery.
          for (const s of [...subscriptions]) {
            if (s.scope !== instance.scope || s.name !== name || !subscriptions.has(s)) continue;
            try {
              s.handler(parsed, owner);
            } catch (error) {
              onError(error, s.owner, name);
            }
          }
        },
        subscribe(name, handler) {
          const s: Subscription = { scope: instance.scope, name, owner, handler: handler as Subscription['handler'] };
          subscriptions.add(s);
          return () => void subscriptions.delete(s);
        },
      };
    },
    release: releaseOwner,
    subscriptionCount(instanceId) {
      let n = 0;
      for (const s of subscriptions) if (instanceId === undefined || s.owner.instanceId === instanceId) n += 1;
      return n;
    },
  };
}

/** The default scope of an instance without tabs: one page, one scope. */
export const PAGE_SCOPE = 'page';
