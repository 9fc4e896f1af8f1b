/**
 * The read side of the indicators (ADR 0047): org tree under the caller's data scope, sums of facts, values,
 * trends, rankings, the items behind a figure, targets, the 大屏 payload.
 */
import { ErrorCode } from '@wb/contracts';
import {
  INDICATOR_CODES,
  monthsUpTo,
  type IndicatorCode,
  type IndicatorItemPage,
  type IndicatorRanking,
  type IndicatorSummary,
  type IndicatorTarget,
  type IndicatorTrend,
  type IndicatorValue,
  type OrgNode,
  type ScreenData,
} from '@wb/contracts/indicators';
import { AppError, orgPathInScope, type Db, type OrgPathScope } from '@wb/server-kit';
import { activeOrgUnits } from '../identity/index.ts';
import { cstDate } from '../workflow/index.ts';
import { STOCK_DAY } from './facts.ts';
import { DEFAULT_TARGETS, DEFINITION_BY_CODE, computeValue, type FactSums } from './definitions.ts';
import { availableSources } from './sources.ts';

interface OrgRow { code: string; name: string; type: string; parent_code: string | null; path: string }
/** One sum of `sumRows`: metric in month `m` (`YYYY-MM`, '' for stock facts and counts of now). */
interface SumRow { m: string; metric: string; v: number }
interface ValueContext { available: ReadonlySet<string>; targets: ReadonlyMap<string, { green: number; amber: number }> }

/** How long the targets are kept (a change made on another instance shows after at most this). */
const TARGETS_TTL_MS = 5_000;

/** Units that hold no business of their own (客服中心, 营业厅) stay out of the drill-down. */
const HIDDEN_TYPES = new Set(['SERVICE_CENTER', 'BUSINESS_HALL']);

export const currentYm = (now: Date): string => cstDate(now).slice(0, 7).replace('-', '');
const ymRange = (ym: string): [string, string] => [`${ym.slice(0, 4)}-${ym.slice(4)}-01`, `${ym.slice(0, 4)}-${ym.slice(4)}-31`];

