import { HttpResponse, delay, http } from 'msw';
import type { RequestHandler } from 'msw';
import {
  BILLING_SERVICE,
  DEFAULT_BILLING_SETTINGS,
  arrearsQuerySchema,
  batchAuditSchema,
  calcBatchRequestSchema,
  consNoParamSchema,
  orderCompleteSchema,
  orderListQuerySchema,
  paymentRequestSchema,
  reversalRequestSchema,
  type Account,
  type AgeBand,
  type ArrearsPage,
  type ArrearsRow,
  type Payment,
  type Receivable,
} from '@wb/contracts/billing';
import { counterLookupQuerySchema, type CounterCustomer } from '@wb/contracts/billing-counter';
import { ErrorCode } from '@wb/contracts';
import { apiError, badRequest, idempotencyStore, ifMatchOf, mockBase, paginate, readJson, versionRefusal, withEtag, withVersion } from '../iam/respond.ts';
import { createBillingDataset, type BillingDataset, type MockBillingAccount } from './dataset.ts';
import { readingHandlers } from './readings.ts';

export interface BillingHandlersOptions {
  /** Gateway base of the billing service; default `/api/svc/billing/v1`. */
  baseUrl?: string;
  dataset?: BillingDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
}

const DAY = 86_400_000;
const TARIFF_PREFIX = { RESIDENT: 'RES-', GENERAL: 'GEN-', LARGE: 'LARGE-', AGRI: 'AGRI-' } as const;
const notFound = (what = '客户') => apiError(404, ErrorCode.NotFound, `未找到该${what}`);
const conflict = (message: string) => apiError(409, ErrorCode.Conflict, message);
const isOpen = (r: Receivable): boolean => r.paidFen < r.amountFen || r.penaltyPaidFen < r.penaltyFen;
const statusOf = (r: Receivable): Receivable['status'] => (r.paidFen >= r.amountFen && r.penaltyPaidFen >= r.penaltyFen ? 'PAID' : r.paidFen > 0 ? 'PARTIAL' : 'UNPAID');
const maskPhone = (p: string): string => (/^\d{11}$/.test(p) ? `${p.slice(0, 3)}****${p.slice(7)}` : p.replace(/\d(?=\d{4})/g, '*'));
const band = (days: number): AgeBand => (days <= 30 ? 'D30' : days <= 90 ? 'D90' : days <= 180 ? 'D180' : days <= 365 ? 'D365' : 'OVER');

/**
 * msw handlers for billing v1 as the 电费账务 app uses it (issue 13): the contract's shapes and validation, the
 * server's order of refusals (400 → 404 → If-Match 428/412 → 409), a payment once per Idempotency-Key (same key,
 * other body → 422), allocation oldest first with the accrued 违约金 charged first and the rest to 预存, the 复电
 * order of a payment that clears a cut-off customer, 发行 twice = once, 抄表 and its 复核 (readings.ts). Scope,
 * calendars and the 停电 rules' clock are not simulated; 违约金 is the dataset's accrued figure, not recomputed by day.
 */
