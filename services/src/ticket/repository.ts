/**
 * SQL of the ticket service: the ticket record, its lists and counts. Data scope is applied inside each query
 * (server-kit `SqlConditions.scope`) on the handling unit's org path. Where an open ticket's process stands (the
 * open node and task) is the engine's, joined at query time (`businessProcessJoin`).
 */
import {
  AREA_CLASSES,
  OPEN_TICKET_STATUSES,
  REVISIT_OUTCOMES,
  SERVICE_SUBTYPES,
  TICKET_NODES,
  TICKET_STATUSES,
  TICKET_TYPES,
  maskPhone,
  ticketStepOf,
  type AreaClass,
  type RevisitOutcome,
  type TicketListQuery,
  type TicketNode,
  type TicketStatus,
  type TicketSummary,
  type TicketType,
  type TimelineEntry,
  type UrgeRecord,
} from '@wb/contracts/ticket';
import { SqlConditions, containsPattern } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import { identityDirectory } from '../identity/index.ts';
import { businessProcessJoin } from '../workflow/index.ts';
import type { TicketScope } from './scope.ts';
import { currentClock, type ClockRecord } from './sla.ts';

export interface TicketRow {
  ticket_no: string;
  type: TicketType;
  sub_type: string | null;
  source: 'PHONE' | 'WEB' | 'APP';
  call_id: string | null;
  caller_no: string;
  contact_name: string;
  contact_phone: string;
  cert_no: string | null;
  cons_no: string | null;
  cons_name: string | null;
  address: string;
  content: string;
  urgency: 'NORMAL' | 'URGENT';
  area_class: AreaClass;
  org_unit_code: string;
  org_unit_name: string;
  org_path: string;
  tg_id: string | null;
  tg_name: string | null;
  status: TicketStatus;
  accepted_at: Date;
  accepted_by: string;
  accepted_by_name: string;
  dispatched_at: Date | null;
  taken_at: Date | null;
  arrived_at: Date | null;
  restored_at: Date | null;
  replied_at: Date | null;
  closed_at: Date | null;
  cause: string | null;
  result: string | null;
  urge_count: number;
  supervised: boolean;
  priority: number;
  revisit_attempts: number;
  revisit_outcome: RevisitOutcome | null;
  knowledge_id: string | null;
  clocks: ClockRecord[];
  next_due_at: Date | null;
  timeline: TimelineEntry[];
  urges: UrgeRecord[];
  version: number;
  /** From the engine's read model. */
  instance_id: string | null;
  task_id: string | null;
  node_key: string | null;
}

const FROM = `ticket t ${businessProcessJoin('p', 't.ticket_no')}`;
const COLUMNS = `t.*, t.call_id::text AS call_id, CASE WHEN p.status IN ('RUNNING', 'SUSPENDED') THEN p.instance_id END AS instance_id,
  CASE WHEN p.status IN ('RUNNING', 'SUSPENDED') THEN p.task_id END AS task_id, CASE WHEN p.status IN ('RUNNING', 'SUSPENDED') THEN p.node_key END AS node_key`;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function toSummary(row: TicketRow, now: Date): TicketSummary {
  // A 联合办理 branch's node (`accept-2`) is listed as its step (接单).
  const step = row.node_key ? ticketStepOf(row.node_key).node : null;
  const nodeKey = step && step in TICKET_NODES ? (step as TicketNode) : null;
  return {
    no: row.ticket_no,
    type: row.type,
    typeName: TICKET_TYPES[row.type],
    subType: row.sub_type,
    subTypeName: row.sub_type ? (SERVICE_SUBTYPES[row.sub_type as keyof typeof SERVICE_SUBTYPES] ?? row.sub_type) : null,
    status: row.status,
    statusName: TICKET_STATUSES[row.status],
    source: row.source,
    callerNo: row.caller_no ? maskPhone(row.caller_no) : '',
    contactName: row.contact_name,
    contactPhone: maskPhone(row.contact_phone),
    consNo: row.cons_no,
    consName: row.cons_name,
    address: row.address,
    content: row.content,
    urgency: row.urgency,
    areaClass: row.area_class,
    orgUnitCode: row.org_unit_code,
    orgUnitName: row.org_unit_name,
    tgId: row.tg_id,
    tgName: row.tg_name,
    acceptedAt: iso(row.accepted_at) as string,
    acceptedBy: row.accepted_by,
    acceptedByName: row.accepted_by_name,
    dispatchedAt: iso(row.dispatched_at),
    arrivedAt: iso(row.arrived_at),
    restoredAt: iso(row.restored_at),
    repliedAt: iso(row.replied_at),
    closedAt: iso(row.closed_at),
    cause: row.cause,
    result: row.result,
    urgeCount: row.urge_count,
    supervised: row.supervised,
    priority: row.priority,
    sla: currentClock(row.clocks, now),
    revisitAttempts: row.revisit_attempts,
    revisitOutcome: row.revisit_outcome,
    nodeKey,
    nodeName: nodeKey ? TICKET_NODES[nodeKey] : null,
    version: row.version,
  };
}

