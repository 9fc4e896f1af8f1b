/**
 * Test setup of the connection service: the composed app (harness) with the customer archive seeded and
 * the four 业扩 processes deployed, plus helpers that drive applications through HTTP as the demo accounts.
 */
import type { CreateApplicationRequest } from '@wb/contracts/connection';
import type { DbKind } from '@wb/server-kit';
import { seedCustomers } from '../seed/index.ts';
import { callAs, createTestApp, serviceCalls, signIn, type ServiceCalls, type SignedIn, type TestApp } from '../testing/harness.ts';
import { defaultServices } from '../modules.ts';
import { createWorkflowEngine, workflowServicePlugin, WORKFLOW_SERVICE, type WorkflowEngineService } from '../workflow/index.ts';
import { defineService, type GatewayService } from '../gateway/index.ts';
import type { AttachmentStore } from '../attachments/index.ts';
import { demoIdCardNo } from './seed.ts';
import { connectionMigrations } from './migrations.ts';
import { connectionServicePlugin } from './plugin.ts';
import { deployConnectionProcesses } from './processes.ts';
import { CONNECTION_SERVICE } from './index.ts';

export const BASE = `/api/svc/${CONNECTION_SERVICE.name}/v${CONNECTION_SERVICE.major}`;

export interface ConnectionTestApp extends TestApp, SignedIn, ServiceCalls {
  engine: WorkflowEngineService;
}

/**
 * The services of the app: the default ones, with workflow and connection sharing one engine. Services the
 * composition root (modules.ts) already registers are used as they are, with their engine.
 */
function servicesWith(own: WorkflowEngineService, attachments?: AttachmentStore): { services: GatewayService[]; engine: WorkflowEngineService } {
  const base = defaultServices({ attachments });
  const engineOf = (name: string): WorkflowEngineService | undefined =>
    (base.find((s) => s.name === name)?.options as { engine?: WorkflowEngineService } | undefined)?.engine;
  const engine = engineOf(CONNECTION_SERVICE.name) ?? engineOf(WORKFLOW_SERVICE.name) ?? own;
  const extra: GatewayService[] = [];
  if (!base.some((s) => s.name === WORKFLOW_SERVICE.name)) {
    extra.push(defineService({ ...WORKFLOW_SERVICE, plugin: workflowServicePlugin, options: { engine, sweepIntervalMs: 0 } }));
  }
  if (!base.some((s) => s.name === CONNECTION_SERVICE.name)) {
    extra.push(defineService({ ...CONNECTION_SERVICE, plugin: connectionServicePlugin, migrations: connectionMigrations, options: { engine } }));
  }
  return { services: [...base, ...extra], engine };
}

export const USERS = ['yk01', 'yk02', 'yk03', 'yk04', 'jl01', 'kf03', 'guest01', 'mgr01', 'ld01'] as const;

export async function createConnectionTestApp(kind: DbKind, options: { customers?: number; attachments?: AttachmentStore } = {}): Promise<ConnectionTestApp> {
  const { services, engine: used } = servicesWith(createWorkflowEngine(), options.attachments);
  const t = await createTestApp(kind, { services });
  await seedCustomers(t.db, { customers: options.customers ?? 1500, seed: 11 });
  await t.db.transaction((tx) => deployConnectionProcesses(tx, used));
  const signedIn = await signIn(t, USERS);
  return { ...t, ...signedIn, ...serviceCalls(callAs(t, BASE, signedIn.cookies)), engine: used };
}

/** What the route walks (the access matrix, the input walk) put into path parameters. */
export interface WalkFixtures {
  /** Another user than the callers (df01). */
  victimId: string;
  /** A customer of 江北城关供电所. */
  consNo: string;
  /** A new application (`residentApplication(n)`, accepted by yk01) and its open task. */
  appNo: string;
  taskId: string;
  instanceId: string;
}

export async function walkFixtures(t: ConnectionTestApp, n: number): Promise<WalkFixtures> {
  const [victim] = await t.db.query<{ id: string }>(`SELECT id FROM sys_user WHERE username = 'df01'`);
  const [customer] = await t.db.query<{ consNo: string }>(`SELECT cons_no AS "consNo" FROM customer WHERE org_unit_code = '334010101' LIMIT 1`);
  const accepted = await t.post('yk01', '/applications', residentApplication(n));
  if (accepted.statusCode !== 201) throw new Error(`walk fixture: ${accepted.statusCode} ${accepted.body}`);
  const appNo = (accepted.json() as { appNo: string }).appNo;
  const [task] = await t.db.query<{ id: string; instanceId: string }>(
    `SELECT t.id::text AS id, t.instance_id::text AS "instanceId" FROM wf_task t JOIN wf_instance i ON i.id = t.instance_id
      WHERE i.business_key = $1 AND t.state IN ('OPEN', 'CLAIMED') LIMIT 1`,
    [appNo],
  );
  if (!victim || !customer || !task) throw new Error('walk fixture: no df01, customer or open task');
  return { victimId: victim.id, consNo: customer.consNo, appNo, taskId: task.id, instanceId: task.instanceId };
}

/** A valid 低压居民 application of 江北城关供电所. */
export function residentApplication(i = 1, overrides: Partial<CreateApplicationRequest> = {}): CreateApplicationRequest {
  return {
    certType: 'ID_CARD',
    certNo: demoIdCardNo(100 + i),
    consName: `测试户${i}`,
    address: `江北县城关镇人民路${i}号3幢1单元101室`,
    category: '低压居民',
    elecType: '100',
    voltageCode: 'AC00022',
    applyCap: 8,
    orgUnitCode: '334010101',
    contactName: `测试户${i}`,
    contactMobile: '13812345678',
    ...overrides,
  };
}
