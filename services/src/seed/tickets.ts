/**
 * 95598 tickets of the demo installation (issue 12, ADR 0029), deterministic for a seed:
 * - reference data: 城乡类别 of every 供电所 (from the org tree's 城乡标志; 青山梅岭 is 特殊边远) and 95598 知识;
 * - twelve months of archived tickets at the research mix (咨询 45 %, 故障报修 30 %, 服务申请 12 %, 投诉 5 %,
 *   意见 4 %, 举报 2 %, 表扬 2 %), about 10 % with 催办, some late; scaled with the archive (6 per 100 customers a
 *   year), written in bulk as rows without engine instances (their process ended long ago);
 * - about fifteen open tickets in every state, driven through the ticket service's own operations so that they are
 *   real engine instances the demo accounts can work (kf02 派单/审核, qx01 and tq01 接单/处理, kf03 回访);
 * - 停电信息 past, current and planned.
 * Skips when tickets exist. Needs the customer archive and the ticket process definitions.
 */
import {
  DEFAULT_SLA_RULES,
  SERVICE_SUBTYPES,
  type AreaClass,
  type CreateTicketRequest,
  type RevisitOutcome,
  type ServiceSubType,
  type TicketType,
} from '@wb/contracts/ticket';
import type { Db, Queryable } from '@wb/server-kit';
import { customerCount, customersOfUnit, customersPage, tgsOfUnit, type TicketCustomer } from '../customer/index.ts';
import { createTicketOperations, type CreateTicketInput } from '../ticket/index.ts';
import type { WorkflowActor, WorkflowEngine } from '../workflow/index.ts';
import { addWorkingDays, cstDate } from '../workflow/index.ts';
import { createRandom, type Random } from './customers-random.ts';
import { SEEDED_ACCOUNTS } from './identity.ts';
import { ORG_TREE, SUPPLY_STATIONS, orgPath } from './org-tree.ts';

export interface TicketSeedReport {
  skipped: boolean;
  archived: number;
  open: number;
  urged: number;
  outages: number;
  elapsedMs: number;
}

/** 特殊边远 供电所 of the demo tree (mountain area). */
const REMOTE_STATIONS = new Set(['334010303']);

export const TYPE_MIX: ReadonlyArray<readonly [TicketType, number]> = [
  ['CONSULT', 45],
  ['REPAIR', 30],
  ['SERVICE', 12],
  ['COMPLAINT', 5],
  ['SUGGESTION', 4],
  ['REPORT', 2],
  ['PRAISE', 2],
];
const SUBTYPE_MIX: ReadonlyArray<readonly [ServiceSubType, number]> = [
  ['RECONNECT', 30],
  ['METER', 20],
  ['READING', 20],
  ['APPLIANCE', 10],
  ['CHARGING', 10],
  ['OTHER', 10],
];

const CONTENT: Record<TicketType, readonly string[]> = {
  CONSULT: ['咨询阶梯电价计费标准', '咨询峰谷电价办理条件', '咨询电费缴纳方式', '查询本月电费及抄表示数', '咨询新装居民用电所需资料'],
  REPAIR: ['家中突然停电，邻居家也没电', '表箱内开关跳闸无法合上', '门前电线被树枝压断冒火花', '小区整栋楼停电', '电压偏低，空调无法启动'],
  COMPLAINT: ['抢修人员到达不及时', '营业厅工作人员服务态度差', '停电未提前通知', '电费账单有误多次反映未解决'],
  REPORT: ['举报邻居私拉乱接疑似窃电', '举报工地违规用电', '举报有人冒充供电公司收费'],
  SUGGESTION: ['建议增加夜间缴费网点', '建议停电通知提前发短信', '建议掌上电力增加电费明细导出'],
  PRAISE: ['表扬抢修人员冒雨抢修及时恢复供电', '表扬营业厅工作人员耐心细致'],
  SERVICE: ['已缴清欠费，申请恢复供电', '电能表显示异常，要求校验', '本月抄表示数明显偏大', '雷击后家电损坏，申请鉴定', '预约充电桩安装现场勘查', '申请更名过户咨询'],
};
const CAUSES = ['表后线老化短路', '低压线路断线', '公变低压熔丝熔断', '表箱开关故障', '树障导致线路接地', '客户内部故障'];
const RESULTS = ['已更换故障元件，恢复供电', '已处理并向客户解释说明', '已现场核实，客户认可处理结果', '已联系客户答复到位'];