export const areaName = (a: AreaClass): string => AREA_CLASSES[a];
export const revisitName = (o: RevisitOutcome): string => REVISIT_OUTCOMES[o];

/**
 * The data scope of tickets (ADR 0029, ADR 0050): the handling unit's org path, or that of one of its 联合办理
 * branches (a 协办 供电所 sees the ticket it works on).
 */
export function scopeTickets(c: SqlConditions, scope: TicketScope | undefined): void {
  if (!scope) return;
  // A ticket of the user's tasks (ASSIGNED, ADR 0073) passes by its number.
  c.add(`(${c.scopeSql('t.org_path', scope, 't.ticket_no')} OR EXISTS (SELECT 1 FROM ticket_branch sb WHERE sb.ticket_no = t.ticket_no AND ${c.scopeSql('sb.org_path', scope)}))`);
}

export interface BranchRow {
  ticket_no: string;
  branch: number;
  org_unit_code: string;
  org_unit_name: string;
  org_path: string;
  area_class: AreaClass;
  status: 'ACCEPT' | 'HANDLING' | 'REVIEW' | 'DONE';
  clocks: ClockRecord[];
  next_due_at: Date | null;
  taken_at: Date | null;
  replied_at: Date | null;
  result: string | null;
  rejects: number;
}

/** The 联合办理 branches of a ticket, in order (none for a ticket handled by one unit). */
export async function branchesOf(q: Queryable, ticketNo: string): Promise<BranchRow[]> {
  return q.query<BranchRow>('SELECT * FROM ticket_branch WHERE ticket_no = $1 ORDER BY branch', [ticketNo]);
}

/** One ticket in scope; `forUpdate` locks its row for the operation's transaction. */
export async function getTicket(q: Queryable, ticketNo: string, scope: TicketScope | undefined, forUpdate = false): Promise<TicketRow | undefined> {
  const c = new SqlConditions();
  c.add(`t.ticket_no = ${c.param(ticketNo)}`);
  scopeTickets(c, scope);
  // Prepared (ADR 0094): planning the process view's join costs more than running it; a few texts, one per scope shape.
  const [row] = await q.query<TicketRow>(`SELECT ${COLUMNS} FROM ${FROM} ${c.where()}${forUpdate ? ' FOR UPDATE OF t' : ''}`, c.params, { prepare: true });
  return row;
}

const OPEN_SQL = `t.status NOT IN ('ARCHIVED', 'CLOSED')`;

/** The view's condition (see contracts `ticketViewSchema`). */
function viewCondition(c: SqlConditions, view: TicketListQuery['view'], username: string): void {
  switch (view) {
    case 'mine':
      c.add(`t.accepted_by = ${c.param(username)}`);
      break;
    case 'queue':
      c.add(`t.status IN ('ACCEPT', 'HANDLING', 'ARRIVED')`);
      break;
    case 'dispatch':
      c.add(`t.status = 'DISPATCH'`);
      break;
    case 'review':
      // 联合办理: a branch waits for review while the others still work.
      c.add(`(t.status = 'REVIEW' OR EXISTS (SELECT 1 FROM ticket_branch rb WHERE rb.ticket_no = t.ticket_no AND rb.status = 'REVIEW'))`);
      break;
    case 'revisit':
      c.add(`t.status = 'REVISIT'`);
      break;
    default:
      break;
  }
}

