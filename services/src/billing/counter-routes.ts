/**
 * Reads of billing v1 for the 电费账务 app's counter and ledger (contract `@wb/contracts/billing-counter`,
 * docs/adr/0042-billing-app.md), beside the core routes of routes.ts:
 * - `GET /counter/customers?q=` finds the customers a collector may serve: 户号 and phone through the archive's
 *   port (billing never reads the archive's tables, ADR 0026), 户名 and 户号 prefixes in billing's own accounts
 *   with the `bill` scope in SQL (so a common surname finds the clerk's own customers, not the city's first 50);
 * - `GET /counter/arrears.csv` exports the 欠费台账 with the filters of `GET /arrears`, page by page through the
 *   same operation, so the file and the screen never disagree;
 * - `GET /counter/units` lists the 供电所 in the caller's scope (a handful of rows, through the archive's port).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AGE_BANDS, DF_BILL_VIEW, POWER_STATES, arrearsQuerySchema, fenToYuan, type ArrearsRow } from '@wb/contracts/billing';
import { ARREARS_EXPORT_MAX_ROWS, counterLookupQuerySchema, type CounterCustomer, type CounterLookupField, type CounterLookupResult } from '@wb/contracts/billing-counter';
import { SqlConditions, escapeLike, orgPathInScope, requires, type OrgPathScope } from '@wb/server-kit';
import { customersByConsNos, customersByPhone, supplyUnitOf, supplyUnits, type TicketCustomer } from '../customer/index.ts';
import type { BillingOperations } from './operations.ts';
import type { BillingScopeResolver } from './scope.ts';

/** What the counter's reads need of the service: the ledger operation and the caller's scope. */
export interface CounterRouteDeps {
  operations: Pick<BillingOperations, 'arrears'>;
  resolveScope: BillingScopeResolver;
}

const LOOKUP_LIMIT = 20;
const EXPORT_PAGE = 100;

/** How a query reads: 10 digits = 户号; 11-digit mobiles and fixed lines = 电话; other digits = 户号 prefix; else 户名. */
export function counterLookupField(q: string): CounterLookupField {
  const digits = q.replace(/[\s-]/g, '');
  if (/^\d+$/.test(digits)) {
    if (digits.length === 10 && !digits.startsWith('0')) return 'consNo';
    if (/^1\d{10}$/.test(digits) || /^0\d{9,11}$/.test(digits) || /^\d{7,8}$/.test(digits)) return 'phone';
    return 'consNoPrefix';
  }
  return 'name';
}

const maskPhone = (phone: string): string => (/^\d{11}$/.test(phone) ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone.replace(/\d(?=\d{4})/g, '*'));

interface OweRow {
  cons_no: string;
  power_state: 'ON' | 'OFF';
  protected_flag: boolean;
  owe_fen: string | number | null;
  open_months: number | null;
}

