import { HttpResponse, delay, http } from 'msw';
import type { JsonBodyType, RequestHandler } from 'msw';
import {
  INDICATORS_SERVICE,
  itemsQuerySchema,
  kioskApplicationParamsSchema,
  kioskApplicationQuerySchema,
  lightOf,
  monthsUpTo,
  rankingQuerySchema,
  summaryQuerySchema,
  trendQuerySchema,
  type IndicatorCode,
  type IndicatorRanking,
  type IndicatorSummary,
  type IndicatorTrend,
  type IndicatorValue,
  type OrgNode,
  type ScreenData,
} from '@wb/contracts/indicators';
import { ErrorCode } from '@wb/contracts';
import { apiError, badRequest, mockBase, paginate, type BodySchema } from '../iam/respond.ts';
import { createIndicatorsDataset, stationFigures, type IndicatorsDataset, type MockIndicatorOrg } from './dataset.ts';

export interface IndicatorsHandlersOptions {
  /** Gateway base of the indicators service; default `/api/svc/indicators/v1`. */
  baseUrl?: string;
  dataset?: IndicatorsDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
}

const orgMissing = () => apiError(404, ErrorCode.NotFound, '单位不存在或不在您的数据范围内');
const applicationMissing = () => apiError(404, ErrorCode.NotFound, '未找到该申请，请核对申请编号和登记手机号后 4 位');
const node = ({ parent: _parent, ...org }: MockIndicatorOrg): OrgNode => org;

/** The query string as the server reads it (each parameter once), checked by the contract's schema. */
function parseQuery<T>(request: Request, schema: BodySchema<T>): T | Response {
  const parsed = schema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return parsed.success ? parsed.data : badRequest(parsed.error);
}

/**
 * msw handlers for the indicators service (运营监测 and the 营业厅 kiosk), built from the contracts and answering as
 * the service does: the same query checks (400 naming the field), 404 for a unit outside the caller's scope and for a
 * kiosk lookup whose number and phone digits do not match (one message for both), values summed up the org tree.
 */
