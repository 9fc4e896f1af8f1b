import { HttpResponse, delay, http } from 'msw';
import type { RequestHandler } from 'msw';
import { CONNECTION_NODES, createApplicationRequestSchema, variantNodes, variantOf, CONNECTION_VARIANTS, type ApplicationDetail, type Board } from '@wb/contracts/connection';
import { ErrorCode, type ApiErrorBody } from '@wb/contracts';
import { connectionOpenTask, createConnectionDataset, type ConnectionDataset } from './dataset.ts';

export interface ConnectionHandlersOptions {
  /** Gateway base of the connection service; default `/api/svc/connection/v1`. */
  baseUrl?: string;
  dataset?: ConnectionDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
}

function apiError(status: number, code: string, message: string, fields?: Record<string, string>) {
  const body: ApiErrorBody = { error: fields ? { code, message, fields } : { code, message } };
  return HttpResponse.json(body, { status });
}

/**
 * msw handlers for connection service v1: the contract's shapes and 受理 validation (the same zod schema as
 * the server), steps that advance the node in process order. Capacity, scope and the engine are not simulated.
 */
export function connectionHandlers(options: ConnectionHandlersOptions = {}): RequestHandler[] {
  const baseUrl = (options.baseUrl ?? '/api/svc/connection/v1').replace(/\/+$/, '');
  const data = options.dataset ?? createConnectionDataset();
  const wait = async (): Promise<void> => {
    if (options.delayMs) await delay(options.delayMs);
  };
  const find = (no: string): ApplicationDetail | undefined => data.applications.find((a) => a.appNo === no);

  return [
    http.get(`${baseUrl}/applications`, async () => {
      await wait();
      return HttpResponse.json({ items: data.applications, total: data.applications.length, page: 1, pageSize: 20 });
    }),
    http.get(`${baseUrl}/applications/:no`, async ({ params }) => {
      await wait();
      const app = find(String(params['no']));
      return app ? HttpResponse.json(app) : apiError(404, ErrorCode.NotFound, '未找到该业扩申请');
    }),
    http.post(`${baseUrl}/applications`, async ({ request }) => {
      await wait();
      const parsed = createApplicationRequestSchema.safeParse(await request.json());
      if (!parsed.success) {
        const fields = Object.fromEntries(parsed.error.issues.map((i) => [i.path.join('.'), i.message]));
        return apiError(400, ErrorCode.BadRequest, '请求参数不正确', fields);
      }
      const body = parsed.data;
      const variant = variantOf(body.category, body.dualSource);
      const seq = data.applications.length + 1;
      const appNo = `YK20260302${String(seq).padStart(5, '0')}`;
      const app: ApplicationDetail = {
        ...(data.applications[0] as ApplicationDetail),
        ...body,
        appNo,
        openTask: connectionOpenTask(appNo, variant, 'survey'),
        variant,
        variantName: CONNECTION_VARIANTS[variant].name,
        capUnit: body.category === '高压' ? 'kVA' : 'kW',
        nodeKey: 'survey',
        nodeName: CONNECTION_NODES.survey,
        slaState: 'NORMAL',
        version: 1,
      };
      data.applications.unshift(app);
      return HttpResponse.json(app, { status: 201 });
    }),
    http.post(`${baseUrl}/applications/:no/:action`, async ({ params, request }) => {
      await wait();
      const app = find(String(params['no']));
      if (!app) return apiError(404, ErrorCode.NotFound, '未找到该业扩申请');
      if (request.headers.get('if-match') !== String(app.version)) return apiError(412, ErrorCode.PreconditionFailed, '申请已被他人更新，请刷新后重试');
      const action = String(params['action']);
      const node = action.replace(/:complete$/, '');
      if (node !== app.nodeKey) return apiError(409, ErrorCode.Conflict, `该申请当前不在「${CONNECTION_NODES[node as keyof typeof CONNECTION_NODES] ?? node}」环节`);
      const order = variantNodes(app.variant);
      const next = order[order.indexOf(node as (typeof order)[number]) + 1] ?? null;
      const step = (await request.json()) as Record<string, unknown>;
      Object.assign(app, {
        nodeKey: next,
        nodeName: next ? CONNECTION_NODES[next] : '已办结',
        version: app.version + 1,
        steps: { ...app.steps, [node]: step },
        stepLog: [...app.stepLog, { node, data: step }],
        openTask: connectionOpenTask(app.appNo, app.variant, next),
        ...(node === 'archive' ? { consNo: '7101000001' } : {}),
      });
      return HttpResponse.json(app);
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
