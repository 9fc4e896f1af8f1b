/**
 * SQL of the connection service: the application record, its list and board queries, and the capacity
 * reserved by approved schemes. Data scope is applied inside each query (server-kit `SqlConditions.scope`). Where each
 * application's process stands (node, due dates, status, SLA state) is the engine's, read at query time.
 */
import { CONNECTION_NODES, CONNECTION_VARIANTS, type ApplicationSummary, type ConnectionCategory, type ConnectionVariant, type ApplicationStatus } from '@wb/contracts/connection';
import { type SlaState } from '@wb/contracts/workflow';
import { ErrorCode } from '@wb/contracts';
import { AppError, SqlConditions, containsPattern } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';
import { identityDirectory } from '../identity/index.ts';
import { businessProcessJoin, businessSlaSql } from '../workflow/index.ts';
import type { ApplicationScope } from './scope.ts';

export interface ApplicationRow {
  app_no: string;
  variant: ConnectionVariant;
  cert_type: 'ID_CARD' | 'USCC';
  cert_no: string;
  cons_name: string;
  address: string;
  category: ConnectionCategory;
  elec_type: string;
  voltage_code: string;
  apply_cap: number;
  dual_source: boolean;
  org_unit_code: string;
  org_unit_name: string;
  org_path: string;
  contact_name: string;
  contact_mobile: string;
  tg_id: string | null;
  line_id: string | null;
  cons_no: string | null;
  status: ApplicationStatus;
  suspended_reason: string | null;
  node_key: string | null;
  /** The engine's current instance and its open task (read model). */
  instance_id: string | null;
  task_id: string | null;
  node_created_at: Date | null;
  node_due_at: Date | null;
  due_at: Date | null;
  steps: Record<string, Record<string, unknown>>;
  /** Every step record in order (detail and lock only; lists leave it out). */
  step_log?: Array<{ node: string; data: Record<string, unknown> }>;
  reserved: boolean;
  created_by: string;
  accepted_at: Date;
  version: number;
  sla_state: SlaState;
}

/**
 * Where the application's process stands, joined from the engine's read model at query time (alias `p`):
 * it always agrees with the engine — the SLA sweep, suspension and resume, and actions taken in the inbox.
 */
const FROM = `yk_application a ${businessProcessJoin('p', 'a.app_no')}`;

/** Status of an application from its instance's (an application whose instance ended is 办结). */
const STATUS_SQL = `(CASE p.status WHEN 'RUNNING' THEN 'IN_PROGRESS' WHEN 'SUSPENDED' THEN 'SUSPENDED' ELSE 'COMPLETED' END)`;

/**
 * SLA state of an application at `now` (a SQL expression): the engine's — the worse of the open node's and the
 * end-to-end clock, PAUSED while suspended (businessSlaSql); NORMAL once completed.
 */
function slaSql(now: string): string {
  return `COALESCE(${businessSlaSql('p', now)}, 'NORMAL')`;
}

const COLUMNS = `a.app_no, a.variant, a.cert_type, a.cert_no, a.cons_name, a.address, a.category, a.elec_type, a.voltage_code,
  a.apply_cap::float8 AS apply_cap, a.dual_source, a.org_unit_code, a.org_unit_name, a.org_path, a.contact_name, a.contact_mobile,
  a.tg_id, a.line_id, a.cons_no, ${STATUS_SQL} AS status, CASE WHEN p.status = 'SUSPENDED' THEN p.suspended_reason END AS suspended_reason,
  p.instance_id, p.task_id, p.node_key, p.task_created_at AS node_created_at, p.task_due_at AS node_due_at, p.due_at, a.steps,
  a.reserved, a.created_by, a.accepted_at, a.version`;

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

