/**
 * Billing's process definitions (BPMN files next to this module, ADR 0049, 0060): 抄表复核, 量费审核, 欠费停电, 复电,
 * 电话催费 and 上门催费.
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

/**
 * Deploys billing's definitions as the next version of each key; with `missingOnly`, only the keys not deployed yet
 * (the seed, so a database seeded before a new process — 催费, ADR 0060 — gets it without redeploying the others).
 */
export async function deployBillingProcesses(
  tx: Queryable,
  engine: WorkflowEngine,
  actor: WorkflowActor = BILLING_SYSTEM_ACTOR,
  options: { missingOnly?: boolean } = {},
): Promise<Array<{ key: string; version: number }>> {
  const keys: string[] = Object.values(BILLING_PROCESSES);
  const present = options.missingOnly ? await engine.deployedKeys(tx, keys) : new Set<string>();
  const deployed: Array<{ key: string; version: number }> = [];
  for (const key of keys) if (!present.has(key)) deployed.push(await engine.deploy(tx, actor, billingProcessXml(key)));
  return deployed;
}
