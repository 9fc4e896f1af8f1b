/**
 * Billing's process definitions (BPMN files next to this module, ADR 0049): 抄表复核, 量费审核, 欠费停电 and 复电.
 * Deployed with the billing seed (seed/billing.ts) when absent; later versions through the workflow API.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BILLING_PROCESSES } from '@wb/contracts/billing';
import type { Queryable } from '@wb/server-kit';
import type { WorkflowActor, WorkflowEngine } from '../workflow/index.ts';

const PROCESS_DIR = path.join(import.meta.dirname, 'processes');

export const BILLING_SYSTEM_ACTOR: WorkflowActor = { system: true, username: 'system', displayName: '系统' };

export function billingProcessXml(key: string): string {
  return readFileSync(path.join(PROCESS_DIR, `${key}.bpmn`), 'utf8');
}

/** Deploys the four definitions as the next version of each key. */
export async function deployBillingProcesses(tx: Queryable, engine: WorkflowEngine, actor: WorkflowActor = BILLING_SYSTEM_ACTOR): Promise<Array<{ key: string; version: number }>> {
  const deployed: Array<{ key: string; version: number }> = [];
  for (const key of Object.values(BILLING_PROCESSES)) deployed.push(await engine.deploy(tx, actor, billingProcessXml(key)));
  return deployed;
}
