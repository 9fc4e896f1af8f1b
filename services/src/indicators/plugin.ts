import type { FastifyPluginAsync } from 'fastify';
import type { WorkflowEngine } from '../workflow/index.ts';
import { DEFAULT_REFRESH_EVERY_MS, createDrainer } from './coalesce.ts';
import { registerFactsConsumer } from './consumer.ts';
import { createKiosk } from './kiosk.ts';
import { registerKioskLimits, type KioskLimitOptions } from './kiosk-limits.ts';
import { registerKioskRoutes } from './kiosk-routes.ts';
import { createIndicatorReads } from './operations.ts';
import { registerIndicatorRoutes } from './routes.ts';
import { sourceKinds } from './seed.ts';
import { createScreenBus } from './screen-bus.ts';
import { rebuild } from './store.ts';

export interface IndicatorsServiceOptions {
  engine: WorkflowEngine;
  /** REDIS_URL: the 大屏's push reaches the screens connected to every instance (screen-bus.ts); unset: this one. */
  redisUrl?: string | undefined;
  /** The kiosk lookup's limits (kiosk-limits.ts); defaults in DEFAULT_KIOSK_LIMITS. */
  kioskLimits?: Partial<KioskLimitOptions> | undefined;
  /**
   * How often billing's marked unit-months are refreshed, ms (coalesce.ts, ADR 0076; default
   * `DEFAULT_REFRESH_EVERY_MS`). null: never by itself (tests drain with `drainDirty`).
   */
  refreshEveryMs?: number | null | undefined;
}

/**
 * The indicators service (营销运营监测, issue 15, ADR 0047), v1. Registers the `indicators.facts` consumer; the
 * facts are built from the sources by the seed stage `indicators` (and `POST /rebuild`), then kept by the event stream.
 */
export const indicatorsServicePlugin: FastifyPluginAsync<IndicatorsServiceOptions> = async (app, options) => {
  const now = (): Date => app.now();
  const bus = createScreenBus(options.redisUrl, app.log);
  let timer: NodeJS.Timeout | null = null;
  // The handler runs inside the dispatcher's transaction: tell the screens a moment later, once it committed.
  const onChange = (): void => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      bus.publish();
    }, 300);
    timer.unref();
  };
  const drainer = createDrainer({
    db: app.db,
    holidays: (q) => options.engine.holidays(q),
    now,
    everyMs: options.refreshEveryMs === undefined ? DEFAULT_REFRESH_EVERY_MS : options.refreshEveryMs,
    onChange,
    onError: (error) => app.log.warn({ err: error }, 'indicators: refreshing the marked items failed; retried at the next drain'),
  });
  const unregister = registerFactsConsumer(options.engine, { now, onChange, onMarked: () => drainer.schedule() });
  const doRebuild = async () => rebuild(app.db, (q) => options.engine.holidays(q), now(), await sourceKinds(app.db));
  const reads = createIndicatorReads({ db: app.db, now });
  registerIndicatorRoutes(app, {
    reads,
    rebuild: async () => {
      const result = await doRebuild();
      onChange();
      return result;
    },
    listen: (send) => bus.subscribe(send),
  });
  registerKioskRoutes(app, createKiosk({ db: app.db, engine: options.engine, now }), await registerKioskLimits(app, options.kioskLimits));
  app.addHook('onClose', async () => {
    unregister();
    await drainer.close();
    if (timer) clearTimeout(timer);
    bus.close();
  });
};
