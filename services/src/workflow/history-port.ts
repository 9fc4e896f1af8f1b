/**
 * The engine's history for other modules' read models (ADR 0026, 0061): the milestones of instances — suspensions,
 * resumptions and the completions of named nodes — in order. Runs in the caller's transaction (`q`); read-only.
 */
import type { Queryable } from '@wb/server-kit';

export interface InstanceMilestone {
  instanceId: string;
  action: 'SUSPEND' | 'RESUME' | 'COMPLETE';
  fromNode: string | null;
  at: Date;
}

/** `instanceIds` are the instances' ids (uuid text); compared as uuids, so the history's instance index serves. */
export async function instanceMilestones(q: Queryable, instanceIds: readonly string[], completedNodes: readonly string[]): Promise<InstanceMilestone[]> {
  if (instanceIds.length === 0) return [];
  const rows = await q.query<{ instance_id: string; action: InstanceMilestone['action']; from_node: string | null; at: string | Date }>(
    `SELECT instance_id::text AS instance_id, action, from_node, at FROM wf_history
      WHERE instance_id = ANY($1::uuid[]) AND (action IN ('SUSPEND', 'RESUME') OR (action = 'COMPLETE' AND from_node = ANY($2::text[])))
      ORDER BY at, id`,
    [[...instanceIds], [...completedNodes]],
  );
  return rows.map((r) => ({ instanceId: r.instance_id, action: r.action, fromNode: r.from_node, at: new Date(r.at) }));
}
