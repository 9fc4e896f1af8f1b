/** The audit-log viewer and the monitoring alerts (failed-login and 403 bursts per user and per address). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditQuerySchema, intParam } from '@wb/contracts';
import type { AccessAlert } from '@wb/contracts';
import { parseOrThrow } from '@wb/server-kit';
import { accessAlerts, queryAuditLog } from '../platform/index.ts';
import { manage } from './common.ts';

const alertQuerySchema = z.strictObject({ windowMinutes: intParam(1, 1440, '时间窗口（分钟）').default(15) });

/** Alert threshold: this many events of one kind by one user or address within the window. */
const ALERT_MIN_COUNT = 3;

export function registerAuditRoutes(app: FastifyInstance): void {
  // The audit log is the platform's table: read through its port (ADR 0026).
  app.get('/audit', manage, async (request) => {
    const query = parseOrThrow(auditQuerySchema, request.query);
    const { items, total } = await queryAuditLog(app.db, query);
    return { items, page: query.page, pageSize: query.pageSize, total };
  });

  app.get('/audit/alerts', manage, async (request): Promise<AccessAlert[]> => {
    const { windowMinutes } = parseOrThrow(alertQuerySchema, request.query);
    const since = new Date(app.now().getTime() - windowMinutes * 60_000);
    return accessAlerts(app.db, since, ALERT_MIN_COUNT);
  });
}