export function billingHandlers(options: BillingHandlersOptions = {}): RequestHandler[] {
  const baseUrl = mockBase(options.baseUrl, BILLING_SERVICE);
  const data = options.dataset ?? createBillingDataset();
  const idempotency = idempotencyStore<string>('该请求编号已用于另一笔缴费，请刷新后重新提交');
  let sequence = 80_000;
  const url = (path: string): string => `${baseUrl}${path}`;
  const wait = async (): Promise<void> => {
    if (options.delayMs) await delay(options.delayMs);
  };

  const accountOf = (consNo: string): MockBillingAccount | undefined => data.accounts.find((a) => a.consNo === consNo);
  /**
   * As the service reads If-Match with the request: 400 (malformed) → 404 (`what`) → 428 (absent) → 412 (stale):
   * the row to write, or the refusal.
   */
  const lockedRow = <T extends { version: number }>(request: Request, row: T | undefined, what: string): T | Response => {
    const version = ifMatchOf(request);
    if (version instanceof Response) return version;
    if (!row) return notFound(what);
    return versionRefusal(version, row.version, `${what}已被他人更新，请刷新后重试`) ?? row;
  };
  const receivablesOf = (consNo: string): Receivable[] => data.receivables.filter((r) => r.consNo === consNo).sort((a, b) => a.ym.localeCompare(b.ym));

  function view(a: MockBillingAccount): Account {
    const rows = receivablesOf(a.consNo);
    const open = rows.filter(isOpen);
    const oweFen = open.reduce((s, r) => s + r.amountFen - r.paidFen, 0);
    const penaltyFen = open.reduce((s, r) => s + r.penaltyFen - r.penaltyPaidFen + r.accruedPenaltyFen, 0);
    return {
      consNo: a.consNo, name: a.name, orgUnitCode: a.orgUnitCode, tariffCode: a.tariffCode, prepaidFen: a.prepaidFen, protectedFlag: a.protectedFlag,
      powerState: a.powerState, noticeAt: a.noticeAt, oweFen, penaltyFen, totalDueFen: oweFen + penaltyFen,
      receivables: rows.slice(-24).reverse().map((r) => ({ ...r, status: statusOf(r) })),
      payments: data.payments.filter((p) => p.consNo === a.consNo).sort((x, y) => y.paidAt.localeCompare(x.paidAt) || Number(y.id) - Number(x.id)).slice(0, 24),
      version: a.version,
    };
  }

  function arrearsRows(): ArrearsRow[] {
    const now = Date.now();
    return data.accounts
      .map((a) => {
        const open = receivablesOf(a.consNo).filter(isOpen);
        if (open.length === 0) return null;
        const ageDays = Math.max(0, Math.floor((now - Date.parse(`${open[0]!.dueDate}T16:00:00Z`)) / DAY));
        return {
          consNo: a.consNo, name: a.name, orgUnitCode: a.orgUnitCode, months: open.length, oldestYm: open[0]!.ym, ageDays, ageBand: band(ageDays),
          oweFen: open.reduce((s, r) => s + r.amountFen - r.paidFen, 0), penaltyFen: open.reduce((s, r) => s + r.penaltyFen - r.penaltyPaidFen + r.accruedPenaltyFen, 0),
          powerState: a.powerState, protectedFlag: a.protectedFlag,
        } satisfies ArrearsRow;
      })
      .filter((r): r is ArrearsRow => r !== null)
      .sort((x, y) => y.ageDays - x.ageDays || y.oweFen - x.oweFen || x.consNo.localeCompare(y.consNo));
  }

  /** The payment itself: 违约金 accrued to today is charged, then oldest month first, 违约金 before 电费; the rest to 预存. */
  function pay(a: MockBillingAccount, amountFen: number, method: Payment['method']): Payment {
    let left = amountFen;
    const allocations: Payment['allocations'] = [];
    for (const r of receivablesOf(a.consNo).filter(isOpen)) {
      r.penaltyFen += r.accruedPenaltyFen;
      r.accruedPenaltyFen = 0;
      const penalty = Math.min(left, r.penaltyFen - r.penaltyPaidFen);
      left -= penalty;
      const principal = Math.min(left, r.amountFen - r.paidFen);
      left -= principal;
      if (penalty + principal === 0) break;
      r.penaltyPaidFen += penalty;
      r.paidFen += principal;
      r.status = statusOf(r);
      allocations.push({ receivableId: r.id, ym: r.ym, principalFen: principal, penaltyFen: penalty });
    }
    a.prepaidFen += left;
    a.version += 1;
    let restoreOrderId: string | null = null;
    const cleared = receivablesOf(a.consNo).every((r) => !isOpen(r));
    if (a.powerState === 'OFF' && cleared && !data.orders.some((o) => o.consNo === a.consNo && o.kind === 'RESTORE' && o.status === 'OPEN')) {
      const at = Date.now();
      restoreOrderId = String(++sequence);
      data.orders.unshift({
        id: restoreOrderId, kind: 'RESTORE', consNo: a.consNo, orgUnitCode: a.orgUnitCode, status: 'OPEN', plannedAt: new Date(at).toISOString(),
        dueAt: new Date(at + DEFAULT_BILLING_SETTINGS.restoreHours * 3_600_000).toISOString(), createdBy: data.collector, createdAt: new Date(at).toISOString(),
        doneAt: null, overdue: false, version: 1,
      });
    }
    const payment: Payment = {
      id: String(++sequence), consNo: a.consNo, amountFen, method, collector: data.collector, paidAt: new Date().toISOString(), allocations, prepaidFen: left,
      reversed: false, reversedBy: null, reversedAt: null, restoreOrderId, version: 1,
    };
    data.payments.push(payment);
    return payment;
  }

  return [
    ...readingHandlers({ data, url, wait }),
    http.get(url('/config'), async () => {
      await wait();
      return HttpResponse.json(DEFAULT_BILLING_SETTINGS);
    }),

    http.get(url('/counter/customers'), async ({ request }) => {
      await wait();
      const parsed = counterLookupQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const q = parsed.data.q;
      const digits = q.replace(/[\s-]/g, '');
      const field = /^\d+$/.test(digits) ? (digits.length === 10 ? 'consNo' : digits.length >= 7 ? 'phone' : 'consNoPrefix') : 'name';
      const hits = data.accounts.filter((a) =>
        field === 'consNo' ? a.consNo === digits : field === 'phone' ? a.phone === digits : field === 'consNoPrefix' ? a.consNo.startsWith(digits) : a.name.startsWith(q),
      );
      const items: CounterCustomer[] = hits.slice(0, 20).map((a) => {
        const open = receivablesOf(a.consNo).filter(isOpen);
        return {
          consNo: a.consNo, name: a.name, address: a.address, phone: maskPhone(a.phone), orgUnitCode: a.orgUnitCode, orgUnitName: a.orgUnitName,
          powerState: a.powerState, protectedFlag: a.protectedFlag, oweFen: open.reduce((s, r) => s + r.amountFen - r.paidFen, 0), openMonths: open.length,
        };
      });
      return HttpResponse.json({ field, items });
    }),

    http.get(url('/counter/units'), async () => {
      await wait();
      return HttpResponse.json({ items: data.units });
    }),

    http.get(url('/customers/:consNo/account'), async ({ params }) => {
      await wait();
      // As the server's route schema: a malformed 户号 is a 400 naming the field, not a 404.
      const consNo = consNoParamSchema.safeParse(params['consNo']);
      if (!consNo.success) return badRequest({ issues: consNo.error.issues.map((i) => ({ ...i, path: ['consNo'] })) });
      const a = accountOf(consNo.data);
      if (!a) return notFound();
      return withEtag(view(a));
    }),

    http.post(url('/payments'), async ({ request }) => {
      await wait();
      const raw = await readJson(request);
      const parsed = paymentRequestSchema.safeParse(raw);
      if (!parsed.success) return badRequest(parsed.error);
      const key = request.headers.get('idempotency-key');
      const seen = idempotency.replay(key, parsed.data);
      if (seen instanceof Response) return seen;
      if (seen !== undefined) {
        const payment = data.payments.find((p) => p.id === seen)!;
        return withVersion({ payment, account: view(accountOf(payment.consNo)!) }, payment.version);
      }
      const a = accountOf(parsed.data.consNo);
      if (!a) return notFound();
      const payment = pay(a, parsed.data.amountFen, parsed.data.method);
      idempotency.remember(key, parsed.data, payment.id);
      return withVersion({ payment, account: view(a) }, payment.version, 201);
    }),

    http.get(url('/payments/:id'), async ({ params }) => {
      await wait();
      const payment = data.payments.find((p) => p.id === params['id']);
      return payment ? withEtag(payment) : notFound('缴费记录');
    }),

    // 冲正 by a second person (the collector themself → 403), If-Match, undoing the allocations and the 预存 part.
    http.post(url('/payments/:id/reverse'), async ({ request, params }) => {
      await wait();
      const parsed = reversalRequestSchema.safeParse((await readJson(request)) ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const payment = lockedRow(request, data.payments.find((p) => p.id === params['id']), '缴费记录');
      if (payment instanceof Response) return payment;
      if (payment.reversed) return conflict('该笔缴费已冲正');
      if (payment.collector === data.collector) return apiError(403, ErrorCode.NotAllowed, '冲正须由收费员以外的另一人办理');
      const a = accountOf(payment.consNo)!;
      for (const al of payment.allocations) {
        const r = data.receivables.find((x) => x.id === al.receivableId);
        if (r) {
          r.paidFen -= al.principalFen;
          r.penaltyPaidFen -= al.penaltyFen;
          r.status = statusOf(r);
        }
      }
      a.prepaidFen -= payment.prepaidFen;
      a.version += 1;
      Object.assign(payment, { reversed: true, reversedBy: 'mgr01', reversedAt: new Date().toISOString(), version: payment.version + 1 });
      return withEtag(payment);
    }),

    http.get(url('/arrears'), async ({ request }) => {
      await wait();
      const parsed = arrearsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const q = parsed.data;
      const rows = arrearsRows().filter(
        (r) => (!q.orgUnitCode || r.orgUnitCode.startsWith(q.orgUnitCode)) && (!q.ageBand || r.ageBand === q.ageBand) && (q.minOweFen === undefined || r.oweFen >= q.minOweFen) && (!q.powerState || r.powerState === q.powerState) &&
          (!q.tariffKind || accountOf(r.consNo)!.tariffCode.startsWith(TARIFF_PREFIX[q.tariffKind])),
      );
      const byBand: ArrearsPage['totals']['byBand'] = {};
      for (const r of rows) {
        const b = (byBand[r.ageBand] ??= { customers: 0, oweFen: 0 });
        b.customers += 1;
        b.oweFen += r.oweFen;
      }
      const page: ArrearsPage = {
        ...paginate(rows, q.page, q.pageSize),
        totals: { customers: rows.length, oweFen: rows.reduce((s, r) => s + r.oweFen, 0), byBand },
      };
      return HttpResponse.json(page);
    }),

    http.get(url('/counter/arrears.csv'), async () => {
      await wait();
      const csv = `\uFEFF户号,户名\r\n${arrearsRows().map((r) => `${r.consNo},${r.name}`).join('\r\n')}\r\n`;
      return new HttpResponse(csv, { headers: { 'content-type': 'text/csv; charset=utf-8' } });
    }),

    http.get(url('/orders'), async ({ request }) => {
      await wait();
      const parsed = orderListQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return badRequest(parsed.error);
      const q = parsed.data;
      const rows = data.orders
        .map((o) => ({ ...o, overdue: o.dueAt !== null && o.status === 'OPEN' && Date.parse(o.dueAt) < Date.now() }))
        .filter((o) => (!q.kind || o.kind === q.kind) && (!q.status || o.status === q.status))
        .sort((x, y) => Number(y.status === 'OPEN') - Number(x.status === 'OPEN') || (x.dueAt ?? '9').localeCompare(y.dueAt ?? '9') || Number(y.id) - Number(x.id));
      return HttpResponse.json(paginate(rows, q.page, q.pageSize));
    }),

    http.get(url('/orders/:id'), async ({ params }) => {
      await wait();
      const order = data.orders.find((o) => o.id === params['id']);
      return order ? withEtag(order) : notFound('工单');
    }),

    http.post(url('/orders/:id/complete'), async ({ request, params }) => {
      await wait();
      const parsed = orderCompleteSchema.safeParse((await readJson(request)) ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const order = lockedRow(request, data.orders.find((o) => o.id === params['id']), '工单');
      if (order instanceof Response) return order;
      if (order.status !== 'OPEN') return conflict('该工单已处理');
      order.status = parsed.data.success ? 'DONE' : 'FAILED';
      order.doneAt = new Date().toISOString();
      order.version += 1;
      const a = accountOf(order.consNo);
      if (a && parsed.data.success) {
        a.powerState = order.kind === 'CUTOFF' ? 'OFF' : 'ON';
        a.version += 1;
      }
      return withEtag(order);
    }),

    http.get(url('/calc-batches'), async () => {
      await wait();
      return HttpResponse.json({ items: data.batches.map((b) => b.batch).sort((x, y) => Number(y.id) - Number(x.id)) });
    }),

    http.get(url('/calc-batches/:id'), async ({ params }) => {
      await wait();
      const found = data.batches.find((b) => b.batch.id === params['id']);
      if (!found) return notFound('核算批次');
      const bills = [...found.bills].sort((x, y) => Number(x.exception === null) - Number(y.exception === null) || x.consNo.localeCompare(y.consNo));
      return withVersion({ batch: found.batch, bills }, found.batch.version);
    }),

    http.post(url('/calc-batches'), async ({ request }) => {
      await wait();
      const parsed = calcBatchRequestSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const { ym, orgUnitCode } = parsed.data;
      if (!orgUnitCode) return apiError(400, ErrorCode.BadRequest, '请选择核算单位', { orgUnitCode: '请选择核算单位' });
      if (data.batches.some((b) => b.batch.ym === ym && b.batch.status === 'ISSUED')) return conflict('该单位本月已全部发行或没有电费客户');
      data.batches = data.batches.filter((b) => !(b.batch.ym === ym && b.batch.status === 'CALCULATED'));
      const bills = data.accounts.map((a, i) => ({ consNo: a.consNo, tariffCode: a.tariffCode, kwh: 200 + i * 9, amountFen: (200 + i * 9) * 56, exception: i === 1 ? '抄表异常：JUMP' : null }));
      const ok = bills.filter((b) => b.exception === null);
      const batch = {
        id: String(++sequence), ym, orgUnitCode, status: 'CALCULATED' as const, bills: bills.length, kwh: ok.reduce((s, b) => s + b.kwh, 0), amountFen: ok.reduce((s, b) => s + b.amountFen, 0),
        exceptions: bills.length - ok.length, issued: 0, createdBy: 'df02', createdAt: new Date().toISOString(), issuedAt: null, version: 1,
      };
      data.batches.unshift({ batch, bills });
      if (batch.exceptions > 0) data.openAudits.push(batch.id);
      return withEtag(batch, 201);
    }),

    // 量费审核 as the service answers it: 400 → 404 → If-Match (428/412) → 409 without an open 审核 → 400 for a 户号
    // that is no exception bill of the batch (or one without a reading or a tariff); the passed bills join the batch.
    http.post(url('/calc-batches/:id/audit'), async ({ request, params }) => {
      await wait();
      const parsed = batchAuditSchema.safeParse(await readJson(request));
      if (!parsed.success) return badRequest(parsed.error);
      const found = data.batches.find((b) => b.batch.id === params['id']);
      const batch = lockedRow(request, found?.batch, '核算批次');
      if (batch instanceof Response) return batch;
      if (!data.openAudits.includes(batch.id)) return conflict('该批次没有待办的量费审核');
      const approve = [...new Set(parsed.data.approve)];
      const passed = approve.map((consNo) => found!.bills.find((b) => b.consNo === consNo && b.exception !== null));
      for (const [i, bill] of passed.entries()) {
        const message = !bill
          ? `户号 ${approve[i]} 不是本批次的异常电费`
          : bill.exception === '缺少抄表示数' || bill.exception === '无适用电价'
            ? `户号 ${bill.consNo}：${bill.exception}，不能审核通过`
            : null;
        if (message) return apiError(400, ErrorCode.BadRequest, message, { approve: message });
      }
      for (const bill of passed) bill!.exception = null;
      const kwh = passed.reduce((s, b) => s + b!.kwh, 0);
      const amountFen = passed.reduce((s, b) => s + b!.amountFen, 0);
      found!.batch = {
        ...batch, exceptions: batch.exceptions - passed.length, kwh: batch.kwh + kwh, amountFen: batch.amountFen + amountFen,
        issued: batch.issued + (batch.status === 'ISSUED' ? passed.length : 0), version: batch.version + 1,
      };
      data.openAudits = data.openAudits.filter((id) => id !== batch.id);
      return withEtag(found!.batch);
    }),

    http.post(url('/calc-batches/:id/issue'), async ({ request, params }) => {
      await wait();
      const found = data.batches.find((b) => b.batch.id === params['id']);
      const batch = lockedRow(request, found?.batch, '核算批次');
      if (batch instanceof Response) return batch;
      if (batch.status !== 'ISSUED') {
        found!.batch = { ...batch, status: 'ISSUED', issued: batch.bills - batch.exceptions, issuedAt: new Date().toISOString(), version: batch.version + 1 };
      }
      return withEtag(found!.batch);
    }),
  ];
}
