/**
 * The ticket process definitions (BPMN files next to this module): `kf-repair` (故障报修, with 到达现场) and
 * `kf-ticket` (the other types). Deployed on first start (seed/first-start.ts) and by tests.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TICKET_PROCESSES } from '@wb/contracts/ticket';
import type { Queryable } from '@wb/server-kit';
import type { WorkflowActor, WorkflowEngine } from '../workflow/index.ts';

const PROCESS_DIR = path.join(import.meta.dirname, 'processes');

export function ticketProcessXml(key: string): string {
  return readFileSync(path.join(PROCESS_DIR, `${key}.bpmn`), 'utf8');
}

export const TICKET_SYSTEM_ACTOR: WorkflowActor = { system: true, username: 'system', displayName: '系统' };

/** Deploys both definitions as the next version of each key. */
export async function deployTicketProcesses(tx: Queryable, engine: WorkflowEngine, actor: WorkflowActor = TICKET_SYSTEM_ACTOR): Promise<Array<{ key: string; version: number }>> {
  const deployed: Array<{ key: string; version: number }> = [];
  for (const key of Object.values(TICKET_PROCESSES)) deployed.push(await engine.deploy(tx, actor, ticketProcessXml(key)));
  return deployed;
}
