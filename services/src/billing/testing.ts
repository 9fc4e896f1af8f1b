/**
 * Test setup of the billing service: the composed app (harness) with the customer archive and the billing seed
 * (twelve months at the test clock's "now"), plus helpers that call the service as the demo accounts.
 */
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { DbKind } from '@wb/server-kit';
import { seedBilling, seedCustomers, type BillingSeedReport } from '../seed/index.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
import { defaultServices } from '../modules.ts';
import { BILLING_SERVICE } from './index.ts';

export const BASE = `/api/svc/${BILLING_SERVICE.name}/v${BILLING_SERVICE.major}`;
export const USERS = ['df01', 'df02', 'df03', 'tq01', 'mgr01', 'kf01', 'guest01', 'admin'] as const;

export interface BillingTestApp extends TestApp {
  seedReport: BillingSeedReport;
  cookies: Record<string, string>;
  call(username: string, method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  relogin(users?: readonly string[]): Promise<void>;
}

export async function createBillingTestApp(kind: DbKind, options: { customers?: number } = {}): Promise<BillingTestApp> {
  const t = await createTestApp(kind, { services: defaultServices() });
  await seedCustomers(t.db, { customers: options.customers ?? 1500, seed: 11 });
  const seedReport = await seedBilling(t.db, { now: t.clock.now(), seed: 11 });
  const cookies: Record<string, string> = {};
  const relogin = async (users: readonly string[] = USERS): Promise<void> => {
    for (const user of users) cookies[user] = await t.login(user);
  };
  await relogin();
  return {
    ...t,
    seedReport,
    cookies,
    relogin,
    call: (username, method, url, body, headers = {}) =>
      t.request({ method, url: `${BASE}${url}`, ...(body === undefined ? {} : { payload: body as Record<string, unknown> }), cookie: cookies[username] ?? '', headers }),
  };
}
