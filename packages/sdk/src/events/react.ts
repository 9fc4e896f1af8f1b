import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { parseWorkbenchEvent } from '@wb/contracts';
import type { WorkbenchEventName, WorkbenchEventPayload } from '@wb/contracts';
import { useWorkbench } from '../react/context.ts';
import type { WorkbenchEventHandler } from './bus.ts';

/**
 * Hears `name` on this instance's event scope (ADR 0030) while the component is mounted; the handler may change
 * between renders without resubscribing. The subscription also ends when the instance unmounts.
 */
export function useWorkbenchEvent<N extends WorkbenchEventName>(name: N, handler: WorkbenchEventHandler<N>): void {
  const { events } = useWorkbench();
  const latest = useRef(handler);
  useLayoutEffect(() => {
    latest.current = handler;
  });
  useEffect(() => events?.subscribe(name, (payload, source) => latest.current(payload, source)), [events, name]);
}

/** `publish(name, payload)` into this instance's scope; the payload is validated (a wrong one throws here). */
export function usePublish(): <N extends WorkbenchEventName>(name: N, payload: WorkbenchEventPayload<N>) => void {
  const { events } = useWorkbench();
  return useCallback(
    <N extends WorkbenchEventName>(name: N, payload: WorkbenchEventPayload<N>) => {
      // Outside the shell there is nobody to hear it, but a wrong payload is still the caller's bug.
      if (events) events.publish(name, payload);
      else parseWorkbenchEvent(name, payload);
    },
    [events],
  );
}