const KNOWLEDGE: ReadonlyArray<{ id: string; title: string; category: string; content: string; keywords: string[] }> = [
  { id: 'KB001', title: '居民阶梯电价', category: '电价电费', content: '居民生活用电实行年度阶梯电价：第一档年用电量 2760 千瓦时及以内，第二档 2761–4800 千瓦时，第三档 4800 千瓦时以上，各档电价逐级递增。', keywords: ['阶梯', '电价', '居民'] },
  { id: 'KB002', title: '峰谷分时电价办理', category: '电价电费', content: '居民客户可通过网上国网或营业厅申请峰谷分时电价，次月抄表周期起执行，执行满一年后方可申请变更。', keywords: ['峰谷', '分时', '办理'] },
  { id: 'KB003', title: '电费缴纳渠道', category: '缴费', content: '可通过网上国网、掌上电力、银行代扣、营业厅柜台、自助缴费终端缴纳电费，缴费后费控表一般在 1 小时内自动复电。', keywords: ['缴费', '复电', '费控'] },
  { id: 'KB004', title: '居民新装所需资料', category: '业扩报装', content: '低压居民新装实行一证受理：提供户主有效身份证件即可受理，房屋产权证明可在后续环节补充。', keywords: ['新装', '一证受理', '资料'] },
  { id: 'KB005', title: '客户内部故障判断', category: '故障报修', content: '邻居有电而本户无电，多为客户产权设备故障：检查漏电保护器是否跳闸，逐路试送找出故障电器；产权分界点以电能表出线为界。', keywords: ['内部故障', '跳闸', '产权'] },
  { id: 'KB006', title: '故障抢修到达时限', category: '故障报修', content: '供电服务承诺：抢修人员到达现场时间城区 45 分钟、农村 90 分钟、特殊边远地区 2 小时，到达后恢复供电平均时间城区 3 小时、农村 4 小时。', keywords: ['抢修', '时限', '到达'] },
  { id: 'KB007', title: '电能表校验', category: '计量', content: '客户对计量有异议可申请电能表校验，供电企业在 5 个工作日内出具检测结果；校验合格的收取校验费，不合格的退补电费。', keywords: ['校验', '电能表', '计量'] },
  { id: 'KB008', title: '计划停电告知', category: '停送电', content: '计划停电提前 7 天公告，临时检修停电提前 24 小时通知重要客户；可在网上国网停电信息查询。', keywords: ['计划停电', '停电通知', '公告'] },
];

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周'];
const GIVEN = ['建国', '秀英', '志强', '丽华', '海燕', '文博', '春梅', '国庆'];

/** 城乡类别 of each 供电所 and the 95598 knowledge snippets (idempotent). */
export async function seedTicketReference(tx: Queryable): Promise<void> {
  for (const station of SUPPLY_STATIONS) {
    const area: AreaClass = REMOTE_STATIONS.has(station.code) ? 'remote' : station.urban ? 'urban' : 'rural';
    await tx.query('INSERT INTO ticket_area (org_unit_code, area_class) VALUES ($1, $2) ON CONFLICT (org_unit_code) DO NOTHING', [station.code, area]);
  }
  for (const k of KNOWLEDGE) {
    await tx.query('INSERT INTO ticket_knowledge (id, title, category, content, keywords) VALUES ($1, $2, $3, $4, $5::text[]) ON CONFLICT (id) DO NOTHING', [
      k.id, k.title, k.category, k.content, k.keywords,
    ]);
  }
}

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function areaOf(orgUnitCode: string): AreaClass {
  if (REMOTE_STATIONS.has(orgUnitCode)) return 'remote';
  return ORG_TREE.find((o) => o.code === orgUnitCode)?.urban ? 'urban' : 'rural';
}

