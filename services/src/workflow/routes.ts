/**
 * HTTP routes of workflow service v1 (relative; mounted at `/api/svc/workflow/v1`). Contract: @wb/contracts workflow.ts.
 *
 * Visibility of an instance (and of its tasks) for a request is the engine's one rule (`engine.mayRead`): a
 * participant (initiator, handler, assignee or candidate of the open task, copied user), a holder of
 * `wf:process:manage`, or a monitor (`wf:monitor:view`) whose data scope for resource type `wf_instance`
 * covers the instance's org path (without a `wf_instance` rule: their own org unit and below). A task is also
 * visible to its assignee and candidates. Invisible → 404, checked before anything about the task or instance
 * (If-Match 428/412, state 409, not a candidate 403); only the body's validation (400) comes first.
 *
 * Every body, query and path parameter is a zod route schema (ADR 0032, ADR 0036): Fastify validates it after
 * the access check and before the handler, with the house's 400 (`zodValidatorCompiler`), and the OpenAPI
 * document at `/api/docs` shows it.
 */
import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, WF_PROCESS_MANAGE, WF_TASK_HANDLE } from '@wb/contracts';
import { completeTaskRequestSchema, copyToRequestSchema, definitionVersionParamsSchema, deployRequestSchema, holidayQuerySchema, inboxQuerySchema, notificationQuerySchema, putHolidaysRequestSchema, reasonRequestSchema, returnTaskRequestSchema, startProcessRequestSchema, transferTaskRequestSchema } from '@wb/contracts/workflow';
import type { Holiday, InstanceDiagram, Notification, NotificationList, ProcessDefinition } from '@wb/contracts/workflow';
import { AppError, bodyOrEmpty, idempotencyKeyOf, idempotent, ifMatchVersion, isOrgPathUnder, preconditionRequired, principalOf } from '@wb/server-kit';
import type { Executor, IdempotencyStore, Principal, Queryable } from '@wb/server-kit';
import type { WorkflowEngineService } from './engine.ts';
import type { InstanceReadScope } from './engine-api.ts';
import type { InstanceRow } from './rows.ts';
import { iso } from './rows.ts';
import { unreadCount } from './unread.ts';
import * as dir from './directory.ts';
import { createDiagramCache } from './diagram-layout.ts';

/** Data-scope resource type of process instances (monitors). */
export const WF_INSTANCE_RESOURCE_TYPE = 'wf_instance';

const handle = { access: { permission: WF_TASK_HANDLE } };
const manage = { access: { permission: WF_PROCESS_MANAGE } };
const session = { access: 'session' as const };

/** `:id` of a task, instance or notification: looked up as given (an unknown id is the 404 of a missing one). */
const idParams = z.object({ id: z.string() });

function has(p: Principal, permission: string): boolean {
  return p.permissions.has('*') || p.permissions.has(permission);
}

/** `If-Match: "3"` → 3; absent or `*` → undefined; malformed → 400 (the server-kit rule, ADR 0026). */
const ifMatch = ifMatchVersion;

/** Idempotency records of `POST /instances` (server-kit `idempotent`): the first answer, exactly as sent. */
const START_IDEMPOTENCY: IdempotencyStore<{ status: number; response: string }> = {
  table: 'wf_idempotency',
  columns: ['status_code', 'response'],
  toRow: (answer) => [answer.status, answer.response],
  fromRow: (row) => ({ status: Number(row['status_code']), response: String(row['response']) }),
};

