/**
 * The ticket process definitions (BPMN files next to this module): `kf-repair` (故障报修, with 到达现场) and
 * `kf-ticket` (the other types). Deployed on first start (seed/first-start.ts) and by tests.
 */
import path from 'node:path';
import { TICKET_PROCESSES } from '@wb/contracts/ticket';
import type { Queryable } from '@wb/server-kit';
import { SYSTEM_ACTOR, processFiles, type WorkflowActor, type WorkflowEngine } from '../workflow/index.ts';

const files = processFiles(path.join(import.meta.dirname, 'processes'), Object.values(TICKET_PROCESSES));

export const ticketProcessXml = (key: string): string => files.xml(key);

export const TICKET_SYSTEM_ACTOR = SYSTEM_ACTOR;

/** Deploys both definitions as the next version of each key. */
export const deployTicketProcesses = (tx: Queryable, engine: WorkflowEngine, actor: WorkflowActor = SYSTEM_ACTOR): Promise<Array<{ key: string; version: number }>> =>
  files.deploy(tx, engine, actor);
