/** The audit-log viewer and the monitoring alerts (failed-login and 403 bursts per user and per address). */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditQuerySchema, intParam } from '@wb/contracts';
import type { AccessAlert } from '@wb/contracts';
import { accessAlerts, queryAuditLog } from '../platform/index.ts';
import { manage } from './common.ts';

const alertQuerySchema = z.strictObject({ windowMinutes: intParam(1, 1440, '时间窗口（分钟）').default(15) });

/** Alert threshold: this many events of one kind by one user or address within the window. */
const ALERT_MIN_COUNT = 3;

export function registerAuditRoutes(app: FastifyInstance): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  // The audit log is the platform's table: read through its port (ADR 0026).
  routes.get('/audit', { ...manage, schema: { querystring: auditQuerySchema } }, async (request) => {
    const query = request.query;
    const { items, total } = await queryAuditLog(app.db, query);
    return { items, page: query.page, pageSize: query.pageSize, total };
  });

  routes.get('/audit/alerts', { ...manage, schema: { querystring: alertQuerySchema } }, async (request): Promise<AccessAlert[]> => {
    const { windowMinutes } = request.query;
    const since = new Date(app.now().getTime() - windowMinutes * 60_000);
    return accessAlerts(app.db, since, ALERT_MIN_COUNT);
  });
}