export function indicatorsHandlers(options: IndicatorsHandlersOptions = {}): RequestHandler[] {
  const base = mockBase(options.baseUrl, INDICATORS_SERVICE);
  const data = options.dataset ?? createIndicatorsDataset();
  const wait = () => (options.delayMs ? delay(options.delayMs) : Promise.resolve());
  const byCode = new Map(data.orgs.map((o) => [o.code, o]));
  const childrenOf = (code: string) => data.orgs.filter((o) => o.parent === code);
  const stationsUnder = (org: MockIndicatorOrg) => data.orgs.filter((o) => o.type === 'STATION' && (o.path === org.path || o.path.startsWith(`${org.path}/`)));
  const trailTo = (org: MockIndicatorOrg): OrgNode[] => org.path.split('/').filter(Boolean).map((code) => node(byCode.get(code)!));

  function valueOf(code: IndicatorCode, org: MockIndicatorOrg, ym: string): IndicatorValue {
    const def = data.definitions.find((d) => d.code === code)!;
    if (def.source === null) return { code, value: null, numerator: null, denominator: null, light: 'NONE', noSource: true };
    // A month before the dataset's has nothing to count, as a month without facts has in the service.
    const period = def.realtime ? data.months[0]! : ym;
    const counted = data.months.includes(period);
    const sums = stationsUnder(org)
      .map((s) => (counted ? stationFigures(code, s.code, period) : { numerator: 0, denominator: 0 }))
      .reduce((a, b) => ({ numerator: a.numerator + b.numerator, denominator: a.denominator + b.denominator }), { numerator: 0, denominator: 0 });
    // A percentage is a rate of the figures; a count or an amount is the figure itself.
    const rate = def.unit === 'percent';
    const value = rate ? (sums.denominator > 0 ? Math.round((sums.numerator / sums.denominator) * 10_000) / 100 : null) : sums.numerator;
    const result: IndicatorValue = {
      code,
      value,
      numerator: sums.numerator,
      denominator: rate ? sums.denominator : null,
      light: lightOf(value, data.targets.get(code), def.higherIsBetter),
      noSource: false,
    };
    if (code === 'BILL_ARREARS' && value !== null) {
      result.parts = [
        { label: '30天内', value: Math.round(value * 0.6) },
        { label: '31–90天', value: Math.round(value * 0.3) },
        { label: '90天以上', value: value - Math.round(value * 0.6) - Math.round(value * 0.3) },
      ];
    }
    return result;
  }
  const valuesOf = (org: MockIndicatorOrg, ym: string) => data.definitions.map((d) => valueOf(d.code, org, ym));
  const orgOf = (code: string | undefined): MockIndicatorOrg | undefined => byCode.get(code ?? data.root);
  /** A read of one unit's view: the query checked by `schema`, the unit in the caller's scope (else 404), then `answer`. */
  const viewRead = <Q extends { org?: string | undefined }>(path: string, schema: BodySchema<Q>, answer: (q: Q, org: MockIndicatorOrg) => JsonBodyType) =>
    http.get(`${base}${path}`, async ({ request }) => {
      await wait();
      const q = parseQuery(request, schema);
      if (q instanceof Response) return q;
      const org = orgOf(q.org);
      return org ? HttpResponse.json(answer(q, org)) : orgMissing();
    });

  return [
    http.get(`${base}/definitions`, async () => {
      await wait();
      return HttpResponse.json({ items: data.definitions });
    }),

    viewRead('/summary', summaryQuerySchema, (q, org): IndicatorSummary => {
      const ym = q.ym ?? data.months[0]!;
      return {
        ym,
        org: node(org),
        trail: trailTo(org),
        values: valuesOf(org, ym),
        children: childrenOf(org.code).map((c) => ({ org: node(c), values: valuesOf(c, ym) })),
        computedAt: new Date().toISOString(),
      };
    }),

    viewRead('/trend', trendQuerySchema, (q, org): IndicatorTrend => ({
      code: q.code,
      org: node(org),
      points: monthsUpTo(q.ym ?? data.months[0]!, 12).map((ym) => {
        const v = valueOf(q.code, org, ym);
        return { ym, value: v.value, light: v.light };
      }),
    })),

    viewRead('/ranking', rankingQuerySchema, (q, org): IndicatorRanking => {
      const ym = q.ym ?? data.months[0]!;
      const def = data.definitions.find((d) => d.code === q.code)!;
      const rows = stationsUnder(org).map((s) => ({ org: node(s), v: valueOf(q.code, s, ym) }));
      rows.sort((a, b) => (a.v.value === null ? 1 : b.v.value === null ? -1 : def.higherIsBetter ? b.v.value - a.v.value : a.v.value - b.v.value));
      return { code: q.code, ym, items: rows.map((r, i) => ({ rank: i + 1, org: r.org, value: r.v.value, light: r.v.light })) };
    }),

    viewRead('/items', itemsQuerySchema, (q, org) => {
      const names = new Set(stationsUnder(org).map((s) => s.name));
      return paginate((data.items.get(q.code) ?? []).filter((i) => names.has(i.orgName)), q.page, q.pageSize);
    }),

    http.get(`${base}/screen`, async () => {
      await wait();
      const org = byCode.get(data.root)!;
      const ym = data.months[0]!;
      const body: ScreenData = {
        ym,
        org: node(org),
        values: valuesOf(org, ym),
        units: childrenOf(org.code).map((c) => ({ org: node(c), values: valuesOf(c, ym) })),
        trend: monthsUpTo(ym, 12).map((m) => ({ ym: m, values: Object.fromEntries(data.definitions.map((d) => [d.code, valueOf(d.code, org, m).value])) })),
        recent: data.recent,
        computedAt: new Date().toISOString(),
      };
      return HttpResponse.json(body);
    }),

    http.get(`${base}/kiosk/outages`, async () => {
      await wait();
      return HttpResponse.json({ items: data.outages });
    }),

    http.get(`${base}/kiosk/tariffs`, async () => {
      await wait();
      return HttpResponse.json({ items: data.tariffs });
    }),

    http.get(`${base}/kiosk/applications/:appNo`, async ({ request, params }) => {
      await wait();
      const p = kioskApplicationParamsSchema.safeParse(params);
      if (!p.success) return badRequest(p.error);
      const q = parseQuery(request, kioskApplicationQuerySchema);
      if (q instanceof Response) return q;
      const found = data.applications.find((a) => a.application.appNo === p.data.appNo && a.mobile.endsWith(q.phone4));
      return found ? HttpResponse.json(found.application) : applicationMissing();
    }),
  ];
}
