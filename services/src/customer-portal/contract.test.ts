/**
 * The customer-portal mock (`@wb/mocks` customerPortalHandlers, used by 掌上电力's dev harness and component test) and
 * the customer-portal service answer the same scenarios the same way (ADR 0026, ADR 0045, ADR 0046): sign-in by SMS
 * code (read from the development SMS page, as the service's tests read it) or by a password once set, 401 on every
 * customer route once signed out, binding a 户号 with the holder's name and a code to the phone on file, a bound
 * 户号's account and lists (404 when not bound), a pay order once per Idempotency-Key and oldest months first, paid at
 * the simulated provider's checkout, 报修 and 业扩 progress. The mock plays one browser (its session is its dataset's),
 * the service the customer's cookie (`me`; `visitor` has none), so a scenario that signs the browser out or in as
 * another phone signs the customer in again at its end. Data differs (the mock's fixed dataset, the service's seed):
 * the scenarios compare statuses, codes, fields and shapes, never figures.
 */
import { expect, it } from 'vitest';
import type { z } from 'zod';
import { MOCK_PORTAL_PHONE, createCustomerPortalDataset, customerPortalHandlers, type MockPortalHousehold } from '@wb/mocks';
import {
  bindingSchema,
  codeSentSchema,
  customerMeSchema,
  maskPortalPhone,
  payOrderSchema,
  portalAccountSchema,
  portalApplicationSchema,
  portalBillSchema,
  portalOutageSchema,
  portalPaymentSchema,
  portalTicketSchema,
} from '@wb/contracts/customer-portal';
import { deployConnectionProcesses } from '../connection/index.ts';
import { residentApplication } from '../connection/testing.ts';
import { describeContract, injectCaller, mockCaller, type Caller, type ContractTargets } from '../testing/contract.ts';
import { CP, createPortalTestApp, customerSessionCookie } from './testing.ts';

/** A 户 of the archive: 户号, holder's name, the phone on file. */
interface Holder {
  consNo: string;
  name: string;
  phone: string;
}

