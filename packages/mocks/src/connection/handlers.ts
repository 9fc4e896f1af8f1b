import { HttpResponse, delay, http } from 'msw';
import type { RequestHandler } from 'msw';
import { ATTACHMENT_KINDS, ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_PER_APPLICATION, ATTACHMENT_MESSAGES, attachmentFileProblem, attachmentKindSchema, type Attachment } from '@wb/contracts/attachments';
import {
  CONNECTION_NODES,
  CONNECTION_SERVICE,
  CONNECTION_VARIANTS,
  STEP_SCHEMAS,
  acceptResubmitSchema,
  createApplicationRequestSchema,
  duplicateCheckRequestSchema,
  returnApplicationSchema,
  suspendApplicationSchema,
  variantNodes,
  variantOf,
  type ApplicationDetail,
  type Board,
  type StepNode,
} from '@wb/contracts/connection';
import { ErrorCode } from '@wb/contracts';
import { apiError, badRequest, guardedWrite, idempotencyStore, mockBase, readJson, withEtag, type BodySchema } from '../iam/respond.ts';
import { connectionOpenTask, createConnectionDataset, type ConnectionDataset } from './dataset.ts';

export interface ConnectionHandlersOptions {
  /** Gateway base of the connection service; default `/api/svc/connection/v1`. */
  baseUrl?: string;
  dataset?: ConnectionDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
}

type Node = keyof typeof CONNECTION_NODES;
const STEP_NODES = new Set<string>(Object.keys(STEP_SCHEMAS));
const notFound = () => apiError(404, ErrorCode.NotFound, '未找到该业扩申请');
const conflict = (message: string) => apiError(409, ErrorCode.Conflict, message);
const nodeName = (node: string): string => CONNECTION_NODES[node as Node] ?? node;

/**
 * msw handlers for connection service v1, kept in step with the service by the contract tests
 * (`services/src/connection/contract.test.ts`): the contract's shapes and validation (the same zod schemas),
 * each operation on its own route (`<node>:complete`, `accept:complete`, `return`, `suspend`, `resume`), the
 * server's order of refusals (body 400 → 404 → If-Match 400/428/412 → state 409) and Idempotency-Key on 受理.
 * Capacity, scope, candidates and the engine are not simulated: the mock's user may act on every open task.
 */
