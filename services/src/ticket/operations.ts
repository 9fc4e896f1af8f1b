/**
 * Domain operations of 95598 客服工单 (ADR 0029). Each write is one transaction: lock the ticket (in scope, else
 * 404), check its version (If-Match, else 428 / 412) and state (else 409), find the engine's open task at the
 * node and check the actor may act on it (else 409 / 403), record the step (status, clocks, timeline) and
 * complete the task. Notices (来电弹屏, 催办, 督办) go through the engine's notifications in the same commit.
 */
import {
  OPEN_TICKET_STATUSES,
  REVISIT_OUTCOMES,
  SERVICE_SUBTYPES,
  TICKET_NODES,
  TICKET_PROCESSES,
  TICKET_STEP_SCHEMAS,
  TICKET_TYPES,
  maskPhone,
  type TicketDetail,
  type TicketStepNode,
  type TimelineEntry,
  type UrgeRecord,
} from '@wb/contracts/ticket';
import { ErrorCode } from '@wb/contracts';
import { AppError, assertVersion, idempotent, orgPathInScope, parseOrThrow, preconditionRequired } from '@wb/server-kit';
import type { Db, IdempotencyStore, Queryable } from '@wb/server-kit';
import type { z } from 'zod';
import type { createTicketSchema } from '@wb/contracts/ticket';
import { customerForTicket, supplyUnitOf, type TicketCustomer } from '../customer/index.ts';
import type { WorkflowActor, WorkflowEngine } from '../workflow/index.ts';
import { cstDate } from '../workflow/index.ts';
import { TICKET_DOMAIN } from './domain.ts';
import { areaClassOf, getTicket, mergeCandidate, nextTicketNo, toSummary, type TicketRow } from './repository.ts';
import type { TicketScope } from './scope.ts';
import { clockView, loadSlaRules, nextDueAt, reopenClock, ruleFor, startClocks, startRestoreClock, stopClock, type ClockRecord } from './sla.ts';


/**
 * Times are entered to the minute (a datetime input): one in the same minute as `reference` is taken as that
 * moment, not as before it (an arrival recorded in the minute of 受理). Earlier than the reference's minute: null.
 */
function notBefore(entered: Date, reference: Date): Date | null {
  if (entered.getTime() < Math.floor(reference.getTime() / 60_000) * 60_000) return null;
  return entered < reference ? reference : entered;
}
export type CreateTicketInput = z.output<typeof createTicketSchema>;

export interface TicketSettings {
  /** A repeated call about an open ticket within this many hours is merged as 催办. Default 72. */
  mergeWindowHours: number;
  /** 回访 无法联系 is retried until this many attempts, then the ticket is archived with it. Default 3. */
  maxRevisitAttempts: number;
}
export const DEFAULT_TICKET_SETTINGS: TicketSettings = { mergeWindowHours: 72, maxRevisitAttempts: 3 };

export interface TicketOperationsDeps {
  db: Db;
  engine: WorkflowEngine;
  now: () => Date;
  settings?: Partial<TicketSettings> | undefined;
  /** Run every operation in this open transaction (the seed); the caller commits. */
  tx?: Queryable | undefined;
}

/** Who asks and what they may see; `version` is the client's If-Match, `versionRequired` for HTTP callers. */
export interface OperationContext {
  actor: WorkflowActor;
  scope: TicketScope | undefined;
  version?: number | undefined;
  versionRequired?: boolean | undefined;
}

const IDEMPOTENCY: IdempotencyStore<{ ticketNo: string; merged: boolean }> = {
  table: 'ticket_idempotency',
  columns: ['ticket_no', 'merged'],
  toRow: (a) => [a.ticketNo, a.merged],
  fromRow: (row) => ({ ticketNo: String(row['ticket_no']), merged: row['merged'] === true }),
  reusedMessage: '该请求编号已用于另一次受理，请刷新后重新提交',
};

