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
  TICKET_BRANCH_STATUSES,
  TICKET_TYPES,
  maskPhone,
  ticketStepOf,
  type TicketBranch,
  type TicketDetail,
  type TicketStepNode,
  type TimelineEntry,
  type UrgeRecord,
} from '@wb/contracts/ticket';
import { ErrorCode } from '@wb/contracts';
import type { Task } from '@wb/contracts/workflow';
import { AppError, assertVersion, idempotent, orgPathInScope, parseOrThrow, preconditionRequired } from '@wb/server-kit';
import type { Db, IdempotencyStore, Queryable } from '@wb/server-kit';
import type { z } from 'zod';
import type { createTicketSchema } from '@wb/contracts/ticket';
import { customerForTicket, supplyUnitOf, type TicketCustomer } from '../customer/index.ts';
import type { WorkflowActor, WorkflowEngine } from '../workflow/index.ts';
import { cstDate } from '../workflow/index.ts';
import { TICKET_DOMAIN } from './domain.ts';
import { areaClassOf, branchesOf, getTicket, mergeCandidate, nextTicketNo, toSummary, type BranchRow, type TicketRow } from './repository.ts';
import type { TicketScope } from './scope.ts';
import { clockView, currentClock, loadSlaRules, nextDueAt, reopenClock, ruleFor, startClocks, startRestoreClock, stopClock, type ClockRecord } from './sla.ts';


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

/** The ticket's status while units work it side by side: the least advanced open branch; all passed → 回访. */
export function jointStatus(branches: readonly Pick<BranchRow, 'status'>[]): TicketRow['status'] {
  const open = branches.filter((b) => b.status !== 'DONE');
  if (open.length === 0) return 'REVISIT';
  if (open.some((b) => b.status === 'ACCEPT')) return 'ACCEPT';
  return open.some((b) => b.status === 'HANDLING') ? 'HANDLING' : 'REVIEW';
}

/**
 * The ticket's clocks over its branches: a clock runs while any branch's runs and stops when the last branch
 * stops it (at that moment); the ticket's next due time is the earliest of the branches' running clocks.
 */
