/**
 * A domain module's process definitions as BPMN files beside it (`<dir>/<key>.bpmn`), deployed through the engine
 * on first start, by the seeds and by tests; later versions go through the workflow API. One way for every module
 * (业扩, 95598, 电费).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Queryable } from '@wb/server-kit';
import type { WorkflowActor, WorkflowEngine } from './engine-api.ts';

/** What the system does by itself (deployments, seeds, sweeps) is done as this actor. */
export const SYSTEM_ACTOR: WorkflowActor = { system: true, username: 'system', displayName: '系统' };

export interface ProcessFiles {
  /** The BPMN XML of `key`. */
  xml(key: string): string;
  /** Deploys every key as the next version of it; with `missingOnly`, only the keys not deployed yet. */
  deploy(tx: Queryable, engine: WorkflowEngine, actor?: WorkflowActor, options?: { missingOnly?: boolean }): Promise<Array<{ key: string; version: number }>>;
}

export function processFiles(dir: string, keys: readonly string[]): ProcessFiles {
  const xml = (key: string): string => readFileSync(path.join(dir, `${key}.bpmn`), 'utf8');
  return {
    xml,
    async deploy(tx, engine, actor = SYSTEM_ACTOR, options = {}) {
      const present = options.missingOnly ? await engine.deployedKeys(tx, [...keys]) : new Set<string>();
      const deployed: Array<{ key: string; version: number }> = [];
      for (const key of keys) if (!present.has(key)) deployed.push(await engine.deploy(tx, actor, xml(key)));
      return deployed;
    },
  };
}
