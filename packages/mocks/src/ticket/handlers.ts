import { HttpResponse, delay, http } from 'msw';
import type { RequestHandler } from 'msw';
import {
  DEFAULT_SLA_RULES,
  TICKET_SERVICE,
  OPEN_TICKET_STATUSES,
  REVISIT_OUTCOMES,
  SERVICE_SUBTYPES,
  TICKET_NODES,
  TICKET_STATUSES,
  TICKET_STEP_SCHEMAS,
  TICKET_TYPES,
  compareQueueTickets,
  createTicketSchema,
  knowledgeQuerySchema,
  lookupQuerySchema,
  maskCertNo,
  outageQuerySchema,
  maskPhone,
  precheckQuerySchema,
  simulateCallSchema,
  slaKeyOf,
  slaRuleUpdateSchema,
  superviseRequestSchema,
  ticketListQuerySchema,
  urgeRequestSchema,
  type CustomerMatch,
  type SlaClockRule,
  type SlaRuleEntry,
  type TicketDetail,
  type TicketStatus,
  type TicketStepNode,
  type TicketSummary,
} from '@wb/contracts/ticket';
import { ErrorCode } from '@wb/contracts';
import { apiError, badRequest, guardedWrite, idempotencyStore, mockBase, paginate, readJson, withEtag as answerWithEtag, withVersion } from '../iam/respond.ts';
import { SHARED_PHONE, createTicketDataset, nodeOf, openTaskOf, type MockTicket, type MockTicketCustomer, type TicketDataset } from './dataset.ts';

export interface TicketHandlersOptions {
  /** Gateway base of the ticket service; default `/api/svc/ticket/v1`. */
  baseUrl?: string;
  dataset?: TicketDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
}

const MINUTE = 60_000;
const notFound = () => apiError(404, ErrorCode.NotFound, '未找到该工单');
const conflict = (message: string) => apiError(409, ErrorCode.Conflict, message);
const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The ticket with its version as ETag and the SLA's remaining time as of now, as the service answers. */
function present(ticket: TicketDetail): TicketDetail {
  const sla = ticket.sla && ticket.sla.stoppedAt === null ? { ...ticket.sla, remainingMs: Date.parse(ticket.sla.dueAt) - Date.now() } : ticket.sla;
  if (sla && sla.remainingMs !== null && sla.remainingMs < 0 && sla.state !== 'PAUSED') sla.state = 'OVERDUE';
  return { ...ticket, sla, clocks: sla ? [sla] : [] };
}
const withEtag = (ticket: TicketDetail, status = 200) => withVersion(present(ticket), ticket.version, status);

function summary(ticket: TicketDetail): TicketSummary {
  const { certNo: _c, knowledgeId: _k, knowledgeTitle: _t, callId: _i, clocks: _l, timeline: _tl, urges: _u, openTask: _o, instanceId: _n, history: _h, ...rest } = present(ticket);
  return rest;
}

/** The first clock of the ticket's SLA rule, due from now (the 城乡类别 picks the amount when the rule has one). */
function firstClock(ticket: TicketDetail, now: number): TicketDetail['sla'] {
  const rule = DEFAULT_SLA_RULES.find((r) => r.key === slaKeyOf(ticket.type, ticket.subType));
  const clock = rule?.clocks[0];
  if (!clock) return null;
  const amount = clock.byArea?.[ticket.areaClass] ?? clock.amount;
  const ms = clock.unit === 'minutes' ? amount * MINUTE : clock.unit === 'hours' ? amount * 60 * MINUTE : amount * 24 * 60 * MINUTE;
  const label = { arrive: '到达现场', restore: '恢复供电', contact: '联系客户', finish: '办结回单' }[clock.clock];
  return { clock: clock.clock, label, state: 'NORMAL', dueAt: new Date(now + ms).toISOString(), remainingMs: ms, stoppedAt: null };
}

/**
 * msw handlers for ticket service v1 (issue 12): the contract's shapes and validation (the same zod schemas), each
 * step on its own route (`<node>:complete`), the server's order of refusals (body 400 → 404 → If-Match 400/428/412
 * → state 409), Idempotency-Key on 受理 and the merge of a repeated call as 催办. Scope, the engine and working-day
 * calendars are not simulated: the mock's user may act on every open task, and clocks run in calendar time.
 */
