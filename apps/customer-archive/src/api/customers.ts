import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { customerDetailSchema, customerSearchResultSchema } from '@wb/contracts';
import { useServiceClient } from '@wb/sdk/react';
import type { SearchParams } from '../routes.ts';

export const PAGE_SIZE = 20;

/** Query keys hold every input of the request, so that each search and page is cached on its own. */
export const customerKeys = {
  search: (params: SearchParams) => ['customers', 'search', params] as const,
  detail: (consNo: string) => ['customers', 'detail', consNo] as const,
};

/** 客户查询: one page of matches. Disabled for an empty query; keeps the previous page on screen while paging. */
export function useCustomerSearch(params: SearchParams) {
  const client = useServiceClient('customer');
  const q = params.q.trim();
  return useQuery({
    queryKey: customerKeys.search({ ...params, q }),
    queryFn: ({ signal }) =>
      client.get('/customers', {
        query: { q, field: params.field === 'auto' ? undefined : params.field, page: params.page, pageSize: PAGE_SIZE },
        schema: customerSearchResultSchema,
        signal,
      }),
    enabled: q !== '',
    placeholderData: keepPreviousData,
  });
}

/** 客户档案 of one 户号, with its meters. */
export function useCustomerDetail(consNo: string, enabled: boolean) {
  const client = useServiceClient('customer');
  return useQuery({
    queryKey: customerKeys.detail(consNo),
    queryFn: ({ signal }) =>
      client.get(`/customers/${encodeURIComponent(consNo)}`, { schema: customerDetailSchema, signal }),
    enabled,
  });
}
