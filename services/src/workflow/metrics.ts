/**
 * The workflow module's gauges for `/metrics` (platform/health-routes.ts): outbox queue depth and lag per consumer,
 * SLA-sweep backlog. Registered by the workflow plugin, so that the platform never reads the module's tables.
 */
import type { Queryable } from '@wb/server-kit';

/** `{a="x",b="y"}` with Prometheus escaping. */
function labels(values: Record<string, string>): string {
  const parts = Object.entries(values).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

export async function workflowGauges(db: Queryable, now: Date): Promise<string[]> {
  const lines: string[] = [];
    const deliveries = await db.query<{ consumer: string; pending: number; dead: number; oldest_due: Date | null }>(
      `SELECT consumer, count(*) FILTER (WHERE status = 'PENDING')::int AS pending, count(*) FILTER (WHERE status = 'DEAD')::int AS dead,
              min(next_at) FILTER (WHERE status = 'PENDING' AND next_at <= $1) AS oldest_due
         FROM wf_outbox_delivery GROUP BY consumer ORDER BY consumer`,
      [now],
    );
    const [events] = await db.query<{ n: number; oldest: Date | null }>('SELECT count(*)::int AS n, min(created_at) AS oldest FROM wf_outbox WHERE published_at IS NULL');
    const [overdue] = await db.query<{ n: number; oldest: Date | null }>(
      `SELECT count(*)::int AS n, min(due_at) AS oldest FROM wf_task WHERE state IN ('OPEN', 'CLAIMED') AND overdue_at IS NULL AND due_at IS NOT NULL AND due_at <= $1`,
      [now],
    );
    const age = (at: Date | null | undefined): number => (at ? Math.max(0, (now.getTime() - new Date(at).getTime()) / 1000) : 0);
    lines.push('# HELP wb_outbox_unpublished_events Domain events not yet fanned out to their consumers.', '# TYPE wb_outbox_unpublished_events gauge');
    lines.push(`wb_outbox_unpublished_events ${Number(events?.n ?? 0)}`);
    lines.push('# HELP wb_outbox_unpublished_age_seconds Age of the oldest event not yet fanned out (outbox job lag).', '# TYPE wb_outbox_unpublished_age_seconds gauge');
    lines.push(`wb_outbox_unpublished_age_seconds ${age(events?.oldest).toFixed(3)}`);
    lines.push('# HELP wb_outbox_deliveries Deliveries per consumer and state (PENDING is the queue, DEAD the dead letters).', '# TYPE wb_outbox_deliveries gauge');
    for (const d of deliveries) {
      lines.push(`wb_outbox_deliveries${labels({ consumer: d.consumer, state: 'pending' })} ${Number(d.pending)}`);
      lines.push(`wb_outbox_deliveries${labels({ consumer: d.consumer, state: 'dead' })} ${Number(d.dead)}`);
    }
    lines.push('# HELP wb_outbox_delivery_lag_seconds How long the oldest due delivery of a consumer has waited.', '# TYPE wb_outbox_delivery_lag_seconds gauge');
    for (const d of deliveries) lines.push(`wb_outbox_delivery_lag_seconds${labels({ consumer: d.consumer })} ${age(d.oldest_due).toFixed(3)}`);
    lines.push('# HELP wb_sla_sweep_pending_tasks Open tasks past their due time that the SLA sweep has not flagged yet.', '# TYPE wb_sla_sweep_pending_tasks gauge');
    lines.push(`wb_sla_sweep_pending_tasks ${Number(overdue?.n ?? 0)}`);
    lines.push('# HELP wb_sla_sweep_lag_seconds Since when the oldest of those has been due (SLA sweep lag).', '# TYPE wb_sla_sweep_lag_seconds gauge');
    lines.push(`wb_sla_sweep_lag_seconds ${age(overdue?.oldest).toFixed(3)}`);
  return lines;
}