export function jointClocks(ticket: readonly ClockRecord[], branches: readonly Pick<BranchRow, 'clocks'>[]): { clocks: ClockRecord[]; next_due_at: Date | null } {
  const clocks = ticket.map((c) => {
    const per = branches.flatMap((b) => b.clocks.filter((x) => x.clock === c.clock));
    if (per.length === 0) return c;
    if (per.some((x) => !x.stoppedAt)) return { ...c, stoppedAt: null };
    const last = Math.max(...per.map((x) => Date.parse(x.stoppedAt as string)));
    return { ...c, stoppedAt: new Date(last).toISOString() };
  });
  return { clocks, next_due_at: nextDueAt(branches.flatMap((b) => b.clocks)) };
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
    const open = instance && instance.status === 'RUNNING' ? instance.openTasks : [];
    const branchRows = await branchesOf(q, ticketNo);
    let openTask = open[0] ?? null;
    let branches: TicketBranch[] | undefined;
    if (branchRows.length > 0) {
      // Each unit sees its own branch and its task; the 客服中心 (city-wide) sees them all.
      const visible = branchRows.filter((b) => orgPathInScope(b.org_path, scope));
      const taskOf = (b: BranchRow): Task | null => open.find((t) => ticketStepOf(t.nodeKey).branch === b.branch) ?? null;
      branches = visible.map((b) => ({
        branch: b.branch,
        orgUnitCode: b.org_unit_code,
        orgUnitName: b.org_unit_name,
        status: b.status,
        statusName: TICKET_BRANCH_STATUSES[b.status],
        takenAt: b.taken_at ? new Date(b.taken_at).toISOString() : null,
        repliedAt: b.replied_at ? new Date(b.replied_at).toISOString() : null,
        result: b.result,
        rejects: b.rejects,
        clocks: b.clocks.map((c) => clockView(c, at)),
        sla: currentClock(b.clocks, at),
        openTask: taskOf(b),
      }));
      const tasks = [...open.filter((t) => ticketStepOf(t.nodeKey).branch === null), ...visible.map(taskOf).filter((t): t is Task => !!t)];
      openTask = tasks.find((t) => t.mayAct) ?? tasks[0] ?? null;
    }
    return {
      ...toSummary(row, at),
      ...(branches ? { branches } : {}),
      certNo: row.cert_no ? maskCert(row.cert_no) : null,
      knowledgeId: row.knowledge_id,
      knowledgeTitle: knowledge?.title ?? null,
      callId: row.call_id ? `C${row.call_id}` : null,
      clocks: row.clocks.map((c) => clockView(c, at)),
      timeline: row.timeline,
      urges: row.urges,
      openTask,
      instanceId: instance?.id ?? null,
      history: instance?.history ?? [],
    };
  }

  /** The tasks whose people hear of a 催办 or 督办: the open task, or every unit's open task of a 联合办理 ticket. */
  async function noticeTasks(tx: Queryable, row: TicketRow): Promise<string[]> {
    if (!row.task_id) return [];
    const branchRows = await branchesOf(tx, row.ticket_no);
    if (branchRows.length === 0) return [row.task_id];
    const instance = await engine.getInstanceByBusinessKey(tx, row.ticket_no);
    return instance && instance.status === 'RUNNING' ? instance.openTasks.map((t) => t.id) : [row.task_id];
  }

  /**
   * The open task of a 联合办理 step (ADR 0050): the branch named, else the one the actor may act on. A unit sees
   * only its own branches (404 for another's); several open for the actor (the 客服中心 reviewing) → name one.
   */
  async function branchTaskFor(tx: Queryable, row: TicketRow, branches: BranchRow[], ctx: OperationContext, node: TicketStepNode, wanted: number | undefined): Promise<{ task: Task; branch: BranchRow }> {
    if (!OPEN.has(row.status)) throw conflict(`工单已${row.status === 'CLOSED' ? '办结' : '归档'}`);
    const visible = branches.filter((b) => orgPathInScope(b.org_path, ctx.scope));
    if (wanted !== undefined && !visible.some((b) => b.branch === wanted)) throw new AppError(404, ErrorCode.NotFound, '未找到该工单的这个办理单位');
    const instance = await engine.getInstanceByBusinessKey(tx, row.ticket_no, ctx.actor);
    const open = (instance && instance.status === 'RUNNING' ? instance.openTasks : [])
      .map((task) => ({ task, step: ticketStepOf(task.nodeKey) }))
      .filter((x) => x.step.node === node && visible.some((b) => b.branch === x.step.branch) && (wanted === undefined || x.step.branch === wanted));
    const name = TICKET_NODES[node];
    const mine = isSystem(ctx.actor) ? open : open.filter((x) => x.task.mayAct);
    if (mine.length > 1) throw badField('branch', `该工单有 ${mine.length} 个单位在「${name}」环节，请选择办理单位`);
    const pick = mine[0] ?? open[0];
    if (!pick) throw conflict(`该工单当前不在「${name}」环节`);
    if (!isSystem(ctx.actor)) await engine.requireMayAct(tx, ctx.actor, pick.task, name);
    return { task: pick.task, branch: visible.find((b) => b.branch === pick.step.branch) as BranchRow };
  }

  /** Writes a branch's changed columns. */
  async function saveBranch(tx: Queryable, b: BranchRow): Promise<void> {
    await tx.query(
      `UPDATE ticket_branch SET status = $3, clocks = $4::jsonb, next_due_at = $5, taken_at = $6, replied_at = $7, result = $8, rejects = $9
        WHERE ticket_no = $1 AND branch = $2`,
      [b.ticket_no, b.branch, b.status, JSON.stringify(b.clocks), nextDueAt(b.clocks), b.taken_at, b.replied_at, b.result, b.rejects],
    );
  }

  /** A step of one unit's branch of a 联合办理 ticket: the branch moves, the ticket's status and clocks follow. */
  async function branchStep(tx: Queryable, ctx: OperationContext, row: TicketRow, branches: BranchRow[], node: TicketStepNode, input: Record<string, unknown>): Promise<void> {
    if (node === 'accept' && input.outcome === 'return') throw conflict('联合办理的工单不能退回派单，请与派单员联系');
    const { task, branch } = await branchTaskFor(tx, row, branches, ctx, node, typeof input.branch === 'number' ? input.branch : undefined);
    const at = now();
    const opinion = typeof input.opinion === 'string' ? input.opinion : '';
    const unit = branch.org_unit_name;
    const complete = (outcome: string | undefined, form: Record<string, unknown>) =>
      engine.complete(tx, ctx.actor, task.id, { outcome, opinion, form: { ...form, branchUnitName: unit }, domain: TICKET_DOMAIN.name, views: false });
    const next: BranchRow = { ...branch };
    const patch: Record<string, unknown> = {};
    let title: string;
    let kind: string;
    let text = opinion;
    switch (node) {
      case 'accept':
        await complete('accept', { outcomeName: '接单' });
        Object.assign(next, { status: 'HANDLING', taken_at: at, clocks: stopClock(branch.clocks, 'contact', at) });
        if (!row.taken_at) patch.taken_at = at;
        [kind, title] = ['TAKE', `接单（${unit}）`];
        break;
      case 'handle': {
        const cause = String(input.cause ?? '');
        await complete(undefined, { cause, result: input.result, photoNote: input.photoNote });
        Object.assign(next, { status: 'REVIEW', replied_at: at, result: String(input.result), clocks: stopClock(stopClock(branch.clocks, 'finish', at), 'contact', at) });
        [kind, title, text] = ['REPLY', `处理回单（${unit}）`, `${cause ? `原因：${cause}；` : ''}结果：${String(input.result)}`];
        break;
      }
      case 'review':
        if (input.outcome === 'reject') {
          await complete('reject', { outcomeName: '退单' });
          Object.assign(next, { status: 'HANDLING', rejects: branch.rejects + 1, clocks: reopenClock(branch.clocks, 'finish') });
          [kind, title] = ['REJECT', `审核退单（${unit}）`];
        } else {
          await complete('pass', { outcomeName: '通过' });
          Object.assign(next, { status: 'DONE' });
          [kind, title] = ['APPROVE', `审核通过（${unit}）`];
        }
        break;
      default:
        throw conflict(`联合办理的工单没有「${TICKET_NODES[node]}」环节`);
    }
    await saveBranch(tx, next);
    const all = branches.map((b) => (b.branch === next.branch ? next : b));
    const status = jointStatus(all);
    Object.assign(patch, { status, ...jointClocks(row.clocks, all) });
    const timeline = [entry(at, kind, title, ctx.actor, text)];
    if (status === 'REVISIT') {
      // Every unit's reply passed review: the branches joined and the ticket waits for 回访.
      Object.assign(patch, { replied_at: at, result: all.map((b) => `${b.org_unit_name}：${b.result ?? ''}`).join('；').slice(0, 2000) });
      timeline.push(entry(at, 'JOIN', '各单位办理完毕', ctx.actor, all.map((b) => b.org_unit_name).join('、')));
    }
    await save(tx, row.ticket_no, patch, timeline);
  }

  /** 催办 on a locked open ticket: count, reason, priority; the handlers of the open task are told. */
  async function urgeIn(tx: Queryable, row: TicketRow, actor: WorkflowActor, reason: string, callId: string | null): Promise<void> {
    const at = now();
    const urge: UrgeRecord = { at: at.toISOString(), kind: 'URGE', reason, by: actor.username, byName: actor.displayName, callId };
    await save(tx, row.ticket_no, { urge_count: row.urge_count + 1, priority: row.priority + URGE_PRIORITY }, [entry(at, 'URGE', `催办（第 ${row.urge_count + 1} 次）`, actor, reason)], [urge]);
    for (const taskId of await noticeTasks(tx, row)) {
      await engine.notify(tx, { taskId }, {
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
              views: false,
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
        if (node === 'accept' || node === 'handle' || node === 'review') {
          const branches = await branchesOf(tx, ticketNo);
          if (branches.length > 0) {
            await branchStep(tx, ctx, row, branches, node, input);
            return ticketNo;
          }
        }
        if (input.branch !== undefined) throw badField('branch', '该工单不是联合办理，无需选择办理单位');
        const task = await openTaskFor(tx, row, ctx.actor, node);
        const at = now();
        const opinion = typeof input.opinion === 'string' ? input.opinion : '';
        const complete = (outcome: string | undefined, form: Record<string, unknown>) =>
          engine.complete(tx, ctx.actor, task.id, { outcome, opinion, form, domain: TICKET_DOMAIN.name, views: false });
        switch (node) {
          case 'dispatch': {
            const target = typeof input.orgUnitCode === 'string' ? input.orgUnitCode : row.org_unit_code;
            const unit = await supplyUnitOf(tx, target);
            if (!unit) throw badField('orgUnitCode', '处理单位不存在');
            const patch: Record<string, unknown> = { status: 'ACCEPT', dispatched_at: at };
            const text = `派至${unit.orgUnitName}${opinion ? `：${opinion}` : ''}`;
            const coCodes = [...new Set(Array.isArray(input.coUnitCodes) ? (input.coUnitCodes as string[]) : [])];
            const co: Array<{ orgUnitCode: string; orgUnitName: string; orgPath: string }> = [];
            if (coCodes.length > 0) {
              if (row.type === 'REPAIR') throw badField('coUnitCodes', '故障报修由一个供电所抢修，不能联合办理');
              if (coCodes.includes(unit.orgUnitCode)) throw badField('coUnitCodes', '协办单位不能与处理单位相同');
              for (const code of coCodes) {
                const found = await supplyUnitOf(tx, code);
                if (!found) throw badField('coUnitCodes', `协办单位 ${code} 不存在`);
                if (!orgPathInScope(found.orgPath, ctx.scope)) throw badField('coUnitCodes', `${found.orgUnitName}不在您的派单范围内`);
                co.push(found);
              }
            }
            if (unit.orgUnitCode !== row.org_unit_code || co.length > 0) {
              // 改派: the engine pins an instance's org unit at start (its posts resolve there), so the process restarts
              // at the new unit and its 派单 is completed at once; the terminated instance stays in the history.
              // 联合办理 (ADR 0050) restarts the same way as \`kf-joint\`, one branch per unit (unit1 … unitN).
              const units = [unit, ...co];
              const joint = co.length > 0;
              await engine.terminate(
                tx,
                isSystem(ctx.actor) ? ctx.actor : { system: true, username: ctx.actor.username, displayName: ctx.actor.displayName },
                task.instanceId,
                joint ? `联合办理：${units.map((u) => u.orgUnitName).join('、')}` : `改派至${unit.orgUnitName}`,
              );
              const started = await engine.start(tx, ctx.actor, {
                processKey: joint ? TICKET_PROCESSES.JOINT : row.type === 'REPAIR' ? TICKET_PROCESSES.REPAIR : TICKET_PROCESSES.OTHER,
                businessKey: row.ticket_no,
                businessTitle: `${TICKET_TYPES[row.type]}｜${row.cons_name ?? row.contact_name}｜${row.address}`.slice(0, 128),
                orgUnitCode: unit.orgUnitCode,
                variables: {
                  type: row.type, typeName: TICKET_TYPES[row.type], consNo: row.cons_no, consName: row.cons_name, address: row.address, orgUnitName: unit.orgUnitName,
                  ...(joint ? Object.fromEntries(units.map((u, i) => [`unit${i + 1}`, u.orgUnitCode])) : {}),
                },
                domain: TICKET_DOMAIN.name,
                views: false,
              });
              const dispatchTask = started.openTasks.find((t) => t.nodeKey === 'dispatch');
              if (!dispatchTask) throw new Error('ticket process did not open its dispatch task');
              if (!isSystem(ctx.actor)) await engine.requireMayAct(tx, ctx.actor, dispatchTask, TICKET_NODES.dispatch);
              await engine.complete(tx, ctx.actor, dispatchTask.id, { opinion, form: { orgUnitName: unit.orgUnitName }, domain: TICKET_DOMAIN.name, views: false });
              Object.assign(patch, { org_unit_code: unit.orgUnitCode, org_unit_name: unit.orgUnitName, org_path: unit.orgPath });
              if (!row.cons_no && unit.orgUnitCode !== row.org_unit_code) patch.area_class = await areaClassOf(tx, unit.orgUnitCode);
              if (joint) {
                // Each unit works under its own clocks from acceptance, by its own 城乡类别.
                const rule = ruleFor(await loadSlaRules(tx), row.type, row.sub_type);
                const holidays = await engine.holidays(tx);
                const branchRows: BranchRow[] = [];
                for (const [i, u] of units.entries()) {
                  const area = i === 0 && row.cons_no ? row.area_class : await areaClassOf(tx, u.orgUnitCode);
                  const clocks = startClocks(rule, area, new Date(row.accepted_at), holidays);
                  branchRows.push({ ticket_no: ticketNo, branch: i + 1, org_unit_code: u.orgUnitCode, org_unit_name: u.orgUnitName, org_path: u.orgPath, area_class: area,
                    status: 'ACCEPT', clocks, next_due_at: nextDueAt(clocks), taken_at: null, replied_at: null, result: null, rejects: 0 });
                  await tx.query(
                    `INSERT INTO ticket_branch (ticket_no, branch, org_unit_code, org_unit_name, org_path, area_class, status, clocks, next_due_at)
                     VALUES ($1, $2, $3, $4, $5, $6, 'ACCEPT', $7::jsonb, $8)`,
                    [ticketNo, i + 1, u.orgUnitCode, u.orgUnitName, u.orgPath, area, JSON.stringify(clocks), nextDueAt(clocks)],
                  );
                }
                Object.assign(patch, jointClocks(row.clocks, branchRows));
                const names = `${unit.orgUnitName}（主办）、${co.map((u) => u.orgUnitName).join('、')}（协办）`;
                await save(tx, ticketNo, patch, [entry(at, 'DISPATCH', '联合派单', ctx.actor, `派至${names}${opinion ? `：${opinion}` : ''}`)]);
              } else {
                await save(tx, ticketNo, patch, [entry(at, 'DISPATCH', '改派', ctx.actor, text)]);
              }
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
        for (const taskId of await noticeTasks(tx, row)) {
          await engine.notify(tx, { taskId }, {
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
