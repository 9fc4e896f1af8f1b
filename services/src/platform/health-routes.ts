/**
 * Probes and metrics for operators (issue 16, docs/operations.md, ADR 0057):
 *
 * - `GET /health/live`: the process answers (a supervisor restarts it when not). No dependency is checked: a
 *   database outage must not make an orchestrator kill every instance.
 * - `GET /health/ready`: this instance should get traffic — not draining (the lifecycle plugin answers 503 from
 *   the first moment of a drain, before any request is refused elsewhere), the database answers, Redis answers
 *   when REDIS_URL is set, and every migration this code expects is applied. 503 with Retry-After otherwise,
 *   naming the failed checks (no addresses, no errors' text).
 * - `GET /metrics`: Prometheus text format — request counts and latencies per route pattern, requests in flight,
 *   the outbox's queue depth and age (job lag), overdue tasks the SLA sweep has not reached yet, memory and
 *   event-loop delay. Guard: with METRICS_TOKEN set, `Authorization: Bearer <token>` (compared in constant time);
 *   without, callers from the intranet zone (INTRANET_CIDRS) only. The nginx front door refuses both paths.
 */
import { timingSafeEqual } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import { ErrorCode } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import { RETRY_AFTER_SECONDS } from './lifecycle.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Gauges a module adds to `/metrics` (lines in the Prometheus text format, computed per scrape). */
    metricsGauges: { add(source: (now: Date) => Promise<string[]>): void };
  }
}

export interface HealthRoutesOptions {
  /** REDIS_URL: checked by readiness when set. */
  redisUrl?: string | undefined;
  /** METRICS_TOKEN: bearer token for /metrics; unset = intranet zone only. */
  metricsToken?: string | undefined;
  /** Ids of the migrations this server applies at start (readiness checks they are recorded). */
  expectedMigrations: () => readonly string[];
}

