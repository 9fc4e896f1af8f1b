import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CUSTOMER_PORTAL_SERVICE,
  codeSentSchema,
  customerMeSchema,
  payOrderSchema,
  portalAccountSchema,
  portalApplicationSchema,
  portalOutageListSchema,
  portalPaymentListSchema,
  portalTicketListSchema,
  portalTicketSchema,
  type CustomerMe,
} from '@wb/contracts/customer-portal';
import { servicePath } from '@wb/contracts';
import { ResponseError } from '@wb/sdk';
import { useServiceClient } from '@wb/sdk/react';

export const keys = {
  me: ['cp', 'me'] as const,
  account: (consNo: string) => ['cp', 'account', consNo] as const,
  payments: (consNo: string) => ['cp', 'payments', consNo] as const,
  outages: (consNo: string) => ['cp', 'outages', consNo] as const,
  repairs: (consNo: string) => ['cp', 'repairs', consNo] as const,
  order: (no: string) => ['cp', 'order', no] as const,
};

export const useClient = () => useServiceClient(CUSTOMER_PORTAL_SERVICE.name);
/** The service's base URL (links the browser opens itself: the receipt PDF). */
export const BASE = servicePath(CUSTOMER_PORTAL_SERVICE);

/** The signed-in customer; `null` when signed out (401), never an error screen. */
export function useMe() {
  const client = useClient();
  return useQuery({
    queryKey: keys.me,
    queryFn: async ({ signal }): Promise<CustomerMe | null> => {
      try {
        return await client.get('/me', { schema: customerMeSchema, signal });
      } catch (error) {
        if (error instanceof ResponseError && error.status === 401) return null;
        throw error;
      }
    },
    retry: false,
  });
}

export function useAccount(consNo: string) {
  const client = useClient();
  return useQuery({ queryKey: keys.account(consNo), queryFn: ({ signal }) => client.get(`/accounts/${consNo}`, { schema: portalAccountSchema, signal }) });
}

export function usePayments(consNo: string) {
  const client = useClient();
  return useQuery({ queryKey: keys.payments(consNo), queryFn: ({ signal }) => client.get(`/accounts/${consNo}/payments`, { schema: portalPaymentListSchema, signal }) });
}

export function useOutages(consNo: string) {
  const client = useClient();
  return useQuery({ queryKey: keys.outages(consNo), queryFn: ({ signal }) => client.get(`/accounts/${consNo}/outages`, { schema: portalOutageListSchema, signal }) });
}

export function useRepairs(consNo: string) {
  const client = useClient();
  return useQuery({ queryKey: keys.repairs(consNo), queryFn: ({ signal }) => client.get(`/accounts/${consNo}/repairs`, { schema: portalTicketListSchema, signal }) });
}

/** A payment order; while unpaid it is asked again (the server queries the provider when no notification came). */
export function useOrder(outTradeNo: string) {
  const client = useClient();
  return useQuery({
    queryKey: keys.order(outTradeNo),
    queryFn: ({ signal }) => client.get(`/pay-orders/${outTradeNo}`, { schema: payOrderSchema, signal }),
    refetchInterval: (q) => (q.state.data?.status === 'CREATED' ? 1500 : false),
  });
}

export function useApplication() {
  const client = useClient();
  return useMutation({ mutationFn: (appNo: string) => client.get(`/applications/${encodeURIComponent(appNo)}`, { schema: portalApplicationSchema }) });
}

export function useSendCode() {
  const client = useClient();
  return useMutation({ mutationFn: (phone: string) => client.post('/login-codes', { phone }, { schema: codeSentSchema }) });
}

export function useLogin() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { phone: string; code: string } | { phone: string; password: string }) => client.post('/login', body, { schema: customerMeSchema }),
    onSuccess: (me) => qc.setQueryData(keys.me, me),
  });
}

export function useLogout() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => client.post('/logout', {}), onSuccess: () => qc.setQueryData(keys.me, null) });
}

export function useBindingCode() {
  const client = useClient();
  return useMutation({ mutationFn: (b: { consNo: string; holderName: string }) => client.post('/binding-codes', b, { schema: codeSentSchema }) });
}

export function useBind() {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { consNo: string; holderName: string; code: string }) => client.post('/bindings', b),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.me }),
  });
}

export function useCreateOrder() {
  const client = useClient();
  return useMutation({
    mutationFn: (v: { consNo: string; receivableIds?: string[]; key: string; returnPath: string }) =>
      client.post('/pay-orders', { consNo: v.consNo, ...(v.receivableIds ? { receivableIds: v.receivableIds } : {}), returnPath: v.returnPath }, { schema: payOrderSchema, idempotencyKey: v.key }),
  });
}

export function useReportFault(consNo: string) {
  const client = useClient();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { content: string; key: string }) => client.post('/repairs', { consNo, content: v.content }, { schema: portalTicketSchema, idempotencyKey: v.key }),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.repairs(consNo) }),
  });
}
