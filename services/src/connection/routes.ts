/**
 * HTTP routes of connection service v1, relative to its mount point (`/api/svc/connection/v1`). Writes are
 * domain operations (`POST /applications/{no}/survey:complete`), never table updates; each declares its
 * permission and applies the `yk_apply` data scope (out of scope → 404).
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { CONNECTION_NODES, STEP_SCHEMAS, YK_ACCEPT, YK_BOARD, YK_HANDLE, YK_VIEW, acceptResubmitSchema, applicationListQuerySchema, applicationNoSchema, createApplicationRequestSchema, duplicateCheckRequestSchema, returnApplicationSchema, suspendApplicationSchema, tgQuerySchema, type ApplicationDetail, type Board, type CapacityOption, type DuplicateCheck, type StepNode } from '@wb/contracts/connection';
import { ErrorCode } from '@wb/contracts';
import { type SlaState } from '@wb/contracts/workflow';
import { AppError, idempotencyKeyOf, ifMatchVersion, isOrgPathUnder, orgPathInScope, parseOrThrow, principalOf, requires, withEtag } from '@wb/server-kit';
import { compactAddress, customersAtAddress, publicTgsOf, supplyUnitOf } from '../customer/index.ts';
import type { ConnectionOperations, OperationContext } from './operations.ts';
import { boardRows, listApplications, listLines, reservedCapacity, toSummary } from './repository.ts';
import type { ApplicationScope, ApplicationScopeResolver } from './scope.ts';


export interface ConnectionRouteDeps {
  operations: ConnectionOperations;
  resolveScope: ApplicationScopeResolver;
}

const SLA_STATES: SlaState[] = ['NORMAL', 'WARNING', 'OVERDUE', 'PAUSED'];

/** `:no` as a route schema; its form is checked by `appNoOf` inside the handler, after If-Match (as before). */
const noParams = z.object({ no: z.string() });

function appNoOf(request: { params: { no: string } }): string {
  return parseOrThrow(applicationNoSchema, request.params.no);
}

/**
 * A county's lines are visible to whoever sees the county or any unit in it. Org codes follow the SG scheme
 * (5-digit city, 7-digit county: docs/glossary.md (org units)), so the county's path is derived from its code.
 */
function countyVisible(countyCode: string, scope: ApplicationScope | undefined): boolean {
  if (!scope) return true;
  const countyPath = `/${countyCode.slice(0, 5)}/${countyCode}`;
  return orgPathInScope(countyPath, scope) || [...scope.orgPaths, ...scope.exactOrgPaths].some((p) => p !== countyPath && isOrgPathUnder(p, countyPath));
}

const STEP_NODES = Object.keys(STEP_SCHEMAS) as StepNode[];

