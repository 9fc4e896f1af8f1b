import { z } from 'zod';
import { consNoSchema } from './customer.ts';

/**
 * Typed events between micro-apps (ADR 0030): the only way one app tells another what happened on the page —
 * no app reads another's state. Each event has a zod schema here; the SDK's bus validates every payload when it
 * is published, so a subscriber only ever sees a payload of its event's shape. Names are `<domain>.<past-tense>`.
 * Add an event here (with its schema) before any app publishes it.
 */
export const workbenchEventSchemas = {
  /** A customer (户号) was chosen, e.g. in 客户360 or a 95598 intake form. */
  'customer.selected': z.strictObject({ consNo: consNoSchema }),
  /** A 95598 ticket (工单) was created, for the customer when known. */
  'ticket.created': z.strictObject({
    no: z.string().min(1).max(32),
    consNo: consNoSchema.optional(),
  }),
} as const;

export type WorkbenchEventName = keyof typeof workbenchEventSchemas;
export type WorkbenchEventPayload<N extends WorkbenchEventName> = z.infer<(typeof workbenchEventSchemas)[N]>;

export const workbenchEventNames = Object.keys(workbenchEventSchemas) as WorkbenchEventName[];

export function isWorkbenchEventName(name: string): name is WorkbenchEventName {
  return Object.hasOwn(workbenchEventSchemas, name);
}

/**
 * The payload of `name`, validated: throws a `ZodError` for a wrong shape and an `Error` for an unknown name.
 * Returns the parsed copy (unknown keys refused, so nothing private leaks across apps by accident).
 */
export function parseWorkbenchEvent<N extends WorkbenchEventName>(name: N, payload: unknown): WorkbenchEventPayload<N> {
  if (!isWorkbenchEventName(name)) throw new Error(`unknown workbench event "${String(name)}": declare it in @wb/contracts events.ts`);
  return workbenchEventSchemas[name].parse(payload) as WorkbenchEventPayload<N>;
}
