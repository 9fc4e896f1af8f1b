/**
 * Billing's process definitions (BPMN files next to this module, ADR 0049, 0060): 抄表复核, 量费审核, 欠费停电, 复电,
 * 电话催费 and 上门催费.
 * Deployed with the billing seed (seed/billing.ts) when absent; later versions through the workflow API.
 */
import path from 'node:path';
import { BILLING_PROCESSES } from '@wb/contracts/billing';
import type { Queryable } from '@wb/server-kit';
import { SYSTEM_ACTOR, processFiles, type WorkflowActor, type WorkflowEngine } from '../workflow/index.ts';

const files = processFiles(path.join(import.meta.dirname, 'processes'), Object.values(BILLING_PROCESSES));

export const BILLING_SYSTEM_ACTOR = SYSTEM_ACTOR;

export const billingProcessXml = (key: string): string => files.xml(key);

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
  return files.deploy(tx, engine, actor, options);
}