export function toSummary(row: ApplicationRow): ApplicationSummary {
  return {
    appNo: row.app_no,
    variant: row.variant,
    variantName: CONNECTION_VARIANTS[row.variant].name,
    consName: row.cons_name,
    address: row.address,
    category: row.category,
    applyCap: Number(row.apply_cap),
    capUnit: row.category === '高压' ? 'kVA' : 'kW',
    orgUnitCode: row.org_unit_code,
    orgUnitName: row.org_unit_name,
    status: row.status,
    nodeKey: row.node_key,
    nodeName: row.node_key ? (CONNECTION_NODES[row.node_key as keyof typeof CONNECTION_NODES] ?? row.node_key) : '已办结',
    slaState: row.sla_state,
    nodeDueAt: iso(row.node_due_at),
    dueAt: iso(row.due_at),
    acceptedAt: iso(row.accepted_at) as string,
    consNo: row.cons_no,
    version: row.version,
  };
}

export interface ListFilter {
  status?: ApplicationStatus | undefined;
  openOnly?: 'true' | 'false' | undefined;
  certNo?: string | undefined;
  node?: string | undefined;
  variant?: ConnectionVariant | undefined;
  slaState?: SlaState | undefined;
  orgUnitCode?: string | undefined;
  q?: string | undefined;
  page: number;
  pageSize: number;
}

/** Reads one application in scope; `forUpdate` locks its row for the step's transaction. */
export async function getApplication(q: Queryable, appNo: string, scope: ApplicationScope | undefined, now: Date, forUpdate = false): Promise<ApplicationRow | undefined> {
  const c = new SqlConditions();
  const nowParam = c.param(now);
  c.add(`a.app_no = ${c.param(appNo)}`);
  c.scope('a.org_path', scope, 'a.app_no');
  const [row] = await q.query<ApplicationRow>(
    `SELECT ${COLUMNS}, a.step_log, ${slaSql(`${nowParam}::timestamptz`)} AS sla_state FROM ${FROM} ${c.where()}${forUpdate ? ' FOR UPDATE OF a' : ''}`,
    c.params,
  );
  return row;
}