const isSystem = (actor: WorkflowActor): actor is Extract<WorkflowActor, { system: true }> => 'system' in actor;
const notFound = (): AppError => new AppError(404, ErrorCode.NotFound, '未找到该工单');
const conflict = (message: string): AppError => new AppError(409, ErrorCode.Conflict, message);
const badField = (field: string, message: string): AppError => new AppError(400, ErrorCode.BadRequest, message, { [field]: message });
const OPEN = new Set<string>(OPEN_TICKET_STATUSES);
/** Priority added by one 催办 and by 督办. */
const URGE_PRIORITY = 1;
const SUPERVISE_PRIORITY = 5;
const URGENT_PRIORITY = 2;
/** Allowed clock skew of a reported arrival or restore time past the server's clock. */
const FUTURE_SLACK_MS = 60_000;

/** The start (00:00 China Standard Time) of the calendar day of `at`, on the workflow calendar's `cstDate`. */
export function cstDayStart(at: Date): Date {
  return new Date(`${cstDate(at)}T00:00:00+08:00`);
}

function entry(at: Date, kind: string, title: string, actor: WorkflowActor, text = ''): TimelineEntry {
  return { at: at.toISOString(), kind, title, actor: actor.username, actorName: actor.displayName, text };
}

export function createTicketOperations(deps: TicketOperationsDeps) {
  const { db, engine, now } = deps;
  const settings: TicketSettings = { ...DEFAULT_TICKET_SETTINGS, ...deps.settings };
  const run = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => (deps.tx ? fn(deps.tx) : engine.runInTransaction(db, fn));

  async function lock(tx: Queryable, ticketNo: string, ctx: OperationContext): Promise<TicketRow> {
    const row = await getTicket(tx, ticketNo, ctx.scope, true);
    if (!row) throw notFound();
    if (ctx.versionRequired && ctx.version === undefined) throw preconditionRequired();
    assertVersion(ctx.version, row.version, '工单已被他人更新，请刷新后重试');
    return row;
  }

  async function openTaskFor(tx: Queryable, row: TicketRow, actor: WorkflowActor, node: TicketStepNode): Promise<{ id: string; instanceId: string }> {
    if (!OPEN.has(row.status)) throw conflict(`工单已${row.status === 'CLOSED' ? '办结' : '归档'}`);
    if (!row.task_id || !row.instance_id || row.node_key !== node) throw conflict(`该工单当前不在「${TICKET_NODES[node]}」环节`);
    const task = { id: row.task_id, instanceId: row.instance_id };
    if (!isSystem(actor)) await engine.requireMayAct(tx, actor, task, TICKET_NODES[node]);
    return task;
  }

  /** Writes the changed columns, appends timeline entries and bumps the version. */
  async function save(tx: Queryable, ticketNo: string, patch: Record<string, unknown>, timeline: TimelineEntry[], urges: UrgeRecord[] = []): Promise<void> {
    const columns = Object.keys(patch);
    const sets = columns.map((column, i) => `${column} = $${i + 5}${column === 'clocks' ? '::jsonb' : ''}`);
    await tx.query(
      `UPDATE ticket SET timeline = timeline || $2::jsonb, urges = urges || $3::jsonb, version = version + 1, updated_at = $4
         ${sets.length ? `, ${sets.join(', ')}` : ''} WHERE ticket_no = $1`,
      [ticketNo, JSON.stringify(timeline), JSON.stringify(urges), now(), ...columns.map((c) => (c === 'clocks' ? JSON.stringify(patch[c]) : patch[c]))],
    );
  }

  const clocksPatch = (clocks: ClockRecord[]): Record<string, unknown> => ({ clocks, next_due_at: nextDueAt(clocks) });

  async function detailIn(q: Queryable, ticketNo: string, scope: TicketScope | undefined, actor?: WorkflowActor): Promise<TicketDetail | undefined> {
    const row = await getTicket(q, ticketNo, scope);
    if (!row) return undefined;
    const instance = await engine.getInstanceByBusinessKey(q, ticketNo, actor);
    const [knowledge] = row.knowledge_id
      ? await q.query<{ title: string }>('SELECT title FROM ticket_knowledge WHERE id = $1', [row.knowledge_id])
      : [];
    const at = now();
    return {
      ...toSummary(row, at),
      certNo: row.cert_no ? maskCert(row.cert_no) : null,
      knowledgeId: row.knowledge_id,
      knowledgeTitle: knowledge?.title ?? null,
      callId: row.call_id ? `C${row.call_id}` : null,
      clocks: row.clocks.map((c) => clockView(c, at)),
      timeline: row.timeline,
      urges: row.urges,
      openTask: instance && instance.status === 'RUNNING' ? (instance.openTasks[0] ?? null) : null,
      instanceId: instance?.id ?? null,
      history: instance?.history ?? [],
    };
  }

  /** 催办 on a locked open ticket: count, reason, priority; the handlers of the open task are told. */
  async function urgeIn(tx: Queryable, row: TicketRow, actor: WorkflowActor, reason: string, callId: string | null): Promise<void> {
    const at = now();
    const urge: UrgeRecord = { at: at.toISOString(), kind: 'URGE', reason, by: actor.username, byName: actor.displayName, callId };
    await save(tx, row.ticket_no, { urge_count: row.urge_count + 1, priority: row.priority + URGE_PRIORITY }, [entry(at, 'URGE', `催办（第 ${row.urge_count + 1} 次）`, actor, reason)], [urge]);
    if (row.task_id) {
      await engine.notify(tx, { taskId: row.task_id }, {
        kind: 'REMINDER',
        title: `催办：${TICKET_TYPES[row.type]}工单 ${row.ticket_no}`,
        body: `客户再次来电催办（第 ${row.urge_count + 1} 次）：${reason}`,
        link: `/app/service-tickets/tickets/${row.ticket_no}`,
        dedupe: `ticket-urge:${row.ticket_no}:${row.urge_count + 1}`,
      });
    }
  }

  return {
    settings,
    detail: (ticketNo: string, scope: TicketScope | undefined, actor?: WorkflowActor) => detailIn(db, ticketNo, scope, actor),

    /**
     * 受理. A repeated call (same customer, type and sub-type, open, within the merge window) is merged into the
     * open ticket as 催办 (`merged`). A 咨询 answered on the call is closed at once (已办结, no process). Otherwise
     * the ticket's process starts at the handling 供电所, waiting at 派单. With an Idempotency-Key a retry answers
     * the same ticket (`replayed`).
     */
    async create(
      ctx: OperationContext,
      input: CreateTicketInput,
      options: { idempotencyKey?: string | undefined; acceptedAt?: Date | undefined; handlingUnit?: { code: string; name: string; path: string } | undefined } = {},
    ): Promise<{ ticketNo: string; merged: boolean; replayed: boolean }> {
      const request = { username: ctx.actor.username, key: options.idempotencyKey, body: input, now: now() };
      return run(async (tx) => {
        const { answer, replayed } = await idempotent(tx, IDEMPOTENCY, request, async () => {
          const acceptedAt = options.acceptedAt ?? now();
          const [call] = input.callId
            ? await tx.query<{ id: string; caller_no: string; agent: string }>('SELECT id::text AS id, caller_no, agent FROM ticket_call WHERE id = $1', [
                input.callId.slice(1),
              ])
            : [];
          if (input.callId && !call) throw badField('callId', '来电记录不存在');
          const callerNo = call?.caller_no ?? input.contactPhone ?? '';
          const contactPhone = input.contactPhone ?? callerNo;

          let customer: TicketCustomer | undefined;
          if (input.consNo) {
            customer = await customerForTicket(tx, input.consNo);
            if (!customer) throw badField('consNo', '户号不存在');
          }
          if (input.knowledgeId) {
            const [k] = await tx.query('SELECT 1 FROM ticket_knowledge WHERE id = $1', [input.knowledgeId]);
            if (!k) throw badField('knowledgeId', '知识条目不存在');
          }

          // A repeated call about an open ticket: 催办, not a new ticket.
          if (customer && !input.answeredOnCall) {
            const since = new Date(acceptedAt.getTime() - settings.mergeWindowHours * 3_600_000);
            const open = await mergeCandidate(tx, customer.consNo, input.type, input.subType ?? null, since);
            if (open && orgPathInScope(open.org_path, ctx.scope)) {
              await urgeIn(tx, open, ctx.actor, input.urgeReason || input.content, call ? `C${call.id}` : null);
              return { ticketNo: open.ticket_no, merged: true };
            }
          }

          // The handling unit: the customer's 供电所; else the one named; else (咨询 closed on the call) the agent's unit.
          let unit: { code: string; name: string; path: string };
          if (customer) unit = { code: customer.orgUnitCode, name: customer.orgUnitName, path: customer.orgPath };
          else if (input.orgUnitCode) {
            const found = await supplyUnitOf(tx, input.orgUnitCode);
            if (!found) throw badField('orgUnitCode', '处理单位不存在');
            unit = { code: found.orgUnitCode, name: found.orgUnitName, path: found.orgPath };
          } else if (options.handlingUnit) unit = options.handlingUnit;
          else if (!isSystem(ctx.actor)) unit = { code: ctx.actor.orgUnitCode, name: ctx.actor.orgUnitName, path: ctx.actor.orgUnitPath };
          else throw badField('orgUnitCode', '请确认客户户号或选择处理单位');
          if (!orgPathInScope(unit.path, ctx.scope)) throw badField(customer ? 'consNo' : 'orgUnitCode', '该客户不在您的服务范围内');

          const area = await areaClassOf(tx, unit.code);
          const rules = await loadSlaRules(tx);
          const closed = input.answeredOnCall;
          const clocks = closed ? [] : startClocks(ruleFor(rules, input.type, input.subType ?? null), area, acceptedAt, await engine.holidays(tx));
          const ticketNo = await nextTicketNo(tx, cstDate(acceptedAt).slice(0, 4));
          const typeName = TICKET_TYPES[input.type];
          const timeline = [entry(acceptedAt, 'ACCEPT', '受理', ctx.actor, `${typeName}${input.subType ? `（${SERVICE_SUBTYPES[input.subType]}）` : ''}：${input.content}`)];
          if (closed) timeline.push(entry(acceptedAt, 'CLOSE', '当场办结', ctx.actor, input.knowledgeId ? `引用知识 ${input.knowledgeId}` : '咨询已当场答复'));
          await tx.query(
            `INSERT INTO ticket (ticket_no, type, sub_type, source, call_id, caller_no, contact_name, contact_phone, cert_no, cons_no, cons_name,
               address, content, urgency, area_class, org_unit_code, org_unit_name, org_path, tg_id, tg_name, status, accepted_at, accepted_by,
               accepted_by_name, closed_at, priority, knowledge_id, clocks, next_due_at, timeline, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27,
               $28::jsonb, $29, $30::jsonb, $31)`,
            [ticketNo, input.type, input.subType ?? null, input.source, call?.id ?? null, callerNo, input.contactName, contactPhone, input.certNo || null,
              customer?.consNo ?? null, customer?.name ?? null, input.address, input.content, input.urgency, area, unit.code, unit.name, unit.path,
              customer?.tgId ?? null, customer?.tgName ?? null, closed ? 'CLOSED' : 'DISPATCH', acceptedAt, ctx.actor.username, ctx.actor.displayName,
              closed ? acceptedAt : null, input.urgency === 'URGENT' ? URGENT_PRIORITY : 0, input.knowledgeId ?? null, JSON.stringify(clocks),
              nextDueAt(clocks), JSON.stringify(timeline), now()],
          );
          if (!closed) {
            await engine.start(tx, ctx.actor, {
              processKey: input.type === 'REPAIR' ? TICKET_PROCESSES.REPAIR : TICKET_PROCESSES.OTHER,
              businessKey: ticketNo,
              businessTitle: `${typeName}｜${customer?.name ?? input.contactName}｜${input.address}`.slice(0, 128),
              orgUnitCode: unit.code,
              variables: { type: input.type, typeName, consNo: customer?.consNo ?? null, consName: customer?.name ?? null, address: input.address, orgUnitName: unit.name },
              ...(options.acceptedAt ? { startedAt: options.acceptedAt } : {}),
              domain: TICKET_DOMAIN.name,
            });
          }
          return { ticketNo, merged: false };
        });
        return { ...answer, replayed };
      });
    },

    /** A `…:complete` step: validates the body with the node's schema and moves the ticket and its process. */
    async completeStep(ctx: OperationContext, ticketNo: string, node: TicketStepNode, body: unknown): Promise<string> {
      const input = parseOrThrow(TICKET_STEP_SCHEMAS[node], body) as Record<string, unknown>;
      return run(async (tx) => {
        const row = await lock(tx, ticketNo, ctx);
        const task = await openTaskFor(tx, row, ctx.actor, node);
        const at = now();
        const opinion = typeof input.opinion === 'string' ? input.opinion : '';
        const complete = (outcome: string | undefined, form: Record<string, unknown>) =>
          engine.complete(tx, ctx.actor, task.id, { outcome, opinion, form, domain: TICKET_DOMAIN.name });
        switch (node) {
          case 'dispatch': {
            const target = typeof input.orgUnitCode === 'string' ? input.orgUnitCode : row.org_unit_code;
            const unit = await supplyUnitOf(tx, target);
            if (!unit) throw badField('orgUnitCode', '处理单位不存在');
            const patch: Record<string, unknown> = { status: 'ACCEPT', dispatched_at: at };
            const text = `派至${unit.orgUnitName}${opinion ? `：${opinion}` : ''}`;
            if (unit.orgUnitCode !== row.org_unit_code) {
              // 改派: the engine pins an instance's org unit at start (its posts resolve there), so the process restarts
              // at the new unit and its 派单 is completed at once; the terminated instance stays in the history.
              await engine.terminate(tx, isSystem(ctx.actor) ? ctx.actor : { system: true, username: ctx.actor.username, displayName: ctx.actor.displayName }, task.instanceId, `改派至${unit.orgUnitName}`);
              const started = await engine.start(tx, ctx.actor, {
                processKey: row.type === 'REPAIR' ? TICKET_PROCESSES.REPAIR : TICKET_PROCESSES.OTHER,
                businessKey: row.ticket_no,
                businessTitle: `${TICKET_TYPES[row.type]}｜${row.cons_name ?? row.contact_name}｜${row.address}`.slice(0, 128),
                orgUnitCode: unit.orgUnitCode,
                variables: { type: row.type, typeName: TICKET_TYPES[row.type], consNo: row.cons_no, consName: row.cons_name, address: row.address, orgUnitName: unit.orgUnitName },
                domain: TICKET_DOMAIN.name,
              });
              const dispatchTask = started.openTasks.find((t) => t.nodeKey === 'dispatch');
              if (!dispatchTask) throw new Error('ticket process did not open its dispatch task');
              if (!isSystem(ctx.actor)) await engine.requireMayAct(tx, ctx.actor, dispatchTask, TICKET_NODES.dispatch);
              await engine.complete(tx, ctx.actor, dispatchTask.id, { opinion, form: { orgUnitName: unit.orgUnitName }, domain: TICKET_DOMAIN.name });
              Object.assign(patch, { org_unit_code: unit.orgUnitCode, org_unit_name: unit.orgUnitName, org_path: unit.orgPath });
              if (!row.cons_no) patch.area_class = await areaClassOf(tx, unit.orgUnitCode);
              await save(tx, ticketNo, patch, [entry(at, 'DISPATCH', '改派', ctx.actor, text)]);
            } else {
              await complete(undefined, { orgUnitName: unit.orgUnitName });
              await save(tx, ticketNo, patch, [entry(at, 'DISPATCH', '派单', ctx.actor, text)]);
            }
            break;
          }
          case 'accept': {
            if (input.outcome === 'return') {
              await complete('return', { outcomeName: '退回派单' });
              await save(tx, ticketNo, { status: 'DISPATCH' }, [entry(at, 'RETURN_DISPATCH', '退回派单', ctx.actor, opinion)]);
            } else {
              await complete('accept', { outcomeName: '接单' });
              await save(tx, ticketNo, { status: 'HANDLING', taken_at: at, ...clocksPatch(stopClock(row.clocks, 'contact', at)) }, [entry(at, 'TAKE', '接单', ctx.actor, opinion)]);
            }
            break;
          }
          case 'arrive': {
            const entered = typeof input.arrivedAt === 'string' ? new Date(input.arrivedAt) : at;
            if (entered.getTime() > at.getTime() + FUTURE_SLACK_MS) throw badField('arrivedAt', '到达时间不能晚于当前时间');
            const arrivedAt = notBefore(entered, new Date(row.accepted_at));
            if (!arrivedAt) throw badField('arrivedAt', '到达时间不能早于受理时间');
            const rule = ruleFor(await loadSlaRules(tx), row.type, row.sub_type);
            const clocks = startRestoreClock(stopClock(row.clocks, 'arrive', arrivedAt), rule, row.area_class, arrivedAt, await engine.holidays(tx));
            await complete(undefined, { arrivedAt: arrivedAt.toISOString() });
            await save(tx, ticketNo, { status: 'ARRIVED', arrived_at: arrivedAt, ...clocksPatch(clocks) }, [entry(at, 'ARRIVE', '到达现场', ctx.actor, opinion)]);
            break;
          }
          case 'handle': {
            let clocks = row.clocks;
            let restoredAt: Date | null = null;
            if (row.type === 'REPAIR') {
              if (typeof input.restoredAt !== 'string') throw badField('restoredAt', '请填写恢复供电时间');
              const entered = new Date(input.restoredAt);
              if (entered.getTime() > at.getTime() + FUTURE_SLACK_MS) throw badField('restoredAt', '恢复供电时间不能晚于当前时间');
              restoredAt = row.arrived_at ? notBefore(entered, new Date(row.arrived_at)) : entered;
              if (!restoredAt) throw badField('restoredAt', '恢复供电时间不能早于到达时间');
              clocks = stopClock(clocks, 'restore', restoredAt);
            }
            clocks = stopClock(stopClock(clocks, 'finish', at), 'contact', at);
            const cause = String(input.cause ?? '');
            if (row.type === 'REPAIR' && cause.length < 2) throw badField('cause', '请填写故障原因');
            await complete(undefined, { cause, result: input.result, photoNote: input.photoNote, ...(restoredAt ? { restoredAt: restoredAt.toISOString() } : {}) });
            await save(
              tx,
              ticketNo,
              { status: 'REVIEW', replied_at: at, cause: cause || null, result: input.result, ...(restoredAt ? { restored_at: restoredAt } : {}), ...clocksPatch(clocks) },
              [entry(at, 'REPLY', '处理回单', ctx.actor, `${cause ? `原因：${cause}；` : ''}结果：${String(input.result)}`)],
            );
            break;
          }
          case 'review': {
            if (input.outcome === 'reject') {
              await complete('reject', { outcomeName: '退单' });
              await save(tx, ticketNo, { status: row.arrived_at ? 'ARRIVED' : 'HANDLING', ...clocksPatch(reopenClock(row.clocks, 'finish')) }, [
                entry(at, 'REJECT', '审核退单', ctx.actor, opinion),
              ]);
            } else {
              await complete('pass', { outcomeName: '通过' });
              await save(tx, ticketNo, { status: 'REVISIT' }, [entry(at, 'APPROVE', '审核通过', ctx.actor, opinion)]);
            }
            break;
          }
          case 'revisit': {
            const outcome = input.outcome as keyof typeof REVISIT_OUTCOMES;
            const attempts = row.revisit_attempts + 1;
            const text = `${REVISIT_OUTCOMES[outcome]}${opinion ? `：${opinion}` : ''}`;
            if (outcome === 'UNREACHABLE' && attempts < settings.maxRevisitAttempts) {
              // The 回访 task stays open for another try.
              await save(tx, ticketNo, { revisit_attempts: attempts }, [entry(at, 'REVISIT', `回访未接通（第 ${attempts} 次）`, ctx.actor, opinion)]);
              break;
            }
            await complete(undefined, { revisitOutcomeName: REVISIT_OUTCOMES[outcome], attempts });
            await save(tx, ticketNo, { status: 'ARCHIVED', closed_at: at, revisit_attempts: attempts, revisit_outcome: outcome }, [
              entry(at, 'REVISIT', `回访（第 ${attempts} 次）`, ctx.actor, text),
              entry(at, 'ARCHIVE', '归档', ctx.actor, outcome === 'UNREACHABLE' ? `${settings.maxRevisitAttempts} 次回访均无法联系，按无法联系归档` : ''),
            ]);
            break;
          }
        }
        return ticketNo;
      });
    },

    /** 催办 (a repeated call recorded by an agent on an open ticket). */
    async urge(ctx: OperationContext, ticketNo: string, reason: string): Promise<string> {
      return run(async (tx) => {
        const row = await lock(tx, ticketNo, ctx);
        if (!OPEN.has(row.status)) throw conflict('工单已结束，无需催办');
        await urgeIn(tx, row, ctx.actor, reason, null);
        return ticketNo;
      });
    },

    /** 督办 (managers): marks the ticket, raises its priority, tells the handlers. */
    async supervise(ctx: OperationContext, ticketNo: string, reason: string): Promise<string> {
      return run(async (tx) => {
        const row = await lock(tx, ticketNo, ctx);
        if (!OPEN.has(row.status)) throw conflict('工单已结束，无需督办');
        const at = now();
        const record: UrgeRecord = { at: at.toISOString(), kind: 'SUPERVISE', reason, by: ctx.actor.username, byName: ctx.actor.displayName, callId: null };
        await save(tx, ticketNo, { supervised: true, priority: row.priority + SUPERVISE_PRIORITY }, [entry(at, 'SUPERVISE', '督办', ctx.actor, reason)], [record]);
        if (row.task_id) {
          await engine.notify(tx, { taskId: row.task_id }, {
            kind: 'ESCALATION',
            title: `督办：${TICKET_TYPES[row.type]}工单 ${row.ticket_no}`,
            body: `${ctx.actor.displayName}督办：${reason}`,
            link: `/app/service-tickets/tickets/${row.ticket_no}`,
            dedupe: `ticket-supervise:${row.ticket_no}:${at.getTime()}`,
          });
        }
        return ticketNo;
      });
    },

    /** The phones and 证件号 in clear, for a ticket in scope (the route audits the reveal). */
    async reveal(scope: TicketScope | undefined, ticketNo: string): Promise<{ callerNo: string; contactPhone: string; certNo: string | null }> {
      const row = await getTicket(db, ticketNo, scope);
      if (!row) throw notFound();
      return { callerNo: row.caller_no, contactPhone: row.contact_phone, certNo: row.cert_no };
    },
  };
}

/** 证件号 masked: first 3 and last 4 visible. */
function maskCert(certNo: string): string {
  return certNo.length <= 7 ? '*'.repeat(certNo.length) : `${certNo.slice(0, 3)}${'*'.repeat(certNo.length - 7)}${certNo.slice(-4)}`;
}

export { maskPhone };
export type TicketOperations = ReturnType<typeof createTicketOperations>;
