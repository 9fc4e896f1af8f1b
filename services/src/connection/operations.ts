/**
 * Domain operations of 业扩报装. Each one is a single transaction: lock the application (in scope, else 404),
 * check its version (If-Match, else 412) and state (else 409), find the engine's open task at the node and
 * check the actor may act on it (else 409 / 403), record the step and complete the task. Where the process
 * stands is never copied here: reads join the engine's read model (repository.ts).
 */
import { CONNECTION_NODES, CONNECTION_VARIANTS, STEP_SCHEMAS, variantOf, type ApplicationDetail, type StepNode } from '@wb/contracts/connection';
import { ErrorCode } from '@wb/contracts';
import { AppError, assertVersion, idempotent, orgPathInScope, parseOrThrow, preconditionRequired } from '@wb/server-kit';
import type { Db, IdempotencyStore, Queryable } from '@wb/server-kit';
import type { z } from 'zod';
import type { acceptResubmitSchema, createApplicationRequestSchema, returnApplicationSchema } from '@wb/contracts/connection';
import { supplyUnitOf } from '../customer/index.ts';
import { cstDate } from '../workflow/index.ts';
import type { WorkflowActor, WorkflowEngine } from '../workflow/index.ts';
import { CONNECTION_DOMAIN as CONNECTION_DOMAIN_BINDING } from './domain.ts';
import { getApplication, nextApplicationNo, toSummary, type ApplicationRow } from './repository.ts';
import type { ApplicationScope } from './scope.ts';
import { STEP_HANDLERS } from './steps.ts';

export type CreateApplicationInput = z.output<typeof createApplicationRequestSchema>;
export type ReturnInput = z.output<typeof returnApplicationSchema>;
export type AcceptResubmitInput = z.output<typeof acceptResubmitSchema>;

export interface ConnectionOperationsDeps {
  db: Db;
  engine: WorkflowEngine;
  now: () => Date;
  /**
   * Run every operation in this open transaction instead of one transaction each (the seed drives all its
   * applications through the same operations in one commit). The caller commits.
   */
  tx?: Queryable | undefined;
}

/**
 * Who asks, and what they may see. `version`: the If-Match of the client; `versionRequired`: refuse without
 * one (428) — HTTP callers; system callers (the seed) pass neither.
 */
export interface OperationContext {
  actor: WorkflowActor;
  scope: ApplicationScope | undefined;
  version?: number | undefined;
  versionRequired?: boolean | undefined;
}

interface OpenTask {
  id: string;
  instanceId: string;
  nodeKey: string;
}

/** 受理登记's Idempotency-Key records (server-kit `idempotent`): the answer is the 申请编号. */
const IDEMPOTENCY: IdempotencyStore<string> = {
  table: 'yk_idempotency',
  columns: ['app_no'],
  toRow: (appNo) => [appNo],
  fromRow: (row) => String(row['app_no']),
  reusedMessage: '该请求编号已用于另一笔受理，请刷新后重新提交',
};

const isSystem = (actor: WorkflowActor): actor is Extract<WorkflowActor, { system: true }> => 'system' in actor;
const notFound = (): AppError => new AppError(404, ErrorCode.NotFound, '未找到该业扩申请');
const nodeName = (node: string): string => CONNECTION_NODES[node as keyof typeof CONNECTION_NODES] ?? node;

/** yyyymmdd of a moment in China time (the workflow calendar's `cstDate`): the day part of 申请编号. */
export function chinaDay(at: Date): string {
  return cstDate(at).replaceAll('-', '');
}

