import { HttpResponse, delay, http } from 'msw';
import type { PathParams, RequestHandler } from 'msw';
import { ErrorCode } from '@wb/contracts';
import {
  CUSTOMER_PORTAL_SERVICE,
  applicationNoParamSchema,
  bindRequestSchema,
  bindingCodeRequestSchema,
  customerLoginSchema,
  customerPasswordSchema,
  customerPhoneSchema,
  maskPortalPhone,
  outTradeNoSchema,
  payOrderRequestSchema,
  portalConsNoSchema,
  repairRequestSchema,
  sendLoginCodeSchema,
  type Binding,
  type CustomerMe,
  type PortalAccount,
  type PortalBill,
  type PortalPayment,
  type PortalTicket,
} from '@wb/contracts/customer-portal';
import { OPEN_TICKET_STATUSES, TICKET_STATUSES, TICKET_TYPES, type TicketStatus } from '@wb/contracts/ticket';
import { apiError, badRequest, checkParam, mockBase, queryOf, readJson, type BodySchema } from '../iam/respond.ts';
import {
  createCustomerPortalDataset,
  receiptNo,
  type CustomerPortalDataset,
  type MockPayOrder,
  type MockPortalBill,
  type MockPortalCustomer,
  type MockPortalHousehold,
} from './dataset.ts';

export interface CustomerPortalHandlersOptions {
  /** Gateway base of the customer-portal service; default `/api/svc/customer-portal/v1`. */
  baseUrl?: string;
  dataset?: CustomerPortalDataset;
  /** Simulated latency in ms; default 0. */
  delayMs?: number;
  /** The verification codes texted; default 6 random digits (a dev harness or a test may fix them). */
  code?: () => string;
  /** The service's clock (code expiry and intervals, overdue bills, order times); default the real one. */
  now?: () => Date;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** The realm's defaults (services/src/customer-portal/realm.ts): code life, wrong entries, codes per phone, 户号 per customer. */
const CODE_TTL_MS = 5 * MINUTE;
const CODE_MAX_ATTEMPTS = 5;
const PHONE_INTERVAL_MS = MINUTE;
const PHONE_PER_HOUR = 5;
const MAX_BINDINGS = 10;
/** A repeated 报修 of a 户 within this many hours is merged into its open ticket as 催办 (the ticket desk's window). */
const MERGE_WINDOW_MS = 72 * HOUR;
const RESULT_PAGE = '/c/pay/result';
const TRANSACTION_ID = /^42\d{14}[0-9a-f]{24}$/;
const PAYMENT_ID = /^[0-9]{1,18}$/;

/** A customer's 报修 as the service shows it: the ticket's state, with the customer's own words and time. */
const reportView = (r: CustomerPortalDataset['repairs'][number]): PortalTicket => ({ ...r.ticket, content: r.content, createdAt: new Date(r.at).toISOString() });
const badField = (field: string, message: string) => apiError(400, ErrorCode.BadRequest, message, { [field]: message });
const conflict = (message: string) => apiError(409, ErrorCode.Conflict, message);
const notBound = () => apiError(404, ErrorCode.NotFound, '未找到该户号，请先绑定');
const tooMany = (message: string, seconds: number) => {
  const response = apiError(429, ErrorCode.TooManyRequests, message);
  response.headers.set('retry-after', String(seconds));
  return response;
};
/** The body checked by `schema` (an absent body is `{}`, as the service's `bodyOrEmpty`), or the 400. */
async function bodyOf<T>(request: Request, schema: BodySchema<T>): Promise<T | Response> {
  const parsed = schema.safeParse((await readJson(request)) ?? {});
  return parsed.success ? parsed.data : badRequest(parsed.error);
}
/** `yyyyMMddHHmmss` in China time (the provider's time format) and the China day `YYYY-MM-DD`. */
const providerTime = (at: Date): string => new Date(at.getTime() + 8 * HOUR).toISOString().replace(/[-:T]/g, '').slice(0, 14);
const chinaDay = (at: Date): string => new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10);
const dueOf = (b: MockPortalBill): number => b.amountFen - b.paidFen + b.penaltyFen;
const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const html = (body: string, status = 200) => new HttpResponse(body, { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } });
const noTrade = () => html('<!doctype html><meta charset="utf-8"><p>交易不存在</p>', 404);