export async function listApplications(q: Queryable, filter: ListFilter, scope: ApplicationScope | undefined, now: Date): Promise<{ rows: ApplicationRow[]; total: number }> {
  const c = new SqlConditions();
  // The clock parameter is added where first needed: the count query must not carry an unused parameter.
  let nowRef: string | undefined;
  const sla = (): string => slaSql(`${(nowRef ??= c.param(now))}::timestamptz`);
  c.scope('a.org_path', scope, 'a.app_no');
  if (filter.status) c.add(`${STATUS_SQL} = ${c.param(filter.status)}`);
  if (filter.openOnly === 'true') c.add(`p.status IN ('RUNNING', 'SUSPENDED')`);
  if (filter.certNo) c.add(`a.cert_no = ${c.param(filter.certNo)}`);
  if (filter.node) c.add(`p.node_key = ${c.param(filter.node)}`);
  if (filter.variant) c.add(`a.variant = ${c.param(filter.variant)}`);
  if (filter.slaState) c.add(`(${sla()}) = ${c.param(filter.slaState)}`);
  if (filter.orgUnitCode) c.subtree('a.org_path', (await identityDirectory.orgUnit(q, filter.orgUnitCode))?.path);
  if (filter.q) {
    const like = c.param(containsPattern(filter.q));
    c.add(`(a.app_no ILIKE ${like} OR a.cons_name ILIKE ${like} OR a.address ILIKE ${like} OR a.contact_mobile LIKE ${like} OR a.cons_no LIKE ${like})`);
  }
  const where = c.where();
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${FROM} ${where}`, [...c.params]);
  const slaColumn = sla();
  const limit = c.param(filter.pageSize);
  const offset = c.param((filter.page - 1) * filter.pageSize);
  const rows = await q.query<ApplicationRow>(
    `SELECT ${COLUMNS}, ${slaColumn} AS sla_state FROM ${FROM} ${where}
     ORDER BY a.accepted_at DESC, a.app_no DESC LIMIT ${limit} OFFSET ${offset}`,
    c.params,
  );
  return { rows, total: Number(count?.n ?? 0) };
}

/** Open applications by node × SLA state, and the near/over-limit ones (most urgent first, at most 50). */
export async function boardRows(q: Queryable, scope: ApplicationScope | undefined, now: Date): Promise<{ cells: Array<{ node_key: string; sla_state: SlaState; n: number }>; attention: ApplicationRow[] }> {
  const c = new SqlConditions();
  const sla = slaSql(`${c.param(now)}::timestamptz`);
  c.scope('a.org_path', scope, 'a.app_no');
  c.add(`p.status IN ('RUNNING', 'SUSPENDED')`);
  const where = c.where();
  const cells = await q.query<{ node_key: string; sla_state: SlaState; n: number }>(
    `SELECT p.node_key, ${sla} AS sla_state, count(*)::int AS n FROM ${FROM} ${where} GROUP BY 1, 2`,
    c.params,
  );
  const attention = await q.query<ApplicationRow>(
    `SELECT * FROM (SELECT ${COLUMNS}, ${sla} AS sla_state FROM ${FROM} ${where}) s
     WHERE s.sla_state IN ('WARNING', 'OVERDUE') ORDER BY (s.sla_state = 'OVERDUE') DESC, LEAST(s.node_due_at, s.due_at) NULLS LAST, s.app_no LIMIT 50`,
    c.params,
  );
  return { cells, attention };
}

/** Capacity held by approved schemes of other open applications on a 台区 or 线路 (kW ≈ kVA). */
export async function reservedCapacity(q: Queryable, column: 'tg_id' | 'line_id', id: string, exceptAppNo: string): Promise<number> {
  const [row] = await q.query<{ sum: number }>(
    `SELECT COALESCE(sum(apply_cap), 0)::float8 AS sum FROM yk_application WHERE ${column} = $1 AND reserved AND app_no <> $2`,
    [id, exceptAppNo],
  );
  return Number(row?.sum ?? 0);
}

export interface LineRow {
  line_id: string;
  line_name: string;
  substation: string;
  voltage_code: string;
  county_code: string;
  capacity_kva: number;
  connected_kva: number;
  reserved: number;
}

export async function listLines(q: Queryable, countyCodes: readonly string[] | undefined, lineId?: string): Promise<LineRow[]> {
  const c = new SqlConditions();
  if (countyCodes) c.add(`l.county_code = ANY(${c.param([...countyCodes])}::text[])`);
  if (lineId) c.add(`l.line_id = ${c.param(lineId)}`);
  return q.query<LineRow>(
    `SELECT l.*, COALESCE((SELECT sum(a.apply_cap) FROM yk_application a WHERE a.line_id = l.line_id AND a.reserved), 0)::float8 AS reserved
     FROM line l ${c.where()} ORDER BY l.line_id`,
    c.params,
  );
}

/**
 * Next 申请编号 of the day `yyyymmdd` (China time): `YK` + day + a 5-digit serial, from the day's counter row
 * (migration connection/005, ADR 0081). Call it outside the 受理's transaction: the counter's row lock then lasts one
 * statement, where the old advisory lock lasted the whole 受理 (engine start and completion) and queued every other
 * 受理 of the cluster behind it (P11). Numbers are unique and rise within a day; a 受理 refused or replayed after
 * taking one leaves a gap. The counter never falls behind the table (rows written another way, older data): it
 * continues from the larger of itself and the day's highest number. That number is `max(app_no)`, one step down the
 * primary key (app_no is `YK` + 13 digits by its CHECK, so the text order is the number order), not the max of the
 * serials, which read every number of the day: by the afternoon of a busy day each 受理 read thousands of rows
 * (P11, ADR 0084).
 */
export async function nextApplicationNo(q: Queryable, yyyymmdd: string): Promise<string> {
  const prefix = `YK${yyyymmdd}`;
  const [row] = await q.query<{ last: number }>(
    `INSERT INTO yk_app_no_counter AS c (day, last)
     SELECT $1, COALESCE(substr(max(app_no), 11)::int, 0) + 1 FROM yk_application WHERE app_no BETWEEN $2 AND $3
     ON CONFLICT (day) DO UPDATE SET last = GREATEST(c.last, EXCLUDED.last - 1) + 1
     RETURNING last`,
    [yyyymmdd, `${prefix}00000`, `${prefix}99999`],
  );
  const seq = Number(row?.last);
  if (!Number.isInteger(seq) || seq > 99_999) throw new AppError(409, ErrorCode.Conflict, '今日申请编号已用尽，请联系系统管理员');
  return `${prefix}${String(seq).padStart(5, '0')}`;
}
