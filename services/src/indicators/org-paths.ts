/**
 * When an org unit moves (系统管理, issue 20, ADR 0058), this module's copies of org paths move with it, in the
 * transaction of the move: rows of the unit and its subtree carry the new path, so data scope follows the unit.
 * Wired by the composition root (services/src/org-path-rewriters.ts).
 */
import type { Queryable } from '@wb/server-kit';

const STATEMENTS = [
  `UPDATE ind_fact SET org_path = $2 || substr(org_path, length($1) + 1) WHERE org_path = $1 OR starts_with(org_path, $1 || '/')`,
  `UPDATE ind_fact_month SET org_path = $2 || substr(org_path, length($1) + 1) WHERE org_path = $1 OR starts_with(org_path, $1 || '/')`,
  `UPDATE ind_item SET org_path = $2 || substr(org_path, length($1) + 1) WHERE org_path = $1 OR starts_with(org_path, $1 || '/')`,
  `UPDATE ind_recent SET org_path = $2 || substr(org_path, length($1) + 1) WHERE org_path = $1 OR starts_with(org_path, $1 || '/')`,
];

/** Rewrites `oldPath` and everything below it to `newPath` in this module's tables. */
export async function rewriteIndicatorOrgPaths(tx: Queryable, oldPath: string, newPath: string): Promise<void> {
  for (const sql of STATEMENTS) await tx.query(sql, [oldPath, newPath]);
}
