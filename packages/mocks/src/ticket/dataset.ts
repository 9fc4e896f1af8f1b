import {
  DEFAULT_SLA_RULES,
  OUTAGE_KINDS,
  OUTAGE_STATUSES,
  SERVICE_SUBTYPES,
  TICKET_NODES,
  TICKET_STATUSES,
  TICKET_TYPES,
  maskCertNo,
  maskPhone,
  type AreaClass,
  type Call,
  type CustomerMatch,
  type Knowledge,
  type Outage,
  type TicketConfig,
  type TicketDetail,
  type TicketNode,
  type TicketStatus,
  type TicketType,
} from '@wb/contracts/ticket';
import type { Task } from '@wb/contracts/workflow';

/** A customer as the mock keeps it: the match the service answers plus the clear phone and 证件号 (never sent unmasked but by reveal). */
export interface MockTicketCustomer extends CustomerMatch {
  phone: string;
  certNo: string;
}

/** A ticket with its clear numbers (what `reveal` answers). */
export interface MockTicket {
  detail: TicketDetail;
  clear: { callerNo: string; contactPhone: string; certNo: string | null };
}

export interface MockCall extends Call {
  callerClear: string;
}

export interface TicketDataset {
  /** The signed-in agent of the mock (tickets `mine` are the ones they accepted). */
  agent: { username: string; name: string };
  customers: MockTicketCustomer[];
  tickets: MockTicket[];
  outages: Outage[];
  knowledge: Knowledge[];
  calls: MockCall[];
  config: TicketConfig;
  /** 供电所 a ticket may be dispatched to (re-route). */
  units: Array<{ code: string; name: string; areaClass: AreaClass }>;
}

const UNITS = [
  { code: '334010101', name: '江北城关供电所', areaClass: 'urban' as const },
  { code: '334010102', name: '江北河口供电所', areaClass: 'rural' as const },
  { code: '334010103', name: '江北新桥供电所', areaClass: 'rural' as const },
];

/** One phone shared by two customers (a landlord and the tenant's account): 来电弹屏 lists both. */
export const SHARED_PHONE = '13905710001';

