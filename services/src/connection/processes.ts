/**
 * The four 业扩 process definitions (BPMN files next to this module, keys = file names = CONNECTION_VARIANTS).
 * Deployed on first start (seed/first-start.ts) and by tests; later versions are deployed through the workflow API.
 */
import path from 'node:path';
import { CONNECTION_VARIANTS, type ConnectionVariant } from '@wb/contracts/connection';
import type { Queryable } from '@wb/server-kit';
import { SYSTEM_ACTOR, processFiles, type WorkflowActor, type WorkflowEngine } from '../workflow/index.ts';

const files = processFiles(path.join(import.meta.dirname, 'processes'), Object.keys(CONNECTION_VARIANTS));

/** BPMN XML of one variant. */
export const connectionProcessXml = (variant: ConnectionVariant): string => files.xml(variant);

export const SEED_ACTOR = SYSTEM_ACTOR;

/** Deploys the four definitions as the next version of each key. */
export const deployConnectionProcesses = (tx: Queryable, engine: WorkflowEngine, actor: WorkflowActor = SYSTEM_ACTOR): Promise<Array<{ key: string; version: number }>> =>
  files.deploy(tx, engine, actor);