export function registerConnectionRoutes(app: FastifyInstance, deps: ConnectionRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { operations } = deps;
  const context = (request: FastifyRequest, withVersion: boolean): OperationContext => ({
    actor: principalOf(request),
    scope: deps.resolveScope(request),
    // The server-kit rule (ADR 0026): malformed → 400 here; absent → 428 in the operation, after the scope
    // check, so that an application out of scope is a 404 first.
    version: withVersion ? ifMatchVersion(request) : undefined,
    versionRequired: withVersion,
  });
  /** Answers the application as it is after the operation committed, with its version as ETag. */
  const send = async (request: FastifyRequest, reply: FastifyReply, appNo: string, status = 200): Promise<ApplicationDetail> => {
    const detail = await operations.detail(appNo, deps.resolveScope(request), principalOf(request));
    if (!detail) throw new AppError(404, ErrorCode.NotFound, '未找到该业扩申请');
    return withEtag(reply, detail, status);
  };

  routes.post('/applications', { config: requires(YK_ACCEPT), schema: { body: createApplicationRequestSchema } }, async (request, reply) => {
    const input = request.body;
    const { appNo, replayed } = await operations.create(context(request, false), input, { idempotencyKey: idempotencyKeyOf(request) });
    return send(request, reply, appNo, replayed ? 200 : 201);
  });

  /**
   * 重复申请检查 (issue 17): applications in flight and customers on file with the new application's 证件 and
   * address, within the caller's data scope. A POST: 证件号码 stay out of URLs and access logs; nothing is written.
   */
  routes.post('/duplicate-checks', { config: requires(YK_ACCEPT), schema: { body: duplicateCheckRequestSchema } }, async (request): Promise<DuplicateCheck> => {
    const { certNo, consName, address } = request.body;
    const scope = deps.resolveScope(request);
    // The applications of this 证件 in scope (few), then the same address without whitespace.
    const { rows } = await listApplications(app.db, { certNo, page: 1, pageSize: 50 }, scope, app.now());
    const here = rows.map(toSummary).filter((a) => compactAddress(a.address) === compactAddress(address));
    const archived = here.flatMap((a) => (a.status === 'COMPLETED' && a.consNo ? [a.consNo] : []));
    const customers = (await customersAtAddress(app.db, address, consName, archived)).filter((c) => orgPathInScope(c.orgPath, scope));
    return {
      applications: here
        .filter((a) => a.status !== 'COMPLETED')
        .map((a) => ({ appNo: a.appNo, consName: a.consName, address: a.address, status: a.status, nodeName: a.nodeName })),
      customers: customers.map(({ consNo, name, address: at }) => ({ consNo, name, address: at })),
    };
  });

  routes.get('/applications', { config: requires(YK_VIEW), schema: { querystring: applicationListQuerySchema } }, async (request) => {
    const query = request.query;
    const { rows, total } = await listApplications(app.db, query, deps.resolveScope(request), app.now());
    return { items: rows.map(toSummary), total, page: query.page, pageSize: query.pageSize };
  });

  app.get<{ Params: { no: string } }>('/applications/:no', { config: requires(YK_VIEW) }, async (request, reply) =>
    send(request, reply, appNoOf(request)),
  );

  // Fastify reads `:` as a parameter marker; `::` is a literal colon (`/applications/:no/survey::complete`).
  for (const node of STEP_NODES) {
    app.post<{ Params: { no: string } }>(`/applications/:no/${node}::complete`, { config: requires(YK_HANDLE) }, async (request, reply) =>
      send(request, reply, await operations.completeStep(context(request, true), appNoOf(request), node, request.body)),
    );
  }
  routes.post('/applications/:no/accept::complete', { config: requires(YK_ACCEPT), schema: { params: noParams, body: acceptResubmitSchema } }, async (request, reply) => {
    const input = request.body;
    return send(request, reply, await operations.resubmit(context(request, true), appNoOf(request), input));
  });
  routes.post('/applications/:no/return', { config: requires(YK_HANDLE), schema: { params: noParams, body: returnApplicationSchema } }, async (request, reply) => {
    const input = request.body;
    return send(request, reply, await operations.returnTo(context(request, true), appNoOf(request), input));
  });
  // 客户原因暂停 and 恢复办理: the same body (the reason) and the same answer.
  for (const action of ['suspend', 'resume'] as const) {
    routes.post(`/applications/:no/${action}`, { config: requires(YK_HANDLE), schema: { params: noParams, body: suspendApplicationSchema } }, async (request, reply) =>
      send(request, reply, await operations[action](context(request, true), appNoOf(request), request.body.reason)),
    );
  }

  app.get('/board', { config: requires(YK_BOARD) }, async (request): Promise<Board> => {
    const { cells, attention } = await boardRows(app.db, deps.resolveScope(request), app.now());
    const counts = new Map(cells.map((c) => [`${c.node_key}|${c.sla_state}`, Number(c.n)]));
    const nodes = Object.keys(CONNECTION_NODES) as Array<keyof typeof CONNECTION_NODES>;
    return {
      cells: nodes.flatMap((nodeKey) =>
        SLA_STATES.map((slaState) => ({ nodeKey, nodeName: CONNECTION_NODES[nodeKey], slaState, count: counts.get(`${nodeKey}|${slaState}`) ?? 0 })),
      ),
      total: cells.reduce((sum, c) => sum + Number(c.n), 0),
      attention: attention.map(toSummary),
    };
  });

  /** 线路 of the counties in scope, with open capacity (for the high-voltage survey and scheme). */
  app.get('/lines', { config: requires(YK_VIEW) }, async (request): Promise<CapacityOption[]> => {
    const scope = deps.resolveScope(request);
    const lines = await listLines(app.db, undefined);
    return lines
      .filter((l) => countyVisible(l.county_code, scope))
      .map((l) => ({
        id: l.line_id,
        name: `${l.line_name}（${l.substation}）`,
        orgUnitCode: l.county_code,
        capacityKva: l.capacity_kva,
        openKva: Math.max(0, l.capacity_kva - l.connected_kva - Number(l.reserved)),
      }));
  });

  /** Public 台区 of a 供电所 in scope, with open capacity net of approved schemes (for the low-voltage survey). */
  routes.get('/tgs', { config: requires(YK_VIEW), schema: { querystring: tgQuerySchema } }, async (request): Promise<CapacityOption[]> => {
    const { orgUnitCode } = request.query;
    const unit = await supplyUnitOf(app.db, orgUnitCode);
    if (!unit || !orgPathInScope(unit.orgPath, deps.resolveScope(request))) throw new AppError(404, ErrorCode.NotFound, '未找到该供电所');
    const tgs = await publicTgsOf(app.db, orgUnitCode);
    return Promise.all(
      tgs.map(async (tg) => ({
        id: tg.tgId,
        name: tg.tgName,
        orgUnitCode: tg.orgUnitCode,
        capacityKva: tg.capacityKva,
        openKva: Math.max(0, Math.floor(tg.openKva - (await reservedCapacity(app.db, 'tg_id', tg.tgId, '')))),
      })),
    );
  });
}
