/**
 * Staff administration of 掌上电力 accounts (ADR 0060), one database (PGlite; the SQL is plain): search by phone digits
 * or a bound 户号, one account with its 户号 and payment orders, 停用 ends the sessions and refuses sign-in, 启用
 * restores it, unbinding removes one 户号 — each If-Match on the account's version, audited with the reason, and
 * closed to staff without `df:portal:manage` and to customer sessions.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffCustomerDetailSchema, staffCustomerPageSchema, staffCustomerSchema } from '@wb/contracts/customer-portal';
import { CP, createPortalTestApp, type PortalTestApp } from './testing.ts';

describe('掌上电力 accounts administered by staff', () => {
  let t: PortalTestApp;
  let admin: string;
  // Two accounts, each with one 户号: the first is looked up, the second disabled and unbound.
  const phone = '13700004321';
  const otherPhone = '13700008765';
  let customer: string;
  let consNo: string;
  let otherCustomer: string;
  let otherConsNo: string;

  beforeAll(async () => {
    t = await createPortalTestApp('pglite', { customers: 300 });
    admin = await t.login('admin');
    [customer, consNo] = await bound(phone, 0);
    [otherCustomer, otherConsNo] = await bound(otherPhone, 1);
  }, 300_000);
  afterAll(async () => t?.close());

  /** Signs `account` in and binds the `nth` billed customer with a mobile number on file to it: its session and 户号. */
  async function bound(account: string, nth: number): Promise<[string, string]> {
    const session = await t.loginCustomer(account, '203.0.113.40');
    const [c] = await t.db.query<{ cons_no: string; name: string; phone: string }>(
      `SELECT c.cons_no, c.name, c.phone FROM customer c JOIN billing_account a ON a.cons_no = c.cons_no WHERE c.phone ~ '^1[3-9][0-9]{9}$' ORDER BY c.cons_no LIMIT 1 OFFSET $1`,
      [nth],
    );
    expect((await t.as(session, 'POST', '/binding-codes', { consNo: c!.cons_no, holderName: c!.name })).statusCode).toBe(200);
    const code = await t.latestCode(c!.phone);
    expect((await t.as(session, 'POST', '/bindings', { consNo: c!.cons_no, holderName: c!.name, code })).statusCode).toBe(201);
    return [session, c!.cons_no];
  }

  /** Signs the phone in with a fresh code (waits for that code, not an earlier one, to be delivered). */
  async function signIn(phone: string, ip: string): Promise<{ status: number; body: string; cookie: string | null }> {
    t.clock.advance(61_000); // one code a minute per phone
    const texts = async (): Promise<number> => ((await t.as(undefined, 'GET', `/dev/sms-messages?phone=${phone}`)).json() as { items: unknown[] }).items.length;
    const before = await texts();
    expect((await t.request({ method: 'POST', url: `${CP}/login-codes`, payload: { phone }, remoteAddress: ip } as never)).statusCode).toBe(200);
    for (let i = 0; i < 400 && (await texts()) === before; i++) await new Promise((r) => setTimeout(r, 25));
    const code = await t.latestCode(phone);
    const res = await t.request({ method: 'POST', url: `${CP}/login`, payload: { phone, code }, remoteAddress: ip } as never);
    const c = res.cookies.find((x) => x.name === 'wb_csession');
    return { status: res.statusCode, body: res.body, cookie: c ? `wb_csession=${c.value}` : null };
  }

  const staff = (cookie: string | undefined, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
    t.request({ method, url: `${CP}/staff${url}`, ...(cookie ? { cookie } : {}), headers, ...(payload ? { payload } : {}) });

  it('finds an account by phone digits or bound 户号 and shows its 户号 and orders; closed to others', async () => {
    const byPhone = staffCustomerPageSchema.parse((await staff(admin, 'GET', '/customers?q=4321')).json());
    const found = byPhone.items.find((c) => c.bindings.includes(consNo));
    expect(found).toMatchObject({ phone: '137****4321', status: 'ACTIVE', bindings: [consNo] });
    const byCons = staffCustomerPageSchema.parse((await staff(admin, 'GET', `/customers?q=${consNo}`)).json());
    expect(byCons.items.map((c) => c.id)).toEqual([found!.id]);
    expect((await staff(admin, 'GET', '/customers?q=12')).statusCode).toBe(400);

    const detail = staffCustomerDetailSchema.parse((await staff(admin, 'GET', `/customers/${found!.id}`)).json());
    expect(detail.bindings).toEqual([expect.objectContaining({ consNo, name: expect.stringMatching(/.+/) })]);
    expect(detail.orders).toEqual([]);
    expect((await staff(admin, 'GET', '/customers/999999')).statusCode).toBe(404);

    // df03 collects but does not administer accounts; a customer session is not a staff session.
    expect((await staff(await t.login('df03'), 'GET', '/customers')).statusCode).toBe(403);
    expect((await staff(customer, 'GET', '/customers')).statusCode).toBe(401);
  });

  it('停用 ends the sessions and refuses sign-in; 启用 restores it; unbinding removes one 户号; all audited', async () => {
    const [row] = (await staff(admin, 'GET', '/customers?q=8765')).json().items as Array<{ id: string; version: number }>;
    const id = row!.id;
    const body = { status: 'DISABLED', reason: '客户来电挂失手机' };
    expect((await staff(admin, 'POST', `/customers/${id}/status`, body)).statusCode).toBe(428);
    expect((await staff(admin, 'POST', `/customers/${id}/status`, { status: 'DISABLED', reason: '' }, { 'if-match': `"${row!.version}"` })).statusCode).toBe(400);
    const disabled = await staff(admin, 'POST', `/customers/${id}/status`, body, { 'if-match': `"${row!.version}"` });
    expect(disabled.statusCode, disabled.body).toBe(200);
    const after = staffCustomerSchema.parse(disabled.json());
    expect(after).toMatchObject({ status: 'DISABLED', disabledReason: '客户来电挂失手机', version: row!.version + 1 });
    // The customer's session is gone, and signing in again is refused in Chinese.
    expect((await t.as(otherCustomer, 'GET', '/me')).statusCode).toBe(401);
    const refused = await signIn(otherPhone, '203.0.113.41');
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('已停用');
    expect(refused.cookie).toBeNull();
    // A stale version is refused; 停用 twice is a conflict.
    expect((await staff(admin, 'POST', `/customers/${id}/status`, body, { 'if-match': `"${row!.version}"` })).statusCode).toBe(412);
    expect((await staff(admin, 'POST', `/customers/${id}/status`, body, { 'if-match': `"${after.version}"` })).statusCode).toBe(409);

    const enabled = await staff(admin, 'POST', `/customers/${id}/status`, { status: 'ACTIVE', reason: '客户持证件核实' }, { 'if-match': `"${after.version}"` });
    expect(enabled.statusCode, enabled.body).toBe(200);
    const active = staffCustomerSchema.parse(enabled.json());
    expect(active).toMatchObject({ status: 'ACTIVE', disabledReason: null });
    const back = await signIn(otherPhone, '203.0.113.42');
    expect(back.status, back.body).toBe(200);
    const session = back.cookie!;

    const unbound = await staff(admin, 'POST', `/customers/${id}/unbind`, { consNo: otherConsNo, reason: '户主过户' }, { 'if-match': `"${active.version}"` });
    expect(unbound.statusCode, unbound.body).toBe(200);
    expect(staffCustomerSchema.parse(unbound.json()).bindings).toEqual([]);
    expect((await t.as(session, 'GET', `/accounts/${otherConsNo}`)).statusCode).toBe(404);
    expect((await staff(admin, 'POST', `/customers/${id}/unbind`, { consNo: otherConsNo, reason: '户主过户' }, { 'if-match': `"${active.version + 1}"` })).statusCode).toBe(404);

    const audit = await t.db.query<{ action: string; actor: string; detail: { reason?: string } }>(
      `SELECT action, actor, detail FROM audit_log WHERE target = $1 AND action LIKE 'cportal.staff.%' ORDER BY id`,
      [`customer ${id}`],
    );
    expect(audit.map((a) => a.action)).toEqual(['cportal.staff.disable', 'cportal.staff.enable', 'cportal.staff.unbind']);
    expect(audit.every((a) => a.actor === 'admin')).toBe(true);
    expect(audit[0]!.detail.reason).toBe('客户来电挂失手机');
  });
});
