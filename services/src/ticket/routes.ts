/**
 * HTTP routes of ticket service v1, relative to its mount point (`/api/svc/ticket/v1`). Writes on a ticket are
 * domain operations (`POST /tickets/{no}/dispatch:complete`), never table updates; each declares its permission
 * and applies the `ticket` data scope (out of scope → 404). Phones and 证件号 are masked in every answer; the
 * reveal is its own permission and is audited.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { KF_OUTAGE_MANAGE, KF_PII_REVEAL, KF_SLA_MANAGE, KF_TICKET_ACCEPT, KF_TICKET_DISPATCH, KF_TICKET_HANDLE, KF_TICKET_REVISIT, KF_TICKET_SUPERVISE, KF_TICKET_VIEW } from '@wb/contracts/ticket';
import {
  createTicketSchema,
  currentCallSchema,
  incomingCallSchema,
  knowledgeQuerySchema,
  lookupQuerySchema,
  outageQuerySchema,
  outageRequestSchema,
  precheckQuerySchema,
  simulateCallSchema,
  slaRuleKeySchema,
  slaRuleUpdateSchema,
  superviseRequestSchema,
  ticketListQuerySchema,
  ticketNoSchema,
  urgeRequestSchema,
  type Call,
  type CreateTicketResult,
  type TicketDetail,
  type TicketStats,
  type TicketStepNode,
} from '@wb/contracts/ticket';
import { ErrorCode } from '@wb/contracts';
import { AppError, bodyOrEmpty, idempotencyKeyOf, ifMatchVersion, principalOf, requires, withEtag } from '@wb/server-kit';
import type { WorkflowEngine } from '../workflow/index.ts';
import type { TicketDesk } from './desk.ts';
import { cstDayStart, type OperationContext, type TicketOperations } from './operations.ts';
import { listTickets, statCounts, toSummary } from './repository.ts';
import type { TicketScopeResolver } from './scope.ts';
import { listSlaRuleEntries, resetSlaRule, saveSlaRule, type SlaRuleWrite } from './sla-admin.ts';

export interface TicketRouteDeps {
  operations: TicketOperations;
  desk: TicketDesk;
  engine: WorkflowEngine;
  resolveScope: TicketScopeResolver;
}


/** The permission of each step: 派单 and 审核 the dispatcher's, 接单/到达/回单 the 供电所's, 回访 the 回访员's. */
const STEP_PERMISSIONS: Record<TicketStepNode, string> = {
  dispatch: KF_TICKET_DISPATCH,
  accept: KF_TICKET_HANDLE,
  arrive: KF_TICKET_HANDLE,
  handle: KF_TICKET_HANDLE,
  review: KF_TICKET_DISPATCH,
  revisit: KF_TICKET_REVISIT,
};

/** `:no` of the ticket routes, validated before the handler (400 with the field's message). */
const ticketParams = z.strictObject({ no: ticketNoSchema });
const outageParams = z.strictObject({ id: z.string() });