export interface ListInput {
  status?: TicketStatus | undefined;
  type?: TicketType | undefined;
  view: 'mine' | 'queue' | 'dispatch' | 'review' | 'revisit' | 'all';
  overdue?: 'true' | 'false' | undefined;
  consNo?: string | undefined;
  orgUnitCode?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listTickets(q: Queryable, filter: ListInput, scope: TicketScope | undefined, username: string, now: Date): Promise<{ rows: TicketRow[]; total: number }> {
  const c = new SqlConditions();
  scopeTickets(c, scope);
  viewCondition(c, filter.view, username);
  if (filter.status) c.add(`t.status = ${c.param(filter.status)}`);
  if (filter.type) c.add(`t.type = ${c.param(filter.type)}`);
  if (filter.overdue === 'true') c.add(`${OPEN_SQL} AND t.next_due_at <= ${c.param(now)}`);
  if (filter.overdue === 'false') c.add(`NOT (${OPEN_SQL} AND t.next_due_at IS NOT NULL AND t.next_due_at <= ${c.param(now)})`);
  if (filter.consNo) c.add(`t.cons_no = ${c.param(filter.consNo)}`);
  if (filter.orgUnitCode) c.subtree('t.org_path', (await identityDirectory.orgUnit(q, filter.orgUnitCode))?.path);
  if (filter.q) {
    const like = c.param(containsPattern(filter.q));
    c.add(`(t.ticket_no LIKE ${like} OR t.cons_no LIKE ${like} OR t.cons_name LIKE ${like} OR t.contact_name LIKE ${like} OR t.address LIKE ${like} OR t.content LIKE ${like})`);
  }
  const where = c.where();
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket t ${where}`, [...c.params]);
  const queue = filter.view !== 'all' && filter.view !== 'mine';
  // Work queues: overdue first, then priority, then due time (the rule of `compareQueueTickets` in the contract).
  const order = queue
    ? `(${OPEN_SQL} AND t.next_due_at IS NOT NULL AND t.next_due_at <= ${c.param(now)}) DESC, t.priority DESC, t.next_due_at ASC NULLS LAST, t.accepted_at, t.ticket_no`
    : 't.accepted_at DESC, t.ticket_no DESC';
  const limit = c.param(filter.pageSize);
  const offset = c.param((filter.page - 1) * filter.pageSize);
  // Page first on the ticket table, then join the engine's read model for the page only.
  const rows = await q.query<TicketRow>(
    `SELECT ${COLUMNS} FROM (SELECT * FROM ticket t ${where} ORDER BY ${order} LIMIT ${limit} OFFSET ${offset}) t
       ${businessProcessJoin('p', 't.ticket_no')} ORDER BY ${order}`,
    c.params,
  );
  return { rows, total: Number(count?.n ?? 0) };
}

/** Open tickets of a customer (precheck, lookup counts). */
export async function openTicketsOf(q: Queryable, consNo: string, scope: TicketScope | undefined): Promise<TicketRow[]> {
  const c = new SqlConditions();
  c.add(`t.cons_no = ${c.param(consNo)}`);
  c.add(OPEN_SQL);
  scopeTickets(c, scope);
  return q.query<TicketRow>(`SELECT ${COLUMNS} FROM ${FROM} ${c.where()} ORDER BY t.accepted_at DESC LIMIT 20`, c.params);
}

/** Number of open tickets per customer. */
export async function openTicketCounts(q: Queryable, consNos: readonly string[]): Promise<Map<string, number>> {
  if (consNos.length === 0) return new Map();
  const rows = await q.query<{ cons_no: string; n: number }>(
    `SELECT t.cons_no, count(*)::int AS n FROM ticket t WHERE t.cons_no = ANY($1::text[]) AND ${OPEN_SQL} GROUP BY t.cons_no`,
    [[...consNos]],
  );
  return new Map(rows.map((r) => [r.cons_no, Number(r.n)]));
}

/**
 * The open ticket a repeated call merges into: same customer, same type (and sub-type), accepted within the
 * window, newest first; locked.
 */
export async function mergeCandidate(tx: Queryable, consNo: string, type: TicketType, subType: string | null, since: Date): Promise<TicketRow | undefined> {
  const [row] = await tx.query<TicketRow>(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE t.cons_no = $1 AND t.type = $2 AND t.sub_type IS NOT DISTINCT FROM $3 AND t.accepted_at >= $4 AND ${OPEN_SQL}
      ORDER BY t.accepted_at DESC LIMIT 1 FOR UPDATE OF t`,
    [consNo, type, subType, since],
    { prepare: true },
  );
  return row;
}