/**
 * msw handlers for customer-portal v1 as 掌上电力 uses it (issue 14, ADR 0045/0046), kept in step with the service by
 * `services/src/customer-portal/contract.test.ts`: the contract's shapes and validation (the same zod schemas), the
 * service's order of refusals (401 without a session before anything else, then 400, then 404 for a 户号 not bound),
 * sign-in by SMS code (the code's life, wrong entries, one code a minute per phone) or password, binding a 户号 with
 * the holder's name and a code sent to the phone on file, a pay order once per Idempotency-Key (oldest months first)
 * paid at the simulated provider's checkout (`…/sim-pay/checkout/<transaction id>`: 确认支付 posts, the provider's
 * notification writes the order off at once and the browser is sent back with 303), receipts, outages of the 户's 台区,
 * 报修 (a repeat within 72 hours merges into the open ticket) and 业扩 progress for the applicant's phone.
 * The mock plays one browser: its session is the dataset's `session`. Not simulated: per-address code limits, staff
 * routes (对账, account administration), the provider's notify route and the sweep.
 */
export function customerPortalHandlers(options: CustomerPortalHandlersOptions = {}): RequestHandler[] {
  const baseUrl = mockBase(options.baseUrl, CUSTOMER_PORTAL_SERVICE);
  const data = options.dataset ?? createCustomerPortalDataset();
  const now = options.now ?? (() => new Date());
  const newCode = options.code ?? ((): string => String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0'));
  const url = (path: string): string => `${baseUrl}${path}`;
  const next = (): string => String(++data.sequence);
  const wait = async (): Promise<void> => {
    if (options.delayMs) await delay(options.delayMs);
  };

  const household = (consNo: string): MockPortalHousehold | undefined => data.households.find((h) => h.consNo === consNo);
  /** A 户号 the customer bound, or undefined (not bound = not there, as the service answers). */
  const boundOf = (c: MockPortalCustomer, consNo: string): MockPortalHousehold | undefined =>
    c.bindings.some((b) => b.consNo === consNo) ? household(consNo) : undefined;
  const bindingsOf = (c: MockPortalCustomer): Binding[] =>
    [...c.bindings]
      .sort((x, y) => x.boundAt.localeCompare(y.boundAt) || x.consNo.localeCompare(y.consNo))
      .map((b) => {
        const h = household(b.consNo);
        return { consNo: b.consNo, name: h?.name ?? '', address: h?.address ?? '', orgUnitName: h?.orgUnitName ?? '', boundAt: b.boundAt };
      });
  const me = (c: MockPortalCustomer): CustomerMe => ({ id: c.id, phone: maskPortalPhone(c.phone), hasPassword: c.password !== null, bindings: bindingsOf(c) });

  function account(h: MockPortalHousehold): PortalAccount {
    const today = chinaDay(now());
    const open = h.bills.filter((b) => dueOf(b) > 0);
    const oweFen = open.reduce((s, b) => s + b.amountFen - b.paidFen, 0);
    const penaltyFen = open.reduce((s, b) => s + b.penaltyFen, 0);
    const bills = [...h.bills].reverse().map((b): PortalBill => {
      const status = dueOf(b) === 0 ? 'PAID' : b.paidFen > 0 ? 'PARTIAL' : 'UNPAID';
      return { ...b, dueFen: dueOf(b), overdue: status !== 'PAID' && b.dueDate < today, status };
    });
    const { consNo, name, address, orgUnitName, tgName, powerState, restorePending, prepaidFen } = h;
    return { consNo, name, address, orgUnitName, tgName, powerState, restorePending, oweFen, penaltyFen, totalDueFen: oweFen + penaltyFen, prepaidFen, bills };
  }

  /**
   * The service's Idempotency-Key rule, per customer and route: the same key with the same body answers what the
   * first created (its id), with another body 422 (`otherBody`); undefined when the request goes ahead.
   */
  function replayOf(scope: string, key: string | undefined, body: unknown, otherBody: string): string | Response | undefined {
    const seen = key ? data.idempotency.find((x) => x.scope === scope && x.key === key) : undefined;
    if (!seen) return undefined;
    return seen.body === JSON.stringify(body) ? seen.result : apiError(422, ErrorCode.Unprocessable, otherBody);
  }
  const remember = (scope: string, key: string | undefined, body: unknown, result: string): void => {
    if (key) data.idempotency.push({ scope, key, body: JSON.stringify(body), result });
  };
  const keyOf = (request: Request): string | undefined => request.headers.get('idempotency-key')?.trim() || undefined;

  /** Texts a code within the per-phone limits (one a minute, five an hour); the answer says where it went. */
  function issueCode(phone: string, purpose: 'LOGIN' | 'BIND', consNo: string | null, customerId: string | null): Response {
    const at = now().getTime();
    const recent = data.codes.filter((c) => c.phone === phone && c.createdAt > at - HOUR);
    const last = Math.max(0, ...recent.map((c) => c.createdAt));
    if (last && at - last < PHONE_INTERVAL_MS) {
      const seconds = Math.ceil((PHONE_INTERVAL_MS - (at - last)) / 1000);
      return tooMany(`验证码发送过于频繁，请 ${seconds} 秒后再试`, seconds);
    }
    if (recent.length >= PHONE_PER_HOUR) return tooMany('该手机号获取验证码次数过多，请 1 小时后再试', 3600);
    const code = newCode();
    data.codes.push({ id: next(), phone, purpose, consNo, customerId, code, attempts: 0, createdAt: at, used: false });
    const text =
      purpose === 'LOGIN'
        ? `【国网江州供电】您的掌上电力登录验证码为 ${code}，5 分钟内有效。请勿告诉他人。`
        : `【国网江州供电】您正在将户号 ${consNo} 绑定到掌上电力账号，验证码 ${code}，5 分钟内有效。如非本人操作请忽略。`;
    data.sms.push({ id: next(), phone, text, createdAt: new Date(at).toISOString() });
    return HttpResponse.json({ maskedPhone: maskPortalPhone(phone), retryAfterSeconds: PHONE_INTERVAL_MS / 1000 });
  }

  /** Spends the latest code of `phone` for `purpose`, or answers why not (a wrong entry counts). */
  function useCode(phone: string, purpose: 'LOGIN' | 'BIND', code: string, consNo: string | null, customerId: string | null): Response | null {
    const row = data.codes.filter((c) => c.phone === phone && c.purpose === purpose && c.consNo === consNo && !c.used).at(-1);
    const spent = () => badField('code', '验证码已失效，请重新获取');
    if (!row || row.createdAt + CODE_TTL_MS <= now().getTime() || row.attempts >= CODE_MAX_ATTEMPTS) return spent();
    if (purpose === 'BIND' && row.customerId !== customerId) return spent();
    if (row.code !== code) {
      row.attempts += 1;
      const left = CODE_MAX_ATTEMPTS - row.attempts;
      return badField('code', left > 0 ? `验证码不正确，还可尝试 ${left} 次` : '验证码错误次数过多，请重新获取');
    }
    row.used = true;
    return null;
  }

  /** The provider's notification, at once: billing's 收费 writes the order off (oldest month first, 违约金 first, the rest to 预存). */
  function settle(o: MockPayOrder): void {
    const h = household(o.order.consNo)!;
    let left = o.order.amountFen;
    const months: string[] = [];
    for (const b of h.bills) {
      if (left === 0) break;
      if (dueOf(b) === 0) continue;
      const penalty = Math.min(left, b.penaltyFen);
      const principal = Math.min(left - penalty, b.amountFen - b.paidFen);
      b.penaltyFen -= penalty;
      b.paidFen += principal;
      left -= penalty + principal;
      months.push(b.ym);
    }
    h.prepaidFen += left;
    const id = next();
    const paidAt = now().toISOString();
    h.payments.unshift({ id, consNo: h.consNo, amountFen: o.order.amountFen, method: 'ONLINE', paidAt, prepaidFen: left, reversed: false, months, receiptNo: receiptNo(id, paidAt) });
    // A cut-off 户 cleared: billing opens the 复电 order.
    const restore = h.powerState === 'OFF' && !h.restorePending && h.bills.every((b) => dueOf(b) === 0);
    if (restore) h.restorePending = true;
    Object.assign(o.order, { status: 'PAID', paidAt, paymentId: id, restoreOrderId: restore ? next() : null });
  }

  /** A route of a signed-in customer: 401 without a session, before the request is looked at (the service's hook). */
  const customerRoute =
    (handle: (c: MockPortalCustomer, request: Request, params: PathParams) => Response | Promise<Response>) =>
    async ({ request, params }: { request: Request; params: PathParams }): Promise<Response> => {
      await wait();
      const c = data.customers.find((x) => x.id === data.session);
      if (!c) return apiError(401, ErrorCode.Unauthenticated, '请先登录掌上电力');
      return handle(c, request, params);
    };
  /** A customer route with a body: 401, then the body checked by `schema` (400). */
  const withBody = <T>(schema: BodySchema<T>, handle: (c: MockPortalCustomer, body: T, request: Request) => Response) =>
    customerRoute(async (c, request) => {
      const body = await bodyOf(request, schema);
      return body instanceof Response ? body : handle(c, body, request);
    });
  /** The 户 whose holder a binding step names: one answer for an unknown 户号 and a wrong name (it does not tell which 户号 exist). */
  const holderOf = (body: { consNo: string; holderName: string }): MockPortalHousehold | Response => {
    const h = household(body.consNo);
    return h && h.name === body.holderName ? h : badField('holderName', '户号与户主姓名不匹配，请核对后重试');
  };
  /** A customer route on one path parameter: 401, then the parameter checked by `schema` (400 naming it). */
  const paramRoute = <T>(name: string, schema: BodySchema<T>, handle: (c: MockPortalCustomer, value: T) => Response) =>
    customerRoute((c, _request, params) => {
      const checked = checkParam(name, schema, params[name]);
      return checked instanceof Response ? checked : handle(c, checked.value);
    });
  /** A customer route on one of their 户号 (`:consNo`): 400 for a malformed one, 404 unless bound. */
  const householdRoute = (handle: (h: MockPortalHousehold, c: MockPortalCustomer) => Response) =>
    paramRoute('consNo', portalConsNoSchema, (c, consNo) => {
      const h = boundOf(c, consNo);
      return h ? handle(h, c) : notBound();
    });
  /** A route of the provider's checkout (public): 400 for a malformed transaction id, then its order if there is one. */
  const checkoutRoute =
    (handle: (o: MockPayOrder | undefined, request: Request) => Response | Promise<Response>) =>
    async ({ request, params }: { request: Request; params: PathParams }): Promise<Response> => {
      await wait();
      const id = String(params['transactionId']);
      if (!TRANSACTION_ID.test(id)) return badField('transactionId', '交易号不正确');
      return handle(data.orders.find((o) => o.transactionId === id), request);
    };

  return [
    // ---- realm --------------------------------------------------------------------------------------------------
    http.post(url('/login-codes'), async ({ request }) => {
      await wait();
      const body = await bodyOf(request, sendLoginCodeSchema);
      return body instanceof Response ? body : issueCode(body.phone, 'LOGIN', null, null);
    }),

    // A code signs in (a first login registers the phone); a password only a customer who set one.
    http.post(url('/login'), async ({ request }) => {
      await wait();
      const body = await bodyOf(request, customerLoginSchema);
      if (body instanceof Response) return body;
      let c = data.customers.find((x) => x.phone === body.phone);
      if ('code' in body) {
        const refused = useCode(body.phone, 'LOGIN', body.code, null, null);
        if (refused) return refused;
        if (!c) data.customers.push((c = { id: next(), phone: body.phone, password: null, bindings: [] }));
      } else if (!c?.password || c.password !== body.password) {
        return apiError(401, ErrorCode.Unauthenticated, '手机号或密码不正确；未设置密码请用验证码登录');
      }
      data.session = c.id;
      return HttpResponse.json(me(c));
    }),

    http.post(
      url('/logout'),
      customerRoute(() => {
        data.session = null;
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.get(url('/me'), customerRoute((c) => HttpResponse.json(me(c)))),

    http.put(
      url('/me/password'),
      withBody(customerPasswordSchema, (c, body) => {
        c.password = body.password;
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    // ---- binding: the holder's name must match (one answer for an unknown 户号), the code goes to the phone on file
    http.post(
      url('/binding-codes'),
      withBody(bindingCodeRequestSchema, (c, body) => {
        const h = holderOf(body);
        if (h instanceof Response) return h;
        if (!/^1\d{10}$/.test(h.phone)) return conflict('该户号未登记手机号码，请携带身份证件到供电营业厅办理绑定');
        return issueCode(h.phone, 'BIND', h.consNo, c.id);
      }),
    ),

    http.post(
      url('/bindings'),
      withBody(bindRequestSchema, (c, body) => {
        const h = holderOf(body);
        if (h instanceof Response) return h;
        if (c.bindings.filter((b) => b.consNo !== h.consNo).length >= MAX_BINDINGS) return conflict(`最多绑定 ${MAX_BINDINGS} 个户号`);
        const refused = useCode(h.phone, 'BIND', body.code, h.consNo, c.id);
        if (refused) return refused;
        if (!c.bindings.some((b) => b.consNo === h.consNo)) c.bindings.push({ consNo: h.consNo, boundAt: now().toISOString() });
        return HttpResponse.json({ items: bindingsOf(c) }, { status: 201 });
      }),
    ),

    http.delete(
      url('/bindings/:consNo'),
      paramRoute('consNo', portalConsNoSchema, (c, consNo) => {
        c.bindings = c.bindings.filter((b) => b.consNo !== consNo);
        return HttpResponse.json({ items: bindingsOf(c) });
      }),
    ),

    // ---- bills, payments, receipts ------------------------------------------------------------------------------
    http.get(url('/accounts/:consNo'), householdRoute((h) => HttpResponse.json(account(h)))),
    http.get(url('/accounts/:consNo/payments'), householdRoute((h) => HttpResponse.json({ items: h.payments }))),

    http.post(
      url('/pay-orders'),
      withBody(payOrderRequestSchema, (c, body, request) => {
        const h = boundOf(c, body.consNo);
        if (!h) return notBound();
        const key = keyOf(request);
        if (!key) return apiError(400, ErrorCode.BadRequest, '缺少支付请求编号（Idempotency-Key），请刷新后重试', { 'idempotency-key': '必填' });
        const scope = `pay-order:${c.id}`;
        const seen = replayOf(scope, key, body, '该支付请求编号已用于另一笔订单，请刷新后重新发起支付');
        if (seen instanceof Response) return seen;
        if (seen) return HttpResponse.json(data.orders.find((o) => o.order.outTradeNo === seen)!.order);
        const bills = h.bills.filter((b) => dueOf(b) > 0);
        let chosen = bills;
        if (body.receivableIds) {
          const wanted = body.receivableIds;
          if (new Set(wanted).size !== wanted.length) return badField('receivableIds', '账单重复');
          if (wanted.some((id) => !bills.some((b) => b.receivableId === id))) return conflict('所选账单已结清或不存在，请刷新后重试');
          chosen = bills.slice(0, wanted.length);
          if (!chosen.every((b) => wanted.includes(b.receivableId))) return badField('receivableIds', '请从最早的欠费月份开始缴纳');
        }
        const amountFen = chosen.reduce((s, b) => s + dueOf(b), 0);
        if (amountFen <= 0) return conflict('该户号当前没有需要缴纳的电费');
        const at = now();
        const seq = next();
        const transactionId = `42${providerTime(at)}${Number(seq).toString(16).padStart(24, '0')}`;
        const order = {
          outTradeNo: `CP${providerTime(at)}${seq.padStart(8, '0').slice(-8)}`, consNo: h.consNo, amountFen, status: 'CREATED' as const,
          checkoutUrl: url(`/sim-pay/checkout/${transactionId}`), createdAt: at.toISOString(), paidAt: null, paymentId: null, restoreOrderId: null,
        };
        data.orders.push({ order, customerId: c.id, transactionId, trade: 'NOTPAY', returnPath: body.returnPath ?? null });
        remember(scope, key, body, order.outTradeNo);
        return HttpResponse.json(order, { status: 201 });
      }),
    ),

    http.get(
      url('/pay-orders/:outTradeNo'),
      paramRoute('outTradeNo', outTradeNoSchema, (c, no) => {
        const found = data.orders.find((o) => o.order.outTradeNo === no && o.customerId === c.id);
        return found ? HttpResponse.json(found.order) : apiError(404, ErrorCode.NotFound, '未找到该支付订单');
      }),
    ),

    http.get(
      url('/payments/:id/receipt.pdf'),
      customerRoute((c, _request, params) => {
        const id = String(params['id']);
        if (!PAYMENT_ID.test(id)) return badField('id', '缴费记录编号不正确');
        const payment = data.households.flatMap((h) => h.payments).find((p) => p.id === id);
        // Another 户's payment is answered as one that does not exist.
        if (!payment || !boundOf(c, payment.consNo)) return apiError(404, ErrorCode.NotFound, '未找到该缴费记录');
        return new HttpResponse(receiptPdf(payment), {
          headers: { 'content-type': 'application/pdf', 'content-disposition': `inline; filename="${payment.receiptNo}.pdf"`, 'cache-control': 'no-store' },
        });
      }),
    ),

    // The simulated provider's checkout (its own page, no session of ours: the transaction id is the capability).
    http.get(
      url('/sim-pay/checkout/:transactionId'),
      checkoutRoute((o) => (o ? html(checkoutPage(o)) : noTrade())),
    ),
    http.post(
      url('/sim-pay/checkout/:transactionId'),
      checkoutRoute(async (o, request) => {
        const action = new URLSearchParams(await request.text()).get('action');
        if (action !== 'pay' && action !== 'cancel') return badField('action', '操作不正确');
        if (!o) return noTrade();
        if (action === 'pay' && o.trade === 'NOTPAY') {
          o.trade = 'SUCCESS';
          settle(o);
        }
        const back = new URL(o.returnPath ?? RESULT_PAGE, 'http://x');
        back.searchParams.set('outTradeNo', o.order.outTradeNo);
        return new HttpResponse(null, { status: 303, headers: { location: `${back.pathname}${back.search}` } });
      }),
    ),

    // ---- 停电信息, 报修, 业扩 ---------------------------------------------------------------------------------------
    http.get(
      url('/accounts/:consNo/outages'),
      householdRoute((h) =>
        HttpResponse.json({ items: data.outages.filter((o) => o.tgName === h.tgName && o.status !== 'ENDED' && o.status !== 'CANCELLED').map((o) => o.outage) }),
      ),
    ),

    http.post(
      url('/repairs'),
      withBody(repairRequestSchema, (c, body, request) => {
        if (!boundOf(c, body.consNo)) return notBound();
        const key = keyOf(request);
        const scope = `repair:${c.id}`;
        const seen = replayOf(scope, key, body, '该请求编号已用于另一次受理，请刷新后重新提交');
        if (seen instanceof Response) return seen;
        const at = now().getTime();
        const open = data.repairs.findLast((r) => r.consNo === body.consNo && r.at >= at - MERGE_WINDOW_MS && OPEN_TICKET_STATUSES.includes(r.ticket.status as TicketStatus));
        let ticket: PortalTicket | undefined = data.repairs.find((r) => r.ticket.ticketNo === (seen ?? open?.ticket.ticketNo))?.ticket;
        if (!ticket) {
          const acceptedAt = new Date(at).toISOString();
          ticket = { ticketNo: `${chinaDay(new Date(at)).slice(0, 4)}${next().padStart(12, '0')}`, type: TICKET_TYPES.REPAIR, status: 'DISPATCH', statusName: TICKET_STATUSES.DISPATCH, createdAt: acceptedAt, content: body.content };
        }
        // Each reporter's own row, in their words; a second report of the same customer merged in keeps the first.
        const ticketNo = ticket.ticketNo;
        let own = data.repairs.find((r) => r.ticket.ticketNo === ticketNo && r.customerId === c.id);
        if (!own) {
          own = { ticket, customerId: c.id, consNo: body.consNo, at, content: body.content };
          data.repairs.push(own);
        }
        if (!seen) remember(scope, key, body, ticketNo);
        // A retry with the key answers 200, as a replayed pay order; a new report (a merge too) 201.
        return HttpResponse.json(reportView(own), { status: seen ? 200 : 201 });
      }),
    ),

    http.get(
      url('/accounts/:consNo/repairs'),
      householdRoute((h, c) =>
        HttpResponse.json({ items: data.repairs.filter((r) => r.customerId === c.id && r.consNo === h.consNo).reverse().slice(0, 20).map(reportView) }),
      ),
    ),

    // Only the applicant's phone sees an application; anyone else gets the answer of a number that does not exist.
    http.get(
      url('/applications/:appNo'),
      paramRoute('appNo', applicationNoParamSchema, (c, appNo) => {
        const found = data.applications.find((a) => a.application.appNo === appNo && a.mobile === c.phone);
        return found ? HttpResponse.json(found.application) : apiError(404, ErrorCode.NotFound, '未找到该申请，请核对申请编号（仅可查询本人手机号登记的申请）');
      }),
    ),

    // ---- development: the texts the SMS adapter was given (the service serves this outside production) -------------
    http.get(url('/dev/sms-messages'), async ({ request }) => {
      await wait();
      const query = queryOf(request);
      const unknown = Object.keys(query).filter((k) => k !== 'phone');
      if (unknown.length > 0) return badRequest({ issues: [{ code: 'unrecognized_keys', path: [], keys: unknown, message: '' }] });
      const phone = checkParam('phone', customerPhoneSchema, query['phone']);
      if (phone instanceof Response) return phone;
      return HttpResponse.json({ items: data.sms.filter((m) => m.phone === phone.value).reverse().slice(0, 10) });
    }),
  ];
}

/** The simulated provider's checkout page (no script): the amount, 确认支付 and 取消支付, each a form posted back. */
function checkoutPage(o: MockPayOrder): string {
  const paid = o.trade === 'SUCCESS';
  const amount = `${Math.floor(o.order.amountFen / 100)}.${String(o.order.amountFen % 100).padStart(2, '0')}`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>模拟支付收银台</title></head>
<body><main style="max-width:420px;margin:0 auto;padding:24px 16px;font-family:system-ui,sans-serif"><p>模拟支付渠道（测试环境，不会真实扣款）</p>
<p>${escapeHtml(`电费缴纳-户号${o.order.consNo}`)}</p><p style="font-size:36px;font-weight:600">¥${amount}</p><p>商户订单号 ${escapeHtml(o.order.outTradeNo)}</p>
${paid ? '<p>该订单已支付</p>' : '<form method="post"><input type="hidden" name="action" value="pay"><button type="submit">确认支付</button></form>'}
<form method="post"><input type="hidden" name="action" value="cancel"><button type="submit">${paid ? '返回商户' : '取消支付'}</button></form></main></body></html>`;
}

/** A one-page PDF naming the receipt (Latin text: the service's receipt with its CJK font is not imitated). */
function receiptPdf(p: PortalPayment): Uint8Array<ArrayBuffer> {
  const line = `${p.receiptNo}  ${p.consNo}  CNY ${(p.amountFen / 100).toFixed(2)}  ${p.paidAt}`;
  const stream = `BT /F1 12 Tf 40 780 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}
