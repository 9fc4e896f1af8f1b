export { PAGE_SCOPE, createEventHub } from './bus.ts';
export type { EventHub, EventHubOptions, EventSource, WorkbenchEventHandler, WorkbenchEvents } from './bus.ts';