/** A sample of customers spread over the archive: `blocks` runs of consecutive 户号 at random offsets. */
async function sampleCustomers(q: Queryable, random: Random, want: number): Promise<TicketCustomer[]> {
  const total = await customerCount(q);
  if (total === 0) return [];
  const blocks = Math.min(5, Math.max(1, Math.ceil(want / 50)));
  const per = Math.ceil(want / blocks);
  const out: TicketCustomer[] = [];
  for (let b = 0; b < blocks; b++) out.push(...(await customersPage(q, random.int(0, Math.max(0, total - per)), per)));
  return out;
}


interface HistoricRow {
  ticket_no: string;
  [column: string]: unknown;
}

/** One archived ticket, with its clocks and timeline as the service would have written them. */
function historicTicket(random: Random, c: TicketCustomer, acceptedAt: Date, holidays: ReadonlyMap<string, boolean>): Omit<HistoricRow, 'ticket_no'> {
  const type = random.weighted(TYPE_MIX);
  const subType = type === 'SERVICE' ? random.weighted(SUBTYPE_MIX) : null;
  const area = areaOf(c.orgUnitCode);
  const person = c.name.length <= 4 ? c.name : `${random.pick(SURNAMES)}${random.pick(GIVEN)}`;
  const content = random.pick(CONTENT[type]) + (subType ? `（${SERVICE_SUBTYPES[subType]}）` : '');
  const rule = DEFAULT_SLA_RULES.find((r) => r.key === (type === 'SERVICE' ? `SERVICE:${subType}` : type));
  const closedOnCall = type === 'CONSULT' && random.chance(0.7);
  const late = random.chance(0.08);
  const iso = (d: Date): string => d.toISOString();
  const at = (ms: number): Date => new Date(acceptedAt.getTime() + ms);
  const entry = (d: Date, kind: string, title: string, who: WorkflowActor, text = '') => ({ at: iso(d), kind, title, actor: who.username, actorName: who.displayName, text });
  const timeline: Array<Record<string, unknown>> = [entry(acceptedAt, 'ACCEPT', '受理', AGENT, content)];
  const base = {
    type, sub_type: subType, source: random.weighted([['PHONE', 85], ['WEB', 5], ['APP', 10]] as const), caller_no: c.phone, contact_name: person,
    contact_phone: c.phone, cons_no: c.consNo, cons_name: c.name, address: c.address, content, urgency: type === 'REPAIR' && random.chance(0.2) ? 'URGENT' : 'NORMAL',
    area_class: area, org_unit_code: c.orgUnitCode, org_unit_name: c.orgUnitName, org_path: c.orgPath, tg_id: c.tgId, tg_name: c.tgName,
    accepted_at: iso(acceptedAt), accepted_by: AGENT.username, accepted_by_name: AGENT.displayName,
  };
  if (closedOnCall) {
    timeline.push(entry(acceptedAt, 'CLOSE', '当场办结', AGENT, '咨询已当场答复'));
    return { ...base, status: 'CLOSED', closed_at: iso(acceptedAt), knowledge_id: random.pick(KNOWLEDGE).id, clocks: [], timeline, urges: [], urge_count: 0, priority: 0, revisit_attempts: 0, revisit_outcome: null };
  }
  const dispatched = at(random.int(3, 20) * MIN);
  const taken = new Date(dispatched.getTime() + random.int(2, 30) * MIN);
  const clocks: Array<{ clock: string; startAt: string; dueAt: string; stoppedAt: string | null }> = [];
  const due = (from: Date, c0: (typeof DEFAULT_SLA_RULES)[number]['clocks'][number]): Date => {
    const amount = c0.byArea?.[area] ?? c0.amount;
    return c0.unit === 'workdays' ? addWorkingDays(from, amount, holidays) : new Date(from.getTime() + amount * (c0.unit === 'minutes' ? MIN : HOUR));
  };
  let arrived: Date | null = null;
  let restored: Date | null = null;
  let replied: Date;
  for (const c0 of rule?.clocks ?? []) {
    if (c0.clock === 'arrive') {
      const d = due(acceptedAt, c0);
      const window = d.getTime() - acceptedAt.getTime();
      arrived = at(late ? window + random.int(5, 60) * MIN : Math.round(window * (0.3 + random.next() * 0.6)));
      clocks.push({ clock: 'arrive', startAt: iso(acceptedAt), dueAt: iso(d), stoppedAt: iso(arrived) });
    }
  }
  for (const c0 of rule?.clocks ?? []) {
    if (c0.clock === 'restore' && arrived) {
      const d = due(arrived, c0);
      restored = new Date(arrived.getTime() + Math.round((d.getTime() - arrived.getTime()) * (late && random.chance(0.5) ? 1.2 : 0.2 + random.next() * 0.6)));
      clocks.push({ clock: 'restore', startAt: iso(arrived), dueAt: iso(d), stoppedAt: iso(restored) });
    }
  }
  replied = new Date(Math.max(restored?.getTime() ?? 0, taken.getTime()) + random.int(10, 240) * MIN);
  for (const c0 of rule?.clocks ?? []) {
    if (c0.clock === 'contact') clocks.push({ clock: 'contact', startAt: iso(acceptedAt), dueAt: iso(due(acceptedAt, c0)), stoppedAt: iso(taken) });
    if (c0.clock === 'finish') {
      const d = due(acceptedAt, c0);
      if (late) replied = new Date(d.getTime() + random.int(1, 48) * HOUR);
      clocks.push({ clock: 'finish', startAt: iso(acceptedAt), dueAt: iso(d), stoppedAt: iso(replied) });
    }
  }
  const reviewed = new Date(replied.getTime() + random.int(10, 120) * MIN);
  const closed = new Date(reviewed.getTime() + random.int(2, 30) * HOUR);
  const outcome: RevisitOutcome = random.weighted([['SATISFIED', 78], ['BASIC', 12], ['UNSATISFIED', 4], ['UNREACHABLE', 6]] as const);
  const urges: Array<Record<string, unknown>> = [];
  // 14 % of the tickets that went to a 供电所: about 10 % of all (a 咨询 answered on the call is never urged).
  const urgeCount = random.chance(0.14) ? random.int(1, 2) : 0;
  for (let u = 0; u < urgeCount; u++) {
    const urgedAt = new Date(acceptedAt.getTime() + (u + 1) * random.int(20, 90) * MIN);
    urges.push({ at: iso(urgedAt), kind: 'URGE', reason: '客户再次来电催促处理进度', by: AGENT.username, byName: AGENT.displayName, callId: null });
    timeline.push(entry(urgedAt, 'URGE', `催办（第 ${u + 1} 次）`, AGENT, '客户再次来电催促处理进度'));
  }
  const handler = type === 'REPAIR' ? CREW : TQ;
  timeline.push(entry(dispatched, 'DISPATCH', '派单', DISPATCHER, `派至${c.orgUnitName}`), entry(taken, 'TAKE', '接单', handler));
  if (arrived) timeline.push(entry(arrived, 'ARRIVE', '到达现场', CREW));
  const cause = type === 'REPAIR' ? random.pick(CAUSES) : null;
  const result = random.pick(RESULTS);
  timeline.push(
    entry(replied, 'REPLY', '处理回单', handler, result),
    entry(reviewed, 'APPROVE', '审核通过', DISPATCHER),
    entry(closed, 'REVISIT', '回访', REVISITOR, outcome),
    entry(closed, 'ARCHIVE', '归档', REVISITOR),
  );
  return {
    ...base, status: 'ARCHIVED', dispatched_at: iso(dispatched), taken_at: iso(taken), arrived_at: arrived ? iso(arrived) : null,
    restored_at: restored ? iso(restored) : null, replied_at: iso(replied), closed_at: iso(closed), cause, result, urge_count: urgeCount,
    priority: urgeCount, revisit_attempts: outcome === 'UNREACHABLE' ? 3 : 1, revisit_outcome: outcome, knowledge_id: null, clocks, timeline, urges,
  };
}

