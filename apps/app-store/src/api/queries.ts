import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { marketAppSchema, publishResponseSchema, storeAppDetailSchema, storeAppSummarySchema, storeEventSchema } from '@wb/contracts/appstore';
import type { MarketApp, PublishResponse, SetRolloutRequest, StoreAppDetail, StoreAppQuery, StoreAppSummary, StoreEvent, Visibility } from '@wb/contracts/appstore';
import { requestFeedRefresh } from '@wb/sdk';
import { useServiceClient } from '@wb/sdk/react';

/** The service this app talks to (manifest `services`); the shell passes its gateway base URL. */
export const SERVICE = 'appstore';

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
    queryKey: [...storeKeys.apps, 'list', query],
    queryFn: ({ signal }) =>
      client.get('/apps', { query: { ...query }, schema: listOf((v) => storeAppSummarySchema.parse(v)), signal }),
    placeholderData: keepPreviousData,
  });
}

export function useStoreApp(id: string) {
  const client = useServiceClient(SERVICE);
  return useQuery<StoreAppDetail>({
    queryKey: storeKeys.app(id),
    queryFn: ({ signal }) => client.get(appPath(id), { schema: storeAppDetailSchema, signal }),
  });
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

/** Every write changes what the catalogue, the detail and the 应用市场 show: refetch all of the app store. */
function useInvalidateStore() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: storeKeys.all });
}

export interface VersionActionInput {
  appId: string;
  version: string;
}

export function useSubmitVersion() {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: ({ appId, version }: VersionActionInput) => client.post<unknown>(`${versionPath(appId, version)}/submit`, {}),
    onSettled: invalidate,
  });
}

export function useApproveVersion() {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: ({ appId, version, makeCurrent, opinion }: VersionActionInput & { makeCurrent: boolean; opinion?: string }) =>
      client.post<unknown>(`${versionPath(appId, version)}/approve`, { makeCurrent, opinion: opinion ?? '' }),
    onSettled: invalidate,
  });
}

export function useRejectVersion() {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: ({ appId, version, reason }: VersionActionInput & { reason: string }) =>
      client.post<unknown>(`${versionPath(appId, version)}/reject`, { reason }),
    onSettled: invalidate,
  });
}

export function useRollback(appId: string) {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: (version: string) => client.post<unknown>(`${appPath(appId)}/rollback`, { version }),
    onSettled: invalidate,
  });
}

export function useSetAppStatus(appId: string) {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: (change: 'offline' | 'online') => client.post<unknown>(`${appPath(appId)}/${change}`, {}),
    onSettled: invalidate,
  });
}

export function useSetRollout(appId: string) {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: (body: SetRolloutRequest) => client.put<unknown>(`${appPath(appId)}/rollout`, body),
    onSettled: invalidate,
  });
}

export function useStopRollout(appId: string) {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: () => client.delete<unknown>(`${appPath(appId)}/rollout`),
    onSettled: invalidate,
  });
}

export function usePromoteRollout(appId: string) {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: () => client.post<unknown>(`${appPath(appId)}/rollout/promote`, {}),
    onSettled: invalidate,
  });
}

export function useSetVisibility(appId: string) {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: (body: Visibility) => client.put<unknown>(`${appPath(appId)}/visibility`, body),
    onSettled: invalidate,
  });
}

export function usePublish() {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: (archive: ArrayBuffer) =>
      client.post<PublishResponse>('/versions', archive, { contentType: 'application/zip', schema: publishResponseSchema }),
    onSettled: invalidate,
  });
}

/** 添加到我的菜单 / 从菜单移除, then ask the shell to fetch the feed again so the side menu follows. */
export function useSetInMenu() {
  const client = useServiceClient(SERVICE);
  const invalidate = useInvalidateStore();
  return useMutation({
    mutationFn: ({ appId, inMenu }: { appId: string; inMenu: boolean }) => client.put<unknown>(`/me/apps/${encodeURIComponent(appId)}`, { inMenu }),
    onSuccess: () => requestFeedRefresh(),
    onSettled: invalidate,
  });
}
