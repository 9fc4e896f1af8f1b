import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CUSTOMER_PORTAL_SERVICE,
  reconciliationSchema,
  staffCustomerDetailSchema,
  staffCustomerPageSchema,
  staffCustomerSchema,
  type StaffCustomer,
  type StaffCustomerQuery,
} from '@wb/contracts/customer-portal';
import { useServiceClient } from '@wb/sdk/react';

/**
 * 掌上电力 accounts as staff administer them (customer-portal's `/staff/…` routes, `df:portal:manage`, ADR 0060), and
 * the online payments' daily reconciliation (`/reconciliation`, `df:pay:reverse`).
 */
export const portalKeys = {
  all: ['portal-accounts'] as const,
  list: (query: StaffCustomerQuery) => [...portalKeys.all, 'list', query] as const,
  detail: (id: string) => [...portalKeys.all, 'detail', id] as const,
  reconciliation: (date: string) => [...portalKeys.all, 'reconciliation', date] as const,
};

const usePortalClient = () => useServiceClient(CUSTOMER_PORTAL_SERVICE.name);

export function usePortalAccounts(query: StaffCustomerQuery) {
  const client = usePortalClient();
  return useQuery({
    queryKey: portalKeys.list(query),
    queryFn: ({ signal }) =>
      client.get('/staff/customers', {
        schema: staffCustomerPageSchema,
        signal,
        query: { q: query.q || undefined, status: query.status, page: query.page, pageSize: query.pageSize },
      }),
    placeholderData: keepPreviousData,
  });
}

export function usePortalAccount(id: string | null) {
  const client = usePortalClient();
  return useQuery({
    queryKey: portalKeys.detail(id ?? ''),
    queryFn: ({ signal }) => client.get(`/staff/customers/${id}`, { schema: staffCustomerDetailSchema, signal }),
    enabled: id !== null,
  });
}

export function useReconciliation(date: string | null) {
  const client = usePortalClient();
  return useQuery({
    queryKey: portalKeys.reconciliation(date ?? ''),
    queryFn: ({ signal }) => client.get('/reconciliation', { schema: reconciliationSchema, signal, query: { date: date ?? '' } }),
    enabled: date !== null,
  });
}

/** 停用 / 启用 and unbinding: If-Match the account's version; every list and the account refresh after. */
export function usePortalAccountChange() {
  const client = usePortalClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: { customer: StaffCustomer } & ({ kind: 'status'; status: StaffCustomer['status']; reason: string } | { kind: 'unbind'; consNo: string; reason: string })) =>
      change.kind === 'status'
        ? client.post(`/staff/customers/${change.customer.id}/status`, { status: change.status, reason: change.reason }, { schema: staffCustomerSchema, ifMatch: change.customer.version })
        : client.post(`/staff/customers/${change.customer.id}/unbind`, { consNo: change.consNo, reason: change.reason }, { schema: staffCustomerSchema, ifMatch: change.customer.version }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: portalKeys.all }),
  });
}