export function registerCounterRoutes(app: FastifyInstance, deps: CounterRouteDeps): void {
  const scope = (request: FastifyRequest): OrgPathScope | undefined => deps.resolveScope(request);

  /** The 户号 of a name or 户号 prefix in the caller's scope, from billing's own accounts. */
  async function accountsMatching(field: 'name' | 'consNoPrefix', q: string, s: OrgPathScope | undefined): Promise<string[]> {
    const where = new SqlConditions().scope('a.org_path', s);
    where.addWith(field === 'name' ? 'a.name LIKE ?' : 'a.cons_no LIKE ?', `${escapeLike(field === 'name' ? q : q.replace(/[\s-]/g, ''))}%`);
    const rows = await app.db.query<{ cons_no: string }>(`SELECT a.cons_no FROM billing_account a ${where.where()} ORDER BY a.cons_no LIMIT ${LOOKUP_LIMIT}`, where.params);
    return rows.map((r) => r.cons_no);
  }

  async function lookup(q: string, s: OrgPathScope | undefined): Promise<CounterLookupResult> {
    const field = counterLookupField(q);
    const digits = q.replace(/[\s-]/g, '');
    let customers: TicketCustomer[];
    if (field === 'consNo') customers = await customersByConsNos(app.db, [digits]);
    else if (field === 'phone') customers = await customersByPhone(app.db, digits, 100);
    else customers = await customersByConsNos(app.db, await accountsMatching(field, q, s));
    const visible = customers.filter((c) => orgPathInScope(c.orgPath, s)).slice(0, LOOKUP_LIMIT);
    if (visible.length === 0) return { field, items: [] };
    const owe = await app.db.query<OweRow>(
      `SELECT a.cons_no, a.power_state, a.protected_flag,
              (SELECT sum(r.amount_fen - r.paid_fen) FROM billing_receivable r WHERE r.cons_no = a.cons_no AND r.paid_fen < r.amount_fen) AS owe_fen,
              (SELECT count(*)::int FROM billing_receivable r WHERE r.cons_no = a.cons_no AND (r.paid_fen < r.amount_fen OR r.penalty_paid_fen < r.penalty_fen)) AS open_months
         FROM billing_account a WHERE a.cons_no = ANY($1::text[])`,
      [visible.map((c) => c.consNo)],
    );
    const byCons = new Map(owe.map((o) => [o.cons_no.trim(), o]));
    const items: CounterCustomer[] = visible.map((c) => {
      const o = byCons.get(c.consNo);
      return {
        consNo: c.consNo,
        name: c.name,
        address: c.address,
        phone: maskPhone(c.phone),
        orgUnitCode: c.orgUnitCode,
        orgUnitName: c.orgUnitName,
        // A customer without a billing account yet has no history: power on, nothing owed (ADR 0035).
        powerState: o?.power_state ?? 'ON',
        protectedFlag: o?.protected_flag ?? false,
        oweFen: Number(o?.owe_fen ?? 0),
        openMonths: o?.open_months ?? 0,
      };
    });
    return { field, items };
  }

  const routes = app.withTypeProvider<ZodTypeProvider>();
  routes.get('/counter/customers', { config: requires(DF_BILL_VIEW), schema: { querystring: counterLookupQuerySchema } }, async (request) => {
    return lookup(request.query.q, scope(request));
  });

  routes.get('/counter/units', { config: requires(DF_BILL_VIEW) }, async (request) => {
    const s = scope(request);
    const units = await supplyUnits(app.db);
    const paths = await Promise.all(units.map((u) => supplyUnitOf(app.db, u.code)));
    return { items: units.filter((_, i) => paths[i] !== undefined && orgPathInScope(paths[i].orgPath, s)) };
  });

  routes.get('/counter/arrears.csv', { config: requires(DF_BILL_VIEW), schema: { querystring: arrearsQuerySchema } }, async (request, reply) => {
    const query = request.query;
    const s = scope(request);
    const rows: ArrearsRow[] = [];
    let total = 0;
    for (let page = 1; rows.length < ARREARS_EXPORT_MAX_ROWS; page += 1) {
      const answer = await deps.operations.arrears(s, { ...query, page, pageSize: EXPORT_PAGE });
      total = answer.total;
      rows.push(...answer.items);
      if (answer.items.length < EXPORT_PAGE) break;
    }
    await app.audit(request, { action: 'billing.arrears.export', target: 'arrears', result: 'success', detail: { rows: rows.length, total, filters: { ...query, page: undefined, pageSize: undefined } } });
    const unitNames = new Map((await supplyUnits(app.db)).map((u) => [u.code, u.name]));
    const header = ['户号', '户名', '供电单位', '欠费月数', '最早欠费年月', '账龄天数', '账龄', '欠费金额(元)', '违约金(元)', '供电状态', '保电/敏感'];
    const lines = [header, ...rows.map((r) => [r.consNo, r.name, unitNames.get(r.orgUnitCode) ?? r.orgUnitCode, String(r.months), r.oldestYm, String(r.ageDays), AGE_BANDS[r.ageBand], fenToYuan(r.oweFen), fenToYuan(r.penaltyFen), POWER_STATES[r.powerState], r.protectedFlag ? '是' : '否'])];
    if (total > rows.length) lines.push([`共 ${total} 户，本文件含前 ${rows.length} 户；请按单位或账龄分别导出`]);
    const csv = `\uFEFF${lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n')}\r\n`;
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="arrears.csv"; filename*=UTF-8''${encodeURIComponent('欠费台账')}.csv`)
      .header('cache-control', 'no-store');
    return csv;
  });
}

/** One CSV cell (RFC 4180 quoting); a leading = + - @ is prefixed with ' so a spreadsheet never runs it as a formula. */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
