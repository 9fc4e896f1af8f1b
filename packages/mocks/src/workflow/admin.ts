import { HttpResponse, http } from 'msw';
import type { RequestHandler } from 'msw';
import { ErrorCode } from '@wb/contracts';
import { deadLetterParamsSchema, deadLetterQuerySchema, definitionVersionParamsSchema, deployRequestSchema, holidayQuerySchema, putHolidaysRequestSchema } from '@wb/contracts/workflow';
import type { DeadLetter, DeadLetterList, Holiday, ProcessDefinition } from '@wb/contracts/workflow';
import { apiError, badRequest, checkParam, invalidField, notFound, paginate, queryOf, readJson } from '../iam/respond.ts';
import { checkBpmn } from './bpmn-check.ts';
import type { WorkflowDataset } from './dataset.ts';

/** What the administration routes share with the rest of the workflow mock. */
export interface AdminContext {
  data: WorkflowDataset;
  base: string;
  wait(): Promise<void>;
}

const byDate = (a: Holiday, b: Holiday): number => a.date.localeCompare(b.date);

/** 流程定义 (services/src/workflow/routes.ts): the versions with their running instances, a version's XML, deploying a new version. */
function definitionHandlers({ data, base, wait }: AdminContext): RequestHandler[] {
  const running = (key: string, version: number): number =>
    data.instances.filter((i) => i.processKey === key && i.processVersion === version && (i.status === 'RUNNING' || i.status === 'SUSPENDED')).length;
  return [
    http.get(`${base}/definitions`, async () => {
      await wait();
      const items: ProcessDefinition[] = [...data.definitions]
        .sort((a, b) => a.key.localeCompare(b.key) || b.version - a.version)
        .map(({ key, name, version, deployedAt, deployedBy }) => ({ key, name, version, deployedAt, deployedBy, running: running(key, version) }));
      return HttpResponse.json({ items });
    }),
    http.get(`${base}/definitions/:key/:version/xml`, async ({ params, request }) => {
      await wait();
      const parsed = definitionVersionParamsSchema.safeParse({ key: params['key'], version: params['version'] });
      if (!parsed.success) return badRequest(parsed.error);
      const { key, version } = parsed.data;
      const found = data.definitions.find((d) => d.key === key && d.version === version);
      if (!found) return notFound('未找到该流程定义版本');
      // Content negotiation: JSON clients (the SDK asks for application/json) get `{ key, version, xml }`.
      const accept = request.headers.get('accept') ?? '';
      if (accept.includes('application/json') && !accept.includes('xml')) return HttpResponse.json({ key, version, xml: found.xml });
      return new HttpResponse(found.xml, { headers: { 'content-type': 'application/xml; charset=utf-8' } });
    }),
    http.post(`${base}/definitions`, async ({ request }) => {
      await wait();
      const parsed = deployRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const checked = await checkBpmn(parsed.data.xml);
      if ('refused' in checked) return invalidField('xml', checked.refused);
      const version = Math.max(0, ...data.definitions.filter((d) => d.key === checked.key).map((d) => d.version)) + 1;
      data.definitions.push({ ...checked, version, xml: parsed.data.xml, deployedAt: new Date().toISOString(), deployedBy: data.username });
      return HttpResponse.json({ key: checked.key, version }, { status: 201 });
    }),
  ];
}

/** 节假日 (wf:process:manage): one year's dates, and replacing the dates of the years a save names. */
function holidayHandlers({ data, base, wait }: AdminContext): RequestHandler[] {
  return [
    http.get(`${base}/holidays`, async ({ request }) => {
      await wait();
      const parsed = holidayQuerySchema.safeParse(queryOf(request));
      if (!parsed.success) return badRequest(parsed.error);
      const { year } = parsed.data;
      return HttpResponse.json({ items: data.holidays.filter((h) => year === undefined || h.date.startsWith(`${year}-`)).sort(byDate) });
    }),
    http.put(`${base}/holidays`, async ({ request }) => {
      await wait();
      const parsed = putHolidaysRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const { items } = parsed.data;
      const missing = items.find((h) => {
        const day = new Date(`${h.date}T00:00:00Z`);
        return Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== h.date;
      });
      if (missing) return invalidField('items', `日期 ${missing.date} 不存在`);
      if (new Set(items.map((h) => h.date)).size !== items.length) return invalidField('items', '日期有重复');
      const years = new Set([...parsed.data.years.map(String), ...items.map((h) => h.date.slice(0, 4))]);
      const inYears = (h: Holiday): boolean => years.has(h.date.slice(0, 4));
      data.holidays = [...data.holidays.filter((h) => !inYears(h)), ...items.map((h) => ({ ...h }))];
      return HttpResponse.json({ items: data.holidays.filter(inYears).sort(byDate) });
    }),
  ];
}

/** 消息投递 (ADR 0024): dead letters with every consumer's counts, newest failure first; retry (due again) or discard one. */
function outboxHandlers({ data, base, wait }: AdminContext): RequestHandler[] {
  const dead = (id: string) => data.outbox.deliveries.find((d) => d.id === id && d.status === 'DEAD');
  return [
    http.get(`${base}/outbox/dead-letters`, async ({ request }) => {
      await wait();
      const parsed = deadLetterQuerySchema.safeParse(queryOf(request));
      if (!parsed.success) return badRequest(parsed.error);
      const { consumer, page, pageSize } = parsed.data;
      const { outbox } = data;
      const letters: DeadLetter[] = outbox.deliveries
        .filter((d) => d.status === 'DEAD' && (!consumer || d.consumer === consumer))
        .sort((a, b) => b.failedAt.localeCompare(a.failedAt) || Number(b.id) - Number(a.id))
        .map(({ status: _status, ...letter }) => letter);
      const names = [...new Set([...outbox.consumers, ...outbox.deliveries.map((d) => d.consumer)])].sort();
      const count = (name: string, status: 'PENDING' | 'DEAD') => outbox.deliveries.filter((d) => d.consumer === name && d.status === status).length;
      const { items, total } = paginate(letters, page, pageSize);
      const body: DeadLetterList = { items, total, consumers: names.map((name) => ({ name, pending: count(name, 'PENDING'), dead: count(name, 'DEAD') })) };
      return HttpResponse.json(body);
    }),
    ...(['retry', 'discard'] as const).map((action) =>
      http.post(`${base}/outbox/dead-letters/:id/${action}`, async ({ params }) => {
        await wait();
        const id = checkParam('id', deadLetterParamsSchema.shape.id, params['id']);
        if (id instanceof Response) return id;
        const letter = dead(id.value);
        if (!letter) return apiError(404, ErrorCode.NotFound, '未找到该死信（可能已被重试或丢弃）');
        // 重试: a fresh set of attempts, due now (the consumer takes it on its next pass); 丢弃: the delivery is gone.
        if (action === 'retry') Object.assign(letter, { status: 'PENDING', attempts: 0 });
        else data.outbox.deliveries.splice(data.outbox.deliveries.indexOf(letter), 1);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}

/** The workflow service's administration routes that 系统管理 calls (wf:process:manage; the mocks do not check permissions). */
export function workflowAdminHandlers(ctx: AdminContext): RequestHandler[] {
  return [...definitionHandlers(ctx), ...holidayHandlers(ctx), ...outboxHandlers(ctx)];
}
