import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { customerDetailSchema, customerSearchResultSchema } from '@wb/contracts';
import type { ServiceClient } from '@wb/sdk';
import { useServiceClient } from '@wb/sdk/react';
import type { SearchParams } from '../routes.ts';

export const PAGE_SIZE = 20;

/** At most this many matches in the home widget; the full search page has the rest. */
export const QUICK_SEARCH_PAGE_SIZE = 5;
/** The customer service's longest query (`customerSearchQuerySchema.q`). */
export const QUICK_SEARCH_MAX_LENGTH = 64;

/** Query keys hold every input of the request, so that each search and page is cached on its own. */
export const customerKeys = {
  all: ['customers'] as const,
  search: (params: SearchParams) => [...customerKeys.all, 'search', params] as const,
  quickSearch: (q: string) => [...customerKeys.all, 'quick-search', q] as const,
  detail: (consNo: string) => [...customerKeys.all, 'detail', consNo] as const,
};

/** The queries of 客户档案 as `queryOptions` (key and fetch together), for hooks, prefetching and tests. */
export const customerQueries = {
  search: (client: ServiceClient, params: SearchParams) =>
    queryOptions({
      queryKey: customerKeys.search(params),
      queryFn: ({ signal }) =>
        client.get('/customers', {
          query: { q: params.q, field: params.field === 'auto' ? undefined : params.field, page: params.page, pageSize: PAGE_SIZE },
          schema: customerSearchResultSchema,
          signal,
        }),
    }),
  quickSearch: (client: ServiceClient, q: string) =>
    queryOptions({
      queryKey: customerKeys.quickSearch(q),
      queryFn: ({ signal }) =>
        client.get('/customers', {
          // `auto`: 户号 prefix, phone, 户名 or address, as the service reads one box (customer/search-sql.ts).
          query: { q, page: 1, pageSize: QUICK_SEARCH_PAGE_SIZE },
          schema: customerSearchResultSchema,
          signal,
        }),
    }),
  detail: (client: ServiceClient, consNo: string) =>
    queryOptions({
      queryKey: customerKeys.detail(consNo),
      queryFn: ({ signal }) => client.get(`/customers/${encodeURIComponent(consNo)}`, { schema: customerDetailSchema, signal }),
    }),
};

/** 客户查询: one page of matches. Disabled for an empty query; keeps the previous page on screen while paging. */
export function useCustomerSearch(params: SearchParams) {
  const client = useServiceClient('customer');
  const q = params.q.trim();
  return useQuery({ ...customerQueries.search(client, { ...params, q }), enabled: q !== '', placeholderData: keepPreviousData });
}

/** The home widget's search (户号, 户名, phone or address); disabled while the query is empty. */
export function useQuickSearch(q: string) {
  const client = useServiceClient('customer');
  return useQuery({ ...customerQueries.quickSearch(client, q), enabled: q !== '' });
}

/** 客户档案 of one 户号, with its meters. */
export function useCustomerDetail(consNo: string, enabled: boolean) {
  const client = useServiceClient('customer');
  return useQuery({ ...customerQueries.detail(client, consNo), enabled });
}
