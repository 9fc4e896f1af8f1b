/**
 * The platform's audit-log port for the other modules (ADR 0026): the audit viewer (iam) reads `audit_log`, which
 * the platform owns, only through these two queries.
 */
import type { AccessAlert, AuditEntry } from '@wb/contracts';
import { SqlConditions, prefixPattern } from '@wb/server-kit';
import type { Queryable } from '@wb/server-kit';

export interface AuditLogQuery {
  actor?: string | undefined;
  /** A prefix of the dotted action, e.g. `identity.`. */
  action?: string | undefined;
  /** `failure` also lists `error` rows (the server failed): the viewer's vocabulary has three results. */
  result?: AuditEntry['result'] | undefined;
  zone?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page: number;
  pageSize: number;
}

interface AuditRow extends Omit<AuditEntry, 'at' | 'result'> {
  at: Date;
  result: string;
}

/** One page of the audit log, newest first, with the total of the filter. */
export async function queryAuditLog(q: Queryable, query: AuditLogQuery): Promise<{ items: AuditEntry[]; total: number }> {
  const c = new SqlConditions();
  if (query.actor) c.addWith('actor = ?', query.actor);
  if (query.action) c.addWith('action LIKE ?', prefixPattern(query.action));
  if (query.result) c.addWith(query.result === 'failure' ? `result IN (?, 'error')` : 'result = ?', query.result);
  if (query.zone) c.addWith('zone = ?', query.zone);
  if (query.from) c.addWith('at >= ?::timestamptz', query.from);
  if (query.to) c.addWith('at < ?::timestamptz', query.to);
  const where = c.where();
  const [count] = await q.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log ${where}`, c.params);
  const rows = await q.query<AuditRow>(
    `SELECT id::text AS id, at, actor, action, target, result, ip, zone, detail FROM audit_log ${where}
     ORDER BY at DESC, id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
    c.params,
  );
  const items: AuditEntry[] = rows.map((r) => ({
    ...r,
    at: r.at.toISOString(),
    result: r.result === 'error' ? 'failure' : (r.result as AuditEntry['result']),
  }));
  return { items, total: count?.n ?? 0 };
}

/** Failed-login and 403 bursts since `since`, per user and per address, of at least `minCount` events. */
export async function accessAlerts(q: Queryable, since: Date, minCount: number): Promise<AccessAlert[]> {
  const rows = await q.query<{ kind: AccessAlert['kind']; by: AccessAlert['by']; key: string; count: number; firstAt: Date; lastAt: Date }>(
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
    [since, minCount],
  );
  return rows.map((r) => ({ ...r, firstAt: r.firstAt.toISOString(), lastAt: r.lastAt.toISOString() }));
}
