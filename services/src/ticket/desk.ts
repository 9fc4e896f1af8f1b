/**
 * The 95598 desk around the tickets (ADR 0029): calls from the telephony adapter and 模拟来电 (来电弹屏), caller
 * lookup through the customer archive's port, 停电信息, the precheck before dispatching a repair, 95598 知识,
 * the configuration and the home widgets' numbers.
 */
import {
  OUTAGE_KINDS,
  OUTAGE_STATUSES,
  SERVICE_SUBTYPES,
  TICKET_STATUSES,
  TICKET_TYPES,
  maskPhone,
  type Call,
  type CustomerMatch,
  type Knowledge,
  type Outage,
  type OutageRequest,
  type Precheck,
  type TicketConfig,
  type TicketType,
} from '@wb/contracts/ticket';
import { ErrorCode } from '@wb/contracts';
import { AppError, SqlConditions, assertVersion, containsPattern, orgPathInScope, preconditionRequired } from '@wb/server-kit';
import type { Db, Queryable } from '@wb/server-kit';
import { customerForTicket, customersByConsNos, customersByPhone, lookupCallers, nthCustomerPhone, supplyUnitOf, supplyUnits, tgsByIds, type CallerLookupField, type TicketCustomer } from '../customer/index.ts';
import { customerArrears } from '../billing/index.ts';
import { cstDate } from '../workflow/index.ts';
import type { WorkflowEngine } from '../workflow/index.ts';
import { areaClassOf, openTicketCounts, openTicketsOf, toSummary } from './repository.ts';
import type { TicketScope } from './scope.ts';
import { loadSlaRules } from './sla.ts';
import type { TicketSettings } from './operations.ts';

const badField = (field: string, message: string): AppError => new AppError(400, ErrorCode.BadRequest, message, { [field]: message });

/** Customer matches as the desk shows them (phone masked), with open-ticket counts and 城乡类别. */
export async function toMatches(q: Queryable, customers: readonly TicketCustomer[]): Promise<CustomerMatch[]> {
  const counts = await openTicketCounts(q, customers.map((c) => c.consNo));
  const areas = new Map<string, CustomerMatch['areaClass']>();
  for (const unit of new Set(customers.map((c) => c.orgUnitCode))) areas.set(unit, await areaClassOf(q, unit));
  return customers.map((c) => ({
    consNo: c.consNo,
    consName: c.name,
    address: c.address,
    phoneMasked: maskPhone(c.phone),
    category: c.category,
    status: c.status,
    orgUnitCode: c.orgUnitCode,
    orgUnitName: c.orgUnitName,
    tgId: c.tgId,
    tgName: c.tgName,
    areaClass: areas.get(c.orgUnitCode) ?? 'urban',
    openTickets: counts.get(c.consNo) ?? 0,
  }));
}

const inScope = (scope: TicketScope | undefined) => (c: TicketCustomer): boolean => orgPathInScope(c.orgPath, scope);

interface CallRow {
  id: string;
  caller_no: string;
  agent: string;
  at: Date;
  cons_nos: string[];
}

async function toCall(q: Queryable, row: CallRow, scope: TicketScope | undefined): Promise<Call> {
  const customers = (await customersByConsNos(q, row.cons_nos)).filter(inScope(scope));
  const tickets = await q.query<{ ticket_no: string }>('SELECT ticket_no FROM ticket WHERE call_id = $1 ORDER BY ticket_no', [row.id]);
  return {
    callId: `C${row.id}`,
    callerNo: maskPhone(row.caller_no),
    at: new Date(row.at).toISOString(),
    agent: row.agent,
    matches: await toMatches(q, customers),
    ticketNos: tickets.map((t) => t.ticket_no),
  };
}