const HISTORIC_COLUMNS = `ticket_no text, type text, sub_type text, source text, caller_no text, contact_name text, contact_phone text, cons_no text,
  cons_name text, address text, content text, urgency text, area_class text, org_unit_code text, org_unit_name text, org_path text, tg_id text,
  tg_name text, status text, accepted_at timestamptz, accepted_by text, accepted_by_name text, dispatched_at timestamptz, taken_at timestamptz,
  arrived_at timestamptz, restored_at timestamptz, replied_at timestamptz, closed_at timestamptz, cause text, result text, urge_count integer,
  priority integer, revisit_attempts integer, revisit_outcome text, knowledge_id text, clocks jsonb, timeline jsonb, urges jsonb`;
const HISTORIC_NAMES = HISTORIC_COLUMNS.split(',').map((c) => c.trim().split(/\s+/)[0]).join(', ');

async function insertHistoric(tx: Queryable, rows: HistoricRow[], now: Date): Promise<void> {
  for (let i = 0; i < rows.length; i += 2000) {
    await tx.query(
      `INSERT INTO ticket (${HISTORIC_NAMES}, updated_at) SELECT ${HISTORIC_NAMES}, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS x(${HISTORIC_COLUMNS})`,
      [JSON.stringify(rows.slice(i, i + 2000)), now],
    );
  }
}

