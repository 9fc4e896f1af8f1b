/**
 * Test setup of the connection service: the composed app (harness) with the customer archive seeded and
 * the four 业扩 processes deployed, plus helpers that drive applications through HTTP as the demo accounts.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { CreateApplicationRequest } from '@wb/contracts/connection';
import type { DbKind } from '@wb/server-kit';
import { seedCustomers } from '../seed/index.ts';
import { createTestApp, type TestApp } from '../testing/harness.ts';
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

export interface ConnectionTestApp extends TestApp {
  engine: WorkflowEngineService;
  cookies: Record<string, string>;
  /** POST as `username` with JSON body and optional If-Match. */
  post(username: string, url: string, body: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(username: string, url: string): Promise<LightMyRequestResponse>;
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
  const cookies: Record<string, string> = {};
  for (const user of USERS) cookies[user] = await t.login(user);
  return {
    ...t,
    engine: used,
    cookies,
    post: (username, url, body, headers = {}) =>
      t.request({ method: 'POST', url: `${BASE}${url}`, payload: body as Record<string, unknown>, cookie: cookies[username] ?? '', headers }),
    get: (username, url) => t.request({ method: 'GET', url: `${BASE}${url}`, cookie: cookies[username] ?? '' }),
  };
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