export function createDesk(deps: { db: Db; engine: WorkflowEngine; now: () => Date; settings: TicketSettings }) {
  const { db, engine, now } = deps;

  /** Outage status at `at`. */
  const outageStatus = (r: { cancelled: boolean; start_at: Date; expected_end_at: Date }, at: Date): Outage['status'] => {
    if (r.cancelled) return 'CANCELLED';
    if (at < new Date(r.start_at)) return 'PLANNED';
    if (at < new Date(r.expected_end_at)) return 'ACTIVE';
    return 'ENDED';
  };
  interface OutageRow {
    id: string;
    kind: Outage['kind'];
    org_unit_code: string;
    org_unit_name: string;
    tg_ids: string[];
    line_names: string[];
    area: string;
    start_at: Date;
    expected_end_at: Date;
    reason: string;
    cancelled: boolean;
    version: number;
  }
  const toOutage = (r: OutageRow, at: Date): Outage => {
    const status = outageStatus(r, at);
    return {
      id: String(r.id),
      kind: r.kind,
      kindName: OUTAGE_KINDS[r.kind],
      orgUnitCode: r.org_unit_code,
      orgUnitName: r.org_unit_name,
      tgIds: r.tg_ids,
      lineNames: r.line_names,
      area: r.area,
      startAt: new Date(r.start_at).toISOString(),
      expectedEndAt: new Date(r.expected_end_at).toISOString(),
      reason: r.reason,
      status,
      statusName: OUTAGE_STATUSES[status],
      version: r.version,
    };
  };

  async function checkOutage(q: Queryable, input: OutageRequest & { tgIds: string[] }): Promise<{ code: string; name: string; path: string }> {
    const unit = await supplyUnitOf(q, input.orgUnitCode);
    if (!unit) throw badField('orgUnitCode', '请选择供电所');
    const tgs = await tgsByIds(q, input.tgIds);
    const unknown = input.tgIds.filter((id) => !tgs.some((t) => t.tgId === id));
    if (unknown.length) throw badField('tgIds', `台区不存在：${unknown.slice(0, 3).join('、')}`);
    if (tgs.some((t) => t.orgUnitCode !== unit.orgUnitCode)) throw badField('tgIds', '停电台区应属于所选供电所');
    return { code: unit.orgUnitCode, name: unit.orgUnitName, path: unit.orgPath };
  }

  return {
    /** A ringing call for `agent` (telephony adapter or 模拟来电): recorded, matched, and the agent told at once. */
    async incomingCall(callerNo: string, agent: string, scope: TicketScope | undefined, simulated: boolean): Promise<Call> {
      return engine.runInTransaction(db, async (tx) => {
        const customers = await customersByPhone(tx, callerNo);
        const [row] = await tx.query<CallRow>(
          'INSERT INTO ticket_call (caller_no, agent, at, cons_nos, simulated) VALUES ($1, $2, $3, $4::text[], $5) RETURNING id::text AS id, caller_no, agent, at, cons_nos',
          [callerNo, agent, now(), customers.map((c) => c.consNo), simulated],
        );
        if (!row) throw new Error('call not recorded');
        const names = customers.slice(0, 3).map((c) => c.name).join('、');
        await engine.notify(tx, { usernames: [agent] }, {
          kind: 'ASSIGNED',
          title: `来电：${maskPhone(callerNo)}`,
          body: customers.length ? `匹配客户：${names}${customers.length > 3 ? ` 等 ${customers.length} 户` : ''}` : '未匹配到客户档案',
          link: `/app/service-tickets/intake?callId=C${row.id}`,
          dedupe: `ticket-call:${row.id}`,
        });
        return toCall(tx, row, scope);
      });
    },

    /** 模拟来电: the given number, or a seeded customer's phone picked deterministically by the call count. */
    async simulatedCallerNo(callerNo: string | undefined): Promise<string> {
      if (callerNo) return callerNo;
      const [count] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket_call');
      const phone = await nthCustomerPhone(db, Number(count?.n ?? 0) * 7919);
      if (!phone) throw new AppError(409, ErrorCode.Conflict, '客户档案中没有可用于模拟来电的电话号码');
      return phone;
    },

    /** The agent's latest call of today (China time), or null. */
    async currentCall(agent: string, scope: TicketScope | undefined, dayStart: Date): Promise<Call | null> {
      const [row] = await db.query<CallRow>(
        'SELECT id::text AS id, caller_no, agent, at, cons_nos FROM ticket_call WHERE agent = $1 AND at >= $2 ORDER BY at DESC, id DESC LIMIT 1',
        [agent, dayStart],
      );
      return row ? toCall(db, row, scope) : null;
    },

    async lookup(query: string, scope: TicketScope | undefined): Promise<{ field: CallerLookupField; items: CustomerMatch[] }> {
      const { field, customers } = await lookupCallers(db, query, 50);
      return { field, items: await toMatches(db, customers.filter(inScope(scope)).slice(0, 20)) };
    },

    async listOutages(filter: {
      status?: Outage['status'] | undefined;
      tgId?: string | undefined;
      consNo?: string | undefined;
      page: number;
      pageSize: number;
    }): Promise<{ items: Outage[]; total: number }> {
      const at = now();
      const c = new SqlConditions();
      if (filter.tgId) c.add(`o.tg_ids @> ARRAY[${c.param(filter.tgId)}]::text[]`);
      if (filter.consNo) {
        // 客户360's 停电信息: the outages whose 台区 cover the customer's; an unknown 户号 has none.
        const customer = await customerForTicket(db, filter.consNo);
        if (!customer) return { items: [], total: 0 };
        c.add(`o.tg_ids @> ARRAY[${c.param(customer.tgId)}]::text[]`);
      }
      if (filter.status === 'CANCELLED') c.add('o.cancelled');
      else if (filter.status) {
        c.add('NOT o.cancelled');
        const t = c.param(at);
        if (filter.status === 'PLANNED') c.add(`o.start_at > ${t}`);
        if (filter.status === 'ACTIVE') c.add(`o.start_at <= ${t} AND o.expected_end_at > ${t}`);
        if (filter.status === 'ENDED') c.add(`o.expected_end_at <= ${t}`);
      }
      const where = c.where();
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ticket_outage o ${where}`, [...c.params]);
      const rows = await db.query<OutageRow>(
        `SELECT o.* FROM ticket_outage o ${where} ORDER BY o.start_at DESC, o.id DESC LIMIT ${c.param(filter.pageSize)} OFFSET ${c.param((filter.page - 1) * filter.pageSize)}`,
        c.params,
      );
      return { items: rows.map((r) => toOutage(r, at)), total: Number(count?.n ?? 0) };
    },

    async createOutage(input: OutageRequest & { tgIds: string[]; lineNames: string[]; cancelled: boolean }, username: string, scope: TicketScope | undefined): Promise<Outage> {
      return db.transaction(async (tx) => {
        const unit = await checkOutage(tx, input);
        if (!orgPathInScope(unit.path, scope)) throw badField('orgUnitCode', '该供电所不在您的管辖范围内');
        const [row] = await tx.query<OutageRow>(
          `INSERT INTO ticket_outage (kind, org_unit_code, org_unit_name, org_path, tg_ids, line_names, area, start_at, expected_end_at, reason, cancelled, created_by, updated_at)
           VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9, $10, $11, $12, $13) RETURNING *`,
          [input.kind, unit.code, unit.name, unit.path, input.tgIds, input.lineNames, input.area, input.startAt, input.expectedEndAt, input.reason, input.cancelled, username, now()],
        );
        return toOutage(row as OutageRow, now());
      });
    },

    async updateOutage(id: string, input: OutageRequest & { tgIds: string[]; lineNames: string[]; cancelled: boolean }, version: number | undefined, scope: TicketScope | undefined): Promise<Outage> {
      return db.transaction(async (tx) => {
        const [current] = /^\d{1,18}$/.test(id) ? await tx.query<OutageRow & { org_path: string }>('SELECT * FROM ticket_outage WHERE id = $1 FOR UPDATE', [id]) : [];
        if (!current || !orgPathInScope(current.org_path, scope)) throw new AppError(404, ErrorCode.NotFound, '未找到该停电信息');
        if (version === undefined) throw preconditionRequired();
        assertVersion(version, current.version, '停电信息已被他人更新，请刷新后重试');
        const unit = await checkOutage(tx, input);
        if (!orgPathInScope(unit.path, scope)) throw badField('orgUnitCode', '该供电所不在您的管辖范围内');
        const [row] = await tx.query<OutageRow>(
          `UPDATE ticket_outage SET kind = $2, org_unit_code = $3, org_unit_name = $4, org_path = $5, tg_ids = $6::text[], line_names = $7::text[], area = $8,
             start_at = $9, expected_end_at = $10, reason = $11, cancelled = $12, updated_at = $13, version = version + 1 WHERE id = $1 RETURNING *`,
          [id, input.kind, unit.code, unit.name, unit.path, input.tgIds, input.lineNames, input.area, input.startAt, input.expectedEndAt, input.reason, input.cancelled, now()],
        );
        return toOutage(row as OutageRow, now());
      });
    },

    /** Before dispatching a repair: arrears and cut-off (from billing), outages on the 台区 now or planned, guidance. */
    async precheck(consNo: string, scope: TicketScope | undefined): Promise<Precheck> {
      const customer = await customerForTicket(db, consNo);
      if (!customer || !orgPathInScope(customer.orgPath, scope)) throw new AppError(404, ErrorCode.NotFound, '未找到该客户');
      const at = now();
      const rows = await db.query<OutageRow>(
        `SELECT o.* FROM ticket_outage o WHERE o.tg_ids @> ARRAY[$1]::text[] AND NOT o.cancelled AND o.expected_end_at > $2 ORDER BY o.start_at`,
        [customer.tgId, at],
      );
      const open = await openTicketsOf(db, consNo, scope);
      // Receivables due before today's date in China are arrears.
      const owed = await customerArrears(db, consNo, cstDate(at));
      return {
        consNo,
        arrears:
          owed.oweFen > 0 || owed.cutOff
            ? { state: 'arrears', amount: owed.oweFen / 100, cutOff: owed.cutOff }
            : { state: 'none', amount: 0, cutOff: false },
        outages: rows.map((r) => toOutage(r, at)),
        guidance: guidanceFor(customer),
        openTickets: open.map((r) => toSummary(r, at)),
      };
    },

    async knowledge(query: string): Promise<Knowledge[]> {
      const c = new SqlConditions();
      if (query) {
        const like = c.param(containsPattern(query));
        c.add(`(k.title LIKE ${like} OR k.content LIKE ${like} OR k.category LIKE ${like} OR EXISTS (SELECT 1 FROM unnest(k.keywords) kw WHERE kw LIKE ${like}))`);
      }
      const rows = await db.query<{ id: string; title: string; category: string; content: string; keywords: string[] }>(
        `SELECT k.* FROM ticket_knowledge k ${c.where()} ORDER BY k.id LIMIT 20`,
        c.params,
      );
      return rows;
    },

    async config(): Promise<TicketConfig> {
      return {
        types: (Object.keys(TICKET_TYPES) as TicketType[]).map((key) => ({
          key,
          name: TICKET_TYPES[key],
          subTypes: key === 'SERVICE' ? Object.entries(SERVICE_SUBTYPES).map(([k, name]) => ({ key: k, name })) : [],
        })),
        statuses: (Object.keys(TICKET_STATUSES) as Array<keyof typeof TICKET_STATUSES>).map((key) => ({ key, name: TICKET_STATUSES[key] })),
        sla: await loadSlaRules(db),
        mergeWindowHours: deps.settings.mergeWindowHours,
        maxRevisitAttempts: deps.settings.maxRevisitAttempts,
        units: await supplyUnits(db),
      };
    },
  };
}

/** 客户内部故障排查 guidance by 用户分类 (research §C2 repair flow ②). */
function guidanceFor(customer: TicketCustomer): string[] {
  const common = [
    '请客户查看邻居家是否有电：邻居有电多为客户内部故障，属客户产权，可建议联系社会电工或有偿服务。',
    '请客户检查家中漏电保护器（总闸）是否跳闸，跳闸时先断开各分路开关再试合总闸，逐一合上分路以找出故障电器。',
    '请客户查看电能表是否有显示、是否提示欠费或拉闸：费控表欠费停电缴费后一般自动复电。',
  ];
  if (customer.category === '高压') return ['高压客户请先由本单位电工检查受电设施（进线开关、变压器保护）是否动作，并告知故障现象。', ...common.slice(2)];
  return [...common, `该客户所在台区：${customer.tgName}，如同台区多户报修，可能为公变或线路故障，应尽快派单。`];
}

export type TicketDesk = ReturnType<typeof createDesk>;
