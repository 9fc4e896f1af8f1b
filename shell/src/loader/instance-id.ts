import type { FeedApp } from '@wb/contracts';

/**
 * The instance id (ADR 0027) of an app's route-bound instance, the one single-spa mounts on `/app/<id>`: its
 * container, store entry and leave guards are keyed by it. Other instances of the same app (tabs, widgets:
 * `<id>#<widget>`) get ids of their own, so dropping one instance's guards never touches another's.
 */
export const routeInstanceId = (app: Pick<FeedApp, 'id'>): string => app.id;
