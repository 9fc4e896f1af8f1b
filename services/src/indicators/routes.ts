/**
 * HTTP routes of the indicators service v1 (`/api/svc/indicators/v1`). Every route declares its permission and a
 * zod schema; every read applies the `ind` data scope (an org out of scope is 404).
 */
import { PassThrough } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import ExcelJS from 'exceljs';
import {
  INDICATORS_RESOURCE_TYPE,
  INDICATOR_DEFINITIONS,
  OPS_INDICATOR_MANAGE,
  OPS_INDICATOR_VIEW,
  exportQuerySchema,
  formatIndicator,
  itemsQuerySchema,
  rankingQuerySchema,
  summaryQuerySchema,
  targetBodySchema,
  targetParamsSchema,
  trendQuerySchema,
} from '@wb/contracts/indicators';
import { assertAcceptsEventStream, bodyOrEmpty, orgPathScopeOf, principalOf, requires, sendEventStream, type OrgPathScope } from '@wb/server-kit';
import { DEFINITION_BY_CODE } from './definitions.ts';
import type { IndicatorReads } from './operations.ts';


export interface IndicatorRouteDeps {
  reads: IndicatorReads;
  rebuild: () => Promise<{ items: number; facts: number }>;
  /** Screen listeners: called with a send function, returns the detach. */
  listen: (send: () => void) => () => void;
}

function scopeOf(request: FastifyRequest): OrgPathScope | undefined {
  if (!request.server.hasDecorator('accessScope')) return undefined;
  return orgPathScopeOf(request.server.accessScope(request, INDICATORS_RESOURCE_TYPE));
}

export function registerIndicatorRoutes(app: FastifyInstance, deps: IndicatorRouteDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { reads } = deps;

  routes.get('/definitions', { config: requires(OPS_INDICATOR_VIEW) }, async () => ({ items: INDICATOR_DEFINITIONS }));
  routes.get('/summary', { config: requires(OPS_INDICATOR_VIEW), schema: { querystring: summaryQuerySchema } }, async (request) => reads.summary(scopeOf(request), request.query));
  routes.get('/trend', { config: requires(OPS_INDICATOR_VIEW), schema: { querystring: trendQuerySchema } }, async (request) => reads.trend(scopeOf(request), request.query));
  routes.get('/ranking', { config: requires(OPS_INDICATOR_VIEW), schema: { querystring: rankingQuerySchema } }, async (request) => reads.ranking(scopeOf(request), request.query));
  routes.get('/items', { config: requires(OPS_INDICATOR_VIEW), schema: { querystring: itemsQuerySchema } }, async (request) => reads.items(scopeOf(request), request.query));
  routes.get('/screen', { config: requires(OPS_INDICATOR_VIEW) }, async (request) => reads.screen(scopeOf(request)));

  /** The summary view (the org and its children × every indicator) as an Excel workbook, built on the server. */
  routes.get('/export', { config: requires(OPS_INDICATOR_VIEW), schema: { querystring: exportQuerySchema } }, async (request, reply) => {
    const summary = await reads.summary(scopeOf(request), request.query);
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet(`运营监测 ${summary.ym}`);
    sheet.addRow([`营销运营监测 · ${summary.org.name} · ${summary.ym.slice(0, 4)}年${summary.ym.slice(4)}月`]);
    sheet.addRow(['单位', ...INDICATOR_DEFINITIONS.map((d) => d.name)]);
    const line = (name: string, values: typeof summary.values) =>
      sheet.addRow([name, ...values.map((v) => (v.noSource ? '暂无数据源' : formatIndicator(v.value, DEFINITION_BY_CODE.get(v.code)?.unit ?? 'count')))]);
    line(`${summary.org.name}（合计）`, summary.values);
    for (const c of summary.children) line(c.org.name, c.values);
    sheet.getRow(2).font = { bold: true };
    sheet.columns.forEach((col) => (col.width = 16));
    const buffer = Buffer.from(await book.xlsx.writeBuffer());
    const file = encodeURIComponent(`运营监测-${summary.org.name}-${summary.ym}.xlsx`);
    void reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="indicators-${summary.ym}.xlsx"; filename*=UTF-8''${file}`);
    return reply.send(buffer);
  });

  routes.get('/targets', { config: requires(OPS_INDICATOR_VIEW) }, async () => ({ items: await reads.targets() }));
  routes.put('/targets/:code', { config: requires(OPS_INDICATOR_MANAGE), schema: { params: targetParamsSchema, body: bodyOrEmpty(targetBodySchema) } }, async (request) =>
    reads.setTarget(request.params.code, request.body, principalOf(request).username),
  );
  routes.post('/rebuild', { config: requires(OPS_INDICATOR_MANAGE) }, async () => deps.rebuild());

  /** 大屏 live updates: `event: facts` whenever the facts changed (server-sent events; the screen refetches). */
  const open = new Set<() => void>();
  // Streams end when the server closes (drain, restart): the screens reconnect by themselves (EventSource).
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });
  routes.get('/screen/stream', { config: requires(OPS_INDICATOR_VIEW) }, async (request, reply) => {
    assertAcceptsEventStream(request);
    const stream = new PassThrough();
    const write = (chunk: string): void => {
      if (!stream.writableEnded) stream.write(chunk);
    };
    const detach = deps.listen(() => write(`event: facts\ndata: ${JSON.stringify({ at: app.now().toISOString() })}\n\n`));
    const ping = setInterval(() => write(': ping\n\n'), 25_000);
    ping.unref();
    const close = (): void => {
      if (!open.delete(close)) return;
      clearInterval(ping);
      detach();
      stream.end();
    };
    open.add(close);
    request.raw.on('close', close);
    write('retry: 3000\nevent: ready\ndata: {}\n\n');
    return sendEventStream(reply, stream);
  });
}
