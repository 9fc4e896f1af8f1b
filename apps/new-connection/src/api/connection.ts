import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { applicationDetailSchema, applicationListSchema, boardSchema, capacityOptionListSchema, CONNECTION_SERVICE, duplicateCheckRequestSchema, duplicateCheckSchema, type ApplicationListQuery, type CreateApplicationRequest, type DuplicateCheckRequest } from '@wb/contracts/connection';
import type { ServiceClient } from '@wb/sdk';
import { useServiceClient } from '@wb/sdk/react';

/** Every query key of 业扩报装, built here only (invalidation by prefix: `lists()` hits every page and filter). */
export const connectionKeys = {
  all: ['connection'] as const,
  lists: () => [...connectionKeys.all, 'list'] as const,
  list: (query: ApplicationListQuery) => [...connectionKeys.lists(), query] as const,
  detail: (appNo: string) => [...connectionKeys.all, 'detail', appNo] as const,
  board: () => [...connectionKeys.all, 'board'] as const,
  tgs: (orgUnitCode: string) => [...connectionKeys.all, 'tgs', orgUnitCode] as const,
  lines: () => [...connectionKeys.all, 'lines'] as const,
  duplicates: (check: DuplicateCheckRequest) => [...connectionKeys.all, 'duplicates', check] as const,
};

/** The queries of 业扩报装 as `queryOptions` (key and fetch together). */
export const connectionQueries = {
  list: (client: ServiceClient, query: ApplicationListQuery) =>
    queryOptions({
      queryKey: connectionKeys.list(query),
      queryFn: ({ signal }) => client.get('/applications', { query: query as Record<string, string | number | undefined>, schema: applicationListSchema, signal }),
    }),
  detail: (client: ServiceClient, appNo: string) =>
    queryOptions({
      queryKey: connectionKeys.detail(appNo),
      queryFn: ({ signal }) => client.get(`/applications/${appNo}`, { schema: applicationDetailSchema, signal }),
    }),
  board: (client: ServiceClient) =>
    queryOptions({ queryKey: connectionKeys.board(), queryFn: ({ signal }) => client.get('/board', { schema: boardSchema, signal }) }),
  tgs: (client: ServiceClient, orgUnitCode: string) =>
    queryOptions({
      queryKey: connectionKeys.tgs(orgUnitCode),
      queryFn: ({ signal }) => client.get('/tgs', { query: { orgUnitCode }, schema: capacityOptionListSchema, signal }),
    }),
  lines: (client: ServiceClient) =>
    queryOptions({ queryKey: connectionKeys.lines(), queryFn: ({ signal }) => client.get('/lines', { schema: capacityOptionListSchema, signal }) }),
};

const useClient = () => useServiceClient(CONNECTION_SERVICE.name);

export function useApplications(query: ApplicationListQuery) {
  return useQuery({ ...connectionQueries.list(useClient(), query), placeholderData: keepPreviousData });
}

/**
 * 重复申请检查 (issue 17): customers on file and applications in flight with this 证件 at this address. Asked
 * once the three inputs are well-formed (a POST that writes nothing: 证件号码 stay out of URLs).
 */
export function useDuplicateCheck(input: { certNo: string; consName: string; address: string }) {
  const client = useClient();
  const parsed = duplicateCheckRequestSchema.safeParse(input);
  const check = parsed.success && parsed.data.address.length >= 6 ? parsed.data : null;
  return useQuery({
    queryKey: connectionKeys.duplicates(check ?? { certNo: '', consName: '', address: '' }),
    queryFn: ({ signal }) => client.post('/duplicate-checks', check, { schema: duplicateCheckSchema, signal }),
    enabled: check !== null,
    staleTime: 30_000,
  });
}

export function useApplication(appNo: string) {
  return useQuery(connectionQueries.detail(useClient(), appNo));
}

export function useBoard() {
  return useQuery(connectionQueries.board(useClient()));
}

export function useTgs(orgUnitCode: string | null) {
  return useQuery({ ...connectionQueries.tgs(useClient(), orgUnitCode ?? ''), enabled: !!orgUnitCode });
}

export function useLines(enabled: boolean) {
  return useQuery({ ...connectionQueries.lines(useClient()), enabled });
}

/** 受理登记; one Idempotency-Key per form fill, so a retried submit registers one application. */
export function useCreateApplication() {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateApplicationRequest; idempotencyKey: string }) =>
      client.post('/applications', body, { schema: applicationDetailSchema, idempotencyKey }),
    onSuccess: (detail) => {
      queryClient.setQueryData(connectionKeys.detail(detail.appNo), detail);
      void queryClient.invalidateQueries({ queryKey: connectionKeys.lists() });
    },
  });
}

/**
 * Any operation on one application (`survey:complete`, `return`, `suspend`, …) with the version it saw. On
 * success the answer replaces the cached detail; on a refusal (412: someone else moved it on) the detail is
 * fetched again, so the page shows the current version instead of the stale one.
 */
export function useApplicationAction(appNo: string) {
  const client = useClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body, version }: { action: string; body: unknown; version: number }) =>
      client.post(`/applications/${appNo}/${action}`, body, { schema: applicationDetailSchema, ifMatch: version }),
    onSuccess: (detail) => {
      queryClient.setQueryData(connectionKeys.detail(appNo), detail);
    },
    onError: () => queryClient.invalidateQueries({ queryKey: connectionKeys.detail(appNo) }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: connectionKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: connectionKeys.board() }),
      ]),
  });
}
