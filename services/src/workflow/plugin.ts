import type { FastifyPluginAsync } from 'fastify';
import { registerPushConsumer } from './consumers/push.ts';
import { createWorkflowEngine } from './engine.ts';
import { workflowGauges } from './metrics.ts';
import { backfillCandOrgPaths } from './org-paths.ts';
import type { WorkflowEngineService } from './engine.ts';
import type { OutboxSettings } from './outbox.ts';
import { registerOutboxRoutes } from './outbox-routes.ts';
import { DEFAULT_RETENTION, runRetention } from './retention.ts';
import type { RetentionSettings } from './retention.ts';
import { registerWorkflowRoutes } from './routes.ts';
import { createInboxCacheBus, createPushHub } from './stream.ts';
import { registerStreamRoutes } from './stream-routes.ts';

export interface WorkflowServiceOptions {
  /** The engine shared with the domain services (modules.ts creates one); default: a new one. */
  engine?: WorkflowEngineService;
  /** Period of the SLA sweep, outbox dispatch and retention, ms; 0 turns the timer off (tests call them directly). Default 60 s. */
  sweepIntervalMs?: number;
  /** Outbox retries (config `workflow.outbox`): attempts before a dead letter, backoff. */
  outbox?: Partial<OutboxSettings>;
  /** Retention of outbox, idempotency keys and read notifications (config `workflow.retention`). */
  retention?: RetentionSettings;
  /** Push (`GET /stream`): Redis for the fan-out across instances, per-user limit, heartbeat, session idle limit. */
  push?: { redisUrl?: string | undefined; maxPerUser?: number; heartbeatMs?: number; sessionIdleMs?: number };
  /** Life of a cached inbox answer no write has touched, ms; 0 = no cache (ADR 0055). Default: the engine's (5 s). */
  inboxCacheMs?: number;
}

/**
 * The workflow domain service (统一流程), v1, mounted by the gateway at `/api/svc/workflow/v1`. Encapsulated
 * (no fastify-plugin). Binds the engine to the app's clock and database, runs the periodic tick (SLA sweep,
 * outbox dispatch, retention; unref'd, stopped on close), dispatches events left unpublished by a previous
 * run, and pushes notifications to the browsers (`GET /stream`, the push consumer).
 */
export const workflowServicePlugin: FastifyPluginAsync<WorkflowServiceOptions> = async (app, options) => {
  const engine = options.engine ?? createWorkflowEngine();
  engine.bind({ now: () => app.now(), db: app.db });
  // Data scope ASSIGNED (ADR 0073): the rows of a user's tasks, looked up by the identity plugin per request.
  if (app.hasDecorator('accessControl')) app.accessControl.provideAssignedRows((q, actor, types) => engine.assignedBusinessKeys(q, actor, types));
  if (options.outbox) engine.outbox.configure(options.outbox);
  registerWorkflowRoutes(app, engine);
  registerOutboxRoutes(app, engine);

  const push = options.push ?? {};
  const hub = createPushHub({ redisUrl: push.redisUrl, maxPerUser: push.maxPerUser ?? 5, log: app.log });
  if (options.inboxCacheMs !== undefined) engine.inboxCache.configure({ ttlMs: options.inboxCacheMs });
  // Other instances' writes reach this instance's inbox cache through the same Redis as the push fan-out.
  const inboxBus = push.redisUrl ? createInboxCacheBus(push.redisUrl, app.log) : null;
  if (inboxBus) engine.inboxCache.connect(inboxBus);
  const unregisterPush = registerPushConsumer(engine, hub);
  // Outbox and SLA-sweep queues on /metrics (platform/health-routes.ts), when the platform serves it.
  if (app.hasDecorator('metricsGauges')) app.metricsGauges.add((now) => workflowGauges(app.db, now));
  registerStreamRoutes(app, {
    hub,
    ...(push.heartbeatMs !== undefined ? { heartbeatMs: push.heartbeatMs } : {}),
    ...(push.sessionIdleMs !== undefined ? { sessionIdleMs: push.sessionIdleMs } : {}),
  });

  const retention = options.retention ?? DEFAULT_RETENTION;
  const interval = options.sweepIntervalMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  const tick = async (): Promise<void> => {
    try {
      await engine.sweepInTransactions(app.db, app.now());
      await engine.publishPending();
      await runRetention(app.db, app.now(), retention, engine.idempotencyTables());
    } catch (err) {
      app.log.error({ err }, 'workflow: periodic tick failed');
    }
  };
  // Before the server listens (ADR 0077): the sweep and the outbox backlog — a first start's seed writes thousands
  // of events after onReady — run while no request waits for the database.
  if (app.hasDecorator('lifecycle')) {
    app.lifecycle.beforeListen('workflow', async () => {
      await engine.sweepInTransactions(app.db, app.now());
      await engine.publishPending();
    });
  }
  app.addHook('onReady', async () => {
    await hub.ready();
    // Tasks written before their candidate org path was copied get it from identity's directory (ADR 0069).
    await backfillCandOrgPaths(app.db).catch((err: unknown) => app.log.error({ err }, 'workflow: candidate org path backfill failed'));
    // Events committed before a crash or restart are delivered now (D3).
    await engine.publishPending().catch((err: unknown) => app.log.error({ err }, 'workflow: outbox dispatch failed'));
    if (interval > 0) {
      timer = setInterval(() => {
        if (!ticking) ticking = tick().finally(() => (ticking = null));
      }, interval);
      timer.unref();
    }
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await ticking;
    unregisterPush();
    await hub.close();
    inboxBus?.close();
  });
};