export function connectionHandlers(options: ConnectionHandlersOptions = {}): RequestHandler[] {
  const baseUrl = mockBase(options.baseUrl, CONNECTION_SERVICE);
  const data = options.dataset ?? createConnectionDataset();
  const idempotency = idempotencyStore<string>('该请求编号已用于另一笔受理，请刷新后重新提交');
  const wait = async (): Promise<void> => {
    if (options.delayMs) await delay(options.delayMs);
  };
  const find = (no: string): ApplicationDetail | undefined => data.applications.find((a) => a.appNo === no);

  const requireRunning = (app: ApplicationDetail): Response | null => {
    if (app.status === 'SUSPENDED') return conflict('申请因客户原因暂停中，请先恢复办理');
    if (app.status === 'COMPLETED' || !app.nodeKey) return conflict('申请已办结');
    return null;
  };
  /**
   * A step operation's refusals in the service's order: body 400 → 404 → If-Match (400 malformed, 428 absent,
   * 412 stale) → 409 unless the application is running (`running: false` skips that one): the application and the
   * parsed body, or the refusal.
   */
  const stepTarget = <T>(appNo: string, request: Request, body: unknown, schema: BodySchema<T>, running = true): { app: ApplicationDetail; input: T } | Response => {
    const parsed = schema.safeParse(body);
    if (!parsed.success) return badRequest(parsed.error);
    const app = guardedWrite(request, find(appNo), (a) => a.version, notFound, '申请已被他人更新，请刷新后重试');
    if (app instanceof Response) return app;
    return (running ? requireRunning(app) : null) ?? { app, input: parsed.data };
  };
  /** Moves the application to `node` (null: the process ended), as the engine's next task would. */
  const moveTo = (app: ApplicationDetail, node: Node | null, change: Partial<ApplicationDetail> = {}): ApplicationDetail =>
    Object.assign(app, {
      nodeKey: node,
      nodeName: node ? CONNECTION_NODES[node] : '已办结',
      status: node ? app.status : 'COMPLETED',
      version: app.version + 1,
      openTask: connectionOpenTask(app.appNo, app.variant, node),
      ...change,
    });

  return [
    // Before `/applications/:no/:action`, which would take `attachments` for an action.
    ...attachmentHandlers(baseUrl, find, wait),
    http.get(`${baseUrl}/applications`, async () => {
      await wait();
      return HttpResponse.json({ items: data.applications, total: data.applications.length, page: 1, pageSize: 20 });
    }),
    http.get(`${baseUrl}/applications/:no`, async ({ params }) => {
      await wait();
      const app = find(String(params['no']));
      return app ? withEtag(app) : notFound();
    }),
    // 重复申请检查 (issue 17): the same 证件 at the same address, in flight; archived ones as customers on file.
    http.post(`${baseUrl}/duplicate-checks`, async ({ request }) => {
      await wait();
      const parsed = duplicateCheckRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const compact = (address: string): string => address.replace(/\s+/g, '');
      const here = data.applications.filter((a) => a.certNo === parsed.data.certNo && compact(a.address) === compact(parsed.data.address));
      return HttpResponse.json({
        applications: here.filter((a) => a.status !== 'COMPLETED').map((a) => ({ appNo: a.appNo, consName: a.consName, address: a.address, status: a.status, nodeName: a.nodeName })),
        customers: here.flatMap((a) => (a.status === 'COMPLETED' && a.consNo ? [{ consNo: a.consNo, name: a.consName, address: a.address }] : [])),
      });
    }),
    http.post(`${baseUrl}/applications`, async ({ request }) => {
      await wait();
      const parsed = createApplicationRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const body = parsed.data;
      const key = request.headers.get('idempotency-key')?.trim();
      if (key && key.length > 128) return apiError(400, ErrorCode.BadRequest, 'Idempotency-Key 过长', { 'idempotency-key': '最长 128 位' });
      const seen = idempotency.replay(key, body);
      if (seen instanceof Response) return seen;
      if (seen !== undefined) return withEtag(find(seen) as ApplicationDetail);
      const variant = variantOf(body.category, body.dualSource);
      const appNo = `YK20260302${String(data.applications.length + 1).padStart(5, '0')}`;
      const app: ApplicationDetail = {
        ...(data.applications[0] as ApplicationDetail),
        ...body,
        appNo,
        openTask: connectionOpenTask(appNo, variant, 'survey'),
        variant,
        variantName: CONNECTION_VARIANTS[variant].name,
        capUnit: body.category === '高压' ? 'kVA' : 'kW',
        status: 'IN_PROGRESS',
        nodeKey: 'survey',
        nodeName: CONNECTION_NODES.survey,
        slaState: 'NORMAL',
        suspendedReason: null,
        consNo: null,
        version: 1,
        steps: { accept: { opinion: '受理登记（一证受理）' } },
        stepLog: [{ node: 'accept', data: { opinion: '受理登记（一证受理）' } }],
      };
      data.applications.unshift(app);
      idempotency.remember(key, body, appNo);
      return withEtag(app, 201);
    }),
    http.post(`${baseUrl}/applications/:no/:action`, async ({ params, request }) => {
      await wait();
      const appNo = String(params['no']);
      const action = String(params['action']);
      const body = await readJson(request);
      const node = action.endsWith(':complete') ? action.slice(0, -':complete'.length) : null;

      if (node !== null && STEP_NODES.has(node)) {
        const target = stepTarget(appNo, request, body, STEP_SCHEMAS[node as StepNode]);
        if (target instanceof Response) return target;
        const { app } = target;
        if (app.nodeKey !== node) return conflict(`该申请当前不在「${nodeName(node)}」环节`);
        const order = variantNodes(app.variant);
        const next = order[order.indexOf(node as Node) + 1] ?? null;
        const stepData = target.input as Record<string, unknown>;
        moveTo(app, next, {
          steps: { ...app.steps, [node]: stepData },
          stepLog: [...app.stepLog, { node, data: stepData }],
          ...(node === 'archive' ? { consNo: '7101000001' } : {}),
        });
        return withEtag(app);
      }
      if (node === 'accept') {
        const target = stepTarget(appNo, request, body, acceptResubmitSchema);
        if (target instanceof Response) return target;
        const { app } = target;
        if (app.nodeKey !== 'accept') return conflict(`该申请当前不在「${nodeName('accept')}」环节`);
        const { opinion, ...corrections } = target.input;
        moveTo(app, 'survey', { ...corrections, stepLog: [...app.stepLog, { node: 'accept', data: { opinion, corrections } }] });
        return withEtag(app);
      }
      if (action === 'return') {
        const target = stepTarget(appNo, request, body, returnApplicationSchema);
        if (target instanceof Response) return target;
        const { app, input } = target;
        const from = app.nodeKey as Node;
        if (from === 'accept') return conflict('申请已在受理环节，无法退回');
        const order = variantNodes(app.variant);
        const to = input.target === 'accept' ? 'accept' : (order[order.indexOf(from) - 1] ?? 'accept');
        moveTo(app, to, { stepLog: [...app.stepLog, { node: `return:${from}`, data: { ...input } }] });
        return withEtag(app);
      }
      if (action === 'suspend' || action === 'resume') {
        const target = stepTarget(appNo, request, body, suspendApplicationSchema, action === 'suspend');
        if (target instanceof Response) return target;
        const { app } = target;
        if (action === 'suspend') {
          Object.assign(app, { status: 'SUSPENDED', suspendedReason: target.input.reason, slaState: 'PAUSED', version: app.version + 1 });
        } else {
          if (app.status !== 'SUSPENDED') return conflict('申请未暂停，无需恢复');
          Object.assign(app, { status: 'IN_PROGRESS', suspendedReason: null, slaState: 'NORMAL', version: app.version + 1 });
        }
        return withEtag(app);
      }
      return apiError(404, ErrorCode.NotFound, `未找到该操作：${action}`);
    }),
    http.get(`${baseUrl}/tgs`, async () => {
      await wait();
      return HttpResponse.json(data.tgs);
    }),
    http.get(`${baseUrl}/lines`, async () => {
      await wait();
      return HttpResponse.json(data.lines);
    }),
    http.get(`${baseUrl}/board`, async () => {
      await wait();
      const cells: Board['cells'] = [];
      for (const a of data.applications) {
        if (!a.nodeKey) continue;
        const cell = cells.find((c) => c.nodeKey === a.nodeKey && c.slaState === a.slaState);
        if (cell) cell.count += 1;
        else cells.push({ nodeKey: a.nodeKey, nodeName: a.nodeName, slaState: a.slaState, count: 1 });
      }
      const board: Board = { cells, total: data.applications.length, attention: data.applications.filter((a) => a.slaState === 'WARNING' || a.slaState === 'OVERDUE') };
      return HttpResponse.json(board);
    }),
  ];
}

