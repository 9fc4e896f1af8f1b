import { queryOptions, useQuery } from '@tanstack/react-query';
import { customerSearchResultSchema } from '@wb/contracts';
import type { ServiceClient } from '@wb/sdk';
import { useServiceClient } from '@wb/sdk/react';

/** Query keys hold every input of the request (TanStack Query key factory). */
export const customerKeys = {
  all: ['customers'] as const,
  search: (q: string) => [...customerKeys.all, 'search', q] as const,
};

export const customerQueries = {
  search: (client: ServiceClient, q: string) =>
    queryOptions({
      queryKey: customerKeys.search(q),
      // The manifest declares the service; the shell gives its gateway base URL (`/api/svc/customer/v1`).
      queryFn: ({ signal }) => client.get('/customers', { query: { q, page: 1, pageSize: 10 }, schema: customerSearchResultSchema, signal }),
    }),
};

export function useCustomerSearch(q: string) {
  const client = useServiceClient('customer');
  return useQuery({ ...customerQueries.search(client, q), enabled: q.trim() !== '' });
}
