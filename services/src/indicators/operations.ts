/**
 * The read side of the indicators (ADR 0047): org tree under the caller's data scope, sums of facts, values,
 * trends, rankings, the items behind a figure, targets, the 大屏 payload.
 */
import { ErrorCode } from '@wb/contracts';
import {
  INDICATOR_CODES,
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
import { AppError, orgPathInScope, type Db, type OrgPathScope, type Queryable } from '@wb/server-kit';
import { activeOrgUnits } from '../identity/index.ts';
import { cstDate } from '../workflow/index.ts';
import { STOCK_DAY } from './facts.ts';
import { DEFAULT_TARGETS, DEFINITION_BY_CODE, computeValue, type FactSums } from './definitions.ts';
import { availableSources } from './sources.ts';

interface OrgRow { code: string; name: string; type: string; parent_code: string | null; path: string }

/** Units that hold no business of their own (客服中心, 营业厅) stay out of the drill-down. */
const HIDDEN_TYPES = new Set(['SERVICE_CENTER', 'BUSINESS_HALL']);

export const currentYm = (now: Date): string => cstDate(now).slice(0, 7).replace('-', '');
const ymRange = (ym: string): [string, string] => [`${ym.slice(0, 4)}-${ym.slice(4)}-01`, `${ym.slice(0, 4)}-${ym.slice(4)}-31`];
export function previousYms(ym: string, n: number): string[] {
  const out: string[] = [];
  let y = Number(ym.slice(0, 4));
  let m = Number(ym.slice(4));
  for (let i = 0; i < n; i++) {
    out.unshift(`${y}${String(m).padStart(2, '0')}`);
    m--;
    if (m === 0) {
      m = 12;
      y--;
    }
  }
  return out;
}

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

  async function targets(): Promise<Map<string, { green: number; amber: number }>> {
    const rows = await db.query<{ code: string; green: number; amber: number }>('SELECT code, green, amber FROM ind_target');
    const map = new Map<string, { green: number; amber: number }>(Object.entries(DEFAULT_TARGETS));
    for (const r of rows) map.set(r.code, { green: Number(r.green), amber: Number(r.amber) });
    return map;
  }

  /**
   * Sums per child of `org` (key: child code; '' for the org's own facts) for days [from, to]: one query. With
   * `exact`, only the org's own facts.
   */
  async function sumsByChild(q: Queryable, org: OrgRow, exact: boolean, from: string, to: string): Promise<Map<string, FactSums>> {
    const base = org.path;
    const pathFilter = exact ? 'f.org_path = $1' : `(f.org_path = $1 OR f.org_path LIKE $1 || '/%')`;
    const rows = await q.query<{ child: string; metric: string; d: string; v: string }>(
      `SELECT split_part(substr(f.org_path, length($1) + 2), '/', 1) AS child, f.metric,
              CASE WHEN f.metric = 'bill.owe' THEN f.day ELSE '' END AS d, sum(f.value)::text AS v
         FROM ind_fact f
        WHERE ${pathFilter} AND ((f.day BETWEEN $2 AND $3) OR (f.metric = 'bill.owe' AND f.day <= $3) OR f.day = $4)
        GROUP BY 1, 2, 3`,
      [base, from, to, STOCK_DAY],
    );
    const overdue = await q.query<{ child: string; n: number }>(
      `SELECT split_part(substr(i.org_path, length($1) + 2), '/', 1) AS child, count(*)::int AS n FROM ind_item i
        WHERE i.kind = 'yk' AND i.open_due_at < $2 AND ${pathFilter.replaceAll('f.', 'i.')} GROUP BY 1`,
      [base, now()],
    );
    const out = new Map<string, { period: Map<string, number>; oweByYm: Map<string, number>; accounts: number; overdue: number }>();
    const get = (child: string) => {
      let s = out.get(child);
      if (!s) {
        s = { period: new Map(), oweByYm: new Map(), accounts: 0, overdue: 0 };
        out.set(child, s);
      }
      return s;
    };
    for (const r of rows) {
      const s = get(r.child);
      const v = Number(r.v);
      if (r.metric === 'unit.accounts') s.accounts += v;
      else if (r.metric === 'bill.owe') {
        const ym = r.d.slice(0, 7).replace('-', '');
        s.oweByYm.set(ym, (s.oweByYm.get(ym) ?? 0) + v);
      } else s.period.set(r.metric, (s.period.get(r.metric) ?? 0) + v);
    }
    for (const r of overdue) get(r.child).overdue += Number(r.n);
    return out;
  }

  /**
   * The org's sums (own facts with `exact`, else its subtree) for each of `yms`, from one query over their days —
   * what `merge(sumsByChild(…))` gives month by month, for trends (P17: one query instead of one per month).
   */
  async function sumsByMonth(q: Queryable, org: OrgRow, exact: boolean, yms: readonly string[]): Promise<Map<string, FactSums>> {
    const from = ymRange(yms[0] as string)[0];
    const to = ymRange(yms.at(-1) as string)[1];
    const pathFilter = exact ? 'f.org_path = $1' : `(f.org_path = $1 OR f.org_path LIKE $1 || '/%')`;
    const rows = await q.query<{ m: string; metric: string; v: string }>(
      `SELECT CASE WHEN f.day = $4 THEN '' ELSE substr(f.day, 1, 7) END AS m, f.metric, sum(f.value)::text AS v
         FROM ind_fact f
        WHERE ${pathFilter} AND ((f.day BETWEEN $2 AND $3) OR (f.metric = 'bill.owe' AND f.day <= $3) OR f.day = $4)
        GROUP BY 1, 2`,
      [org.path, from, to, STOCK_DAY],
    );
    const [overdue] = await q.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ind_item i WHERE i.kind = 'yk' AND i.open_due_at < $2 AND ${pathFilter.replaceAll('f.', 'i.')}`,
      [org.path, now()],
    );
    const out = new Map<string, FactSums>();
    for (const ym of yms) {
      const month = `${ym.slice(0, 4)}-${ym.slice(4)}`;
      const period = new Map<string, number>();
      const oweByYm = new Map<string, number>();
      let accounts = 0;
      for (const r of rows) {
        const v = Number(r.v);
        if (r.metric === 'unit.accounts') accounts += v;
        else if (r.metric === 'bill.owe') {
          if (r.m !== '' && r.m <= month) {
            const owedYm = r.m.replace('-', '');
            oweByYm.set(owedYm, (oweByYm.get(owedYm) ?? 0) + v);
          }
        } else if (r.m === month) period.set(r.metric, (period.get(r.metric) ?? 0) + v);
      }
      out.set(ym, { period, oweByYm, accounts, overdue: Number(overdue?.n ?? 0) });
    }
    return out;
  }

  const merge = (parts: Iterable<FactSums>): FactSums => {
    const period = new Map<string, number>();
    const oweByYm = new Map<string, number>();
    let accounts = 0;
    let overdue = 0;
    for (const p of parts) {
      for (const [k, v] of p.period) period.set(k, (period.get(k) ?? 0) + v);
      for (const [k, v] of p.oweByYm) oweByYm.set(k, (oweByYm.get(k) ?? 0) + v);
      accounts += p.accounts;
      overdue += p.overdue;
    }
    return { period, oweByYm, accounts, overdue };
  };

  async function valuesOf(sums: FactSums, ym: string, codes: readonly IndicatorCode[] = INDICATOR_CODES, loaded?: Map<string, { green: number; amber: number }>): Promise<IndicatorValue[]> {
    const [available, t] = await Promise.all([availableSourcesCached(), loaded ?? targets()]);
    return codes.map((code) => computeValue(code, sums, ym, available, t));
  }

  let sourcesCache: { at: number; set: Set<string> } | null = null;
  async function availableSourcesCached(): Promise<Set<string>> {
    if (sourcesCache && Date.now() - sourcesCache.at < 60_000) return sourcesCache.set;
    sourcesCache = { at: Date.now(), set: await availableSources(db) };
    return sourcesCache.set;
  }

  const childOf = (org: OrgRow, all: readonly OrgRow[], scope: OrgPathScope | undefined): OrgRow[] =>
    all.filter((c) => c.parent_code === org.code && !HIDDEN_TYPES.has(c.type) && orgPathInScope(c.path, scope));

  return {
    async summary(scope: OrgPathScope | undefined, query: { org?: string | undefined; ym?: string | undefined }): Promise<IndicatorSummary> {
      const ym = query.ym ?? currentYm(now());
      const { org, all, trail } = await resolveOrg(query.org, scope);
      const exact = !subtree(org.path, scope);
      const [from, to] = ymRange(ym);
      const sums = await sumsByChild(db, org, exact, from, to);
      const children = exact ? [] : childOf(org, all, scope);
      return {
        ym,
        org: node(org, all),
        trail: trail.map((t) => node(t, all)),
        values: await valuesOf(merge(sums.values()), ym),
        children: await Promise.all(
          children.map(async (c) => ({ org: node(c, all), values: await valuesOf(sums.get(c.code) ?? merge([]), ym) })),
        ),
        computedAt: now().toISOString(),
      };
    },

    async trend(scope: OrgPathScope | undefined, query: { org?: string | undefined; ym?: string | undefined; code: IndicatorCode }): Promise<IndicatorTrend> {
      const ym = query.ym ?? currentYm(now());
      const { org, all } = await resolveOrg(query.org, scope);
      const exact = !subtree(org.path, scope);
      const points = [];
      const months = previousYms(ym, 12);
      const [byMonth, t] = await Promise.all([sumsByMonth(db, org, exact, months), targets()]);
      for (const month of months) {
        const [value] = await valuesOf(byMonth.get(month) as FactSums, month, [query.code], t);
        points.push({ ym: month, value: value?.value ?? null, light: value?.light ?? 'NONE' });
      }
      return { code: query.code, org: node(org, all), points };
    },

    async ranking(scope: OrgPathScope | undefined, query: { org?: string | undefined; ym?: string | undefined; code: IndicatorCode }): Promise<IndicatorRanking> {
      const ym = query.ym ?? currentYm(now());
      const { org, all } = await resolveOrg(query.org, scope);
      const stations = all.filter((o) => o.type === 'STATION' && (o.path === org.path || o.path.startsWith(`${org.path}/`)) && orgPathInScope(o.path, scope));
      const [from, to] = ymRange(ym);
      const def = DEFINITION_BY_CODE.get(query.code);
      const rows = await Promise.all(
        stations.map(async (s) => {
          const sums = merge((await sumsByChild(db, s, true, from, to)).values());
          const [v] = await valuesOf(sums, ym, [query.code]);
          return { org: node(s, all), value: v?.value ?? null, light: v?.light ?? ('NONE' as const) };
        }),
      );
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
      return { code, green: body.green, amber: body.amber, updatedBy: username, updatedAt: at.toISOString() };
    },

    async screen(scope: OrgPathScope | undefined): Promise<ScreenData> {
      const ym = currentYm(now());
      const summary = await this.summary(scope, { ym });
      const { org } = await resolveOrg(summary.org.code, scope);
      const exact = !subtree(org.path, scope);
      const trendCodes: IndicatorCode[] = ['YK_ONTIME', 'TK_TIMELY', 'TK_ARRIVE', 'BILL_RECOVERY'];
      const trend = [];
      const months = previousYms(ym, 12);
      const [byMonth, t] = await Promise.all([sumsByMonth(db, org, exact, months), targets()]);
      for (const month of months) {
        const values = await valuesOf(byMonth.get(month) as FactSums, month, trendCodes, t);
        trend.push({ ym: month, values: Object.fromEntries(values.map((v) => [v.code, v.value])) });
      }
      const recent = (await db.query<{ at: string; text: string; org_path: string }>('SELECT at, text, org_path FROM ind_recent ORDER BY at DESC, id DESC LIMIT 50'))
        .filter((r) => orgPathInScope(r.org_path, scope))
        .slice(0, 10);
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
