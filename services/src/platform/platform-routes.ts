import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { ErrorCode, clientErrorReportSchema } from '@wb/contracts';
import { AppError } from '@wb/server-kit';
import type { Migration } from '@wb/server-kit';
import { RETRY_AFTER_SECONDS } from './lifecycle.ts';

export const clientErrorMigrations: Migration[] = [
  {
    id: 'platform/002_client_error',
    sql: `
CREATE TABLE client_error (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at         timestamptz NOT NULL,
  user_id    text,
  app_id     text NOT NULL,
  code       text NOT NULL,
  message    text NOT NULL,
  stack      text,
  url        text,
  user_agent text
);
CREATE INDEX client_error_user_idx ON client_error (user_id, at);
`,
  },
];

/** A readiness probe waits this long for `SELECT 1`; a database that answers slower counts as away. */
const READY_DB_TIMEOUT_MS = 2_000;

async function databaseAnswers(app: FastifyInstance, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([app.db.query('SELECT 1').then(() => true, () => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface PlatformRoutesOptions {
  /** Client error reports accepted per user and minute. Default 30. */
  clientErrorsPerMinute?: number;
}

/** GET /api/health (liveness), GET /api/health/ready (readiness) and POST /api/client-errors (micro-app failures reported by the shell, docs/quality.md R1–R4). */
async function platformRoutes(app: FastifyInstance, options: PlatformRoutesOptions): Promise<void> {
  const perMinute = options.clientErrorsPerMinute ?? 30;

  app.get('/api/health', { config: { access: 'public' } }, async () => {
    try {
      await app.db.query('SELECT 1');
    } catch (error) {
      throw new AppError(503, ErrorCode.ServiceUnavailable, '数据库不可用', undefined, { cause: error });
    }
    return { status: 'ok', db: app.db.kind };
  });

  // Readiness (docs/quality.md R7, R10): false from the moment the server starts draining (the lifecycle plugin answers
  // 503 then) and while the database does not answer; a load balancer sends work elsewhere until it is true again.
  app.get('/api/health/ready', { config: { access: 'public' } }, async (_request, reply) => {
    if (!(await databaseAnswers(app, READY_DB_TIMEOUT_MS))) {
      throw new AppError(503, ErrorCode.ServiceUnavailable, '数据库不可用', undefined, { headers: { 'retry-after': String(RETRY_AFTER_SECONDS) } });
    }
    return reply.header('cache-control', 'no-store').send({ status: 'ready', db: app.db.kind });
  });

  app.withTypeProvider<ZodTypeProvider>().post('/api/client-errors', { config: { access: 'session' }, schema: { body: clientErrorReportSchema } }, async (request, reply) => {
    const report = request.body;
    const userId = request.principal?.userId ?? null;
    const now = app.now();
    // Counted in the database (not in memory) so that the limit holds across server instances.
    const [recent] = await app.db.query<{ n: number }>('SELECT count(*) AS n FROM client_error WHERE user_id = $1 AND at > $2', [
      userId,
      new Date(now.getTime() - 60_000),
    ]);
    if ((recent?.n ?? 0) >= perMinute) {
      throw new AppError(429, ErrorCode.TooManyRequests, '错误报告过于频繁，请稍后再试', undefined, { headers: { 'retry-after': '60' } });
    }
    request.log.warn({ clientError: { appId: report.appId, code: report.code, message: report.message, url: report.url } }, 'micro-app error reported');
    await app.db.query(
      'INSERT INTO client_error (at, user_id, app_id, code, message, stack, url, user_agent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [now, userId, report.appId, report.code, report.message, report.stack ?? null, report.url ?? null, request.headers['user-agent']?.slice(0, 512) ?? null],
    );
    return reply.code(204).send();
  });
}

export default fp(platformRoutes, { name: 'wb-platform-routes', fastify: '5.x', dependencies: ['wb-db', 'wb-identity', 'wb-lifecycle'] });
