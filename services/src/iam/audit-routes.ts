/** The audit-log viewer and the monitoring alerts (failed-login and 403 bursts per user and per address). */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { auditQuerySchema, intParam } from '@wb/contracts';
import type { AccessAlert, AuditEntry } from '@wb/contracts';
import { parseOrThrow } from '@wb/server-kit';
import { manage } from './common.ts';

interface AuditRow extends Omit<AuditEntry, 'at' | 'result'> {
  at: Date;
  result: string;
}

const alertQuerySchema = z.strictObject({ windowMinutes: intParam(1, 1440, '时间窗口（分钟）').default(15) });

/** Alert threshold: this many events of one kind by one user or address within the window. */
const ALERT_MIN_COUNT = 3;

function whereOf(query: z.infer<typeof auditQuerySchema>, params: unknown[]): string {
  const conditions: string[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (query.actor) add('actor = ?', query.actor);
  if (query.action) add('action LIKE ?', `${query.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  // 'error' rows (the server failed) are shown as failures: the viewer's vocabulary has three results.
  if (query.result) add(query.result === 'failure' ? `result IN (?, 'error')` : 'result = ?', query.result);
  if (query.zone) add('zone = ?', query.zone);
  if (query.from) add('at >= ?::timestamptz', query.from);
  if (query.to) add('at < ?::timestamptz', query.to);
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

export function registerAuditRoutes(app: FastifyInstance): void {
  app.get('/audit', manage, async (request) => {
    const query = parseOrThrow(auditQuerySchema, request.query);
    const params: unknown[] = [];
    const where = whereOf(query, params);
    const [count] = await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${where}`, params);
    const rows = await app.db.query<AuditRow>(
      `SELECT id::text AS id, at, actor, action, target, result, ip, zone, detail FROM audit_log ${where}
       ORDER BY at DESC, id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    );
    const items: AuditEntry[] = rows.map((r) => ({
      ...r,
      at: r.at.toISOString(),
      result: r.result === 'error' ? 'failure' : (r.result as AuditEntry['result']),
    }));
    return { items, page: query.page, pageSize: query.pageSize, total: count?.n ?? 0 };
  });

  app.get('/audit/alerts', manage, async (request): Promise<AccessAlert[]> => {
    const { windowMinutes } = parseOrThrow(alertQuerySchema, request.query);
    const since = new Date(app.now().getTime() - windowMinutes * 60_000);
    const rows = await app.db.query<{ kind: AccessAlert['kind']; by: AccessAlert['by']; key: string; count: number; firstAt: Date; lastAt: Date }>(
      `WITH events AS (
         SELECT CASE WHEN action = 'access.denied' THEN 'forbidden' ELSE 'failed-login' END AS kind, actor, ip, at
         FROM audit_log
         WHERE at >= $1 AND ((action = 'identity.login' AND result = 'failure') OR action = 'access.denied'))
       SELECT kind, 'user' AS by, actor AS key, count(*)::int AS count, min(at) AS "firstAt", max(at) AS "lastAt"
         FROM events WHERE actor IS NOT NULL GROUP BY kind, actor HAVING count(*) >= $2
       UNION ALL
       SELECT kind, 'address', ip, count(*)::int, min(at), max(at)
         FROM events WHERE ip IS NOT NULL GROUP BY kind, ip HAVING count(*) >= $2
       ORDER BY count DESC, key`,
      [since, ALERT_MIN_COUNT],
    );
    return rows.map((r) => ({ ...r, firstAt: r.firstAt.toISOString(), lastAt: r.lastAt.toISOString() }));
  });
}