export function createConnectionOperations(deps: ConnectionOperationsDeps) {
  const { db, engine, now } = deps;
  /**
   * One operation = one transaction (or a step of the caller's, `deps.tx`), committed through the engine's
   * commit-then-wake helper: the events it wrote (new tasks → the bell) are delivered at once (ADR 0024).
   */
  const run = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => (deps.tx ? fn(deps.tx) : engine.runInTransaction(db, fn));

  async function lock(tx: Queryable, appNo: string, ctx: OperationContext): Promise<ApplicationRow> {
    // Order of refusals: out of scope or missing 404 → If-Match 428 / 412 → state 409 → not a candidate 403.
    const row = await getApplication(tx, appNo, ctx.scope, now(), true);
    if (!row) throw notFound();
    if (ctx.versionRequired && ctx.version === undefined) throw preconditionRequired();
    assertVersion(ctx.version, row.version, '申请已被他人更新，请刷新后重试');
    return row;
  }

  function requireRunning(row: ApplicationRow): void {
    if (row.status === 'SUSPENDED') throw new AppError(409, ErrorCode.Conflict, '申请因客户原因暂停中，请先恢复办理');
    if (row.status === 'COMPLETED') throw new AppError(409, ErrorCode.Conflict, '申请已办结');
  }

  /**
   * The open task of the application (at `node`, when given), from the engine's read model joined on the locked
   * row (no second read), and whether the actor may act on it (the engine's rule): 409 / 403.
   */
  async function openTaskFor(tx: Queryable, row: ApplicationRow, actor: WorkflowActor, node?: string): Promise<OpenTask> {
    if (!row.task_id || !row.instance_id || !row.node_key || (node && row.node_key !== node)) {
      throw new AppError(409, ErrorCode.Conflict, node ? `该申请当前不在「${nodeName(node)}」环节` : '该申请没有待办环节');
    }
    const task = { id: row.task_id, instanceId: row.instance_id, nodeKey: row.node_key };
    // The engine's one assignment rule, in the actor's active post (403; "switch post" when another post fits).
    if (!isSystem(actor)) await engine.requireMayAct(tx, actor, task, nodeName(row.node_key));
    return task;
  }

  /**
   * An operation on the application's open task (at `at.node`, when given), in one transaction: the locked row
   * (404, If-Match 428 / 412), its state (409: running, or suspended for `at.suspended`), the task (409 / 403).
   * Answers the 申请编号.
   */
  function onOpenTask(
    ctx: OperationContext,
    appNo: string,
    at: { node?: string; suspended?: true },
    fn: (tx: Queryable, row: ApplicationRow, task: OpenTask) => Promise<void>,
  ): Promise<string> {
    return run(async (tx) => {
      const row = await lock(tx, appNo, ctx);
      if (at.suspended) {
        if (row.status !== 'SUSPENDED') throw new AppError(409, ErrorCode.Conflict, '申请未暂停，无需恢复');
      } else {
        requireRunning(row);
      }
      await fn(tx, row, await openTaskFor(tx, row, ctx.actor, at.node));
      return appNo;
    });
  }

  /** A new version of the application (its If-Match) for a change that lives in the engine (suspend, resume). */
  async function touch(tx: Queryable, appNo: string): Promise<void> {
    await tx.query('UPDATE yk_application SET version = version + 1, updated_at = $2 WHERE app_no = $1', [appNo, now()]);
  }

  /** Records a step: the latest per node in `steps`, and appended to `step_log` (every round, issue 10). */
  async function saveStep(tx: Queryable, appNo: string, node: string, step: Record<string, unknown>, patch: Record<string, unknown>): Promise<void> {
    const sets = Object.keys(patch).map((column, i) => `${column} = $${i + 5}`);
    await tx.query(
      `UPDATE yk_application SET steps = steps || jsonb_build_object($2::text, $3::jsonb),
         step_log = step_log || jsonb_build_array(jsonb_build_object('node', $2::text, 'data', $3::jsonb)), version = version + 1, updated_at = $4
         ${sets.length ? `, ${sets.join(', ')}` : ''} WHERE app_no = $1`,
      [appNo, node, JSON.stringify(step), now(), ...Object.values(patch)],
    );
  }

  async function detailIn(q: Queryable, appNo: string, scope: ApplicationScope | undefined, actor?: WorkflowActor): Promise<ApplicationDetail | undefined> {
    const row = await getApplication(q, appNo, scope, now());
    if (!row) return undefined;
    const instance = await engine.getInstanceByBusinessKey(q, appNo, actor);
    return {
      ...toSummary(row),
      certType: row.cert_type,
      certNo: row.cert_no,
      elecType: row.elec_type,
      voltageCode: row.voltage_code,
      dualSource: row.dual_source,
      contactName: row.contact_name,
      contactMobile: row.contact_mobile,
      tgId: row.tg_id,
      lineId: row.line_id,
      suspendedReason: row.suspended_reason,
      createdBy: row.created_by,
      steps: row.steps,
      stepLog: row.step_log ?? [],
      openTask: instance?.openTasks[0] ?? null,
      history: instance?.history ?? [],
    };
  }

  return {
    /** The application as `actor` sees it (its open task's `mayAct` is theirs). */
    detail: (appNo: string, scope: ApplicationScope | undefined, actor?: WorkflowActor) => detailIn(db, appNo, scope, actor),

    /**
     * 受理登记: registers the application, starts its process variant and completes the 受理 task as the
     * registering clerk, in one transaction. With an Idempotency-Key a retry answers the same application
     * (`replayed`); the same key with another body → 422. Returns the 申请编号.
     */
    async create(
      ctx: OperationContext,
      input: CreateApplicationInput,
      options: { idempotencyKey?: string | undefined; startedAt?: Date | undefined } = {},
    ): Promise<{ appNo: string; replayed: boolean }> {
      const username = ctx.actor.username;
      const request = { username, key: options.idempotencyKey, body: input, now: now() };
      const acceptedAt = options.startedAt ?? now();
      // Taken before the transaction, so that no lock lasts the whole 受理 (ADR 0081).
      const appNo = await nextApplicationNo(deps.tx ?? db, chinaDay(acceptedAt));
      return run(async (tx) => {
        const { answer, replayed } = await idempotent(tx, IDEMPOTENCY, request, async () => {
          const unit = await supplyUnitOf(tx, input.orgUnitCode);
          if (!unit) throw new AppError(400, ErrorCode.BadRequest, '供电单位不存在', { orgUnitCode: '请选择供电所' });
          if (!orgPathInScope(unit.orgPath, ctx.scope)) {
            throw new AppError(400, ErrorCode.BadRequest, '该供电单位不在您的管辖范围内', { orgUnitCode: '该供电单位不在您的管辖范围内' });
          }
          const variant = variantOf(input.category, input.dualSource);
          await tx.query(
            `INSERT INTO yk_application (app_no, variant, cert_type, cert_no, cons_name, address, category, elec_type, voltage_code,
               apply_cap, dual_source, org_unit_code, org_unit_name, org_path, contact_name, contact_mobile, created_by,
               accepted_at, updated_at, steps, step_log)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
               jsonb_build_array(jsonb_build_object('node', 'accept', 'data', $20::jsonb -> 'accept')))`,
            [appNo, variant, input.certType, input.certNo, input.consName, input.address, input.category, input.elecType, input.voltageCode,
              input.applyCap, input.dualSource, unit.orgUnitCode, unit.orgUnitName, unit.orgPath, input.contactName, input.contactMobile,
              username, acceptedAt, now(), JSON.stringify({ accept: { by: username, byName: ctx.actor.displayName, at: acceptedAt.toISOString(), opinion: ACCEPT_OPINION } })],
          );
          const started = await engine.start(tx, ctx.actor, {
            processKey: variant,
            businessKey: appNo,
            businessTitle: `${input.consName}（${CONNECTION_VARIANTS[variant].name} ${input.applyCap}${input.category === '高压' ? 'kVA' : 'kW'}）`,
            orgUnitCode: unit.orgUnitCode,
            variables: { category: input.category, applyCap: input.applyCap, consName: input.consName, address: input.address },
            ...(options.startedAt ? { startedAt: options.startedAt } : {}),
            domain: CONNECTION_DOMAIN,
            views: false,
          });
          const acceptTask = started.openTasks.find((t) => t.nodeKey === 'accept');
          if (!acceptTask) throw new Error(`process ${variant} did not open its accept task`);
          if (!isSystem(ctx.actor) && !(await engine.canAct(tx, ctx.actor, acceptTask))) {
            throw new AppError(403, ErrorCode.NotAllowed, '您不是该供电所的业扩受理员，不能受理该申请');
          }
          const form = { certType: input.certType, certNo: input.certNo, applyCap: input.applyCap, category: input.category };
          await engine.complete(tx, ctx.actor, acceptTask.id, { opinion: ACCEPT_OPINION, form, domain: CONNECTION_DOMAIN, views: false });
          return appNo;
        });
        return { appNo: answer, replayed };
      });
    },

    /** A `…:complete` step: validates the body with the node's schema, runs its handler and completes the task. */
    async completeStep(ctx: OperationContext, appNo: string, node: StepNode, body: unknown): Promise<string> {
      const input = parseOrThrow(STEP_SCHEMAS[node], body);
      return onOpenTask(ctx, appNo, { node }, async (tx, row, task) => {
        const handler = STEP_HANDLERS[node] as (tx: Queryable, row: ApplicationRow, body: unknown, now: Date) => ReturnType<(typeof STEP_HANDLERS)['survey']>;
        const effect = await handler(tx, row, input, now());
        const step = { ...effect.step, by: ctx.actor.username, byName: ctx.actor.displayName, at: now().toISOString() };
        await engine.complete(tx, ctx.actor, task.id, { outcome: effect.outcome, opinion: effect.opinion, form: effect.step, domain: CONNECTION_DOMAIN, views: false });
        await saveStep(tx, appNo, node, step, effect.patch);
      });
    },

    /** 受理 again after a return to 受理: corrected fields are written, then the 受理 task completes. */
    async resubmit(ctx: OperationContext, appNo: string, input: AcceptResubmitInput): Promise<string> {
      return onOpenTask(ctx, appNo, { node: 'accept' }, async (tx, _row, task) => {
        const { opinion, ...corrections } = input;
        const patch = Object.fromEntries(
          Object.entries({ cons_name: corrections.consName, address: corrections.address, contact_name: corrections.contactName, contact_mobile: corrections.contactMobile })
            .filter(([, v]) => v !== undefined),
        );
        await engine.complete(tx, ctx.actor, task.id, { opinion, form: corrections, domain: CONNECTION_DOMAIN, views: false });
        await saveStep(tx, appNo, 'accept', { by: ctx.actor.username, byName: ctx.actor.displayName, opinion, corrections, at: now().toISOString() }, patch);
      });
    },

    /** 退回: to the previous node, or to 受理 to fix documents (the scheme's reserved capacity is released). */
    async returnTo(ctx: OperationContext, appNo: string, input: ReturnInput): Promise<string> {
      return onOpenTask(ctx, appNo, {}, async (tx, _row, task) => {
        if (task.nodeKey === 'accept') throw new AppError(409, ErrorCode.Conflict, '申请已在受理环节，无法退回');
        const target = input.target === 'accept' ? { kind: 'node' as const, nodeKey: 'accept' } : { kind: 'previous' as const };
        await engine.returnTo(tx, ctx.actor, task.id, target, input.reason, { domain: CONNECTION_DOMAIN });
        await saveStep(tx, appNo, `return:${task.nodeKey}`, { target: input.target, reason: input.reason, by: ctx.actor.username, at: now().toISOString() },
          input.target === 'accept' ? { reserved: false } : {});
      });
    },

    /** 客户原因暂停: the engine stops the clock and keeps the reason (the list and detail read both from it). */
    async suspend(ctx: OperationContext, appNo: string, reason: string): Promise<string> {
      return onOpenTask(ctx, appNo, {}, async (tx, _row, task) => {
        await engine.suspend(tx, ctx.actor, task.instanceId, reason);
        await touch(tx, appNo);
      });
    },

    /** 恢复办理: the engine moves its due and warning times by the pause; the list reads them from it. */
    async resume(ctx: OperationContext, appNo: string, reason: string): Promise<string> {
      return onOpenTask(ctx, appNo, { suspended: true }, async (tx, _row, task) => {
        await engine.resume(tx, ctx.actor, task.instanceId, reason);
        await touch(tx, appNo);
      });
    },
  };
}

const ACCEPT_OPINION = '受理登记（一证受理）';
/** The name the engine knows this domain by: its processes are bound to it (ADR 0021, domain.ts). */
const CONNECTION_DOMAIN = CONNECTION_DOMAIN_BINDING.name;

export type ConnectionOperations = ReturnType<typeof createConnectionOperations>;
