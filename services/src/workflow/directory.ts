/**
 * How the engine resolves candidates and names: identity's directory port (org units, users, posts, roles —
 * never identity's tables by SQL, ADR 0026, ADR 0069) and the workflow's own org-leader table. Read models take
 * their display names from `displayNames`, one call per page or DTO batch, after their own SQL.
 */
import type { Queryable } from '@wb/server-kit';
import { identityDirectory } from '../identity/index.ts';

export type { DisplayNames, NameRequest, OrgUnit } from '../identity/index.ts';

export const { orgUnit, orgUnitUp, activeUser, postExists, roleExists, postHolders, roleHolders, onOrgLine, displayNames } = identityDirectory;

/** The escalation target: the leader configured for the org unit or its nearest ancestor. */
export async function leaderOf(q: Queryable, orgUnitCode: string): Promise<string | null> {
  const unit = await orgUnit(q, orgUnitCode);
  const codes = unit ? unit.path.split('/').filter(Boolean) : [orgUnitCode];
  const rows = await q.query<{ org_unit_code: string; username: string }>(
    'SELECT org_unit_code, username FROM wf_org_leader WHERE org_unit_code = ANY($1::text[])',
    [codes],
  );
  for (const code of [...codes].reverse()) {
    const hit = rows.find((r) => r.org_unit_code === code);
    if (hit) return hit.username;
  }
  return null;
}