/**
 * A part's file name as browsers send it (UTF-8). Some `Request.formData()` implementations (happy-dom's) read the
 * part header as Latin-1; such a name is decoded again. The service (busboy) reads UTF-8.
 */
function utf8FileName(name: string): string {
  if (![...name].every((c) => c.charCodeAt(0) <= 0xff) || ![...name].some((c) => c.charCodeAt(0) >= 0x80)) return name;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(name, (c) => c.charCodeAt(0)));
  } catch {
    return name;
  }
}

/**
 * 业扩附件 (ADR 0067): list, one-file multipart upload, bytes, delete. The mock's user uploads at the open node (受理
 * documents at 受理 while the application is at 勘查) and may delete their own files; the type is judged from the
 * declared type and name (the service sniffs the bytes).
 */
function attachmentHandlers(baseUrl: string, find: (no: string) => ApplicationDetail | undefined, wait: () => Promise<void>): RequestHandler[] {
  const files = new Map<string, { attachment: Attachment; bytes: ArrayBuffer }>();
  const of = (appNo: string): Attachment[] => [...files.values()].map((f) => f.attachment).filter((a) => a.appNo === appNo);
  const stepOf = (app: ApplicationDetail): string | null => (app.status === 'COMPLETED' || !app.nodeKey ? null : app.nodeKey === 'survey' ? 'accept' : app.nodeKey);
  const notFoundFile = () => apiError(404, ErrorCode.NotFound, '未找到该附件');
  return [
    http.get(`${baseUrl}/applications/:no/attachments`, async ({ params }) => {
      await wait();
      const app = find(String(params['no']));
      return app ? HttpResponse.json({ items: of(app.appNo), uploadStep: stepOf(app) }) : notFound();
    }),
    http.post(`${baseUrl}/applications/:no/attachments`, async ({ params, request }) => {
      await wait();
      const app = find(String(params['no']));
      if (!app) return notFound();
      const kind = attachmentKindSchema.safeParse(new URL(request.url).searchParams.get('kind'));
      if (!kind.success) return badRequest(kind.error);
      const step = stepOf(app);
      if (!step) return apiError(403, ErrorCode.NotAllowed, '只有当前环节的办理人可以上传附件');
      if (of(app.appNo).length >= ATTACHMENT_MAX_PER_APPLICATION) return conflict(ATTACHMENT_MESSAGES.tooMany);
      const file = (await request.formData().catch(() => null))?.get('file');
      if (!file || typeof file === 'string') return apiError(400, ErrorCode.BadRequest, '请选择要上传的文件');
      const problem = attachmentFileProblem(file);
      if (problem) return file.size > ATTACHMENT_MAX_BYTES ? apiError(413, ErrorCode.PayloadTooLarge, problem) : apiError(400, ErrorCode.BadRequest, problem);
      const contentType = file.type === 'application/pdf' ? 'application/pdf' : file.type === 'image/jpeg' ? 'image/jpeg' : 'image/png';
      const attachment: Attachment = {
        id: crypto.randomUUID(), appNo: app.appNo, kind: kind.data, kindName: ATTACHMENT_KINDS[kind.data], fileName: utf8FileName(file.name), contentType,
        size: file.size, sha256: '0'.repeat(64), step, stepName: nodeName(step), uploadedBy: 'mock', uploadedByName: '演示用户',
        uploadedAt: new Date().toISOString(), mayDelete: true,
      };
      files.set(attachment.id, { attachment, bytes: await file.arrayBuffer() });
      return HttpResponse.json(attachment, { status: 201 });
    }),
    http.get(`${baseUrl}/applications/:no/attachments/:id/content`, async ({ params }) => {
      await wait();
      const file = files.get(String(params['id']));
      if (!file || file.attachment.appNo !== params['no']) return notFoundFile();
      return new HttpResponse(file.bytes, { headers: { 'content-type': file.attachment.contentType, 'x-content-type-options': 'nosniff' } });
    }),
    http.delete(`${baseUrl}/applications/:no/attachments/:id`, async ({ params }) => {
      await wait();
      const file = files.get(String(params['id']));
      if (!file || file.attachment.appNo !== params['no']) return notFoundFile();
      files.delete(file.attachment.id);
      return new HttpResponse(null, { status: 204 });
    }),
  ];
}