/** A dependency slower than this counts as away for readiness. */
const CHECK_TIMEOUT_MS = 2_000;
/** Latency buckets, seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

async function within<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface RouteStats {
  count: Map<string, number>;
  buckets: number[];
  sum: number;
  total: number;
}

/** `{a="x",b="y"}` with Prometheus escaping. */
function labels(values: Record<string, string>): string {
  const parts = Object.entries(values).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function healthRoutes(app: FastifyInstance, options: HealthRoutesOptions): Promise<void> {
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: CHECK_TIMEOUT_MS })
    : null;
  redis?.on('error', () => undefined); // readiness reports it; ioredis reconnects by itself
  app.addHook('onClose', async () => {
    redis?.disconnect();
  });
  let migrationsApplied = false;

  async function checks(): Promise<Record<string, boolean>> {
    const result: Record<string, boolean> = {};
    const db = await within(app.db.query('SELECT 1').then(() => true, () => false), CHECK_TIMEOUT_MS);
    result.database = db === true;
    if (redis) {
      if (redis.status === 'wait') void redis.connect().catch(() => undefined);
      const pong = await within(redis.ping().then((r) => r === 'PONG', () => false), CHECK_TIMEOUT_MS);
      result.redis = pong === true;
    }
    if (!migrationsApplied && result.database) {
      const expected = options.expectedMigrations();
      const rows = await within(
        app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations WHERE id = ANY($1::text[])', [expected]).catch(() => [{ n: -1 }]),
        CHECK_TIMEOUT_MS,
      );
      // Migrations only ever get added: once all are there, they stay.
      migrationsApplied = rows !== 'timeout' && Number(rows[0]?.n) === expected.length;
    }
    result.migrations = migrationsApplied;
    return result;
  }

  // HEAD of these is Fastify's (exposeHeadRoutes): route-inventory lists both.
  app.get('/health/live', { config: { access: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'live', uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get('/health/ready', { config: { access: 'public' } }, async (_request, reply) => {
    const result = await checks();
    const failed = Object.entries(result).filter(([, ok]) => !ok).map(([name]) => name);
    reply.header('cache-control', 'no-store');
    if (failed.length > 0 || app.lifecycle.draining) {
      return reply.code(503).header('retry-after', String(RETRY_AFTER_SECONDS)).send({
        error: { code: ErrorCode.ServiceUnavailable, message: '服务尚未就绪', details: { failed: app.lifecycle.draining ? [...failed, 'draining'] : failed } },
      });
    }
    return reply.send({ status: 'ready', db: app.db.kind, checks: result });
  });

  // --- metrics -------------------------------------------------------------------------------------------------
  const routes = new Map<string, RouteStats>();
  let inFlight = 0;
  /** Requests counted in flight (an earlier hook may answer before this one runs: a drain's 503). */
  const counted = new WeakSet<FastifyRequest>();
  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  app.addHook('onClose', async () => loopDelay.disable());

  app.addHook('onRequest', async (request) => {
    inFlight += 1;
    counted.add(request);
  });
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    if (counted.delete(request)) inFlight -= 1;
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    const key = `${request.method} ${route}`;
    let stats = routes.get(key);
    if (!stats) {
      stats = { count: new Map(), buckets: BUCKETS.map(() => 0), sum: 0, total: 0 };
      routes.set(key, stats);
    }
    const status = `${Math.floor(reply.statusCode / 100)}xx`;
    stats.count.set(status, (stats.count.get(status) ?? 0) + 1);
    const seconds = reply.elapsedTime / 1000;
    stats.sum += seconds;
    stats.total += 1;
    for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) stats.buckets[i]! += 1;
  });

  /** Modules add their own gauges (the workflow module: outbox and SLA-sweep queues) without this file reading their tables. */
  const gaugeSources: Array<(now: Date) => Promise<string[]>> = [];
  app.decorate('metricsGauges', { add: (source: (now: Date) => Promise<string[]>) => void gaugeSources.push(source) });

  app.get('/metrics', { config: { access: 'public' } }, async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const allowed = options.metricsToken
      ? header.startsWith('Bearer ') && tokenMatches(header.slice('Bearer '.length), options.metricsToken)
      : request.zone === 'intranet';
    // Not 401 (nothing to sign in to): the path does not exist for anyone else.
    if (!allowed) throw new AppError(404, ErrorCode.NotFound, '未找到');
    const lines: string[] = [];
    lines.push('# HELP wb_http_requests_total Requests answered, by method, route pattern and status class.', '# TYPE wb_http_requests_total counter');
    for (const [key, stats] of routes) {
      const [method = '', route = ''] = key.split(' ');
      for (const [status, n] of stats.count) lines.push(`wb_http_requests_total${labels({ method, route, status })} ${n}`);
    }
    lines.push('# HELP wb_http_request_duration_seconds Time to answer, by method and route pattern.', '# TYPE wb_http_request_duration_seconds histogram');
    for (const [key, stats] of routes) {
      const [method = '', route = ''] = key.split(' ');
      BUCKETS.forEach((le, i) => lines.push(`wb_http_request_duration_seconds_bucket${labels({ method, route, le: String(le) })} ${stats.buckets[i]}`));
      lines.push(`wb_http_request_duration_seconds_bucket${labels({ method, route, le: '+Inf' })} ${stats.total}`);
      lines.push(`wb_http_request_duration_seconds_sum${labels({ method, route })} ${stats.sum.toFixed(6)}`);
      lines.push(`wb_http_request_duration_seconds_count${labels({ method, route })} ${stats.total}`);
    }
    lines.push('# HELP wb_http_requests_in_flight Requests being handled now (this one included).', '# TYPE wb_http_requests_in_flight gauge');
    lines.push(`wb_http_requests_in_flight ${inFlight}`);
    lines.push('# HELP wb_draining 1 while this instance drains for shutdown.', '# TYPE wb_draining gauge');
    lines.push(`wb_draining ${app.lifecycle.draining ? 1 : 0}`);
    for (const source of gaugeSources) lines.push(...(await source(app.now())));
    const memory = process.memoryUsage();
    lines.push('# HELP wb_process_resident_memory_bytes Resident set size.', '# TYPE wb_process_resident_memory_bytes gauge');
    lines.push(`wb_process_resident_memory_bytes ${memory.rss}`);
    lines.push('# HELP wb_process_heap_used_bytes V8 heap in use.', '# TYPE wb_process_heap_used_bytes gauge');
    lines.push(`wb_process_heap_used_bytes ${memory.heapUsed}`);
    lines.push('# HELP wb_event_loop_delay_seconds Event-loop delay since start (p50, p99, max).', '# TYPE wb_event_loop_delay_seconds gauge');
    for (const [q, v] of [['0.5', loopDelay.percentile(50)], ['0.99', loopDelay.percentile(99)], ['1', loopDelay.max]] as const) {
      lines.push(`wb_event_loop_delay_seconds${labels({ quantile: q })} ${(v / 1e9).toFixed(6)}`);
    }
    lines.push('# HELP wb_process_uptime_seconds Seconds since the process started.', '# TYPE wb_process_uptime_seconds gauge');
    lines.push(`wb_process_uptime_seconds ${process.uptime().toFixed(0)}`);
    return reply.header('cache-control', 'no-store').type('text/plain; version=0.0.4; charset=utf-8').send(`${lines.join('\n')}\n`);
  });
}

export default fp(healthRoutes, { name: 'wb-health-routes', fastify: '5.x', dependencies: ['wb-db', 'wb-lifecycle', 'wb-request-context'] });
