// @wb/sdk: the framework-free core a micro-app imports (browser only, no React).
export type { LeaveGuard, LeaveGuards, PushChannel, PushMessage, PushTopic, WorkbenchLifecycles, WorkbenchProps } from './props.ts';
export { UNAUTHENTICATED_EVENT, createServiceClient } from './client.ts';
export type { GetOptions, PostOptions, QueryParams, ResponseSchema, ServiceClient, ServiceClientOptions, WithEtag } from './client.ts';
export { ALL_PERMISSIONS, activePostKey, createAccess } from './access.ts';
export type { Access } from './access.ts';
export { getLocation, subscribeLocation } from './location.ts';
export { createBrowserHistory, createMemoryHistory, parsePath } from './history.ts';
export type { NavigateFn, WorkbenchHistory } from './history.ts';
export { matchRoutes, resolveHref } from './routes.ts';
export type { RouteMatch, RouteTable } from './routes.ts';
export type { WorkbenchLocation } from './location.ts';
export { ResponseError } from '@wb/contracts';
export { FEED_REFRESH_EVENT, requestFeedRefresh } from './feed-refresh.ts';
export { workflowQueryKeys } from './workflow-keys.ts';
export { PAGE_SCOPE, createEventHub } from './events/index.ts';
export type { EventHub, EventHubOptions, EventSource, WorkbenchEventHandler, WorkbenchEvents } from './events/index.ts';
export { PartUnavailableError, mountPart, partMessages } from './parts/index.ts';
export type { MountedPart, PartAvailability, PartHandle, PartMountProps, PartProps, PartsCapability, PartUnavailableReason, WorkbenchParts } from './parts/index.ts';