interface Extra {
  /** The signed-in customer's phone. */
  phone: string;
  /** Bound by the customer: a 户 with several open months (orders, bills, 报修), and one cut off (paid once). */
  bound: Holder;
  cutOff: Holder;
  /** Bound by nobody: one with a mobile phone on file (the binding scenario's), one with a landline only. */
  unbound: Holder;
  landline: Holder;
  /** An 业扩 application registered with the customer's phone. */
  appNo: string;
  /** Signs the customer in again. */
  signIn(): Promise<void>;
  /**
   * The checkout page's form posted (`action=…`) to an order's `checkoutUrl`: its status and where it sends the
   * browser (not followed: the mock's caller would follow a redirect to the app's page, which no handler serves).
   */
  checkout(checkoutUrl: string, action: string): Promise<{ status: number; location: string | null }>;
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

const targets: ContractTargets<Extra> = {
  mock: async () => {
    const dataset = createCustomerPortalDataset();
    const mock = mockCaller(CP, (baseUrl) => customerPortalHandlers({ baseUrl, dataset }));
    const customer = dataset.customers.find((c) => c.phone === MOCK_PORTAL_PHONE)!;
    const isBound = (h: MockPortalHousehold): boolean => customer.bindings.some((b) => b.consNo === h.consNo);
    const open = (h: MockPortalHousehold): number => h.bills.filter((b) => b.paidFen < b.amountFen).length;
    const holder = (test: (h: MockPortalHousehold) => boolean): Holder => {
      const h = dataset.households.find(test)!;
      return { consNo: h.consNo, name: h.name, phone: h.phone };
    };
    return {
      ...mock,
      phone: MOCK_PORTAL_PHONE,
      bound: holder((h) => isBound(h) && h.powerState === 'ON' && open(h) > 1),
      cutOff: holder((h) => isBound(h) && h.powerState === 'OFF' && open(h) > 0),
      unbound: holder((h) => !isBound(h) && /^1\d{10}$/.test(h.phone)),
      landline: holder((h) => !isBound(h) && !/^1\d{10}$/.test(h.phone)),
      appNo: dataset.applications.find((a) => a.mobile === MOCK_PORTAL_PHONE)!.application.appNo,
      signIn: async () => {
        dataset.session = customer.id;
      },
      checkout: async (checkoutUrl, action) => {
        const answer = await fetch(checkoutUrl, { method: 'POST', headers: FORM, body: `action=${action}`, redirect: 'manual' });
        return { status: answer.status, location: answer.headers.get('location') };
      },
    };
  },
  service: async () => {
    const t = await createPortalTestApp('pglite', { customers: 300 });
    const phone = '13700005001';
    // The scenarios sign in through the code flow themselves; the customer's own session is written directly.
    const cookies: Record<string, string> = {};
    const signIn = async (): Promise<void> => {
      cookies['me'] = await customerSessionCookie(t.db, phone, t.clock.now());
    };
    await signIn();
    const taken: string[] = [];
    /** The first billed 户 with a mobile phone on file matching `where` that no other role took. */
    const pick = async (where: string): Promise<Holder> => {
      const [row] = await t.db.query<Holder>(
        `SELECT a.cons_no AS "consNo", c.name, c.phone FROM billing_account a JOIN customer c ON c.cons_no = a.cons_no
          WHERE c.phone ~ '^1[3-9][0-9]{9}$' AND NOT a.protected_flag AND a.cons_no <> ALL($1::text[]) AND ${where} ORDER BY a.cons_no LIMIT 1`,
        [taken],
      );
      if (!row) throw new Error(`no 户 for ${where}`);
      taken.push(row.consNo);
      return row;
    };
    const openMonths = `(SELECT count(*) FROM billing_receivable r WHERE r.cons_no = a.cons_no AND r.paid_fen < r.amount_fen)`;
    // Cut off, and no 复电 order open yet (paying it opens one); then several open months (in the seed, only cut-off 户 have them).
    const cutOff = await pick(`a.power_state = 'OFF' AND ${openMonths} > 0 AND NOT EXISTS (SELECT 1 FROM billing_order o WHERE o.cons_no = a.cons_no AND o.kind = 'RESTORE' AND o.status = 'OPEN')`);
    const bound = await pick(`${openMonths} > 1`);
    const unbound = await pick('true');
    const landline = { ...(await pick('true')), phone: '0794-8223456' };
    await t.db.query('UPDATE customer SET phone = $2 WHERE cons_no = $1', [landline.consNo, landline.phone]);
    for (const { consNo } of [bound, cutOff]) {
      await t.db.query('INSERT INTO cp_binding (customer_id, cons_no, created_at) SELECT id, $2, $3 FROM cp_customer WHERE phone = $1', [phone, consNo, t.clock.now()]);
    }
    // 业扩: the processes deployed and an application registered with the customer's phone.
    await t.db.transaction((tx) => deployConnectionProcesses(tx, t.engine));
    const applied = await t.request({ method: 'POST', url: '/api/svc/connection/v1/applications', cookie: await t.login('yk01'), payload: { ...residentApplication(1, { contactMobile: phone }) } });
    expect(applied.statusCode, applied.body).toBe(201);
    return {
      call: injectCaller(t, CP, cookies),
      phone,
      bound,
      cutOff,
      unbound,
      landline,
      appNo: (applied.json() as { appNo: string }).appNo,
      signIn,
      checkout: async (checkoutUrl, action) => {
        const answer = await t.request({ method: 'POST', url: checkoutUrl, payload: `action=${action}`, headers: FORM });
        return { status: answer.statusCode, location: answer.headers.location ?? null };
      },
      close: () => t.close(),
    };
  },
};

const keysOf = (schema: z.ZodObject): string[] => Object.keys(schema.shape).sort();
const sortedKeys = (o: unknown): string[] => Object.keys(o as object).sort();
const refusal = (a: { status: number; code: string | undefined; fields: string[] }) => [a.status, a.code, [...a.fields].sort()];
const otherCode = (code: string): string => (code === '000000' ? '111111' : '000000');
const BAD = 'WB_ERR_BAD_REQUEST';
const NOT_FOUND = 'WB_ERR_NOT_FOUND';

/** The latest text to `phone`: its id (undefined when none yet). */
async function latestText(call: Caller, phone: string): Promise<{ id: string; text: string } | undefined> {
  const page = await call('visitor', 'GET', `/dev/sms-messages?phone=${phone}`);
  expect(page.status, JSON.stringify(page.body)).toBe(200);
  return (page.body['items'] as Array<{ id: string; text: string }>)[0];
}

/** The code texted to `phone` after the text `after` (the service's SMS adapter gets it after the commit: polled). */
async function textedCode(call: Caller, phone: string, after: string | undefined): Promise<string> {
  for (let i = 0; i < 400; i += 1) {
    const latest = await latestText(call, phone);
    if (latest && latest.id !== after) return /(\d{6})/.exec(latest.text.replace(/户号 \d{10}/, ''))![1]!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no code texted to ${phone}`);
}

describeContract(
  'customer-portal',
  targets,
  (target, call) => {
    it('signs in by SMS code: 400 for a malformed phone, one code a minute (429), a wrong code counts, the right one registers the phone once', async () => {
      const phone = '13700009001';
      try {
        expect(refusal(await call('visitor', 'POST', '/login-codes', { phone: '12345' }))).toEqual([400, BAD, ['phone']]);
        expect(refusal(await call('visitor', 'GET', '/dev/sms-messages?phone=12345'))).toEqual([400, BAD, ['phone']]);
        const sent = await call('visitor', 'POST', '/login-codes', { phone });
        expect(sent.status, JSON.stringify(sent.body)).toBe(200);
        expect(sortedKeys(sent.body)).toEqual(keysOf(codeSentSchema));
        expect(sent.body['maskedPhone']).toBe(maskPortalPhone(phone));
        const again = await call('visitor', 'POST', '/login-codes', { phone });
        expect([again.status, again.code]).toEqual([429, 'WB_ERR_TOO_MANY_REQUESTS']);
        const code = await textedCode(call, phone, undefined);

        expect(refusal(await call('visitor', 'POST', '/login', { phone, code: '12' }))).toEqual([400, BAD, ['code']]);
        expect(refusal(await call('visitor', 'POST', '/login', { phone, code: otherCode(code) }))).toEqual([400, BAD, ['code']]);
        const signedIn = await call('visitor', 'POST', '/login', { phone, code });
        expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
        expect(sortedKeys(signedIn.body)).toEqual(keysOf(customerMeSchema));
        expect(signedIn.body).toMatchObject({ phone: maskPortalPhone(phone), hasPassword: false, bindings: [] });
        expect(refusal(await call('visitor', 'POST', '/login', { phone, code }))).toEqual([400, BAD, ['code']]);
      } finally {
        await target().signIn();
      }
    });

    it('signs in by password only once one is set: 401 before, 400 for a weak one, then 204 and 200; a wrong one 401', async () => {
      const { phone } = target();
      const unset = await call('visitor', 'POST', '/login', { phone, password: 'Dianfei2026' });
      expect([unset.status, unset.code]).toEqual([401, 'WB_ERR_UNAUTHENTICATED']);
      expect(refusal(await call('me', 'PUT', '/me/password', { password: 'short' }))).toEqual([400, BAD, ['password']]);
      expect((await call('me', 'PUT', '/me/password', { password: 'Dianfei2026' })).status).toBe(204);
      const wrong = await call('visitor', 'POST', '/login', { phone, password: 'Dianfei2025' });
      expect([wrong.status, wrong.code]).toEqual([401, 'WB_ERR_UNAUTHENTICATED']);
      const right = await call('visitor', 'POST', '/login', { phone, password: 'Dianfei2026' });
      expect([right.status, right.body['hasPassword']]).toEqual([200, true]);
      expect(sortedKeys(right.body)).toEqual(keysOf(customerMeSchema));
    });

    it('signs out (204); then every customer route answers 401 before looking at the request', async () => {
      const { bound } = target();
      try {
        expect((await call('me', 'POST', '/logout')).status).toBe(204);
        const routes: Array<[Parameters<Caller>[1], string, unknown?]> = [
          ['GET', '/me'],
          ['GET', `/accounts/${bound.consNo}`],
          ['GET', '/accounts/12'],
          ['POST', '/pay-orders', {}],
          ['POST', '/repairs', { consNo: bound.consNo }],
          ['GET', '/pay-orders/CP2026030210000000000001'],
          ['GET', '/applications/YK2026030200001'],
          ['POST', '/logout'],
        ];
        for (const [method, path, body] of routes) {
          const answer = await call('me', method, path, body);
          expect([answer.status, answer.code], `${method} ${path}`).toEqual([401, 'WB_ERR_UNAUTHENTICATED']);
        }
      } finally {
        await target().signIn();
      }
    });

    it('binds a 户号 with the holder’s name (one answer for an unknown 户号) and a code to the phone on file, once; unbinding hides it again', async () => {
      const { unbound, landline } = target();
      const path = `/accounts/${unbound.consNo}`;
      expect(refusal(await call('me', 'GET', path))).toEqual([404, NOT_FOUND, []]);
      expect(refusal(await call('me', 'POST', '/binding-codes', { consNo: '12', holderName: '' }))).toEqual([400, BAD, ['consNo', 'holderName']]);
      expect(refusal(await call('me', 'POST', '/binding-codes', { consNo: unbound.consNo, holderName: '不是户主' }))).toEqual([400, BAD, ['holderName']]);
      expect(refusal(await call('me', 'POST', '/binding-codes', { consNo: '0000000000', holderName: unbound.name }))).toEqual([400, BAD, ['holderName']]);
      expect(refusal(await call('me', 'POST', '/binding-codes', { consNo: landline.consNo, holderName: landline.name }))).toEqual([409, 'WB_ERR_CONFLICT', []]);

      const before = (await latestText(call, unbound.phone))?.id;
      const request = { consNo: unbound.consNo, holderName: unbound.name };
      const sent = await call('me', 'POST', '/binding-codes', request);
      expect(sent.status, JSON.stringify(sent.body)).toBe(200);
      expect(sent.body).toEqual({ maskedPhone: maskPortalPhone(unbound.phone), retryAfterSeconds: expect.any(Number) });
      expect((await call('me', 'POST', '/binding-codes', request)).status).toBe(429);
      const code = await textedCode(call, unbound.phone, before);
      expect(refusal(await call('me', 'POST', '/bindings', { ...request, code: otherCode(code) }))).toEqual([400, BAD, ['code']]);
      const bound = await call('me', 'POST', '/bindings', { ...request, code });
      expect(bound.status, JSON.stringify(bound.body)).toBe(201);
      const items = bound.body['items'] as Array<{ consNo: string }>;
      expect(items.filter((b) => b.consNo === unbound.consNo)).toHaveLength(1);
      for (const b of items) expect(sortedKeys(b)).toEqual(keysOf(bindingSchema));
      expect(refusal(await call('me', 'POST', '/bindings', { ...request, code }))).toEqual([400, BAD, ['code']]);
      expect((await call('me', 'GET', path)).status).toBe(200);
      const me = await call('me', 'GET', '/me');
      expect((me.body['bindings'] as Array<{ consNo: string }>).map((b) => b.consNo)).toContain(unbound.consNo);

      const unbind = await call('me', 'DELETE', `/bindings/${unbound.consNo}`);
      expect(unbind.status).toBe(200);
      expect((unbind.body['items'] as Array<{ consNo: string }>).map((b) => b.consNo)).not.toContain(unbound.consNo);
      expect((await call('me', 'GET', path)).status).toBe(404);
    });

    it('reads a bound 户号 in the contract’s shapes (bills newest first) with its payments, outages and 报修; 400 for a malformed 户号, 404 for one not bound', async () => {
      const { bound, unbound } = target();
      const account = await call('me', 'GET', `/accounts/${bound.consNo}`);
      expect(account.status, JSON.stringify(account.body)).toBe(200);
      expect(sortedKeys(account.body)).toEqual(keysOf(portalAccountSchema));
      const bills = account.body['bills'] as Array<Record<string, unknown>>;
      for (const b of bills) expect(sortedKeys(b)).toEqual(keysOf(portalBillSchema));
      expect(bills.map((b) => b['ym'])).toEqual(bills.map((b) => String(b['ym'])).sort().reverse());
      expect(bills.filter((b) => b['status'] !== 'PAID').length).toBeGreaterThan(1);
      expect(account.body['totalDueFen']).toBe(Number(account.body['oweFen']) + Number(account.body['penaltyFen']));

      const lists: Array<[string, z.ZodObject]> = [['payments', portalPaymentSchema], ['outages', portalOutageSchema], ['repairs', portalTicketSchema]];
      for (const [list, schema] of lists) {
        const answer = await call('me', 'GET', `/accounts/${bound.consNo}/${list}`);
        expect([answer.status, sortedKeys(answer.body)], list).toEqual([200, ['items']]);
        for (const item of answer.body['items'] as unknown[]) expect(sortedKeys(item), list).toEqual(keysOf(schema));
        expect(refusal(await call('me', 'GET', `/accounts/12/${list}`)), list).toEqual([400, BAD, ['consNo']]);
        expect(refusal(await call('me', 'GET', `/accounts/${unbound.consNo}/${list}`)), list).toEqual([404, NOT_FOUND, []]);
      }
      expect(refusal(await call('me', 'GET', '/accounts/12'))).toEqual([400, BAD, ['consNo']]);
    });

    it('makes a pay order once per Idempotency-Key (required after the 户号 check): 201, a retry 200, another body 422; the oldest months first', async () => {
      const { bound, unbound } = target();
      expect(refusal(await call('me', 'POST', '/pay-orders', { consNo: unbound.consNo }))).toEqual([404, NOT_FOUND, []]);
      expect(refusal(await call('me', 'POST', '/pay-orders', { consNo: bound.consNo }))).toEqual([400, BAD, ['idempotency-key']]);
      const key = (name: string) => ({ 'idempotency-key': `contract-${name}-${Date.now()}` });
      expect(refusal(await call('me', 'POST', '/pay-orders', { consNo: 'abc' }, key('bad')))).toEqual([400, BAD, ['consNo']]);

      const account = await call('me', 'GET', `/accounts/${bound.consNo}`);
      const open = (account.body['bills'] as Array<{ receivableId: string; status: string; dueFen: number }>).filter((b) => b.status !== 'PAID').reverse(); // oldest first
      const oldest = open[0]!.receivableId;
      const choose = (receivableIds: string[]) => call('me', 'POST', '/pay-orders', { consNo: bound.consNo, receivableIds }, key('choose'));
      expect(refusal(await choose([open.at(-1)!.receivableId]))).toEqual([400, BAD, ['receivableIds']]);
      expect(refusal(await choose([oldest, oldest]))).toEqual([400, BAD, ['receivableIds']]);
      expect(refusal(await choose(['999999999']))).toEqual([409, 'WB_ERR_CONFLICT', []]);

      const body = { consNo: bound.consNo, returnPath: '/c/app/customer-portal/pay/result' };
      const once = key('once');
      const first = await call('me', 'POST', '/pay-orders', body, once);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(sortedKeys(first.body)).toEqual(keysOf(payOrderSchema));
      expect(first.body).toMatchObject({ consNo: bound.consNo, status: 'CREATED', amountFen: account.body['totalDueFen'], paidAt: null, paymentId: null });
      expect(first.body['checkoutUrl']).toMatch(/\/sim-pay\/checkout\/42\d{14}[0-9a-f]{24}$/);
      const retry = await call('me', 'POST', '/pay-orders', body, once);
      expect([retry.status, retry.body['outTradeNo']]).toEqual([200, first.body['outTradeNo']]);
      const other = await call('me', 'POST', '/pay-orders', { ...body, receivableIds: [oldest] }, once);
      expect([other.status, other.code]).toEqual([422, 'WB_ERR_UNPROCESSABLE']);
      const part = await call('me', 'POST', '/pay-orders', { ...body, receivableIds: [oldest] }, key('part'));
      expect([part.status, part.body['amountFen']]).toEqual([201, open[0]!.dueFen]);

      const read = await call('me', 'GET', `/pay-orders/${String(first.body['outTradeNo'])}`);
      expect([read.status, read.body['status']]).toEqual([200, 'CREATED']);
      expect(refusal(await call('me', 'GET', '/pay-orders/CP2000010100000000000001'))).toEqual([404, NOT_FOUND, []]);
      expect(refusal(await call('me', 'GET', '/pay-orders/123'))).toEqual([400, BAD, ['outTradeNo']]);
    });

    it('pays at the provider’s checkout: the order PAID once and written off (listed, 复电 for the cut-off 户); then nothing to pay (409), the key answers the paid order', async () => {
      const { cutOff } = target();
      const body = { consNo: cutOff.consNo };
      const once = { 'idempotency-key': `contract-pay-${Date.now()}` };
      const created = await call('me', 'POST', '/pay-orders', body, once);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const no = String(created.body['outTradeNo']);
      const checkoutUrl = String(created.body['checkoutUrl']);
      const checkout = checkoutUrl.slice(checkoutUrl.indexOf('/sim-pay/'));
      expect(refusal(await call('visitor', 'POST', checkout, new TextEncoder().encode('action=steal'), FORM))).toEqual([400, BAD, ['action']]);
      expect(refusal(await call('visitor', 'POST', '/sim-pay/checkout/42', new TextEncoder().encode('action=pay'), FORM))).toEqual([400, BAD, ['transactionId']]);
      expect(await target().checkout(checkoutUrl, 'pay')).toEqual({ status: 303, location: `/c/pay/result?outTradeNo=${no}` });

      const paid = await call('me', 'GET', `/pay-orders/${no}`);
      expect(paid.status).toBe(200);
      expect(paid.body).toMatchObject({ outTradeNo: no, status: 'PAID', paymentId: expect.any(String), restoreOrderId: expect.any(String), paidAt: expect.any(String) });
      const account = await call('me', 'GET', `/accounts/${cutOff.consNo}`);
      expect(account.body).toMatchObject({ totalDueFen: 0, powerState: 'OFF', restorePending: true });
      const payments = await call('me', 'GET', `/accounts/${cutOff.consNo}/payments`);
      const [latest] = payments.body['items'] as Array<Record<string, unknown>>;
      expect(sortedKeys(latest)).toEqual(keysOf(portalPaymentSchema));
      expect(latest).toMatchObject({ id: paid.body['paymentId'], method: 'ONLINE', amountFen: created.body['amountFen'], reversed: false });

      const replay = await call('me', 'POST', '/pay-orders', body, once);
      expect([replay.status, replay.body['outTradeNo'], replay.body['status']]).toEqual([200, no, 'PAID']);
      const nothing = await call('me', 'POST', '/pay-orders', body, { 'idempotency-key': `contract-again-${Date.now()}` });
      expect([nothing.status, nothing.code]).toEqual([409, 'WB_ERR_CONFLICT']);
      expect(refusal(await call('me', 'GET', '/payments/999999999/receipt.pdf'))).toEqual([404, NOT_FOUND, []]);
      expect(refusal(await call('me', 'GET', '/payments/x1/receipt.pdf'))).toEqual([400, BAD, ['id']]);
    });

    it('报修: 201 with a 故障报修 ticket; the key’s retry the same ticket (200), another body with it 422; a repeat merges into the open ticket, listed once in the first words', async () => {
      const { bound, unbound } = target();
      expect(refusal(await call('me', 'POST', '/repairs', { consNo: bound.consNo, content: ' ' }))).toEqual([400, BAD, ['content']]);
      expect(refusal(await call('me', 'POST', '/repairs', { consNo: unbound.consNo, content: '家里停电了' }))).toEqual([404, NOT_FOUND, []]);
      const report = { consNo: bound.consNo, content: '家里整栋楼停电了' };
      const once = { 'idempotency-key': `contract-repair-${Date.now()}` };
      const first = await call('me', 'POST', '/repairs', report, once);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(sortedKeys(first.body)).toEqual(keysOf(portalTicketSchema));
      expect(first.body).toMatchObject({ type: '故障报修', status: 'DISPATCH', content: report.content });
      const ticketNo = first.body['ticketNo'];
      const retry = await call('me', 'POST', '/repairs', report, once);
      expect([retry.status, retry.body['ticketNo']]).toEqual([200, ticketNo]);
      const other = await call('me', 'POST', '/repairs', { ...report, content: '电表冒烟' }, once);
      expect([other.status, other.code]).toEqual([422, 'WB_ERR_UNPROCESSABLE']);
      const repeat = await call('me', 'POST', '/repairs', { ...report, content: '还是没有电，请尽快处理' });
      expect([repeat.status, repeat.body['ticketNo'], repeat.body['content']]).toEqual([201, ticketNo, report.content]);
      const list = await call('me', 'GET', `/accounts/${bound.consNo}/repairs`);
      expect((list.body['items'] as Array<{ ticketNo: string }>).filter((x) => x.ticketNo === ticketNo)).toHaveLength(1);
    });

    it('业扩进度: the applicant’s own application in the contract’s shape; 404 for a number not registered with this phone, 400 for a malformed one', async () => {
      const own = await call('me', 'GET', `/applications/${target().appNo}`);
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      expect(sortedKeys(own.body)).toEqual(keysOf(portalApplicationSchema));
      const steps = own.body['steps'] as Array<{ name: string; doneAt: string | null }>;
      expect(steps.length).toBeGreaterThan(1);
      expect(steps[0]!.doneAt).not.toBeNull();
      for (const s of steps) expect(sortedKeys(s)).toEqual(['doneAt', 'name']);
      expect(refusal(await call('me', 'GET', '/applications/YK2000010199999'))).toEqual([404, NOT_FOUND, []]);
      expect(refusal(await call('me', 'GET', '/applications/YK1'))).toEqual([400, BAD, ['appNo']]);
    });
  },
  300_000,
);
