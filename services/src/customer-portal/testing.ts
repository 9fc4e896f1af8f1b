/**
 * Test setup of 掌上电力: the composed app with the customer archive and the billing seed, a simulated provider
 * that does not notify by itself (tests deliver, duplicate or drop notifications), no sweep timer, and helpers
 * that sign a customer in through the real code flow (the code read from the recorded SMS).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { CUSTOMER_PORTAL_SERVICE, CUSTOMER_SESSION_COOKIE } from '@wb/contracts/customer-portal';
import type { Db, DbKind } from '@wb/server-kit';
import { seedBilling } from '../seed/index.ts';
import { openTicketWorld } from '../ticket/testing.ts';
import type { TestApp } from '../testing/harness.ts';
import type { WorkflowEngineService } from '../workflow/index.ts';
import { defaultServices } from '../modules.ts';
import { createSimulatedProvider, type SimulatedProvider } from './index.ts';
import type { Payments } from './payments.ts';
import type { RealmSettings } from './realm.ts';

export const CP = `/api/svc/${CUSTOMER_PORTAL_SERVICE.name}/v${CUSTOMER_PORTAL_SERVICE.major}`;

export interface PortalTestApp extends TestApp {
  simulator: SimulatedProvider;
  /** The one workflow engine of the app (its outbox: a test may run a dispatch pass itself). */
  engine: WorkflowEngineService;
  /** A customer-realm request (the customer's cookie, if any; the SDK's CSRF header). */
  as(cookie: string | undefined, method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  /** The latest code texted to `phone` (waits for the outbox to deliver it). */
  latestCode(phone: string): Promise<string>;
  /** Signs a phone in with a code; answers the customer cookie. */
  loginCustomer(phone: string, ip?: string): Promise<string>;
  /** The payment sweep, as its timer runs it (orders unpaid for `olderThanMs`, and notifications answered in flight). */
  sweep(olderThanMs?: number): Promise<number>;
}

export async function createPortalTestApp(kind: DbKind, options: { customers?: number; realm?: Partial<RealmSettings> } = {}): Promise<PortalTestApp> {
  const simulator = createSimulatedProvider({ autoNotify: false });
  let payments: Payments | undefined;
  const onPayments = (p: Payments): void => {
    payments = p;
  };
  const services = defaultServices({ customerPortal: { simulator, sweepMs: 0, devSms: true, onPayments, ...(options.realm ? { realm: options.realm } : {}) } });
  const t = await openTicketWorld(kind, services, options.customers ?? 600);
  await seedBilling(t.db, { now: t.clock.now(), seed: 11 });
  const as: PortalTestApp['as'] = (cookie, method, url, body, headers = {}) =>
    t.request({ method, url: `${CP}${url}`, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }), ...(cookie ? { cookie } : {}), headers });
  async function latestCode(phone: string): Promise<string> {
    for (let i = 0; i < 400; i += 1) {
      const page = (await as(undefined, 'GET', `/dev/sms-messages?phone=${phone}`)).json() as { items: Array<{ text: string }> };
      const m = /(\d{6})/.exec(page.items[0]?.text.replace(/户号 \d{10}/, '') ?? '');
      if (m) return m[1]!;
      await new Promise((r) => setTimeout(r, 25)); // the outbox delivers after commit, asynchronously
    }
    throw new Error(`no code texted to ${phone}`);
  }
  return {
    ...t,
    simulator,
    as,
    latestCode,
    sweep: (olderThanMs = 5 * 60_000) => payments!.settlePending(olderThanMs),
    async loginCustomer(phone, ip = '203.0.113.10') {
      const sent = await t.request({ method: 'POST', url: `${CP}/login-codes`, payload: { phone }, remoteAddress: ip } as InjectOptions);
      if (sent.statusCode !== 200) throw new Error(`code for ${phone}: ${sent.statusCode} ${sent.body}`);
      const code = await latestCode(phone);
      const res = await t.request({ method: 'POST', url: `${CP}/login`, payload: { phone, code }, remoteAddress: ip } as InjectOptions);
      const c = res.cookies.find((x) => x.name === CUSTOMER_SESSION_COOKIE);
      if (res.statusCode !== 200 || !c) throw new Error(`login ${phone}: ${res.statusCode} ${res.body}`);
      return `${CUSTOMER_SESSION_COOKIE}=${c.value}`;
    },
  };
}

/** A customer and a live session written directly (tests that walk routes and need no code flow); answers the Cookie value. */
export async function customerSessionCookie(db: Db, phone: string, now: Date): Promise<string> {
  const id = randomBytes(32).toString('base64url');
  await db.query('INSERT INTO cp_customer (phone, created_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [phone, now]);
  await db.query(
    `INSERT INTO cp_session (id_hash, customer_id, created_at, last_seen_at, expires_at)
     SELECT $1, id, $2, $2, $3 FROM cp_customer WHERE phone = $4`,
    [createHash('sha256').update(id).digest('hex'), now, new Date(now.getTime() + 24 * 3_600_000), phone],
  );
  return `${CUSTOMER_SESSION_COOKIE}=${id}`;
}