export function ticketHandlers(options: TicketHandlersOptions = {}): RequestHandler[] {
  const baseUrl = mockBase(options.baseUrl, TICKET_SERVICE);
  const data = options.dataset ?? createTicketDataset();
  const idempotency = idempotencyStore<{ no: string; merged: boolean }>('该请求编号已用于另一次受理，请刷新后重新提交');
  let sequence = 500;
  const wait = async (): Promise<void> => {
    if (options.delayMs) await delay(options.delayMs);
  };
  const find = (no: string): MockTicket | undefined => data.tickets.find((t) => t.detail.no === no);
  const match = (c: MockTicketCustomer): CustomerMatch => {
    const { phone: _p, certNo: _c, ...rest } = c;
    return { ...rest, openTickets: data.tickets.filter((t) => t.detail.consNo === c.consNo && OPEN_TICKET_STATUSES.includes(t.detail.status)).length };
  };
  const entry = (kind: string, title: string, text = '') => ({ at: new Date().toISOString(), kind, title, actor: data.agent.username, actorName: data.agent.name, text });

  const slaOverrides = new Map<string, { clocks: SlaClockRule[]; source: string; version: number; at: string }>();
  const slaEntry = (key: string): SlaRuleEntry => {
    const defaults = DEFAULT_SLA_RULES.find((d) => d.key === key)!;
    const o = slaOverrides.get(key);
    return o
      ? { ...defaults, clocks: o.clocks, source: o.source, verified: o.source !== '', overridden: true, version: o.version, updatedAt: o.at, updatedBy: data.agent.username, defaults }
      : { ...defaults, overridden: false, version: 0, updatedAt: null, updatedBy: null, defaults };
  };
  /** 404 → If-Match (400 malformed, 428 absent, 412 stale) for a rule write: the rule as it stands, or the refusal. */
  const slaGuard = (key: string, request: Request): SlaRuleEntry | Response =>
    guardedWrite(request, DEFAULT_SLA_RULES.some((d) => d.key === key) ? slaEntry(key) : undefined, (e) => e.version,
      () => apiError(404, ErrorCode.NotFound, '未找到该时限规则'), '该时限规则已被他人修改，请刷新后重试');
  /** 404 → If-Match (400 malformed, 428 absent, 412 stale): the ticket to act on, or the refusal. */
  const guarded = (no: string, request: Request): MockTicket | Response =>
    guardedWrite(request, find(no), (t) => t.detail.version, notFound, '工单已被他人处理，请刷新后重试');
  /** Moves the ticket to `status`, as the engine's next task would. */
  const moveTo = (t: TicketDetail, status: TicketStatus, change: Partial<TicketDetail> = {}): void => {
    Object.assign(t, change, { status, statusName: TICKET_STATUSES[status], version: t.version + 1 });
    const node = nodeOf(t.type, status);
    t.nodeKey = node;
    t.nodeName = node ? TICKET_NODES[node] : null;
    t.openTask = openTaskOf(t, node);
    if (!node && t.sla) t.sla = { ...t.sla, stoppedAt: new Date().toISOString(), remainingMs: null };
  };

  /** A step done: the ticket moves to `status` (with `change`) and its timeline records `[kind, title, text]`. */
  const advance = (t: TicketDetail, status: TicketStatus, record: [kind: string, title: string, text?: string], change: Partial<TicketDetail> = {}): null => {
    moveTo(t, status, change);
    t.timeline.push(entry(...record));
    return null;
  };
  /** 409 for a step asked of a ticket that is not at its node. */
  const notAt = (node: string) => conflict(`该工单当前不在「${node}」环节`);

  const steps: { [N in TicketStepNode]: (t: TicketDetail, body: never) => Response | null } = {
    dispatch: (t, body: { orgUnitCode?: string; opinion: string }) => {
      if (t.status !== 'DISPATCH') return notAt('派单');
      const unit = body.orgUnitCode ? data.units.find((u) => u.code === body.orgUnitCode) : undefined;
      if (body.orgUnitCode && !unit) return apiError(400, ErrorCode.BadRequest, '未找到该供电所', { orgUnitCode: '未找到该供电所' });
      const text = `派往 ${unit?.name ?? t.orgUnitName}${body.opinion ? `：${body.opinion}` : ''}`;
      return advance(t, 'ACCEPT', ['DISPATCH', '派单', text], { dispatchedAt: new Date().toISOString(), ...(unit ? { orgUnitCode: unit.code, orgUnitName: unit.name } : {}) });
    },
    accept: (t, body: { outcome: 'accept' | 'return'; opinion: string }) => {
      if (t.status !== 'ACCEPT') return notAt('接单');
      return body.outcome === 'return' ? advance(t, 'DISPATCH', ['RETURN_DISPATCH', '退回派单', body.opinion]) : advance(t, 'HANDLING', ['TAKE', '接单', body.opinion]);
    },
    arrive: (t, body: { arrivedAt?: string; opinion: string }) => {
      if (t.type !== 'REPAIR' || t.status !== 'HANDLING') return notAt('到达现场');
      return advance(t, 'ARRIVED', ['ARRIVE', '到达现场', body.opinion], { arrivedAt: body.arrivedAt ?? new Date().toISOString() });
    },
    handle: (t, body: { cause: string; result: string; restoredAt?: string }) => {
      if (t.status !== (t.type === 'REPAIR' ? 'ARRIVED' : 'HANDLING')) return notAt('处理回单');
      const change = { cause: body.cause || null, result: body.result, restoredAt: body.restoredAt ?? null, repliedAt: new Date().toISOString() };
      return advance(t, 'REVIEW', ['REPLY', '回单', body.result], change);
    },
    review: (t, body: { outcome: 'pass' | 'reject'; opinion: string }) => {
      if (t.status !== 'REVIEW') return notAt('审核');
      return body.outcome === 'pass'
        ? advance(t, 'REVISIT', ['APPROVE', '审核通过', body.opinion])
        : advance(t, t.type === 'REPAIR' ? 'ARRIVED' : 'HANDLING', ['REJECT', '退单', body.opinion]);
    },
    revisit: (t, body: { outcome: keyof typeof REVISIT_OUTCOMES; opinion: string }) => {
      if (t.status !== 'REVISIT') return notAt('回访');
      const attempts = t.revisitAttempts + 1;
      t.timeline.push(entry('REVISIT', `回访：${REVISIT_OUTCOMES[body.outcome]}`, body.opinion));
      if (body.outcome === 'UNREACHABLE' && attempts < data.config.maxRevisitAttempts) {
        Object.assign(t, { revisitAttempts: attempts, version: t.version + 1 });
        t.openTask = openTaskOf(t, 'revisit');
        return null;
      }
      return advance(t, 'ARCHIVED', ['ARCHIVE', '归档'], { revisitAttempts: attempts, revisitOutcome: body.outcome, closedAt: new Date().toISOString() });
    },
  };

  const inView = (t: TicketDetail, view: string): boolean => {
    switch (view) {
      case 'mine':
        return t.acceptedBy === data.agent.username;
      case 'queue':
        return t.status === 'ACCEPT' || t.status === 'HANDLING' || t.status === 'ARRIVED';
      case 'dispatch':
        return t.status === 'DISPATCH';
      case 'review':
        return t.status === 'REVIEW';
      case 'revisit':
        return t.status === 'REVISIT';
      default:
        return true;
    }
  };

  return [
    http.get(`${baseUrl}/config`, async () => {
      await wait();
      return HttpResponse.json(data.config);
    }),
    http.get(`${baseUrl}/stats`, async () => {
      await wait();
      const open = data.tickets.filter((t) => OPEN_TICKET_STATUSES.includes(t.detail.status)).map((t) => present(t.detail));
      return HttpResponse.json({
        callsToday: data.calls.length,
        ticketsToday: data.tickets.filter((t) => Date.now() - Date.parse(t.detail.acceptedAt) < 24 * 60 * MINUTE).length,
        myOpen: open.filter((t) => t.acceptedBy === data.agent.username).length,
        todo: open.filter((t) => t.openTask?.mayAct).length,
        overdue: open.filter((t) => t.sla?.state === 'OVERDUE').length,
        warning: open.filter((t) => t.sla?.state === 'WARNING').length,
        revisitPending: open.filter((t) => t.status === 'REVISIT').length,
      });
    }),
    http.get(`${baseUrl}/calls/current`, async () => {
      await wait();
      const call = data.calls.at(-1);
      if (!call) return HttpResponse.json({ call: null });
      const { callerClear: _c, ...rest } = call;
      return HttpResponse.json({ call: rest });
    }),
    http.post(new RegExp(`${escape(baseUrl)}/calls:simulate$`), async ({ request }) => {
      await wait();
      const parsed = simulateCallSchema.safeParse((await readJson(request)) ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const callerNo = parsed.data.callerNo ?? SHARED_PHONE;
      const call = {
        callId: `C${String(data.calls.length + 1).padStart(6, '0')}`,
        callerNo: maskPhone(callerNo),
        callerClear: callerNo,
        at: new Date().toISOString(),
        agent: data.agent.username,
        matches: data.customers.filter((c) => c.phone === callerNo).map(match),
        ticketNos: [],
      };
      data.calls.push(call);
      const { callerClear: _c, ...rest } = call;
      return HttpResponse.json(rest, { status: 201 });
    }),
    http.get(`${baseUrl}/lookup`, async ({ request }) => {
      await wait();
      const parsed = lookupQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const q = parsed.data.q;
      const field = /^\d{10}$/.test(q) && !q.startsWith('1') ? 'consNo' : /^\d{4}$/.test(q) ? 'phoneTail' : /^\d{7,12}$/.test(q) ? 'phone' : /路|镇|村|号|区/.test(q) ? 'address' : 'name';
      const hit = (c: MockTicketCustomer): boolean =>
        field === 'consNo' ? c.consNo === q : field === 'phoneTail' ? c.phone.endsWith(q) : field === 'phone' ? c.phone === q : field === 'address' ? c.address.includes(q) : c.consName.includes(q);
      return HttpResponse.json({ field, items: data.customers.filter(hit).map(match) });
    }),
    http.get(`${baseUrl}/precheck`, async ({ request }) => {
      await wait();
      const parsed = precheckQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const customer = data.customers.find((c) => c.consNo === parsed.data.consNo);
      if (!customer) return apiError(404, ErrorCode.NotFound, '未找到该客户');
      return HttpResponse.json({
        consNo: customer.consNo,
        arrears: { state: 'no-source', amount: null, cutOff: null },
        outages: data.outages.filter((o) => o.status !== 'ENDED' && o.status !== 'CANCELLED' && o.tgIds.includes(customer.tgId)),
        guidance: ['请客户检查家中漏电保护器（总开关）是否跳闸', '询问邻居家是否有电，判断是否为单户故障', '如表箱冒烟或有焦味，请客户远离并等待抢修人员'],
        openTickets: data.tickets.filter((t) => t.detail.consNo === customer.consNo && OPEN_TICKET_STATUSES.includes(t.detail.status)).map((t) => summary(t.detail)),
      });
    }),
    http.get(`${baseUrl}/knowledge`, async ({ request }) => {
      await wait();
      const parsed = knowledgeQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const q = parsed.data.q;
      const items = data.knowledge.filter((k) => q === '' || k.title.includes(q) || k.content.includes(q) || k.keywords.some((w) => w.includes(q) || q.includes(w)));
      return HttpResponse.json({ items });
    }),
    // 工单时限配置 (ADR 0039): overrides over the defaults, If-Match on the rule's version (0 = the default).
    http.get(`${baseUrl}/admin/sla-rules`, async () => {
      await wait();
      return HttpResponse.json({ items: DEFAULT_SLA_RULES.map((d) => slaEntry(d.key)) });
    }),
    http.put(`${baseUrl}/admin/sla-rules/:key`, async ({ request, params }) => {
      await wait();
      const parsed = slaRuleUpdateSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const key = decodeURIComponent(String(params['key']));
      const current = slaGuard(key, request);
      if (current instanceof Response) return current;
      slaOverrides.set(key, { clocks: parsed.data.clocks, source: parsed.data.source, version: current.version + 1, at: new Date().toISOString() });
      return answerWithEtag(slaEntry(key));
    }),
    http.delete(`${baseUrl}/admin/sla-rules/:key`, async ({ request, params }) => {
      await wait();
      const key = decodeURIComponent(String(params['key']));
      const refused = slaGuard(key, request);
      if (refused instanceof Response) return refused;
      slaOverrides.delete(key);
      return answerWithEtag(slaEntry(key));
    }),
    http.get(`${baseUrl}/outages`, async ({ request }) => {
      await wait();
      const parsed = outageQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const { status, tgId, consNo, page, pageSize } = parsed.data;
      const customerTg = consNo ? (data.customers.find((c) => c.consNo === consNo)?.tgId ?? null) : undefined;
      const items = data.outages
        .filter((o) => (!status || o.status === status) && (!tgId || o.tgIds.includes(tgId)))
        .filter((o) => customerTg === undefined || (customerTg !== null && o.tgIds.includes(customerTg)))
        .sort((a, b) => b.startAt.localeCompare(a.startAt));
      return HttpResponse.json({ items: items.slice((page - 1) * pageSize, page * pageSize), total: items.length });
    }),
    http.get(`${baseUrl}/tickets`, async ({ request }) => {
      await wait();
      const parsed = ticketListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const { view, status, type, overdue, q, consNo, page, pageSize } = parsed.data;
      const items = data.tickets
        .map((t) => present(t.detail))
        .filter((t) => inView(t, view))
        .filter((t) => !status || t.status === status)
        .filter((t) => !type || t.type === type)
        .filter((t) => !consNo || t.consNo === consNo)
        .filter((t) => overdue === undefined || (t.sla?.state === 'OVERDUE') === (overdue === 'true'))
        .filter((t) => !q || t.no.includes(q) || (t.consName ?? '').includes(q) || t.content.includes(q) || t.address.includes(q))
        .sort(view === 'all' || view === 'mine' ? (a, b) => b.acceptedAt.localeCompare(a.acceptedAt) || b.no.localeCompare(a.no) : (a, b) => compareQueueTickets(a, b, Date.now()));
      return HttpResponse.json(paginate(items.map(summary), page, pageSize));
    }),
    http.get(`${baseUrl}/tickets/:no`, async ({ params }) => {
      await wait();
      const t = find(String(params['no']));
      return t ? withEtag(t.detail) : notFound();
    }),
    http.post(`${baseUrl}/tickets`, async ({ request }) => {
      await wait();
      const parsed = createTicketSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const body = parsed.data;
      const key = request.headers.get('idempotency-key')?.trim();
      const seen = idempotency.replay(key, body);
      if (seen instanceof Response) return seen;
      if (seen) {
        const again = find(seen.no) as MockTicket;
        // A replay answers 200 like the service (the first answer was 201 or, merged, 200).
        return HttpResponse.json({ ticket: present(again.detail), merged: seen.merged }, { status: 200 });
      }
      const call = body.callId ? data.calls.find((c) => c.callId === body.callId) : undefined;
      if (body.callId && !call) return apiError(400, ErrorCode.BadRequest, '未找到该来电', { callId: '未找到该来电' });
      const customer = body.consNo ? data.customers.find((c) => c.consNo === body.consNo) : undefined;
      if (body.consNo && !customer) return apiError(400, ErrorCode.BadRequest, '未找到该户号的客户', { consNo: '未找到该户号的客户' });
      const open = customer && !body.answeredOnCall
        ? data.tickets.find((t) => t.detail.consNo === customer.consNo && t.detail.type === body.type && OPEN_TICKET_STATUSES.includes(t.detail.status))
        : undefined;
      if (open) {
        const t = open.detail;
        const reason = body.urgeReason || body.content;
        t.urgeCount += 1;
        t.priority += 1;
        t.version += 1;
        t.urges.push({ at: new Date().toISOString(), kind: 'URGE', reason, by: data.agent.username, byName: data.agent.name, callId: body.callId ?? null });
        t.timeline.push(entry('URGE', `催办（第 ${t.urgeCount} 次）`, reason));
        t.openTask = openTaskOf(t, t.nodeKey);
        call?.ticketNos.push(t.no);
        idempotency.remember(key, body, { no: t.no, merged: true });
        return HttpResponse.json({ ticket: present(t), merged: true }, { status: 200 });
      }
      const picked = body.orgUnitCode ? data.units.find((u) => u.code === body.orgUnitCode) : undefined;
      if (!customer && body.orgUnitCode && !picked) return apiError(400, ErrorCode.BadRequest, '未找到该供电所', { orgUnitCode: '未找到该供电所' });
      const unit = customer ?? picked ?? data.units[0]!;
      const phone = body.contactPhone ?? call?.callerClear ?? '';
      const no = `2026${String(++sequence).padStart(12, '0')}`;
      const now = Date.now();
      const knowledge = body.knowledgeId ? data.knowledge.find((k) => k.id === body.knowledgeId) : undefined;
      if (body.answeredOnCall && !knowledge) return apiError(400, ErrorCode.BadRequest, '请选择答复所用的知识', { knowledgeId: '请选择答复所用的知识' });
      const closed = body.answeredOnCall;
      const detail: TicketDetail = {
        no,
        type: body.type,
        typeName: TICKET_TYPES[body.type],
        subType: body.subType ?? null,
        subTypeName: body.subType ? SERVICE_SUBTYPES[body.subType] : null,
        status: closed ? 'CLOSED' : 'DISPATCH',
        statusName: TICKET_STATUSES[closed ? 'CLOSED' : 'DISPATCH'],
        source: body.source,
        callerNo: maskPhone(call?.callerClear ?? phone),
        contactName: body.contactName,
        contactPhone: maskPhone(phone),
        consNo: customer?.consNo ?? null,
        consName: customer?.consName ?? null,
        address: body.address,
        content: body.content,
        urgency: body.urgency,
        areaClass: customer?.areaClass ?? 'urban',
        orgUnitCode: 'orgUnitCode' in unit ? unit.orgUnitCode : unit.code,
        orgUnitName: 'orgUnitName' in unit ? unit.orgUnitName : unit.name,
        tgId: customer?.tgId ?? null,
        tgName: customer?.tgName ?? null,
        acceptedAt: new Date(now).toISOString(),
        acceptedBy: data.agent.username,
        acceptedByName: data.agent.name,
        dispatchedAt: null,
        arrivedAt: null,
        restoredAt: null,
        repliedAt: null,
        closedAt: closed ? new Date(now).toISOString() : null,
        cause: null,
        result: closed ? (knowledge?.title ?? null) : null,
        urgeCount: 0,
        supervised: false,
        priority: body.urgency === 'URGENT' ? 1 : 0,
        sla: null,
        revisitAttempts: 0,
        revisitOutcome: null,
        nodeKey: null,
        nodeName: null,
        version: 1,
        certNo: body.certNo ? maskCertNo(body.certNo) : null,
        knowledgeId: knowledge?.id ?? null,
        knowledgeTitle: knowledge?.title ?? null,
        callId: body.callId ?? null,
        clocks: [],
        timeline: [entry('ACCEPT', '受理', body.content), ...(closed ? [entry('CLOSE', '当场办结', knowledge?.title ?? '')] : [])],
        urges: [],
        openTask: null,
        instanceId: closed ? null : `inst-${no}`,
        history: [],
      };
      if (!closed) {
        detail.sla = firstClock(detail, now);
        const node = nodeOf(detail.type, detail.status);
        detail.nodeKey = node;
        detail.nodeName = node ? TICKET_NODES[node] : null;
        detail.openTask = openTaskOf(detail, node);
      }
      data.tickets.unshift({ detail, clear: { callerNo: call?.callerClear ?? phone, contactPhone: phone, certNo: body.certNo ?? null } });
      call?.ticketNos.push(no);
      idempotency.remember(key, body, { no, merged: false });
      return HttpResponse.json({ ticket: present(detail), merged: false }, { status: 201 });
    }),
    http.post(`${baseUrl}/tickets/:no/:action`, async ({ params, request }) => {
      await wait();
      const no = String(params['no']);
      const action = String(params['action']);
      const body = await readJson(request);
      if (action === 'reveal') {
        const t = find(no);
        if (!t) return notFound();
        t.detail.timeline.push(entry('REVEAL', '查看完整号码', '已记录查看留痕'));
        return HttpResponse.json(t.clear);
      }
      if (action === 'urge' || action === 'supervise') {
        const parsed = (action === 'urge' ? urgeRequestSchema : superviseRequestSchema).safeParse(body);
        if (!parsed.success) return badRequest(parsed.error);
        const t = guarded(no, request);
        if (t instanceof Response) return t;
        const d = t.detail;
        if (!OPEN_TICKET_STATUSES.includes(d.status)) return conflict('工单已办结');
        const kind = action === 'urge' ? 'URGE' : 'SUPERVISE';
        d.urges.push({ at: new Date().toISOString(), kind, reason: parsed.data.reason, by: data.agent.username, byName: data.agent.name, callId: null });
        if (kind === 'URGE') Object.assign(d, { urgeCount: d.urgeCount + 1, priority: d.priority + 1 });
        else Object.assign(d, { supervised: true, priority: d.priority + 5 });
        d.version += 1;
        d.openTask = openTaskOf(d, d.nodeKey);
        d.timeline.push(entry(kind, kind === 'URGE' ? '催办' : '督办', parsed.data.reason));
        return withEtag(d);
      }
      const node = action.endsWith(':complete') ? action.slice(0, -':complete'.length) : '';
      if (!(node in TICKET_STEP_SCHEMAS)) return apiError(404, ErrorCode.NotFound, `未找到该操作：${action}`);
      const parsed = TICKET_STEP_SCHEMAS[node as TicketStepNode].safeParse(body);
      if (!parsed.success) return badRequest(parsed.error);
      const t = guarded(no, request);
      if (t instanceof Response) return t;
      const refused = steps[node as TicketStepNode](t.detail, parsed.data as never);
      return refused ?? withEtag(t.detail);
    }),
  ];
}
