import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  TICKET_SERVICE,
  callSchema,
  createTicketResultSchema,
  currentCallSchema,
  knowledgeListSchema,
  lookupResultSchema,
  outagePageSchema,
  precheckSchema,
  revealResultSchema,
  slaRuleEntrySchema,
  slaRuleListSchema,
  ticketConfigSchema,
  ticketDetailSchema,
  ticketPageSchema,
  ticketStatsSchema,
  type CreateTicketRequest,
  type SlaRuleUpdate,
  type TicketConfig,
  type TicketDetail,
  type TicketListQuery,
  type TicketStepNode,
} from '@wb/contracts/ticket';
import type { ServiceClient } from '@wb/sdk';
import { usePushEvent, useServiceClient } from '@wb/sdk/react';

/** Every query key of 客服工单, built here only (invalidation by prefix: `lists()` hits every view and filter). */
export const ticketKeys = {
  all: ['ticket'] as const,
  config: () => [...ticketKeys.all, 'config'] as const,
  lists: () => [...ticketKeys.all, 'list'] as const,
  list: (query: TicketListQuery) => [...ticketKeys.lists(), query] as const,
  detail: (no: string) => [...ticketKeys.all, 'detail', no] as const,
  currentCall: () => [...ticketKeys.all, 'call', 'current'] as const,
  lookup: (q: string) => [...ticketKeys.all, 'lookup', q] as const,
  precheck: (consNo: string) => [...ticketKeys.all, 'precheck', consNo] as const,
  customerOutages: (consNo: string) => [...ticketKeys.all, 'outages', 'customer', consNo] as const,
  knowledge: (q: string) => [...ticketKeys.all, 'knowledge', q] as const,
  stats: () => [...ticketKeys.all, 'stats'] as const,
  slaRules: () => [...ticketKeys.all, 'sla-rules'] as const,
};

/** A 供电所 a ticket may be routed to. */
export type UnitOption = TicketConfig['units'][number];

/** The queries of 客服工单 as `queryOptions` (key and fetch together). */
export const ticketQueries = {
  config: (client: ServiceClient) =>
    queryOptions({
      queryKey: ticketKeys.config(),
      queryFn: ({ signal }) => client.get('/config', { schema: ticketConfigSchema, signal }),
      staleTime: 10 * 60_000,
    }),
  list: (client: ServiceClient, query: TicketListQuery) =>
    queryOptions({
      queryKey: ticketKeys.list(query),
      queryFn: ({ signal }) => client.get('/tickets', { query: query as Record<string, string | number | undefined>, schema: ticketPageSchema, signal }),
    }),
  detail: (client: ServiceClient, no: string) =>
    queryOptions({
      queryKey: ticketKeys.detail(no),
      queryFn: ({ signal }) => client.get(`/tickets/${no}`, { schema: ticketDetailSchema, signal }),
    }),
  currentCall: (client: ServiceClient) =>
    queryOptions({
      queryKey: ticketKeys.currentCall(),
      queryFn: ({ signal }) => client.get('/calls/current', { schema: currentCallSchema, signal }),
    }),
  lookup: (client: ServiceClient, q: string) =>
    queryOptions({
      queryKey: ticketKeys.lookup(q),
      queryFn: ({ signal }) => client.get('/lookup', { query: { q }, schema: lookupResultSchema, signal }),
    }),
  precheck: (client: ServiceClient, consNo: string) =>
    queryOptions({
      queryKey: ticketKeys.precheck(consNo),
      queryFn: ({ signal }) => client.get('/precheck', { query: { consNo }, schema: precheckSchema, signal }),
    }),
  customerOutages: (client: ServiceClient, consNo: string) =>
    queryOptions({
      queryKey: ticketKeys.customerOutages(consNo),
      queryFn: ({ signal }) => client.get('/outages', { query: { consNo, pageSize: 20 }, schema: outagePageSchema, signal }),
    }),
  knowledge: (client: ServiceClient, q: string) =>
    queryOptions({
      queryKey: ticketKeys.knowledge(q),
      queryFn: ({ signal }) => client.get('/knowledge', { query: { q }, schema: knowledgeListSchema, signal }),
    }),
  stats: (client: ServiceClient) =>
    queryOptions({ queryKey: ticketKeys.stats(), queryFn: ({ signal }) => client.get('/stats', { schema: ticketStatsSchema, signal }) }),
  slaRules: (client: ServiceClient) =>
    queryOptions({ queryKey: ticketKeys.slaRules(), queryFn: ({ signal }) => client.get('/admin/sla-rules', { schema: slaRuleListSchema, signal }) }),
};

export const useTicketClient = () => useServiceClient(TICKET_SERVICE.name);

export function useTicketConfig() {
  return useQuery(ticketQueries.config(useTicketClient()));
}

export function useTickets(query: TicketListQuery, options: { refetchInterval?: number } = {}) {
  return useQuery({ ...ticketQueries.list(useTicketClient(), query), placeholderData: keepPreviousData, ...options });
}

export function useTicket(no: string) {
  return useQuery(ticketQueries.detail(useTicketClient(), no));
}

/**
 * How often the intake page asks for a ringing call while the shell's push stream is not connected (outside
 * the shell, or the server refused the stream); with the stream it asks only when told (ADR 0059).
 */
export const CALL_FALLBACK_POLL_MS = 10_000;