function customers(): MockTicketCustomer[] {
  const base = (consNo: string, consName: string, phone: string, unit: (typeof UNITS)[number], tg: [string, string], address: string, certNo: string, category = '居民生活用电'): MockTicketCustomer => ({
    consNo,
    consName,
    address,
    phone,
    certNo,
    phoneMasked: maskPhone(phone),
    category,
    status: '正常用电',
    orgUnitCode: unit.code,
    orgUnitName: unit.name,
    tgId: tg[0],
    tgName: tg[1],
    areaClass: unit.areaClass,
    openTickets: 0,
  });
  return [
    base('3300000001', '张建国', SHARED_PHONE, UNITS[0]!, ['TG0101', '城关一号台区'], '江北区城关镇解放路 12 号', '330102196801011234'),
    base('3300000002', '张晓明', SHARED_PHONE, UNITS[0]!, ['TG0102', '城关二号台区'], '江北区城关镇解放路 14 号', '330102199203051238'),
    base('3300000003', '李秀英', '13805710002', UNITS[1]!, ['TG0201', '河口村台区'], '江北区河口镇河口村 3 组', '330102197506071225'),
    base('3300000004', '江州市恒达五金厂', '057188880004', UNITS[2]!, ['TG0301', '新桥工业台区'], '江北区新桥镇工业路 88 号', '91330100MA2B00004X', '工商业用电'),
  ];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The current SLA of a mock ticket, due `dueInMs` from now (negative: already overdue). */
function sla(clock: 'arrive' | 'restore' | 'contact' | 'finish', dueInMs: number, now: number) {
  const label = { arrive: '到达现场', restore: '恢复供电', contact: '联系客户', finish: '办结回单' }[clock];
  return {
    clock,
    label,
    state: dueInMs < 0 ? ('OVERDUE' as const) : dueInMs < 15 * MINUTE ? ('WARNING' as const) : ('NORMAL' as const),
    dueAt: new Date(now + dueInMs).toISOString(),
    remainingMs: dueInMs,
    stoppedAt: null,
  };
}

const STATUS_NODE: Partial<Record<TicketStatus, TicketNode>> = {
  DISPATCH: 'dispatch',
  ACCEPT: 'accept',
  HANDLING: 'handle',
  ARRIVED: 'handle',
  REVIEW: 'review',
  REVISIT: 'revisit',
};

/** The node a ticket in `status` waits on; a repair in HANDLING waits for 到达现场 first. */
export function nodeOf(type: TicketType, status: TicketStatus): TicketNode | null {
  if (type === 'REPAIR' && status === 'HANDLING') return 'arrive';
  return STATUS_NODE[status] ?? null;
}

/** The open task as the engine would answer it: the mock's user may act on every open task. */
export function openTaskOf(ticket: TicketDetail, node: TicketNode | null): Task | null {
  if (!node) return null;
  const repair = ticket.type === 'REPAIR';
  return {
    id: `task-${ticket.no}-${node}-${ticket.version}`,
    instanceId: ticket.instanceId ?? `inst-${ticket.no}`,
    processKey: repair ? 'kf-repair' : 'kf-ticket',
    processName: repair ? '故障报修' : '客服工单',
    processVersion: 1,
    nodeKey: node,
    nodeName: TICKET_NODES[node],
    businessKey: ticket.no,
    businessTitle: `${ticket.typeName} ${ticket.consName ?? ticket.contactName}`,
    orgUnitCode: ticket.orgUnitCode,
    orgUnitName: ticket.orgUnitName,
    state: 'OPEN',
    assignee: null,
    assigneeName: null,
    candidates: node === 'dispatch' || node === 'review' || node === 'revisit' ? '客服中心' : ticket.orgUnitName,
    outcomes: [],
    createdAt: ticket.acceptedAt,
    claimedAt: null,
    completedAt: null,
    dueAt: ticket.sla?.dueAt ?? null,
    slaState: ticket.sla?.state ?? 'NORMAL',
    variables: {},
    version: ticket.version,
    mayAct: true,
    switchPost: null,
    bound: { domain: 'ticket', title: '客服工单' },
  };
}

interface TicketSeed {
  no: string;
  type: TicketType;
  subType?: keyof typeof SERVICE_SUBTYPES;
  status: TicketStatus;
  customer: MockTicketCustomer;
  content: string;
  dueInMs: number | null;
  clock?: 'arrive' | 'restore' | 'contact' | 'finish';
  urgeCount?: number;
  acceptedAgoMs: number;
}

function ticket(seed: TicketSeed, agent: TicketDataset['agent'], now: number): MockTicket {
  const c = seed.customer;
  const acceptedAt = new Date(now - seed.acceptedAgoMs).toISOString();
  const dispatched = seed.status !== 'DISPATCH';
  const detail: TicketDetail = {
    no: seed.no,
    type: seed.type,
    typeName: TICKET_TYPES[seed.type],
    subType: seed.subType ?? null,
    subTypeName: seed.subType ? SERVICE_SUBTYPES[seed.subType] : null,
    status: seed.status,
    statusName: TICKET_STATUSES[seed.status],
    source: 'PHONE',
    callerNo: maskPhone(c.phone),
    contactName: c.consName,
    contactPhone: maskPhone(c.phone),
    consNo: c.consNo,
    consName: c.consName,
    address: c.address,
    content: seed.content,
    urgency: 'NORMAL',
    areaClass: c.areaClass,
    orgUnitCode: c.orgUnitCode,
    orgUnitName: c.orgUnitName,
    tgId: c.tgId,
    tgName: c.tgName,
    acceptedAt,
    acceptedBy: agent.username,
    acceptedByName: agent.name,
    dispatchedAt: dispatched ? acceptedAt : null,
    arrivedAt: seed.status === 'ARRIVED' ? new Date(now - 10 * MINUTE).toISOString() : null,
    restoredAt: null,
    repliedAt: null,
    closedAt: null,
    cause: null,
    result: null,
    urgeCount: seed.urgeCount ?? 0,
    supervised: false,
    priority: seed.urgeCount ?? 0,
    sla: seed.dueInMs === null ? null : sla(seed.clock ?? 'finish', seed.dueInMs, now),
    revisitAttempts: 0,
    revisitOutcome: null,
    nodeKey: null,
    nodeName: null,
    version: 1,
    certNo: maskCertNo(c.certNo),
    knowledgeId: null,
    knowledgeTitle: null,
    callId: null,
    clocks: [],
    timeline: [{ at: acceptedAt, kind: 'ACCEPT', title: '受理', actor: agent.username, actorName: agent.name, text: seed.content }],
    urges: Array.from({ length: seed.urgeCount ?? 0 }, (_, i) => ({
      at: new Date(now - (i + 1) * 20 * MINUTE).toISOString(),
      kind: 'URGE' as const,
      reason: '客户再次来电询问处理进度',
      by: agent.username,
      byName: agent.name,
      callId: null,
    })),
    openTask: null,
    instanceId: `inst-${seed.no}`,
    history: [],
  };
  const node = nodeOf(detail.type, detail.status);
  detail.nodeKey = node;
  detail.nodeName = node ? TICKET_NODES[node] : null;
  detail.clocks = detail.sla ? [detail.sla] : [];
  detail.openTask = openTaskOf(detail, node);
  return { detail, clear: { callerNo: c.phone, contactPhone: c.phone, certNo: c.certNo } };
}

/** A few customers, tickets in every open state, outages and knowledge for the dev harness and component tests. */
export function createTicketDataset(now = Date.now()): TicketDataset {
  const agent = { username: 'kf01', name: '王丽' };
  const cs = customers();
  const [, zhangJr, li, factory] = cs as [MockTicketCustomer, MockTicketCustomer, MockTicketCustomer, MockTicketCustomer];
  const seeds: TicketSeed[] = [
    { no: '2026000000000101', type: 'REPAIR', status: 'DISPATCH', customer: li, content: '家中全部停电，邻居家有电', dueInMs: 80 * MINUTE, clock: 'arrive', acceptedAgoMs: 10 * MINUTE },
    { no: '2026000000000102', type: 'COMPLAINT', status: 'DISPATCH', customer: factory, content: '电压不稳导致设备频繁停机', dueInMs: 20 * HOUR, clock: 'contact', acceptedAgoMs: 2 * HOUR },
    { no: '2026000000000103', type: 'REPAIR', status: 'HANDLING', customer: zhangJr, content: '表箱冒烟', dueInMs: -5 * MINUTE, clock: 'arrive', urgeCount: 2, acceptedAgoMs: 50 * MINUTE },
    { no: '2026000000000104', type: 'SERVICE', subType: 'METER', status: 'ACCEPT', customer: factory, content: '电能表显示异常，读数跳变', dueInMs: 3 * 24 * HOUR, clock: 'finish', acceptedAgoMs: 5 * HOUR },
    { no: '2026000000000105', type: 'REPAIR', status: 'REVIEW', customer: factory, content: '车间单相电压低', dueInMs: null, acceptedAgoMs: 6 * HOUR },
    { no: '2026000000000106', type: 'SUGGESTION', status: 'REVISIT', customer: li, content: '建议增加营业厅周末营业时间', dueInMs: 2 * 24 * HOUR, clock: 'finish', acceptedAgoMs: 26 * HOUR },
  ];
  const tickets = seeds.map((s) => ticket(s, agent, now));
  for (const c of cs) c.openTickets = tickets.filter((t) => t.detail.consNo === c.consNo).length;
  const outage = (id: string, kind: Outage['kind'], tgIds: string[], startAt: number, endAt: number, reason: string, area: string): Outage => {
    const status = now < startAt ? 'PLANNED' : now < endAt ? 'ACTIVE' : 'ENDED';
    return {
      id,
      kind,
      kindName: OUTAGE_KINDS[kind],
      orgUnitCode: UNITS[0]!.code,
      orgUnitName: UNITS[0]!.name,
      tgIds,
      lineNames: ['10kV 城关线'],
      area,
      startAt: new Date(startAt).toISOString(),
      expectedEndAt: new Date(endAt).toISOString(),
      reason,
      status,
      statusName: OUTAGE_STATUSES[status],
      version: 1,
    };
  };
  return {
    agent,
    customers: cs,
    tickets,
    outages: [
      outage('OUT0001', 'PLANNED', ['TG0101'], now - HOUR, now + 3 * HOUR, '10kV 城关线检修', '城关镇解放路 1–40 号'),
      outage('OUT0002', 'FAULT', ['TG0301'], now - 3 * 24 * HOUR, now - 2 * 24 * HOUR, '线路故障', '新桥镇工业路'),
    ],
    knowledge: [
      { id: 'KB001', title: '居民阶梯电价标准', category: '电价电费', content: '居民生活用电实行年度阶梯电价：第一档 2760 度以内……', keywords: ['电价', '阶梯'] },
      { id: 'KB002', title: '如何办理电费代扣', category: '缴费', content: '可通过网上国网 App 或营业厅签订代扣协议……', keywords: ['缴费', '代扣'] },
      { id: 'KB003', title: '停电后家中无电自查', category: '故障', content: '请先检查家中漏电保护器是否跳闸……', keywords: ['停电', '跳闸'] },
    ],
    calls: [],
    config: {
      types: (Object.keys(TICKET_TYPES) as TicketType[]).map((key) => ({
        key,
        name: TICKET_TYPES[key],
        subTypes: key === 'SERVICE' ? Object.entries(SERVICE_SUBTYPES).map(([k, name]) => ({ key: k, name })) : [],
      })),
      statuses: (Object.keys(TICKET_STATUSES) as TicketStatus[]).map((key) => ({ key, name: TICKET_STATUSES[key] })),
      sla: [...DEFAULT_SLA_RULES],
      mergeWindowHours: 72,
      maxRevisitAttempts: 3,
      units: UNITS.map(({ code, name }) => ({ code, name })),
    },
    units: UNITS,
  };
}