/** A seeded account acting in the seed's tickets, named as the accounts table names it. */
const actor = (username: string): WorkflowActor => {
  const account = SEEDED_ACCOUNTS.find((a) => a.username === username);
  if (!account) throw new Error(`seed: no account ${username}`);
  return { system: true, username, displayName: account.displayName };
};
const AGENT = actor('kf01');
const DISPATCHER = actor('kf02');
const REVISITOR = actor('kf03');
const CREW = actor('qx01');
const TQ = actor('tq01');

/** Open tickets: what state to drive each to (the last step done), its type, and how long ago it was accepted. */
const OPEN_PLAN: ReadonlyArray<{ until: 'none' | 'dispatch' | 'accept' | 'arrive' | 'handle' | 'review' | 'revisit1'; type: TicketType; agoMin: number; urge?: boolean; subType?: ServiceSubType }> = [
  { until: 'none', type: 'REPAIR', agoMin: 5 },
  { until: 'none', type: 'REPAIR', agoMin: 70, urge: true },
  { until: 'none', type: 'COMPLAINT', agoMin: 30 },
  { until: 'dispatch', type: 'REPAIR', agoMin: 12 },
  { until: 'dispatch', type: 'REPAIR', agoMin: 40, urge: true },
  { until: 'dispatch', type: 'SERVICE', subType: 'RECONNECT', agoMin: 60 * 30 },
  { until: 'accept', type: 'REPAIR', agoMin: 25 },
  { until: 'accept', type: 'SUGGESTION', agoMin: 60 * 26 },
  { until: 'arrive', type: 'REPAIR', agoMin: 50 },
  { until: 'arrive', type: 'REPAIR', agoMin: 60 * 5 },
  { until: 'handle', type: 'COMPLAINT', agoMin: 60 * 48 },
  { until: 'handle', type: 'REPAIR', agoMin: 60 * 3 },
  { until: 'review', type: 'PRAISE', agoMin: 60 * 24 * 2 },
  { until: 'revisit1', type: 'REPAIR', agoMin: 60 * 24 },
];

/**
 * `engine` null (the `npm run seed` CLI, which migrates no workflow tables): reference data, archived tickets and
 * outages only, working days without the holiday calendar.
 */
