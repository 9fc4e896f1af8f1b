import type { Queryable } from '@wb/server-kit';

/** Structurally the registry's `RolloutTargets`; identity does not import the registry. */
export interface RolloutTargets {
  orgUnits: Array<{ code: string; name: string; parentCode: string | null }>;
  posts: Array<{ code: string; name: string }>;
}

/**
 * The org units and posts a rollout may target (`PUT /apps/:id/rollout`, approving as a pilot), for the
 * registry's platform descriptor (`GET /api/registry/platform`, ADR 0023). Identity owns the tables; the
 * registry never imports services, so the composition root (modules.ts) hands this reader to it. Active ones only, the
 * org tree in path order.
 */
export async function readRolloutTargets(db: Queryable): Promise<RolloutTargets> {
  const [orgUnits, posts] = await Promise.all([
    db.query<{ code: string; name: string; parentCode: string | null }>(
      `SELECT code, name, parent_code AS "parentCode" FROM org_unit WHERE status = 'active' ORDER BY path`,
    ),
    db.query<{ code: string; name: string }>(`SELECT code, name FROM post WHERE status = 'active' ORDER BY code`),
  ]);
  return { orgUnits, posts };
}
