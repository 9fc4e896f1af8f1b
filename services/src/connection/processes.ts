/**
 * The four 业扩 process definitions (BPMN files next to this module, keys = file names = CONNECTION_VARIANTS).
 * Deployed on first start (seed/first-start.ts) and by tests; later versions are deployed through the workflow API.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONNECTION_VARIANTS, type ConnectionVariant } from '@wb/contracts/connection';
import type { Queryable } from '@wb/server-kit';
import type { WorkflowActor, WorkflowEngine } from '../workflow/index.ts';

const PROCESS_DIR = path.join(import.meta.dirname, 'processes');

/** BPMN XML of one variant. */
export function connectionProcessXml(variant: ConnectionVariant): string {
  return readFileSync(path.join(PROCESS_DIR, `${variant}.bpmn`), 'utf8');
}

export const SEED_ACTOR: WorkflowActor = { system: true, username: 'system', displayName: '系统' };

/** Deploys the four definitions as the next version of each key. */
export async function deployConnectionProcesses(tx: Queryable, engine: WorkflowEngine, actor: WorkflowActor = SEED_ACTOR): Promise<Array<{ key: string; version: number }>> {
  const deployed: Array<{ key: string; version: number }> = [];
  for (const variant of Object.keys(CONNECTION_VARIANTS) as ConnectionVariant[]) {
    deployed.push(await engine.deploy(tx, actor, connectionProcessXml(variant)));
  }
  return deployed;
}