export function createIndicatorReads(deps: { db: Db; now: () => Date }) {
  const { db, now } = deps;
  let orgCache: { at: number; rows: OrgRow[] } | null = null;

  async function orgs(): Promise<OrgRow[]> {
    if (orgCache && Date.now() - orgCache.at < 60_000) return orgCache.rows;
    const rows = (await activeOrgUnits(db)).map((o): OrgRow => ({ code: o.code, name: o.name, type: o.type, parent_code: o.parentCode, path: o.path }));
    orgCache = { at: Date.now(), rows };
    return rows;
  }
  const node = (r: OrgRow, all: readonly OrgRow[]): OrgNode => ({
    code: r.code, name: r.name, type: r.type, path: r.path,
    hasChildren: all.some((c) => c.parent_code === r.code && !HIDDEN_TYPES.has(c.type)),
  });

  /** Whether the scope covers the org's whole subtree (else only its own facts are shown). */
  const subtree = (path: string, scope: OrgPathScope | undefined): boolean =>
    !scope || scope.orgPaths.some((p) => path === p.replace(/\/+$/, '') || path.startsWith(`${p.replace(/\/+$/, '')}/`));

  /** The org asked for (or the top of the caller's scope); 404 when out of scope. */
  async function resolveOrg(code: string | undefined, scope: OrgPathScope | undefined): Promise<{ org: OrgRow; all: OrgRow[]; trail: OrgRow[] }> {
    const all = await orgs();
    let org: OrgRow | undefined;
    if (code) org = all.find((o) => o.code === code);
    else {
      const tops = all.filter((o) => orgPathInScope(o.path, scope)).sort((a, b) => a.path.length - b.path.length);
      org = tops[0];
    }
    if (!org || !orgPathInScope(org.path, scope)) throw new AppError(404, ErrorCode.NotFound, '单位不存在或不在您的数据范围内');
    const trail: OrgRow[] = [];
    for (let cur: OrgRow | undefined = org; cur && orgPathInScope(cur.path, scope); cur = all.find((o) => o.code === cur?.parent_code)) trail.unshift(cur);
    return { org, all, trail };
  }

  /** Targets (configurable; defaults in code), kept for a few seconds: every view reads them (P17). */
  let targetsCache: { at: number; map: Map<string, { green: number; amber: number }> } | null = null;
  async function targets(): Promise<Map<string, { green: number; amber: number }>> {
    if (targetsCache && Date.now() - targetsCache.at < TARGETS_TTL_MS) return targetsCache.map;
    const rows = await db.query<{ code: string; green: number; amber: number }>('SELECT code, green, amber FROM ind_target');
    const map = new Map<string, { green: number; amber: number }>(Object.entries(DEFAULT_TARGETS));
    for (const r of rows) map.set(r.code, { green: Number(r.green), amber: Number(r.amber) });
    targetsCache = { at: Date.now(), map };
    return map;
  }

  /**
   * The fact sums under `org` (its own facts with `exact`, else its subtree) for the months `yms[0]`..`yms.at(-1)`,
   * by group × month × metric, and the applications overdue now by group (metric `#overdue`): one statement over
   * the month rollup `ind_fact_month` (P17, ADR 0071). Groups: `child` — the org's child the fact lies under ('' for
   * the org's own facts); `path` — the fact's org path; `none` — everything in ''. Months are `YYYY-MM`; stock facts
   * (在册户数) have month ''; 欠费 (bill.owe) comes for every month up to the last one (its age bands need them).
   */
  async function sumRows(org: OrgRow, exact: boolean, yms: readonly string[], group: 'child' | 'path' | 'none'): Promise<Map<string, SumRow[]>> {
    const month = (ym: string): string => `${ym.slice(0, 4)}-${ym.slice(4)}`;
    const pathFilter = (t: string): string => (exact ? `${t}.org_path = $1` : `(${t}.org_path = $1 OR ${t}.org_path LIKE $1 || '/%')`);
    const key = (t: string): string =>
      group === 'child' ? `split_part(substr(${t}.org_path, length($1) + 2), '/', 1)` : group === 'path' ? `${t}.org_path` : `''`;
    const rows = await db.query<{ g: string; m: string; metric: string; v: string }>(
      `SELECT ${key('f')} AS g, CASE WHEN f.ym = $4 THEN '' ELSE f.ym END AS m, f.metric, sum(f.value)::text AS v
         FROM ind_fact_month f
        WHERE ${pathFilter('f')} AND ((f.ym BETWEEN $2 AND $3) OR (f.metric = 'bill.owe' AND f.ym <= $3) OR f.ym = $4)
        GROUP BY 1, 2, 3
       UNION ALL
       SELECT ${key('i')}, '', '#overdue', count(*)::text FROM ind_item i
        WHERE i.kind = 'yk' AND i.open_due_at < $5 AND ${pathFilter('i')}
        GROUP BY 1`,
      [org.path, month(yms[0] as string), month(yms.at(-1) as string), STOCK_DAY.slice(0, 7), now()],
    );
    const out = new Map<string, SumRow[]>();
    for (const r of rows) {
      const row: SumRow = { m: r.m, metric: r.metric, v: Number(r.v) };
      const list = out.get(r.g);
      if (list) list.push(row);
      else out.set(r.g, [row]);
    }
    return out;
  }

  /** The sums of month `ym` from `sumRows` rows (of one group, or several: they add up). */
  function sumsAt(rows: Iterable<SumRow>, ym: string): FactSums {
    const month = `${ym.slice(0, 4)}-${ym.slice(4)}`;
    const period = new Map<string, number>();
    const oweByYm = new Map<string, number>();
    let accounts = 0;
    let overdue = 0;
    for (const r of rows) {
      if (r.metric === '#overdue') overdue += r.v;
      else if (r.metric === 'unit.accounts') accounts += r.v;
      else if (r.metric === 'bill.owe') {
        if (r.m !== '' && r.m <= month) {
          const owedYm = r.m.replace('-', '');
          oweByYm.set(owedYm, (oweByYm.get(owedYm) ?? 0) + r.v);
        }
      } else if (r.m === month) period.set(r.metric, (period.get(r.metric) ?? 0) + r.v);
    }
    return { period, oweByYm, accounts, overdue };
  }

  const allRows = (groups: Map<string, SumRow[]>): SumRow[] => [...groups.values()].flat();

  /** What every value needs besides the sums: the sources that exist and the targets (both cached). */
  async function valueContext(): Promise<ValueContext> {
    const [available, t] = await Promise.all([availableSourcesCached(), targets()]);
    return { available, targets: t };
  }
  const valuesOf = (ctx: ValueContext, sums: FactSums, ym: string, codes: readonly IndicatorCode[] = INDICATOR_CODES): IndicatorValue[] =>
    codes.map((code) => computeValue(code, sums, ym, ctx.available, ctx.targets));

  let sourcesCache: { at: number; set: Set<string> } | null = null;
  async function availableSourcesCached(): Promise<Set<string>> {
    if (sourcesCache && Date.now() - sourcesCache.at < 60_000) return sourcesCache.set;
    sourcesCache = { at: Date.now(), set: await availableSources(db) };
    return sourcesCache.set;
  }

  const childOf = (org: OrgRow, all: readonly OrgRow[], scope: OrgPathScope | undefined): OrgRow[] =>
    all.filter((c) => c.parent_code === org.code && !HIDDEN_TYPES.has(c.type) && orgPathInScope(c.path, scope));

  /** The summary view of `org` for `ym` from `sumRows(…, 'child')` rows covering `ym`. */
  function summaryOf(
    org: OrgRow, all: readonly OrgRow[], trail: readonly OrgRow[], scope: OrgPathScope | undefined, exact: boolean,
    groups: Map<string, SumRow[]>, ctx: ValueContext, ym: string,
  ): IndicatorSummary {
    const children = exact ? [] : childOf(org, all, scope);
    return {
      ym,
      org: node(org, all),
      trail: trail.map((t) => node(t, all)),
      values: valuesOf(ctx, sumsAt(allRows(groups), ym), ym),
      children: children.map((c) => ({ org: node(c, all), values: valuesOf(ctx, sumsAt(groups.get(c.code) ?? [], ym), ym) })),
      computedAt: now().toISOString(),
    };
  }

  return {
    async summary(scope: OrgPathScope | undefined, query: { org?: string | undefined; ym?: string | undefined }): Promise<IndicatorSummary> {
      const ym = query.ym ?? currentYm(now());
      const { org, all, trail } = await resolveOrg(query.org, scope);
      const exact = !subtree(org.path, scope);
      const [groups, ctx] = await Promise.all([sumRows(org, exact, [ym], 'child'), valueContext()]);
      return summaryOf(org, all, trail, scope, exact, groups, ctx, ym);
    },

    async trend(scope: OrgPathScope | undefined, query: { org?: string | undefined; ym?: string | undefined; code: IndicatorCode }): Promise<IndicatorTrend> {
      const ym = query.ym ?? currentYm(now());
      const { org, all } = await resolveOrg(query.org, scope);
      const exact = !subtree(org.path, scope);
      const months = monthsUpTo(ym, 12);
      const [groups, ctx] = await Promise.all([sumRows(org, exact, months, 'none'), valueContext()]);
      const rows = allRows(groups);
      const points = months.map((month) => {
        const [value] = valuesOf(ctx, sumsAt(rows, month), month, [query.code]);
        return { ym: month, value: value?.value ?? null, light: value?.light ?? ('NONE' as const) };
      });
      return { code: query.code, org: node(org, all), points };
    },

    async ranking(scope: OrgPathScope | undefined, query: { org?: string | undefined; ym?: string | undefined; code: IndicatorCode }): Promise<IndicatorRanking> {
      const ym = query.ym ?? currentYm(now());
      const { org, all } = await resolveOrg(query.org, scope);
      const stations = all.filter((o) => o.type === 'STATION' && (o.path === org.path || o.path.startsWith(`${org.path}/`)) && orgPathInScope(o.path, scope));
      const def = DEFINITION_BY_CODE.get(query.code);
      // Each station's own facts, from one statement over the org's subtree grouped by path.
      const [byPath, ctx] = await Promise.all([sumRows(org, false, [ym], 'path'), valueContext()]);
      const rows = stations.map((s) => {
        const [v] = valuesOf(ctx, sumsAt(byPath.get(s.path) ?? [], ym), ym, [query.code]);
        return { org: node(s, all), value: v?.value ?? null, light: v?.light ?? ('NONE' as const) };
      });
      rows.sort((a, b) => (a.value === null ? 1 : b.value === null ? -1 : def?.higherIsBetter ? b.value - a.value : a.value - b.value));
      return { code: query.code, ym, items: rows.map((r, i) => ({ rank: i + 1, ...r })) };
    },

    async items(scope: OrgPathScope | undefined, query: { org?: string | undefined; ym?: string | undefined; code: IndicatorCode; page: number; pageSize: number }): Promise<IndicatorItemPage> {
      const def = DEFINITION_BY_CODE.get(query.code);
      if (!def?.drillable) throw new AppError(400, ErrorCode.BadRequest, `「${def?.name ?? query.code}」没有明细清单`);
      const ym = query.ym ?? currentYm(now());
      const { org, all } = await resolveOrg(query.org, scope);
      const exact = !subtree(org.path, scope);
      const pathFilter = exact ? 'i.org_path = $1' : `(i.org_path = $1 OR i.org_path LIKE $1 || '/%')`;
      const [from, to] = ymRange(ym);
      const offset = (query.page - 1) * query.pageSize;
      const realtime = query.code === 'YK_OVERDUE';
      const where = realtime
        ? `i.kind = 'yk' AND i.open_due_at < $2 AND ${pathFilter}`
        : `${pathFilter} AND EXISTS (SELECT 1 FROM jsonb_array_elements(i.marks) m WHERE m->>'code' = $2 AND m->>'day' BETWEEN $3 AND $4)`;
      const params: unknown[] = realtime ? [org.path, now()] : [org.path, query.code, from, to];
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ind_item i WHERE ${where}`, params);
      const rows = await db.query<{ kind: string; item_key: string; title: string; link: string | null; org_unit_code: string; open_due_at: string | null; marks: Array<{ code: string; day: string }> | string }>(
        `SELECT i.kind, i.item_key, i.title, i.link, i.org_unit_code, i.open_due_at, i.marks FROM ind_item i WHERE ${where}
          ORDER BY i.open_due_at NULLS LAST, i.item_key LIMIT ${query.pageSize} OFFSET ${offset}`,
        params,
      );
      const names = new Map(all.map((o) => [o.code, o.name]));
      return {
        items: rows.map((r) => {
          const marks = typeof r.marks === 'string' ? (JSON.parse(r.marks) as Array<{ code: string; day: string }>) : r.marks;
          const day = realtime ? (r.open_due_at ? cstDate(new Date(r.open_due_at)) : null) : (marks.find((m) => m.code === query.code)?.day ?? null);
          return {
            kind: r.kind as 'yk' | 'ticket' | 'order',
            key: r.item_key,
            title: r.title,
            orgName: names.get(r.org_unit_code) ?? r.org_unit_code,
            day,
            detail: realtime ? `时限 ${day ?? ''} 已超期` : `${def.name}：${day ?? ''}`,
            link: r.link ?? '',
          };
        }),
        total: Number(count?.n ?? 0),
        page: query.page,
        pageSize: query.pageSize,
      };
    },

    async targets(): Promise<IndicatorTarget[]> {
      const rows = await db.query<{ code: string; green: number; amber: number; updated_by: string; updated_at: string }>('SELECT * FROM ind_target');
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return INDICATOR_CODES.map((code) => {
        const r = byCode.get(code);
        return r
          ? { code, green: Number(r.green), amber: Number(r.amber), updatedBy: r.updated_by, updatedAt: new Date(r.updated_at).toISOString() }
          : { code, ...DEFAULT_TARGETS[code], updatedBy: null, updatedAt: null };
      });
    },

    async setTarget(code: IndicatorCode, body: { green: number; amber: number }, username: string): Promise<IndicatorTarget> {
      const def = DEFINITION_BY_CODE.get(code);
      if (def?.higherIsBetter && body.green < body.amber) throw new AppError(400, ErrorCode.BadRequest, '该指标越高越好：绿灯阈值不能低于黄灯阈值');
      if (def && !def.higherIsBetter && body.green > body.amber) throw new AppError(400, ErrorCode.BadRequest, '该指标越低越好：绿灯阈值不能高于黄灯阈值');
      const at = now();
      await db.query(
        `INSERT INTO ind_target (code, green, amber, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (code) DO UPDATE SET green = EXCLUDED.green, amber = EXCLUDED.amber, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [code, body.green, body.amber, username, at],
      );
      targetsCache = null;
      return { code, green: body.green, amber: body.amber, updatedBy: username, updatedAt: at.toISOString() };
    },

    async screen(scope: OrgPathScope | undefined): Promise<ScreenData> {
      const ym = currentYm(now());
      const { org, all, trail } = await resolveOrg(undefined, scope);
      const exact = !subtree(org.path, scope);
      const trendCodes: IndicatorCode[] = ['YK_ONTIME', 'TK_TIMELY', 'TK_ARRIVE', 'BILL_RECOVERY'];
      const months = monthsUpTo(ym, 12);
      // The summary of this month and the 12 months' trend from one statement; the feed alongside.
      const [groups, ctx, recentRows] = await Promise.all([
        sumRows(org, exact, months, 'child'),
        valueContext(),
        db.query<{ at: string; text: string; org_path: string }>('SELECT at, text, org_path FROM ind_recent ORDER BY at DESC, id DESC LIMIT 50'),
      ]);
      const summary = summaryOf(org, all, trail, scope, exact, groups, ctx, ym);
      const rows = allRows(groups);
      const trend = months.map((month) => ({
        ym: month,
        values: Object.fromEntries(valuesOf(ctx, sumsAt(rows, month), month, trendCodes).map((v) => [v.code, v.value])),
      }));
      const recent = recentRows.filter((r) => orgPathInScope(r.org_path, scope)).slice(0, 10);
      return {
        ym,
        org: summary.org,
        values: summary.values,
        units: summary.children,
        trend,
        recent: recent.map((r) => ({ at: new Date(r.at).toISOString(), text: r.text })),
        computedAt: summary.computedAt,
      };
    },
  };
}

export type IndicatorReads = ReturnType<typeof createIndicatorReads>;
