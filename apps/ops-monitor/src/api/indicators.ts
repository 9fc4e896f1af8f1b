import { keepPreviousData, useQuery, type QueryKey } from '@tanstack/react-query';
import {
  INDICATORS_SERVICE,
  indicatorDefinitionListSchema,
  indicatorItemPageSchema,
  indicatorRankingSchema,
  indicatorSummarySchema,
  indicatorTrendSchema,
  screenDataSchema,
  type IndicatorCode,
} from '@wb/contracts/indicators';
import type { ResponseSchema } from '@wb/sdk';
import { servicePath } from '@wb/contracts';
import { dropEmpty, useServiceClient } from '@wb/sdk/react';

export const indicatorKeys = {
  all: ['indicators'] as const,
  definitions: () => [...indicatorKeys.all, 'definitions'] as const,
  summary: (org: string | undefined, ym: string | undefined) => [...indicatorKeys.all, 'summary', org ?? '', ym ?? ''] as const,
  trend: (org: string | undefined, ym: string | undefined, code: IndicatorCode) => [...indicatorKeys.all, 'trend', org ?? '', ym ?? '', code] as const,
  ranking: (org: string | undefined, ym: string | undefined, code: IndicatorCode) => [...indicatorKeys.all, 'ranking', org ?? '', ym ?? '', code] as const,
  items: (org: string | undefined, ym: string | undefined, code: IndicatorCode, page: number) => [...indicatorKeys.all, 'items', org ?? '', ym ?? '', code, page] as const,
  screen: () => [...indicatorKeys.all, 'screen'] as const,
};

/** Base URL of the service as the gateway routes it (downloads go through the browser, with the session cookie). */
export const INDICATORS_BASE = servicePath(INDICATORS_SERVICE);

/** The view as query parameters: what is not chosen (`undefined`, `''`) is not sent (the SDK's `dropEmpty`). */
const query = (o: Record<string, string | number | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(dropEmpty(o)).map(([k, v]) => [k, String(v)]));

export const useIndicatorsClient = () => useServiceClient(INDICATORS_SERVICE.name);

export function useDefinitions() {
  const client = useIndicatorsClient();
  return useQuery({
    queryKey: indicatorKeys.definitions(),
    queryFn: ({ signal }) => client.get('/definitions', { schema: indicatorDefinitionListSchema, signal }),
    staleTime: 10 * 60_000,
  });
}

/**
 * A read of the view the screen shows (organisation and month, and the indicator where there is one): the previous
 * answer stays on screen while another month or unit loads.
 */
function useViewQuery<T>(queryKey: QueryKey, path: string, schema: ResponseSchema<T>, params: Record<string, string | number | undefined>) {
  const client = useIndicatorsClient();
  return useQuery({
    queryKey,
    queryFn: ({ signal }) => client.get(path, { schema, query: query(params), signal }),
    placeholderData: keepPreviousData,
  });
}

export const useSummary = (org: string | undefined, ym: string | undefined) => useViewQuery(indicatorKeys.summary(org, ym), '/summary', indicatorSummarySchema, { org, ym });

export const useTrend = (org: string | undefined, ym: string | undefined, code: IndicatorCode) => useViewQuery(indicatorKeys.trend(org, ym, code), '/trend', indicatorTrendSchema, { org, ym, code });

export const useRanking = (org: string | undefined, ym: string | undefined, code: IndicatorCode) =>
  useViewQuery(indicatorKeys.ranking(org, ym, code), '/ranking', indicatorRankingSchema, { org, ym, code });

export const useItems = (org: string | undefined, ym: string | undefined, code: IndicatorCode, page: number) =>
  useViewQuery(indicatorKeys.items(org, ym, code, page), '/items', indicatorItemPageSchema, { org, ym, code, page, pageSize: 20 });

export function useScreen() {
  const client = useIndicatorsClient();
  return useQuery({
    queryKey: indicatorKeys.screen(),
    queryFn: ({ signal }) => client.get('/screen', { schema: screenDataSchema, signal }),
    // Push (server-sent events) refreshes it; this poll is only the fallback while the stream is down.
    refetchInterval: 60_000,
  });
}

export const exportUrl = (org: string | undefined, ym: string | undefined): string => {
  const q = new URLSearchParams(query({ org, ym })).toString();
  return `${INDICATORS_BASE}/export${q ? `?${q}` : ''}`;
};
