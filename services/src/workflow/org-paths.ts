/**
 * When an org unit moves (系统管理, issue 20, ADR 0058), this module's copies of org paths move with it, in the
 * transaction of the move: rows of the unit and its subtree carry the new path, so data scope follows the unit.
 * Wired by the composition root (services/src/org-path-rewriters.ts).
 */
import { orgPathRewriter, type Queryable } from '@wb/server-kit';
import { orgUnit } from './directory.ts';

/** Rewrites `oldPath` and everything below it to `newPath` in this module's tables. */
export const rewriteWorkflowOrgPaths = orgPathRewriter('wf_instance', 'wf_task.cand_org_path');

/**
 * Fills `wf_task.cand_org_path` of the tasks written before the column existed (workflow/007), from identity's
 * directory port: one lookup per distinct candidate org unit, one UPDATE each. Run when the service starts; a
 * no-op once every row is filled (a partial index finds the rest). Returns the number of rows filled.
 */
export async function backfillCandOrgPaths(db: Queryable): Promise<number> {
  const pending = await db.query<{ cand_org: string }>('SELECT DISTINCT cand_org FROM wf_task WHERE cand_org IS NOT NULL AND cand_org_path IS NULL');
  let filled = 0;
  for (const { cand_org: code } of pending) {
    const unit = await orgUnit(db, code);
    if (!unit) continue;
    filled += (await db.query('UPDATE wf_task SET cand_org_path = $2 WHERE cand_org = $1 AND cand_org_path IS NULL RETURNING 1', [code, unit.path])).length;
  }
  return filled;
}