export function registerWorkflowRoutes(app: FastifyInstance, engine: WorkflowEngineService): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const laidOut = createDiagramCache();
  /** Runs a write in one transaction, then lets the outbox dispatcher publish what it committed (commit, then wake). */
  function write<T>(fn: (tx: Executor) => Promise<T>): Promise<T> {
    return engine.runInTransaction(app.db, fn);
  }

  /** The request's `wf_instance` data scope (monitors); null without the access model (tests of the service alone). */
  function readScope(request: FastifyRequest): InstanceReadScope | null {
    return app.hasDecorator('accessScope') ? app.accessScope(request, WF_INSTANCE_RESOURCE_TYPE) : null;
  }

  /**
   * The limits of the domain whose work an instance is (ADR 0021, docs/quality.md S18): outside the caller's data
   * scope of the domain → 404 like a missing one; without the domain's permission here (its app's zones and
   * channels, e.g. 业扩 from the internet zone) → 403, as the domain's own API answers.
   */
  function checkDomainLimits(p: Principal, processKey: string, orgPath: string, missing: string, candOrgPath?: string | null, businessKey?: string): void {
    const verdict = engine.domainLimits(p, processKey, orgPath, candOrgPath, businessKey);
    if (verdict === 'hidden') throw new AppError(404, ErrorCode.NotFound, missing);
    if (verdict === 'forbidden') throw new AppError(403, ErrorCode.NotAllowed, '没有访问权限');
  }

  /** The instance if the caller may read it (engine.mayRead and the domain's limits), else 404 — before any other check of an action. */
  async function visibleInstance(q: Queryable, request: FastifyRequest, instanceId: string): Promise<InstanceRow> {
    const p = principalOf(request);
    const inst = await engine.instanceRow(q, instanceId);
    if (!inst || engine.domainLimits(p, inst.process_key, inst.org_path, null, inst.business_key) === 'hidden' || !(await engine.mayRead(q, p, inst.id, readScope(request)))) {
      throw new AppError(404, ErrorCode.NotFound, '未找到该流程实例');
    }
    checkDomainLimits(p, inst.process_key, inst.org_path, '未找到该流程实例', null, inst.business_key);
    return inst;
  }

  /**
   * 404 unless the caller may see the task (its assignee or candidate, or a reader of its instance). Every task
   * action runs this first, so that a task outside the caller's view answers exactly like a missing one; only
   * then come 428/412 (If-Match), 409 (state) and 403 (visible, but not a candidate).
   */
  async function requireVisibleTask(q: Queryable, request: FastifyRequest, taskId: string): Promise<void> {
    const p = principalOf(request);
    const where = await engine.taskPlace(q, taskId);
    if (!where || engine.domainLimits(p, where.processKey, where.orgPath, where.candOrgPath, where.businessKey) === 'hidden' || !(await engine.mayReadTask(q, p, taskId, readScope(request)))) {
      throw new AppError(404, ErrorCode.NotFound, '未找到该任务');
    }
    checkDomainLimits(p, where.processKey, where.orgPath, '未找到该任务', where.candOrgPath, where.businessKey);
  }

  async function visibleTask(q: Queryable, request: FastifyRequest, taskId: string) {
    await requireVisibleTask(q, request, taskId);
    const task = await engine.getTask(q, taskId, principalOf(request));
    if (!task) throw new AppError(404, ErrorCode.NotFound, '未找到该任务');
    return task;
  }

  /** If-Match on task actions other than complete: checked when sent. */
  async function checkTaskVersion(tx: Queryable, request: FastifyRequest, taskId: string, required: boolean): Promise<number | undefined> {
    const expected = ifMatch(request);
    if (expected === undefined) {
      if (required) throw preconditionRequired();
      return undefined;
    }
    const task = await engine.getTask(tx, taskId);
    if (task && task.state !== 'COMPLETED' && task.state !== 'CANCELLED' && task.version !== expected) {
      throw new AppError(412, ErrorCode.PreconditionFailed, '任务已被修改，请刷新后重试');
    }
    return expected;
  }

  // ---- inbox and tasks -------------------------------------------------------------------------------

  routes.get('/inbox', { config: handle, schema: { querystring: inboxQuerySchema } }, async (request) =>
    engine.inbox(app.db, principalOf(request), request.query),
  );

  routes.get('/tasks/:id', { config: handle, schema: { params: idParams } }, async (request) => visibleTask(app.db, request, request.params.id));

  routes.post('/tasks/:id/claim', { config: handle, schema: { params: idParams } }, async (request) =>
    write(async (tx) => {
      await requireVisibleTask(tx, request, request.params.id);
      await checkTaskVersion(tx, request, request.params.id, false);
      return engine.claim(tx, principalOf(request), request.params.id);
    }),
  );

  routes.post('/tasks/:id/unclaim', { config: handle, schema: { params: idParams } }, async (request) =>
    write(async (tx) => {
      await requireVisibleTask(tx, request, request.params.id);
      await checkTaskVersion(tx, request, request.params.id, false);
      return engine.unclaim(tx, principalOf(request), request.params.id);
    }),
  );

  routes.post('/tasks/:id/complete', { config: handle, schema: { params: idParams, body: bodyOrEmpty(completeTaskRequestSchema) } }, async (request) => {
    const body = request.body;
    const expectedVersion = ifMatch(request);
    const openTasks = await write(async (tx) => {
      await requireVisibleTask(tx, request, request.params.id);
      if (expectedVersion === undefined) throw preconditionRequired();
      return engine.complete(tx, principalOf(request), request.params.id, { outcome: body.outcome, opinion: body.opinion, form: body.form, expectedVersion });
    });
    return { openTasks };
  });

  routes.post('/tasks/:id/transfer', { config: handle, schema: { params: idParams, body: bodyOrEmpty(transferTaskRequestSchema) } }, async (request) => {
    const body = request.body;
    return write(async (tx) => {
      await requireVisibleTask(tx, request, request.params.id);
      await checkTaskVersion(tx, request, request.params.id, false);
      return engine.transfer(tx, principalOf(request), request.params.id, body.toUsername, body.opinion);
    });
  });

  routes.post('/tasks/:id/return', { config: handle, schema: { params: idParams, body: bodyOrEmpty(returnTaskRequestSchema) } }, async (request) => {
    const body = request.body;
    const target = body.target === 'node' ? { kind: 'node' as const, nodeKey: body.nodeKey as string } : { kind: body.target };
    const openTasks = await write(async (tx) => {
      await requireVisibleTask(tx, request, request.params.id);
      await checkTaskVersion(tx, request, request.params.id, false);
      return engine.returnTo(tx, principalOf(request), request.params.id, target, body.opinion);
    });
    return { openTasks };
  });

  // ---- instances -------------------------------------------------------------------------------------

  routes.post('/instances', { config: handle, schema: { body: bodyOrEmpty(startProcessRequestSchema) } }, async (request, reply) => {
    const body = request.body;
    const p = principalOf(request);
    const idempotency = { username: p.username, key: idempotencyKeyOf(request), body, now: engine.now() };
    const { answer: result } = await write((tx) =>
      idempotent(tx, START_IDEMPOTENCY, idempotency, async () => {
        // A domain's process starts only through its domain (ADR 0021): 409 WB_ERR_DOMAIN_BOUND naming it.
        engine.requireStartable(body.processKey);
        const unit = await dir.orgUnit(tx, body.orgUnitCode);
        const inScope = !!unit && (has(p, WF_PROCESS_MANAGE) || isOrgPathUnder(unit.path, p.orgUnitPath) || p.posts.some((x) => x.orgUnitCode === unit.code));
        if (!inScope) throw new AppError(400, ErrorCode.BadRequest, '业务所属单位不在您的管辖范围内', { orgUnitCode: '业务所属单位不在您的管辖范围内' });
        const started = await engine.start(tx, p, body);
        return { status: 201, response: JSON.stringify({ instanceId: started.instanceId, openTasks: started.openTasks }) };
      }),
    );
    return reply.code(result.status).type('application/json; charset=utf-8').send(result.response);
  });

  routes.get('/instances/:id', { config: session, schema: { params: idParams } }, async (request) => {
    const inst = await visibleInstance(app.db, request, request.params.id);
    return engine.getInstance(app.db, inst.id, principalOf(request));
  });

  routes.get('/instances/:id/diagram', { config: session, schema: { params: idParams } }, async (request): Promise<InstanceDiagram> => {
    const inst = await visibleInstance(app.db, request, request.params.id);
    const detail = await engine.getInstance(app.db, inst.id);
    const [def] = await app.db.query<{ xml: string }>('SELECT xml FROM wf_definition WHERE key = $1 AND version = $2', [inst.process_key, inst.process_version]);
    // A definition deployed without DI is laid out here (bpmn-auto-layout, ADR 0036), so every client can draw it.
    const xml = def ? await laidOut(`${inst.process_key}@${inst.process_version}`, def.xml).catch((error: unknown) => {
      request.log.warn({ err: error, processKey: inst.process_key, version: inst.process_version }, 'process diagram layout failed');
      return def.xml;
    }) : '';
    return { processKey: inst.process_key, processVersion: inst.process_version, xml, doneNodes: detail?.doneNodes ?? [], currentNodes: detail?.currentNodes ?? [] };
  });

  routes.post('/instances/:id/withdraw', { config: handle, schema: { params: idParams } }, async (request) => {
    const openTasks = await write(async (tx) => {
      await visibleInstance(tx, request, request.params.id);
      return engine.withdraw(tx, principalOf(request), request.params.id);
    });
    return { openTasks };
  });

  for (const action of ['suspend', 'resume', 'terminate'] as const) {
    routes.post(`/instances/:id/${action}`, { config: handle, schema: { params: idParams, body: bodyOrEmpty(reasonRequestSchema) } }, async (request) => {
      const body = request.body;
      await write(async (tx) => {
        await visibleInstance(tx, request, request.params.id);
        await engine[action](tx, principalOf(request), request.params.id, body.reason);
      });
      await app.audit(request, { action: `workflow.instance.${action}`, target: request.params.id, result: 'success', detail: { reason: body.reason } });
      return engine.getInstance(app.db, request.params.id, principalOf(request));
    });
  }

  routes.post('/instances/:id/copy', { config: handle, schema: { params: idParams, body: bodyOrEmpty(copyToRequestSchema) } }, async (request) => {
    const body = request.body;
    await write(async (tx) => {
      await visibleInstance(tx, request, request.params.id);
      await engine.copyTo(tx, principalOf(request), request.params.id, body.usernames, body.opinion, readScope(request));
    });
    return { copied: [...new Set(body.usernames)] };
  });

  // ---- notifications ---------------------------------------------------------------------------------

  routes.get('/notifications', { config: session, schema: { querystring: notificationQuerySchema } }, async (request): Promise<NotificationList> => {
    const query = request.query;
    const p = principalOf(request);
    const rows = await app.db.query<{ id: string; kind: Notification['kind']; title: string; body: string; link: string | null; created_at: Date; read_at: Date | null }>(
      `SELECT id, kind, title, body, link, created_at, read_at FROM wf_notification
        WHERE username = $1 AND ($2::boolean = false OR read_at IS NULL) ORDER BY created_at DESC, id LIMIT $3`,
      [p.username, query.unreadOnly === 'true', query.limit],
    );
    return {
      items: rows.map((r) => ({ id: r.id, kind: r.kind, title: r.title, body: r.body, link: r.link, createdAt: iso(r.created_at) as string, readAt: iso(r.read_at) })),
      // At most 100 (99+, ADR 0091): asked again by every bell a push message reaches.
      unread: await unreadCount(app.db, p.username),
    };
  });

  routes.post('/notifications/:id/read', { config: session, schema: { params: idParams } }, async (request) => {
    const p = principalOf(request);
    const id = request.params.id;
    const valid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);
    const rows = valid
      ? await app.db.query<{ id: string }>('UPDATE wf_notification SET read_at = COALESCE(read_at, $3) WHERE id = $1 AND username = $2 RETURNING id', [id, p.username, engine.now()])
      : [];
    if (rows.length === 0) throw new AppError(404, ErrorCode.NotFound, '未找到该通知');
    return { id, read: true };
  });

  app.post('/notifications/read-all', { config: session }, async (request) => {
    const p = principalOf(request);
    const rows = await app.db.query('UPDATE wf_notification SET read_at = $2 WHERE username = $1 AND read_at IS NULL RETURNING id', [p.username, engine.now()]);
    return { read: rows.length };
  });

  // ---- definitions and calendar ----------------------------------------------------------------------

  app.get('/definitions', { config: handle }, async (): Promise<{ items: ProcessDefinition[] }> => {
    const rows = await app.db.query<{ key: string; name: string; version: number; deployed_at: Date; deployed_by: string; running: number }>(
      `SELECT d.key, d.name, d.version, d.deployed_at, d.deployed_by,
              (SELECT count(*)::int FROM wf_instance i WHERE i.process_key = d.key AND i.process_version = d.version AND i.status IN ('RUNNING', 'SUSPENDED')) AS running
         FROM wf_definition d ORDER BY d.key, d.version DESC`,
    );
    return { items: rows.map((r) => ({ key: r.key, name: r.name, version: r.version, deployedAt: iso(r.deployed_at) as string, deployedBy: r.deployed_by, running: r.running })) };
  });

  // Contract params: a version beyond int4 (`1e30`, `99999999999`) is a 400, never a database error (issue 9 item 8).
  routes.get('/definitions/:key/:version/xml', { config: handle, schema: { params: definitionVersionParamsSchema } }, async (request, reply) => {
    const { key, version } = request.params;
    const rows = await app.db.query<{ xml: string }>('SELECT xml FROM wf_definition WHERE key = $1 AND version = $2', [key, version]);
    if (!rows[0]) throw new AppError(404, ErrorCode.NotFound, '未找到该流程定义版本');
    // Content negotiation: JSON clients (the SDK asks for application/json) get `{ key, version, xml }`.
    const accept = String(request.headers.accept ?? '');
    if (accept.includes('application/json') && !accept.includes('xml')) return { key, version, xml: rows[0].xml };
    return reply.type('application/xml; charset=utf-8').send(rows[0].xml);
  });

  routes.post('/definitions', { config: manage, schema: { body: bodyOrEmpty(deployRequestSchema) } }, async (request, reply) => {
    const body = request.body;
    const p = principalOf(request);
    const deployed = await write((tx) => engine.deploy(tx, p, body.xml));
    await app.audit(request, { action: 'workflow.definition.deploy', target: `${deployed.key}@${deployed.version}`, result: 'success' });
    return reply.code(201).send(deployed);
  });

  routes.get('/holidays', { config: manage, schema: { querystring: holidayQuerySchema } }, async (request): Promise<{ items: Holiday[] }> => {
    const query = request.query;
    const rows = await app.db.query<{ date: string; name: string; workday: boolean }>(
      `SELECT date, name, workday FROM wf_holiday WHERE ($1::int IS NULL OR extract(year FROM date)::int = $1) ORDER BY date`,
      [query.year ?? null],
    );
    return { items: rows.map((r) => ({ date: String(r.date), name: r.name, workday: r.workday })) };
  });

  routes.put('/holidays', { config: manage, schema: { body: bodyOrEmpty(putHolidaysRequestSchema) } }, async (request): Promise<{ items: Holiday[] }> => {
    const body = request.body;
    const years = [...new Set([...body.years, ...body.items.map((h) => Number(h.date.slice(0, 4)))])];
    for (const h of body.items) {
      const d = new Date(`${h.date}T00:00:00Z`);
      if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== h.date) {
        throw new AppError(400, ErrorCode.BadRequest, `日期 ${h.date} 不存在`, { items: `日期 ${h.date} 不存在` });
      }
    }
    if (new Set(body.items.map((h) => h.date)).size !== body.items.length) throw new AppError(400, ErrorCode.BadRequest, '日期有重复', { items: '日期有重复' });
    await write(async (tx) => {
      await tx.query('DELETE FROM wf_holiday WHERE extract(year FROM date)::int = ANY($1::int[])', [years]);
      for (const h of body.items) await tx.query('INSERT INTO wf_holiday (date, name, workday) VALUES ($1, $2, $3)', [h.date, h.name, h.workday]);
    });
    engine.invalidateHolidays();
    await app.audit(request, { action: 'workflow.holidays.update', target: years.join(','), result: 'success', detail: { count: body.items.length } });
    const rows = await app.db.query<{ date: string; name: string; workday: boolean }>('SELECT date, name, workday FROM wf_holiday WHERE extract(year FROM date)::int = ANY($1::int[]) ORDER BY date', [years]);
    return { items: rows.map((r) => ({ date: String(r.date), name: r.name, workday: r.workday })) };
  });
}