export function registerTicketRoutes(app: FastifyInstance, deps: TicketRouteDeps): void {
  const { operations, desk } = deps;
  // Routes with a zod route schema (query, params, body validated before the handler; ADR 0026's 400 shape).
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const context = (request: FastifyRequest, withVersion: boolean): OperationContext => ({
    actor: principalOf(request),
    scope: deps.resolveScope(request),
    // Steps require If-Match (428 after the scope check); 催办 and 督办 only add, and check it when sent.
    version: ifMatchVersion(request),
    versionRequired: withVersion,
  });
  /** Answers the ticket as it is after the operation committed, with its version as ETag. */
  const send = async (request: FastifyRequest, reply: FastifyReply, ticketNo: string, status = 200): Promise<TicketDetail> => {
    const detail = await operations.detail(ticketNo, deps.resolveScope(request), principalOf(request));
    if (!detail) throw new AppError(404, ErrorCode.NotFound, '未找到该工单');
    return withEtag(reply, detail, status);
  };

  // ---- calls and lookup ----------------------------------------------------------------------------------------
  routes.post('/calls', { config: requires(KF_TICKET_ACCEPT), schema: { body: bodyOrEmpty(incomingCallSchema) } }, async (request, reply): Promise<Call> => {
    const { callerNo, agent } = request.body;
    const call = await desk.incomingCall(callerNo, agent, deps.resolveScope(request), false);
    void reply.status(201);
    return call;
  });
  routes.post('/calls::simulate', { config: requires(KF_TICKET_ACCEPT), schema: { body: bodyOrEmpty(simulateCallSchema) } }, async (request, reply): Promise<Call> => {
    const { callerNo } = request.body;
    const principal = principalOf(request);
    const call = await desk.incomingCall(await desk.simulatedCallerNo(callerNo), principal.username, deps.resolveScope(request), true);
    void reply.status(201);
    return call;
  });
  app.get('/calls/current', { config: requires(KF_TICKET_ACCEPT) }, async (request) =>
    currentCallSchema.parse({ call: await desk.currentCall(principalOf(request).username, deps.resolveScope(request), cstDayStart(app.now())) }),
  );
  routes.get('/lookup', { config: requires(KF_TICKET_ACCEPT), schema: { querystring: lookupQuerySchema } }, async (request) => {
    return desk.lookup(request.query.q, deps.resolveScope(request));
  });

  // ---- tickets -------------------------------------------------------------------------------------------------
  routes.post('/tickets', { config: requires(KF_TICKET_ACCEPT), schema: { body: bodyOrEmpty(createTicketSchema) } }, async (request, reply): Promise<CreateTicketResult> => {
    const input = request.body;
    const { ticketNo, merged, replayed } = await operations.create(context(request, false), input, { idempotencyKey: idempotencyKeyOf(request) });
    const ticket = await send(request, reply, ticketNo, merged || replayed ? 200 : 201);
    return { ticket, merged };
  });
  routes.get('/tickets', { config: requires(KF_TICKET_VIEW), schema: { querystring: ticketListQuerySchema } }, async (request) => {
    const query = request.query;
    const now = app.now();
    const { rows, total } = await listTickets(app.db, query, deps.resolveScope(request), principalOf(request).username, now);
    return { items: rows.map((r) => toSummary(r, now)), total, page: query.page, pageSize: query.pageSize };
  });
  routes.get('/tickets/:no', { config: requires(KF_TICKET_VIEW), schema: { params: ticketParams } }, async (request, reply) => send(request, reply, request.params.no));

  // Fastify reads `:` as a parameter marker; `::` is a literal colon (`/tickets/:no/dispatch::complete`).
  for (const node of Object.keys(STEP_PERMISSIONS) as TicketStepNode[]) {
    // The body depends on the step and the ticket's type: the operation validates it (ticket/operations.ts).
    routes.post(`/tickets/:no/${node}::complete`, { config: requires(STEP_PERMISSIONS[node]), schema: { params: ticketParams } }, async (request, reply) =>
      send(request, reply, await operations.completeStep(context(request, true), request.params.no, node, request.body)),
    );
  }
  routes.post('/tickets/:no/urge', { config: requires(KF_TICKET_ACCEPT), schema: { params: ticketParams, body: bodyOrEmpty(urgeRequestSchema) } }, async (request, reply) => {
    return send(request, reply, await operations.urge(context(request, false), request.params.no, request.body.reason));
  });
  routes.post('/tickets/:no/supervise', { config: requires(KF_TICKET_SUPERVISE), schema: { params: ticketParams, body: bodyOrEmpty(superviseRequestSchema) } }, async (request, reply) => {
    return send(request, reply, await operations.supervise(context(request, false), request.params.no, request.body.reason));
  });
  routes.post('/tickets/:no/reveal', { config: requires(KF_PII_REVEAL), schema: { params: ticketParams } }, async (request) => {
    const ticketNo = request.params.no;
    const revealed = await operations.reveal(deps.resolveScope(request), ticketNo);
    // Awaited: the reveal is answered only once its audit record is written (the audit viewer shows it).
    await app.audit(request, {
      action: 'ticket.pii.reveal',
      target: `ticket ${ticketNo}`,
      result: 'success',
      detail: { ticketNo, fields: ['callerNo', 'contactPhone', ...(revealed.certNo ? ['certNo'] : [])] },
    });
    return revealed;
  });

  // ---- outages, precheck, knowledge, configuration, widgets --------------------------------------------------
  routes.get('/outages', { config: requires(KF_TICKET_VIEW), schema: { querystring: outageQuerySchema } }, async (request) =>
    desk.listOutages(request.query),
  );
  routes.post('/outages', { config: requires(KF_OUTAGE_MANAGE), schema: { body: bodyOrEmpty(outageRequestSchema) } }, async (request, reply) => {
    const input = request.body;
    return withEtag(reply, await desk.createOutage(input, principalOf(request).username, deps.resolveScope(request)), 201);
  });
  routes.put('/outages/:id', { config: requires(KF_OUTAGE_MANAGE), schema: { params: outageParams, body: bodyOrEmpty(outageRequestSchema) } }, async (request, reply) => {
    const input = request.body;
    return withEtag(reply, await desk.updateOutage(request.params.id, input, ifMatchVersion(request), deps.resolveScope(request)));
  });
  routes.get('/precheck', { config: requires(KF_TICKET_VIEW), schema: { querystring: precheckQuerySchema } }, async (request) => {
    return desk.precheck(request.query.consNo, deps.resolveScope(request));
  });
  routes.get('/knowledge', { config: requires(KF_TICKET_VIEW), schema: { querystring: knowledgeQuerySchema } }, async (request) => {
    return { items: await desk.knowledge(request.query.q) };
  });
  app.get('/config', { config: requires(KF_TICKET_VIEW) }, async () => desk.config());

  // ---- 工单时限配置 (ADR 0039): operators' overrides of the default limits, If-Match, audited -------------------
  const slaKeyParams = z.strictObject({ key: slaRuleKeySchema });
  const answerRule = async (request: FastifyRequest, reply: FastifyReply, action: string, write: SlaRuleWrite) => {
    // Awaited: the change is answered once its audit record (with the limits before and after) is written.
    await app.audit(request, { action, target: `sla-rule ${write.after.key}`, result: 'success', detail: { key: write.after.key, before: write.before.clocks, after: write.after.clocks } });
    return withEtag(reply, write.after);
  };
  routes.get('/admin/sla-rules', { config: requires(KF_SLA_MANAGE) }, async () => ({ items: await listSlaRuleEntries(app.db) }));
  routes.put('/admin/sla-rules/:key', { config: requires(KF_SLA_MANAGE), schema: { params: slaKeyParams, body: slaRuleUpdateSchema } }, async (request, reply) =>
    answerRule(request, reply, 'ticket.sla.update', await saveSlaRule(app.db, request.params.key, request.body, ifMatchVersion(request), principalOf(request).username, app.now())),
  );
  routes.delete('/admin/sla-rules/:key', { config: requires(KF_SLA_MANAGE), schema: { params: slaKeyParams } }, async (request, reply) =>
    answerRule(request, reply, 'ticket.sla.reset', await resetSlaRule(app.db, request.params.key, ifMatchVersion(request))),
  );
  app.get('/stats', { config: requires(KF_TICKET_VIEW) }, async (request): Promise<TicketStats> => {
    const principal = principalOf(request);
    const now = app.now();
    const counts = await statCounts(app.db, deps.resolveScope(request), principal.username, cstDayStart(now), now);
    // 待办: the ticket tasks the caller may act on now, by the engine's one assignment rule.
    let todo = 0;
    for (const processKey of ['kf-repair', 'kf-ticket']) {
      todo += (await deps.engine.inbox(app.db, principal, { box: 'todo', processKey, page: 1, pageSize: 1 })).total;
    }
    return { ...counts, todo };
  });
}
