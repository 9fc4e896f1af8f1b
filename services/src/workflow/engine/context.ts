/**
 * The one object every engine module works with (issue 10): the clock, the model cache, the registered
 * service-task handlers and domains, the holiday calendar and the outbox. Built once per engine by
 * `createEngineContext`; modules are plain functions taking it first, so each concern lives in its own file.
 */
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Db, Queryable } from '@wb/server-kit';
import type { ProcessModel } from '../bpmn.ts';
import { createHolidayCache } from '../calendar.ts';
import type { ServiceTaskHandler, WorkflowActor, WorkflowDomain } from '../engine-api.ts';
import { createOutbox } from '../outbox.ts';
import { createInboxCache } from './inbox-cache.ts';
import type { InboxCache } from './inbox-cache.ts';
import type { Outbox } from '../outbox.ts';

export interface EngineContext {
  /** The engine's clock (the app's after `bind`). */
  now(): Date;
  /** The parsed model of a definition version (cached: versions are immutable). */
  model(q: Queryable, key: string, version: number): Promise<ProcessModel>;
  readonly handlers: Map<string, ServiceTaskHandler>;
  /** Domains by the process keys they own (bound tasks, ADR 0021). */
  readonly domains: Map<string, WorkflowDomain>;
  readonly holidays: ReturnType<typeof createHolidayCache>;
  readonly outbox: Outbox;
  /** Answers of the inbox, made stale by the writes that touch their audience (ADR 0055). */
  readonly inboxCache: InboxCache;
  /** The database the outbox dispatcher publishes from (set by `bind`). */
  db: Db | null;
  setClock(clock: () => Date): void;
}

/** Default life of an inbox answer no write has touched (the SLA colour's staleness bound), ms. */
export const DEFAULT_INBOX_CACHE_MS = 5000;

export function createEngineContext(options: { now?: () => Date; holidayCacheMs?: number; inboxCacheMs?: number }): EngineContext {
  let clock: () => Date = options.now ?? (() => new Date());
  const models = new Map<string, ProcessModel>();
  return {
    now: () => clock(),
    setClock(next) {
      clock = next;
    },
    async model(q, key, version) {
      const cacheKey = `${key}@${version}`;
      const hit = models.get(cacheKey);
      if (hit) return hit;
      const [row] = await q.query<{ model: ProcessModel }>('SELECT model FROM wf_definition WHERE key = $1 AND version = $2', [key, version]);
      if (!row) throw notFound(`流程定义不存在：${key} 第 ${version} 版`);
      models.set(cacheKey, row.model);
      return row.model;
    },
    handlers: new Map(),
    domains: new Map(),
    holidays: createHolidayCache(options.holidayCacheMs),
    outbox: createOutbox({ now: () => clock() }),
    inboxCache: createInboxCache({ ttlMs: options.inboxCacheMs ?? DEFAULT_INBOX_CACHE_MS, maxEntries: 20_000, now: () => clock() }),
    db: null,
  };
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const OPEN_STATES = "('OPEN', 'CLAIMED')";

/**
 * The SET list of an UPDATE that closes open tasks without completing them (returned, withdrawn, terminated, a
 * decided 会签's other votes, a left parallel branch, a timer): each takes its place in 已办's order (`done_seq`),
 * the time, who closed it and why. `at`, `by` and `outcome` are SQL (parameters or literals); `alias` qualifies
 * `version` where the UPDATE's FROM has a column of that name too.
 */
export function cancelTaskSet(at: string, by: string, outcome: string, alias?: string): string {
  return `state = 'CANCELLED', done_seq = nextval('wf_task_done_seq'), completed_at = ${at}, completed_by = ${by}, outcome = ${outcome}, version = ${alias ? `${alias}.` : ''}version + 1`;
}

export const isSystem = (actor: WorkflowActor): actor is { system: true; username: string; displayName: string } => 'system' in actor && actor.system;
export const conflict = (message: string): AppError => new AppError(409, ErrorCode.Conflict, message);
export const notFound = (message: string): AppError => new AppError(404, ErrorCode.NotFound, message);
export const forbidden = (message: string, fields?: Record<string, string>): AppError => new AppError(403, ErrorCode.NotAllowed, message, fields);
export const badRequest = (message: string, fields?: Record<string, string>): AppError => new AppError(400, ErrorCode.BadRequest, message, fields);

export function hasPermission(actor: WorkflowActor, permission: string): boolean {
  if (isSystem(actor)) return true;
  return actor.permissions.has('*') || actor.permissions.has(permission);
}

export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown }).code === '23505';
}

export function requireRunning(inst: { status: string }): void {
  if (inst.status === 'SUSPENDED') throw conflict('流程已挂起，恢复后才能办理');
  if (inst.status !== 'RUNNING') throw conflict('流程已结束');
}