export async function seedTickets(db: Db, engine: WorkflowEngine | null, options: { now: Date; seed?: number }): Promise<TicketSeedReport> {
  const started = Date.now();
  const [existing] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM ticket');
  if (Number(existing?.n ?? 0) > 0) return { skipped: true, archived: 0, open: 0, urged: 0, outages: 0, elapsedMs: 0 };
  const now = options.now;
  const random = createRandom(options.seed ?? 20260101, 95598);
  const transaction = <T>(fn: (tx: Queryable) => Promise<T>): Promise<T> => (engine ? engine.runInTransaction(db, fn) : db.transaction(fn));
  return transaction(async (tx) => {
    await seedTicketReference(tx);
    const holidays = engine ? await engine.holidays(tx) : new Map<string, boolean>();
    const total = await customerCount(tx);
    const sample = await sampleCustomers(tx, random, Math.min(5000, Math.max(400, Math.ceil(total * 0.06))));
    // ---- twelve months of archived tickets --------------------------------------------------------------------
    const perYear = Math.max(120, Math.round(total * 0.06));
    const drafts = Array.from({ length: sample.length ? perYear : 0 }, (_, i) => {
      const c = sample[i % sample.length] as TicketCustomer;
      const acceptedAt = new Date(now.getTime() - 2 * DAY - random.int(0, 363 * 24 * 60) * MIN);
      return historicTicket(random, c, acceptedAt, holidays);
    }).sort((a, b) => String(a.accepted_at).localeCompare(String(b.accepted_at)));
    const seqs = new Map<string, number>();
    const rows: HistoricRow[] = drafts.map((d) => {
      const year = cstDate(new Date(String(d.accepted_at))).slice(0, 4);
      const seq = (seqs.get(year) ?? 0) + 1;
      seqs.set(year, seq);
      return { ticket_no: `${year}${String(seq).padStart(12, '0')}`, ...d };
    });
    await insertHistoric(tx, rows, now);

    // ---- open tickets on the engine ---------------------------------------------------------------------------
    const ops = engine ? createTicketOperations({ db, engine, now: () => now, tx }) : null;
    // Callers of the demo 供电所: repairs in 江北城关 (qx01), the rest in 江北城关 too (tq01), two elsewhere.
    const local = engine ? await customersOfUnit(tx, '334010101', 20) : [];
    const elsewhere = engine ? await customersOfUnit(tx, '334010201', 10) : [];
    let open = 0;
    let urged = 0;
    for (const [i, plan] of (engine ? OPEN_PLAN : []).entries()) {
      const pool = i % 6 === 5 && elsewhere.length ? elsewhere : local;
      const c = pool[i % Math.max(1, pool.length)];
      if (!c) break;
      const body: CreateTicketRequest = {
        type: plan.type,
        ...(plan.subType ? { subType: plan.subType } : {}),
        consNo: c.consNo,
        contactName: c.name.slice(0, 32),
        contactPhone: c.phone,
        address: c.address,
        content: CONTENT[plan.type][i % CONTENT[plan.type].length] as string,
        urgency: plan.type === 'REPAIR' && i % 4 === 0 ? 'URGENT' : 'NORMAL',
      };
      const input = { source: 'PHONE', answeredOnCall: false, urgeReason: '', ...body } as CreateTicketInput;
      const ctx = { actor: AGENT, scope: undefined };
      if (!ops) break;
      const { ticketNo, merged } = await ops.create(ctx, input, { acceptedAt: new Date(now.getTime() - plan.agoMin * MIN) });
      // A small archive can give two plans the same caller and type: the second call is then a 催办, as it would be.
      if (merged) {
        urged++;
        continue;
      }
      open++;
      if (plan.urge) {
        await ops.create(ctx, { ...input, urgeReason: '客户再次来电，询问何时处理' }, { acceptedAt: new Date(now.getTime() - Math.floor(plan.agoMin / 2) * MIN) });
        urged++;
      }
      const steps = ['dispatch', 'accept', 'arrive', 'handle', 'review', 'revisit1'] as const;
      const last = steps.indexOf(plan.until as (typeof steps)[number]);
      const handler = plan.type === 'REPAIR' ? CREW : TQ;
      for (const step of steps.slice(0, last + 1)) {
        if (step === 'arrive' && plan.type !== 'REPAIR') continue;
        const who = step === 'dispatch' || step === 'review' ? DISPATCHER : step === 'revisit1' ? REVISITOR : handler;
        const sctx = { actor: who, scope: undefined };
        if (step === 'dispatch') await ops.completeStep(sctx, ticketNo, 'dispatch', {});
        if (step === 'accept') await ops.completeStep(sctx, ticketNo, 'accept', { outcome: 'accept' });
        if (step === 'arrive') await ops.completeStep(sctx, ticketNo, 'arrive', { arrivedAt: now.toISOString() });
        if (step === 'handle') {
          await ops.completeStep(sctx, ticketNo, 'handle', {
            cause: plan.type === 'REPAIR' ? CAUSES[i % CAUSES.length] : '',
            result: RESULTS[i % RESULTS.length],
            ...(plan.type === 'REPAIR' ? { restoredAt: now.toISOString() } : {}),
          });
        }
        if (step === 'review') await ops.completeStep(sctx, ticketNo, 'review', { outcome: 'pass' });
        if (step === 'revisit1') await ops.completeStep(sctx, ticketNo, 'revisit', { outcome: 'UNREACHABLE', opinion: '电话无人接听' });
      }
    }

    // ---- 停电信息: past, current and planned -----------------------------------------------------------------------
    let outages = 0;
    for (const [i, station] of SUPPLY_STATIONS.entries()) {
      const tgs = await tgsOfUnit(tx, station.code);
      if (tgs.length === 0) continue;
      const pick = (k: number): Array<{ tgId: string; tgName: string }> => tgs.slice(k % tgs.length, (k % tgs.length) + 2);
      const notices = [
        { kind: 'PLANNED', start: now.getTime() - (20 + i) * DAY, hours: 8, areas: pick(i), reason: '10kV 线路检修' },
        { kind: 'FAULT', start: now.getTime() - (5 + i) * DAY, hours: 3, areas: pick(i + 1), reason: '线路故障跳闸' },
        { kind: 'PLANNED', start: now.getTime() + (2 + (i % 5)) * DAY, hours: 6, areas: pick(i + 2), reason: '配变增容改造' },
      ];
      // A current fault outage in 江北城关 (the demo 供电所) on a public 台区 (公变, as its reason says): the precheck
      // shows it for the customers of that 台区.
      const publicTgs = tgs.filter((t) => t.tgType === '公变');
      if (station.code === '334010101') notices.push({ kind: 'FAULT', start: now.getTime() - 40 * MIN, hours: 4, areas: [publicTgs[publicTgs.length - 1] ?? tgs[tgs.length - 1]!], reason: '公变低压出线故障' });
      for (const n of notices) {
        await tx.query(
          `INSERT INTO ticket_outage (kind, org_unit_code, org_unit_name, org_path, tg_ids, line_names, area, start_at, expected_end_at, reason, created_by, updated_at)
           VALUES ($1, $2, $3, $4, $5::text[], '{}', $6, $7, $8, $9, 'kf02', $10)`,
          // The area as customers read it (掌上电力, the hall's kiosk): the 台区 by name, not by code.
          [n.kind, station.code, station.name, orgPath(station.code), n.areas.map((t) => t.tgId), `${station.name}：${n.areas.map((t) => t.tgName).join('、')}`, new Date(n.start), new Date(n.start + n.hours * HOUR), n.reason, now],
        );
        outages++;
      }
    }
    return { skipped: false, archived: rows.length, open, urged, outages, elapsedMs: Date.now() - started };
  });
}