/** Next 工单号 of a year: the year and a 12-digit sequence, serialized by a transaction-scoped advisory lock. */
export async function nextTicketNo(tx: Queryable, year: string): Promise<string> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':wb-ticket-no'))");
  const [row] = await tx.query<{ max: string | null }>(
    "SELECT max(ticket_no) AS max FROM ticket WHERE ticket_no BETWEEN $1 || '000000000000' AND $1 || '999999999999'",
    [year],
  );
  const seq = row?.max ? Number(row.max.slice(4)) + 1 : 1;
  return `${year}${String(seq).padStart(12, '0')}`;
}

/** 城乡类别 of a 供电所; a unit without a row counts as urban (the strictest clock). */
export async function areaClassOf(q: Queryable, orgUnitCode: string): Promise<AreaClass> {
  const [row] = await q.query<{ area_class: AreaClass }>('SELECT area_class FROM ticket_area WHERE org_unit_code = $1', [orgUnitCode]);
  return row?.area_class ?? 'urban';
}

/** Counts for the home widgets. */
export async function statCounts(
  q: Queryable,
  scope: TicketScope | undefined,
  username: string,
  dayStart: Date,
  now: Date,
): Promise<{ callsToday: number; ticketsToday: number; myOpen: number; overdue: number; warning: number; revisitPending: number }> {
  const [calls] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_call WHERE agent = $1 AND at >= $2', [username, dayStart]);
  const [mine] = await q.query<{ today: number; open: number }>(
    `SELECT count(*) FILTER (WHERE accepted_at >= $2)::int AS today, count(*) FILTER (WHERE status NOT IN ('ARCHIVED', 'CLOSED'))::int AS open
       FROM ticket WHERE accepted_by = $1 AND (accepted_at >= $2 OR status NOT IN ('ARCHIVED', 'CLOSED'))`,
    [username, dayStart],
  );
  const c = new SqlConditions();
  const nowParam = c.param(now);
  scopeTickets(c, scope);
  c.add(OPEN_SQL);
  // WARNING: past 80 % of the running clock's window; the row keeps only the due time, so the share is of
  // the time since acceptance (the start of every clock but 恢复供电).
  const [open] = await q.query<{ overdue: number; warning: number; revisit: number }>(
    `SELECT count(*) FILTER (WHERE t.next_due_at <= ${nowParam})::int AS overdue,
       count(*) FILTER (WHERE t.next_due_at > ${nowParam} AND ${nowParam} >= t.accepted_at + (t.next_due_at - t.accepted_at) * 0.8)::int AS warning,
       count(*) FILTER (WHERE t.status = 'REVISIT')::int AS revisit
     FROM ticket t ${c.where()}`,
    c.params,
  );
  return {
    callsToday: Number(calls?.n ?? 0),
    ticketsToday: Number(mine?.today ?? 0),
    myOpen: Number(mine?.open ?? 0),
    overdue: Number(open?.overdue ?? 0),
    warning: Number(open?.warning ?? 0),
    revisitPending: Number(open?.revisit ?? 0),
  };
}

export { OPEN_TICKET_STATUSES };
