import { delay, HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import { INBOX_COUNT_CAP, UNREAD_COUNT_CAP, WORKFLOW_SERVICE, completeTaskRequestSchema, copyToRequestSchema, inboxQuerySchema, reasonRequestSchema, returnTaskRequestSchema, startProcessRequestSchema, transferTaskRequestSchema } from '@wb/contracts/workflow';
import { ErrorCode } from '@wb/contracts';
import type { HistoryEntry, InboxBox, InboxItem, InboxPage, InstanceDetail, Task } from '@wb/contracts/workflow';
import { apiError, badRequest, ifMatchOf, mockBase, notFound, paginate, preconditionRequired, readJson } from '../iam/respond.ts';
import { workflowAdminHandlers } from './admin.ts';
import { createWorkflowDataset } from './dataset.ts';
import type { WorkflowDataset } from './dataset.ts';

export interface WorkflowHandlersOptions {
  /** Gateway base of the workflow service; default `/api/svc/workflow/v1`. */
  baseUrl?: string;
  /** The state served and changed by writes; default a fresh `createWorkflowDataset()`. */
  data?: WorkflowDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
}

const conflict = (message: string) => apiError(409, ErrorCode.Conflict, message);
const stale = () => apiError(412, ErrorCode.PreconditionFailed, '待办已被他人更新，请刷新后重试');
const isOpen = (task: Task): boolean => task.state === 'OPEN' || task.state === 'CLAIMED';
/** As the service counts (ADR 0091): 已办, 我发起 and 抄送 stop at `INBOX_COUNT_CAP + 1`, 待办 is counted in full. */
const HISTORY_BOXES: readonly InboxBox[] = ['done', 'started', 'cc'];
const capCount = (box: InboxBox, n: number): number => (box === 'todo' ? n : Math.min(n, INBOX_COUNT_CAP + 1));

function taskItem(task: Task): InboxItem {
  return {
    taskId: task.id, instanceId: task.instanceId, processKey: task.processKey, processName: task.processName, nodeKey: task.nodeKey,
    nodeName: task.nodeName, businessKey: task.businessKey, businessTitle: task.businessTitle, orgUnitCode: task.orgUnitCode,
    orgUnitName: task.orgUnitName, state: task.state, assignee: task.assignee, createdAt: task.createdAt, dueAt: task.dueAt, slaState: task.slaState,
  };
}

function instanceItem(instance: InstanceDetail): InboxItem {
  const open = instance.openTasks[0];
  return {
    taskId: null, instanceId: instance.id, processKey: instance.processKey, processName: instance.processName,
    nodeKey: instance.currentNodes[0] ?? null, nodeName: open?.nodeName ?? '', businessKey: instance.businessKey,
    businessTitle: instance.businessTitle, orgUnitCode: instance.orgUnitCode, orgUnitName: instance.orgUnitName, state: instance.status,
    assignee: open?.assignee ?? null, createdAt: instance.startedAt, dueAt: instance.dueAt, slaState: instance.slaState,
  };
}

/**
 * msw handlers for the workflow service v1, in memory, acting for `data.username`: the inbox with its four
 * boxes and filters, the task actions (409 out of order, 412 on a stale `If-Match` of complete, 400 with
 * field messages from the contracts), instance actions, the diagram XML and notifications; and for 系统管理 the
 * process definitions, the holiday calendar and the outbox's dead letters (admin.ts).
 */
export function workflowHandlers(options: WorkflowHandlersOptions = {}): RequestHandler[] {
  const data = options.data ?? createWorkflowDataset();
  const base = mockBase(options.baseUrl, WORKFLOW_SERVICE);
  const me = data.username;
  const wait = async (): Promise<void> => {
    if (options.delayMs) await delay(options.delayMs);
  };
  const findTask = (id: unknown) => data.tasks.find((t) => t.id === String(id));
  const findInstance = (id: unknown) => data.instances.find((i) => i.id === String(id));
  const mine = (task: Task): boolean => task.assignee === me || (task.assignee === null && data.candidateOf.has(task.id));
  const record = (instance: InstanceDetail | undefined, entry: Omit<HistoryEntry, 'id' | 'at' | 'actor' | 'actorName' | 'form'> & { form?: Record<string, unknown> }): void => {
    instance?.history.push({ id: `h-${instance.history.length + 1}-${Date.now()}`, at: new Date().toISOString(), actor: me, actorName: me, form: {}, ...entry });
  };
  /** An event of the instance as a whole (no task): withdraw, suspend, resume, terminate, copy. */
  const recordInstance = (instance: InstanceDetail, action: HistoryEntry['action'], opinion: string, toNodes: string[] = []): void =>
    record(instance, { action, fromNode: null, fromNodeName: null, toNodes, outcome: null, opinion });
  const syncOpen = (instance: InstanceDetail | undefined): void => {
    if (instance) instance.openTasks = data.tasks.filter((t) => t.instanceId === instance.id && isOpen(t));
  };
  const touch = (task: Task, change: Partial<Task>): Task => {
    Object.assign(task, change, { version: task.version + 1 });
    // As the service answers: whether the caller may act now (the engine's one assignment rule).
    task.mayAct = isOpen(task) && mine(task);
    syncOpen(findInstance(task.instanceId));
    return task;
  };
  const boxes = {
    todo: () => data.tasks.filter((t) => isOpen(t) && mine(t)).map(taskItem),
    done: () => data.tasks.filter((t) => t.state === 'COMPLETED' && t.assignee === me).map(taskItem),
    started: () => data.instances.filter((i) => i.initiator === me).map(instanceItem),
    cc: () => data.instances.filter((i) => data.ccTo.has(i.id)).map(instanceItem),
  };

  const taskAction = (action: string, run: (task: Task, request: Request) => Promise<Response | Task | Task[]>) =>
    http.post(`${base}/tasks/:id/${action}`, async ({ params, request }) => {
      await wait();
      const task = findTask(params['id']);
      if (!task) return notFound('待办不存在');
      // A task bound to a domain is acted on only through the domain's command (ADR 0021), as the service refuses.
      if (task.bound && ['complete', 'transfer', 'return'].includes(action)) {
        return apiError(409, ErrorCode.DomainBound, `「${task.nodeName}」环节由${task.bound.title}办理，请在${task.bound.title}中办理`);
      }
      const result = await run(task, request);
      return result instanceof Response ? result : HttpResponse.json(Array.isArray(result) ? { openTasks: result } : result);
    });
  const instanceAction = (action: string, run: (instance: InstanceDetail, request: Request) => Promise<Response | null>) =>
    http.post(`${base}/instances/:id/${action}`, async ({ params, request }) => {
      await wait();
      const instance = findInstance(params['id']);
      if (!instance) return notFound('流程实例不存在');
      return (await run(instance, request)) ?? HttpResponse.json(instance);
    });
  const withReason = async (request: Request, then: (reason: string) => Response | null) => {
    const parsed = reasonRequestSchema.safeParse(await readJson(request));
    return parsed.success ? then(parsed.data.reason) : badRequest(parsed.error);
  };
  const closeOpenTasks = (instance: InstanceDetail): void => {
    for (const t of data.tasks) if (t.instanceId === instance.id && isOpen(t)) Object.assign(t, { state: 'CANCELLED', version: t.version + 1 });
    instance.openTasks = [];
  };

  const idempotency = new Map<string, string>();

  return [
    ...workflowAdminHandlers({ data, base, wait }),
    http.get(`${base}/inbox`, async ({ request }) => {
      await wait();
      const parsed = inboxQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const { box, processKey, slaState, orgUnitCode, q, page, pageSize } = parsed.data;
      const found = boxes[box]().filter(
        (item) =>
          (!processKey || item.processKey === processKey) &&
          (!slaState || item.slaState === slaState) &&
          (!orgUnitCode || item.orgUnitCode.startsWith(orgUnitCode)) &&
          (!q || item.businessKey.includes(q) || item.businessTitle.includes(q)),
      );
      // A history box is counted only in its own answer (ADR 0108).
      const history = (b: InboxBox): number | null => (b === box ? capCount(b, boxes[b]().length) : null);
      const counts = { todo: boxes.todo().length, done: history('done'), started: history('started'), cc: history('cc') };
      const paged = paginate(found, page, pageSize);
      const total = capCount(box, paged.total);
      const body: InboxPage = {
        ...paged,
        total,
        totalCapped: box !== 'todo' && total > INBOX_COUNT_CAP,
        counts,
        capped: HISTORY_BOXES.filter((b) => (counts[b] ?? 0) > INBOX_COUNT_CAP),
        otherPosts: data.otherPosts ?? [],
      };
      return HttpResponse.json(body);
    }),
    http.get(`${base}/tasks/:id`, async ({ params }) => {
      await wait();
      const task = findTask(params['id']);
      return task ? HttpResponse.json(task) : notFound('待办不存在');
    }),
    taskAction('claim', async (task) => {
      if (task.state !== 'OPEN' || !mine(task)) return conflict(task.assignee === me ? '您已签收该待办' : '该待办已被他人签收');
      record(findInstance(task.instanceId), { action: 'CLAIM', fromNode: task.nodeKey, fromNodeName: task.nodeName, toNodes: [], outcome: null, opinion: '' });
      return touch(task, { state: 'CLAIMED', assignee: me, assigneeName: me, claimedAt: new Date().toISOString() });
    }),
    taskAction('unclaim', async (task) => {
      if (task.state !== 'CLAIMED' || task.assignee !== me) return conflict('该待办未由您签收');
      data.candidateOf.add(task.id);
      return touch(task, { state: 'OPEN', assignee: null, assigneeName: null, claimedAt: null });
    }),
    taskAction('complete', async (task, request) => {
      // As the service: body 400 → If-Match 400 (malformed) / 428 (absent) → stale 412 → state 409.
      const parsed = completeTaskRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const expected = ifMatchOf(request);
      if (expected instanceof Response) return expected;
      if (expected === undefined) return preconditionRequired();
      if (isOpen(task) && expected !== task.version) return stale();
      if (!isOpen(task) || !mine(task)) return conflict('该待办已处理或不属于您');
      const { outcome, opinion, form } = parsed.data;
      if (task.outcomes.length > 0 && !task.outcomes.some((o) => o.key === outcome)) return apiError(400, ErrorCode.BadRequest, '请选择办理结果', { outcome: '请选择办理结果' });
      const instance = findInstance(task.instanceId);
      record(instance, { action: 'COMPLETE', fromNode: task.nodeKey, fromNodeName: task.nodeName, toNodes: [], outcome: outcome ?? null, opinion, form });
      touch(task, { state: 'COMPLETED', assignee: me, assigneeName: me, completedAt: new Date().toISOString() });
      if (instance) instance.doneNodes = [...instance.doneNodes, task.nodeKey];
      return [];
    }),
    taskAction('transfer', async (task, request) => {
      const parsed = transferTaskRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      if (!isOpen(task) || !mine(task)) return conflict('该待办已处理或不属于您');
      record(findInstance(task.instanceId), { action: 'TRANSFER', fromNode: task.nodeKey, fromNodeName: task.nodeName, toNodes: [task.nodeKey], outcome: null, opinion: parsed.data.opinion });
      data.candidateOf.delete(task.id);
      return touch(task, { state: 'CLAIMED', assignee: parsed.data.toUsername, assigneeName: parsed.data.toUsername });
    }),
    taskAction('return', async (task, request) => {
      const parsed = returnTaskRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      if (!isOpen(task) || !mine(task)) return conflict('该待办已处理或不属于您');
      const instance = findInstance(task.instanceId);
      const target = parsed.data.target === 'node' ? (parsed.data.nodeKey ?? 'accept') : 'accept';
      record(instance, { action: 'RETURN', fromNode: task.nodeKey, fromNodeName: task.nodeName, toNodes: [target], outcome: null, opinion: parsed.data.opinion });
      touch(task, { state: 'CANCELLED' });
      return [];
    }),
    http.post(`${base}/instances`, async ({ request }) => {
      await wait();
      const parsed = startProcessRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const key = request.headers.get('idempotency-key');
      const previous = key ? idempotency.get(key) : undefined;
      if (previous) return HttpResponse.json({ instanceId: previous, openTasks: [] }, { status: 201 });
      const body = parsed.data;
      if (data.instances.some((i) => i.processKey === body.processKey && i.businessKey === body.businessKey && i.status === 'RUNNING')) {
        return conflict('该业务已有进行中的流程');
      }
      const id = `i-new-${data.instances.length + 1}`;
      data.instances.push({
        id, processKey: body.processKey, processName: body.processKey, processVersion: 1, status: 'RUNNING', businessKey: body.businessKey,
        businessTitle: body.businessTitle, orgUnitCode: body.orgUnitCode, orgUnitName: body.orgUnitCode, initiator: me, initiatorName: me,
        startedAt: new Date().toISOString(), endedAt: null, dueAt: null, slaState: 'NORMAL', suspendedReason: null, variables: body.variables,
        openTasks: [], doneNodes: ['start'], currentNodes: [], history: [], fieldLabels: {}, valueLabels: {},
      });
      if (key) idempotency.set(key, id);
      return HttpResponse.json({ instanceId: id, openTasks: [] }, { status: 201 });
    }),
    http.get(`${base}/instances/:id/diagram`, async ({ params }) => {
      await wait();
      const instance = findInstance(params['id']);
      const xml = instance ? data.diagrams[instance.processKey] : undefined;
      if (!instance || !xml) return notFound('流程图不存在');
      const { processKey, processVersion, doneNodes, currentNodes } = instance;
      return HttpResponse.json({ processKey, processVersion, xml, doneNodes, currentNodes });
    }),
    http.get(`${base}/instances/:id`, async ({ params }) => {
      await wait();
      const instance = findInstance(params['id']);
      return instance ? HttpResponse.json(instance) : notFound('流程实例不存在');
    }),
    instanceAction('withdraw', async (instance) => {
      const last = [...instance.history].reverse().find((h) => h.action === 'COMPLETE');
      if (!last || last.actor !== me || instance.openTasks.some((t) => t.state === 'CLAIMED')) return conflict('下一环节已签收，无法撤回');
      recordInstance(instance, 'WITHDRAW', '', last.fromNode ? [last.fromNode] : []);
      return null;
    }),
    // 挂起 and 恢复: the same shape in opposite directions, with the reason recorded.
    ...([
      ['suspend', 'RUNNING', { status: 'SUSPENDED', slaState: 'PAUSED' }, '流程未在运行，无法挂起'],
      ['resume', 'SUSPENDED', { status: 'RUNNING', slaState: 'NORMAL' }, '流程未挂起，无需恢复'],
    ] as const).map(([action, from, to, refusal]) =>
      instanceAction(action, (instance, request) =>
        withReason(request, (reason) => {
          if (instance.status !== from) return conflict(refusal);
          Object.assign(instance, { ...to, suspendedReason: action === 'suspend' ? reason : null });
          recordInstance(instance, action === 'suspend' ? 'SUSPEND' : 'RESUME', reason);
          return null;
        }),
      ),
    ),
    instanceAction('terminate', (instance, request) =>
      withReason(request, (reason) => {
        if (instance.status === 'COMPLETED' || instance.status === 'TERMINATED') return conflict('流程已结束');
        closeOpenTasks(instance);
        Object.assign(instance, { status: 'TERMINATED', endedAt: new Date().toISOString() });
        recordInstance(instance, 'TERMINATE', reason);
        return null;
      }),
    ),
    instanceAction('copy', async (instance, request) => {
      const parsed = copyToRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      recordInstance(instance, 'COPY', `抄送：${parsed.data.usernames.join('、')}`);
      return null;
    }),
    http.get(`${base}/notifications`, async () => {
      await wait();
      const items = [...data.notifications].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      // As the service: unread stops at UNREAD_COUNT_CAP + 1 (shown 99+, ADR 0091).
      return HttpResponse.json({ items, unread: Math.min(items.filter((n) => n.readAt === null).length, UNREAD_COUNT_CAP + 1) });
    }),
    http.post(`${base}/notifications/read-all`, async () => {
      await wait();
      const at = new Date().toISOString();
      const unread = data.notifications.filter((n) => n.readAt === null);
      for (const n of unread) n.readAt = at;
      return HttpResponse.json({ read: unread.length });
    }),
    http.post(`${base}/notifications/:id/read`, async ({ params }) => {
      await wait();
      const notification = data.notifications.find((n) => n.id === String(params['id']));
      if (!notification) return notFound('通知不存在');
      notification.readAt ??= new Date().toISOString();
      return HttpResponse.json({ id: notification.id, read: true });
    }),
  ];
}