/**
 * The agent's ringing call. A call (CTI or 模拟来电) notifies the agent's seat, and a ticket change notifies its
 * people: each notification on the push stream asks again for the call and refreshes the ticket lists and
 * counts. Polling is the fallback only while the stream is down.
 */
export function useCurrentCall(enabled: boolean) {
  const queryClient = useQueryClient();
  const pushed = usePushEvent('notification', () => {
    if (!enabled) return;
    for (const queryKey of [ticketKeys.currentCall(), ticketKeys.lists(), ticketKeys.stats()]) void queryClient.invalidateQueries({ queryKey });
  });
  return useQuery({ ...ticketQueries.currentCall(useTicketClient()), enabled, refetchInterval: enabled && !pushed ? CALL_FALLBACK_POLL_MS : false });
}

export function useLookup(q: string) {
  return useQuery({ ...ticketQueries.lookup(useTicketClient(), q), enabled: q.trim().length >= 2 });
}

export function usePrecheck(consNo: string | null) {
  return useQuery({ ...ticketQueries.precheck(useTicketClient(), consNo ?? ''), enabled: !!consNo });
}

/** 停电信息 on the customer's 台区 (past, current and planned), newest first. */
export function useCustomerOutages(consNo: string) {
  return useQuery(ticketQueries.customerOutages(useTicketClient(), consNo));
}

export function useKnowledge(q: string, enabled: boolean) {
  return useQuery({ ...ticketQueries.knowledge(useTicketClient(), q), enabled, placeholderData: keepPreviousData });
}

export function useTicketStats() {
  return useQuery(ticketQueries.stats(useTicketClient()));
}

/** 模拟来电: the service rings this agent's seat with a seeded customer's number; the pop follows from the answer. */
export function useSimulateCall() {
  const client = useTicketClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => client.post('/calls:simulate', {}, { schema: callSchema }),
    onSuccess: (call) => {
      queryClient.setQueryData(ticketKeys.currentCall(), { call });
      void queryClient.invalidateQueries({ queryKey: ticketKeys.stats() });
    },
  });
}

/** 受理; one Idempotency-Key per form fill, so a retried submit registers one ticket (or one 催办). */
export function useCreateTicket() {
  const client = useTicketClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: CreateTicketRequest; idempotencyKey: string }) =>
      client.post('/tickets', body, { schema: createTicketResultSchema, idempotencyKey }),
    onSuccess: ({ ticket }) => {
      queryClient.setQueryData(ticketKeys.detail(ticket.no), ticket);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.stats() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.currentCall() }),
      ]);
    },
  });
}

export type TicketAction = `${TicketStepNode}:complete` | 'urge' | 'supervise';

/**
 * Any operation on one ticket (`dispatch:complete`, …, `urge`, `supervise`) with the version it saw. On success
 * the answer replaces the cached detail; on a refusal (412: someone else moved it on) the detail is fetched
 * again, so the page shows the current version instead of the stale one.
 */
export function useTicketAction(no: string) {
  const client = useTicketClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body, version }: { action: TicketAction; body: unknown; version: number }) =>
      client.post(`/tickets/${no}/${action}`, body, { schema: ticketDetailSchema, ifMatch: version }),
    onSuccess: (detail: TicketDetail) => {
      queryClient.setQueryData(ticketKeys.detail(no), detail);
    },
    onError: () => queryClient.invalidateQueries({ queryKey: ticketKeys.detail(no) }),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ticketKeys.lists() }),
        queryClient.invalidateQueries({ queryKey: ticketKeys.stats() }),
      ]),
  });
}

/**
 * 查看 the phones and 证件号 in clear: an audited read. Nothing is cached or invalidated: the clear values live
 * in the component that asked and vanish with it.
 */
export function useReveal(no: string) {
  const client = useTicketClient();
  return useMutation({ mutationFn: () => client.post(`/tickets/${no}/reveal`, {}, { schema: revealResultSchema }) });
}

/**
 * The 供电所 to route or re-route a ticket to: `units` of `GET /config` when the service lists them (requested from
 * the ticket service, docs/adr/0033-service-tickets-app.md; not in `ticketConfigSchema` yet, so read here with a
 * guard); otherwise none, and forms offer the ticket's own unit only.
 */
export function useUnits(): UnitOption[] {
  return useTicketConfig().data?.units ?? [];
}

export function useSlaRules() {
  return useQuery(ticketQueries.slaRules(useTicketClient()));
}

/**
 * 工单时限配置: override one rule (PUT) or return it to the default (DELETE), with the version seen as If-Match.
 * The rules and the configuration (`GET /config` carries the effective limits) are read again afterwards.
 */
export function useSlaRuleWrite(key: string) {
  const client = useTicketClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ body, version }: { body: SlaRuleUpdate | null; version: number }) =>
      body
        ? client.put(`/admin/sla-rules/${encodeURIComponent(key)}`, body, { schema: slaRuleEntrySchema, ifMatch: version })
        : client.delete(`/admin/sla-rules/${encodeURIComponent(key)}`, { schema: slaRuleEntrySchema, ifMatch: version }),
    onSettled: () =>
      Promise.all([queryClient.invalidateQueries({ queryKey: ticketKeys.slaRules() }), queryClient.invalidateQueries({ queryKey: ticketKeys.config() })]),
  });
}
