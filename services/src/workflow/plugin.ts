import type { FastifyPluginAsync } from 'fastify';
import { createWorkflowEngine } from './engine.ts';
import type { WorkflowEngineService } from './engine.ts';
import { registerWorkflowRoutes } from './routes.ts';

export interface WorkflowServiceOptions {
  /** The engine shared with the domain services (modules.ts creates one); default: a new one. */
  engine?: WorkflowEngineService;
  /** Period of the SLA sweep and outbox dispatch, ms; 0 turns the timer off (tests call them directly). Default 60 s. */
  sweepIntervalMs?: number;
}

/**
 * The workflow domain service (统一流程), v1, mounted by the gateway at `/api/svc/workflow/v1`. Encapsulated
 * (no fastify-plugin). Binds the engine to the app's clock and database, runs the periodic SLA sweep and
 * outbox dispatch (unref'd; stopped on close), and dispatches events left unpublished by a previous run.
 */
export const workflowServicePlugin: FastifyPluginAsync<WorkflowServiceOptions> = async (app, options) => {
  const engine = options.engine ?? createWorkflowEngine();
  engine.bind({ now: () => app.now(), db: app.db });
  registerWorkflowRoutes(app, engine);

  const interval = options.sweepIntervalMs ?? 60_000;
  let timer: NodeJS.Timeout | null = null;
  let ticking: Promise<void> | null = null;
  const tick = async (): Promise<void> => {
    try {
      await app.db.transaction((tx) => engine.sweep(tx, app.now()));
      await engine.publishPending();
    } catch (err) {
      app.log.error({ err }, 'workflow: sweep failed');
    }
  };
  app.addHook('onReady', async () => {
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
  });
};
