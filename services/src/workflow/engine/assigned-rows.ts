/**
 * Data scope ASSIGNED (ADR 0073): the business items whose workflow instances have or had a task assigned to
 * the user, completed or otherwise acted on by them (the history: claimed, transferred, returned), or offered
 * to them as a candidate (by name, by a role they hold, or by a post they hold in its org unit — under any of
 * their posts, as the inbox counts them). Per resource type, through the domains bound to the engine
 * (`scopeResource` → process keys); a type no domain serves has no such rows. The identity plugin asks this
 * per request for users holding the rule, so a task assigned a moment ago counts.
 */
import type { Principal, Queryable } from '@wb/server-kit';
import { candidateSql, postKey } from './assignment.ts';
import type { EngineContext } from './context.ts';

export async function assignedBusinessKeys(ctx: EngineContext, q: Queryable, actor: Principal, resourceTypes: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>(resourceTypes.map((type) => [type, []]));
  const processType = new Map<string, string>();
  for (const domain of ctx.domains.values()) if (result.has(domain.scopeResource)) for (const key of domain.processKeys) processType.set(key, domain.scopeResource);
  if (processType.size === 0) return result;
  const who = candidateSql('t', { username: '$2', posts: '$3', roles: '$4' });
  const rows = await q.query<{ process_key: string; business_key: string }>(
    `SELECT DISTINCT i.process_key, i.business_key FROM wf_instance i
      WHERE i.process_key = ANY($1::text[])
        AND (EXISTS (SELECT 1 FROM wf_task t WHERE t.instance_id = i.id AND (t.assignee = $2 OR t.completed_by = $2 OR ${who}))
             OR EXISTS (SELECT 1 FROM wf_history h WHERE h.instance_id = i.id AND h.actor = $2 AND h.task_id IS NOT NULL))`,
    [[...processType.keys()], actor.username, actor.posts.map(postKey), actor.roles],
  );
  for (const row of rows) result.get(processType.get(row.process_key) ?? '')?.push(row.business_key);
  for (const keys of result.values()) keys.sort();
  return result;
}
