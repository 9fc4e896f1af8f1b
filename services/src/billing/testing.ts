/**
 * Test setup of the billing service: the composed app (harness) with the customer archive and the billing seed
 * (twelve months at the test clock's "now"), plus helpers that call the service as the demo accounts.
 */
import type { DbKind } from '@wb/server-kit';
import { seedBilling, seedCustomers, type BillingSeedReport } from '../seed/index.ts';
import { callAs, createTestApp, signIn, type CallAs, type SignedIn, type TestApp } from '../testing/harness.ts';
import { defaultServices } from '../modules.ts';
import { BILLING_SERVICE } from './index.ts';

export const BASE = `/api/svc/${BILLING_SERVICE.name}/v${BILLING_SERVICE.major}`;
export const USERS = ['df01', 'df02', 'df03', 'tq01', 'mgr01', 'kf01', 'guest01', 'admin'] as const;

export interface BillingTestApp extends TestApp, SignedIn {
  seedReport: BillingSeedReport;
  call: CallAs;
}

export async function createBillingTestApp(kind: DbKind, options: { customers?: number } = {}): Promise<BillingTestApp> {
  const t = await createTestApp(kind, { services: defaultServices() });
  await seedCustomers(t.db, { customers: options.customers ?? 1500, seed: 11 });
  const seedReport = await seedBilling(t.db, { now: t.clock.now(), seed: 11 });
  const signedIn = await signIn(t, USERS);
  return { ...t, ...signedIn, seedReport, call: callAs(t, BASE, signedIn.cookies) };
}
