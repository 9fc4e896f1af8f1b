/**
 * Test setup of the ticket service: the composed app (harness) with the customer archive seeded, the ticket
 * processes deployed and the reference data (城乡类别, 知识) in place, plus helpers that drive tickets through
 * HTTP as the demo accounts.
 */
import type { CreateTicketRequest } from '@wb/contracts/ticket';
import type { DbKind } from '@wb/server-kit';
import { seedCustomers, seedTicketReference } from '../seed/index.ts';
import { callAs, createTestApp, serviceCalls, signIn, type ServiceCalls, type SignedIn, type TestApp } from '../testing/harness.ts';
import { defaultServices } from '../modules.ts';
import type { GatewayService } from '../gateway/index.ts';
import type { WorkflowEngineService } from '../workflow/index.ts';
import { deployTicketProcesses } from './processes.ts';
import { TICKET_SERVICE } from './index.ts';

export const BASE = `/api/svc/${TICKET_SERVICE.name}/v${TICKET_SERVICE.major}`;

export interface TicketTestApp extends TestApp, SignedIn, ServiceCalls {
  engine: WorkflowEngineService;
}

export const USERS = ['kf01', 'kf02', 'kf03', 'qx01', 'qx02', 'tq01', 'mgr01', 'guest01', 'yk01', 'admin'] as const;

/**
 * The composed app of `services` with `customers` customers seeded and the ticket processes and reference data in
 * place: the ticket test app's base, and 掌上电力's (a customer's 报修 there is a 95598 ticket).
 */
export async function openTicketWorld(kind: DbKind, services: readonly GatewayService[], customers: number): Promise<TestApp & { engine: WorkflowEngineService }> {
  const engine = (services.find((s) => s.name === TICKET_SERVICE.name)?.options as { engine: WorkflowEngineService }).engine;
  const t = await createTestApp(kind, { services });
  await seedCustomers(t.db, { customers, seed: 11 });
  await t.db.transaction(async (tx) => {
    await deployTicketProcesses(tx, engine);
    await seedTicketReference(tx);
  });
  return { ...t, engine };
}

export async function createTicketTestApp(kind: DbKind, options: { customers?: number } = {}): Promise<TicketTestApp> {
  const t = await openTicketWorld(kind, defaultServices(), options.customers ?? 1500);
  const signedIn = await signIn(t, USERS);
  return { ...t, ...signedIn, ...serviceCalls(callAs(t, BASE, signedIn.cookies)) };
}

/** A customer of a 供电所 with a mobile phone (the archive's port is the customer module's; tests may read it). */
export async function customerOf(t: TestApp, orgUnitCode: string, offset = 0): Promise<{ consNo: string; name: string; phone: string; address: string; tgId: string }> {
  const [row] = await t.db.query<{ consNo: string; name: string; phone: string; address: string; tgId: string }>(
    `SELECT cons_no AS "consNo", name, phone, address, tg_id AS "tgId" FROM customer WHERE org_unit_code = $1 AND phone ~ '^1[0-9]{10}$'
      ORDER BY cons_no OFFSET $2 LIMIT 1`,
    [orgUnitCode, offset],
  );
  if (!row) throw new Error(`no customer with a mobile phone in ${orgUnitCode}`);
  return row;
}

export function repairRequest(c: { consNo: string; name: string; phone: string; address: string }, overrides: Partial<CreateTicketRequest> = {}): CreateTicketRequest {
  return {
    type: 'REPAIR',
    consNo: c.consNo,
    contactName: c.name.slice(0, 32),
    contactPhone: c.phone,
    address: c.address,
    content: '家中突然停电，邻居家也没电',
    ...overrides,
  };
}
