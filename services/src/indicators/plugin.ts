import type { FastifyPluginAsync } from 'fastify';
import type { WorkflowEngine } from '../workflow/index.ts';
import { registerFactsConsumer } from './consumer.ts';
import { createIndicatorReads } from './operations.ts';
import { registerIndicatorRoutes } from './routes.ts';
import { sourceKinds } from './seed.ts';
import { rebuild } from './store.ts';

export interface IndicatorsServiceOptions {
  engine: WorkflowEngine;
}

/**
 * The indicators service (营销运营监测, issue 15, ADR 0047), v1. Registers the `indicators.facts` consumer; the
 * facts are built from the sources by the seed stage `indicators` (and `POST /rebuild`), then kept by the event stream.
 */
export const indicatorsServicePlugin: FastifyPluginAsync<IndicatorsServiceOptions> = async (app, options) => {
  const now = (): Date => app.now();
  const listeners = new Set<() => void>();
  let timer: NodeJS.Timeout | null = null;
  // The handler runs inside the dispatcher's transaction: tell the screens a moment later, once it committed.
  const onChange = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      for (const l of listeners) l();
    }, 300);
    timer.unref();
  };
  const unregister = registerFactsConsumer(options.engine, { now, onChange });
  const doRebuild = async () => rebuild(app.db, (q) => options.engine.holidays(q), now(), await sourceKinds(app.db));
  const reads = createIndicatorReads({ db: app.db, now });
  registerIndicatorRoutes(app, {
    reads,
    rebuild: async () => {
      const result = await doRebuild();
      onChange();
      return result;
    },
    listen: (send) => {
      listeners.add(send);
      return () => listeners.delete(send);
    },
  });
  app.addHook('onClose', async () => {
    unregister();
    if (timer) clearTimeout(timer);
  });
};
