import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { ResponseError } from '@wb/contracts';
import { marketAppSchema, platformDescriptorSchema, publishResponseSchema, storeAppDetailSchema, storeAppSummarySchema, storeEventSchema } from '@wb/contracts/appstore';
import type { ApproveRelease, MarketApp, PlatformDescriptor, PublishResponse, RolloutScope, SetRolloutRequest, StoreAppDetail, StoreAppQuery, StoreAppSummary, StoreEvent, Visibility } from '@wb/contracts/appstore';
import { createServiceClient, requestFeedRefresh } from '@wb/sdk';
import type { ServiceClient } from '@wb/sdk';
import { useServiceClient } from '@wb/sdk/react';
import { useCallback, useMemo } from 'react';

/** The service this app talks to (manifest `services`); the shell passes its gateway base URL. */
export const SERVICE = 'appstore';
/** The registry's own routes (feed, platform descriptor), outside the gateway. */
export const REGISTRY_BASE = '/api/registry';

/** A JSON list answered as a bare array or as `{ items }`, each item parsed by `parse`. */
function listOf<T>(parse: (value: unknown) => T) {
  return {
    parse(value: unknown): T[] {
      const list = Array.isArray(value) ? value : (value as { items?: unknown } | null)?.items;
      if (!Array.isArray(list)) throw new Error('not a list');
      return list.map(parse);
    },
  };
}

const appPath = (id: string) => `/apps/${encodeURIComponent(id)}`;
const versionPath = (id: string, version: string) => `${appPath(id)}/versions/${encodeURIComponent(version)}`;

export const storeKeys = {
  all: ['appstore'] as const,
  apps: ['appstore', 'apps'] as const,
  app: (id: string) => ['appstore', 'apps', 'one', id] as const,
  events: (id: string) => ['appstore', 'apps', 'one', id, 'events'] as const,
  market: ['appstore', 'market'] as const,
  categories: ['appstore', 'categories'] as const,
  list: (query: object) => ['appstore', 'apps', 'list', query] as const,
  platform: ['appstore', 'platform'] as const,
};

const stringList = listOf((v) => {
  if (typeof v !== 'string') throw new Error('not a string');
  return v;
});

/** Categories used in the catalogue, for the filter. */
export function useCategories() {
  const client = useServiceClient(SERVICE);
  return useQuery<string[]>({
    queryKey: storeKeys.categories,
    queryFn: ({ signal }) => client.get('/categories', { schema: stringList, signal }),
    staleTime: 60_000,
  });
}

export function useStoreApps(query: StoreAppQuery) {
  const client = useServiceClient(SERVICE);
  return useQuery<StoreAppSummary[]>({
    queryKey: storeKeys.list(query),
    queryFn: ({ signal }) =>
      client.get('/apps', { query: { ...query }, schema: listOf((v) => storeAppSummarySchema.parse(v)), signal }),
    placeholderData: keepPreviousData,
  });
}

/**
 * One app's detail with the ETag of the answer: every app-level edit (rollout, visibility, rollback,
 * offline/online) sends it back as `If-Match`, so that an edit made on a page someone else has changed
 * since is refused (412) instead of silently overwriting their change.
 */
export interface StoreAppWithEtag {
  detail: StoreAppDetail;
  /** Null when the server sent none: edits then go without If-Match. */
  etag: string | null;
}

/** Query options of one app's detail; shared by the detail page and 待审核 (same cache entry). */
export function storeAppQuery(client: ServiceClient, id: string) {
  return {
    queryKey: storeKeys.app(id),
    queryFn: async ({ signal }: { signal: AbortSignal }): Promise<StoreAppWithEtag> => {
      const { data, etag } = await client.getWithEtag(appPath(id), { schema: storeAppDetailSchema, signal });
      return { detail: data, etag };
    },
  };
}

export function useStoreApp(id: string) {
  const client = useServiceClient(SERVICE);
  return useQuery<StoreAppWithEtag>(storeAppQuery(client, id));
}

/** Shown when an app-level edit was refused because the app changed meanwhile (412). */
export const STALE_EDIT_MESSAGE = '该应用已被其他人修改，已刷新为最新内容，请核对后重试';

export function isStaleEdit(error: unknown): boolean {
  return error instanceof ResponseError && error.status === 412;
}

/**
 * After a failed app-level edit: on 412, tells the user, makes sure the detail shows the latest state and
 * returns its ETag (the base of the user's retry); for any other error returns null and does nothing.
 * The caller keeps the user's input either way.
 */
export function useStaleEditRecovery(appId: string) {
  const client = useServiceClient(SERVICE);
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  return useCallback(
    async (error: unknown): Promise<{ etag: string | null } | null> => {
      if (!isStaleEdit(error)) return null;
      void message.warning(STALE_EDIT_MESSAGE);
      // The write's own invalidation has usually refetched already (then this is a cache hit); if not, fetch.
      const latest = await queryClient.fetchQuery({ ...storeAppQuery(client, appId), staleTime: 1_000 }).catch(() => null);
      return { etag: latest?.etag ?? null };
    },
    [client, queryClient, message, appId],
  );
}

export function useStoreEvents(id: string) {
  const client = useServiceClient(SERVICE);
  return useQuery<StoreEvent[]>({
    queryKey: storeKeys.events(id),
    queryFn: ({ signal }) => client.get(`${appPath(id)}/events`, { schema: listOf((v) => storeEventSchema.parse(v)), signal }),
  });
}

export function useMarket() {
  const client = useServiceClient(SERVICE);
  return useQuery<MarketApp[]>({
    queryKey: storeKeys.market,
    queryFn: ({ signal }) => client.get('/market', { schema: listOf((v) => marketAppSchema.parse(v)), signal }),
  });
}

/**
 * A write of the app store, made with the store's client. Every write changes what the catalogue, the detail and
 * the 应用市场 show, so all of the app store is refetched once it settles, refused or not (a refusal may mean the
 * app changed under the user).
 */
function useStoreWrite<V, R = unknown>(write: (client: ServiceClient, input: V) => Promise<R>) {
  const client = useServiceClient(SERVICE);
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: V) => write(client, input),
    onSettled: () => queryClient.invalidateQueries({ queryKey: storeKeys.all }),
  });
}

export interface VersionActionInput {
  appId: string;
  version: string;
}

export const useSubmitVersion = () =>
  useStoreWrite((client, { appId, version }: VersionActionInput) => client.post<unknown>(`${versionPath(appId, version)}/submit`, {}));

export const useApproveVersion = () =>
  useStoreWrite(
    // `partsOverride`: the reviewer's reason for approving although the version breaks parts current consumers use
    // (ADR 0037); sent as the approve call's query, audited by the server.
    (client, { appId, version, release, pilot, opinion, partsOverride }: VersionActionInput & { release: ApproveRelease; pilot?: RolloutScope | undefined; opinion?: string | undefined; partsOverride?: string | undefined }) =>
      client.post<unknown>(
        `${versionPath(appId, version)}/approve${partsOverride ? `?partsOverride=${encodeURIComponent(partsOverride)}` : ''}`,
        { release, ...(pilot ? { pilot } : {}), opinion: opinion ?? '' },
      ),
  );

export const useRejectVersion = () =>
  useStoreWrite((client, { appId, version, reason }: VersionActionInput & { reason: string }) => client.post<unknown>(`${versionPath(appId, version)}/reject`, { reason }));

/** `ifMatch`: the ETag of the detail the user acted on (`StoreAppWithEtag.etag`); null sends none. */
export interface Guarded {
  ifMatch: string | null;
}

const ifMatchOption = ({ ifMatch }: Guarded) => (ifMatch === null ? {} : { ifMatch });

export const useRollback = (appId: string) =>
  useStoreWrite((client, { version, ...guard }: Guarded & { version: string }) => client.post<unknown>(`${appPath(appId)}/rollback`, { version }, ifMatchOption(guard)));

export const useSetAppStatus = (appId: string) =>
  useStoreWrite((client, { change, ...guard }: Guarded & { change: 'offline' | 'online' }) => client.post<unknown>(`${appPath(appId)}/${change}`, {}, ifMatchOption(guard)));

export const useSetRollout = (appId: string) =>
  useStoreWrite((client, { body, ...guard }: Guarded & { body: SetRolloutRequest }) => client.put<unknown>(`${appPath(appId)}/rollout`, body, ifMatchOption(guard)));

export const useStopRollout = (appId: string) => useStoreWrite((client, guard: Guarded) => client.delete<unknown>(`${appPath(appId)}/rollout`, ifMatchOption(guard)));

export const usePromoteRollout = (appId: string) => useStoreWrite((client, guard: Guarded) => client.post<unknown>(`${appPath(appId)}/rollout/promote`, {}, ifMatchOption(guard)));

export const useSetVisibility = (appId: string) =>
  useStoreWrite((client, { body, ...guard }: Guarded & { body: Visibility }) => client.put<unknown>(`${appPath(appId)}/visibility`, body, ifMatchOption(guard)));

export const usePublish = () =>
  useStoreWrite((client, archive: ArrayBuffer) => client.post<PublishResponse>('/versions', archive, { contentType: 'application/zip', schema: publishResponseSchema }));

/** 添加到我的菜单 / 从菜单移除, then ask the shell to fetch the feed again so the side menu follows. */
export const useSetInMenu = () =>
  useStoreWrite(async (client, { appId, inMenu }: { appId: string; inMenu: boolean }) => {
    await client.put<unknown>(`/me/apps/${encodeURIComponent(appId)}`, { inMenu });
    requestFeedRefresh();
  });

/**
 * The platform descriptor (`GET /api/registry/platform`, ADR 0023). The registry serves it beside the feed,
 * not through the gateway, so it has no entry in the app's `services`; a client of its own base URL.
 */
export function usePlatformDescriptor() {
  const client = useMemo(() => createServiceClient(REGISTRY_BASE, { appId: 'app-store' }), []);
  return useQuery<PlatformDescriptor>({
    queryKey: storeKeys.platform,
    queryFn: ({ signal }) => client.get('/platform', { schema: platformDescriptorSchema, signal }),
    staleTime: 5 * 60_000,
  });
}
