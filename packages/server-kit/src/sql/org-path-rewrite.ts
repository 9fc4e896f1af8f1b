/**
 * When an org unit moves or is merged (系统管理, issue 20, ADR 0058), every module's copies of its materialized org
 * path move with it, in the transaction of the move: rows of the unit and its subtree carry the new path, so data
 * scope follows the unit. One statement shape for every table (`/a/b` moves `/a/b` and `/a/b/…`, never `/a/bc`).
 */
import type { Queryable } from '../db/types.ts';

/** Rewrites `oldPath` and everything below it to `newPath`; `targets` names what it rewrites. */
export interface OrgPathRewriter {
  (tx: Queryable, oldPath: string, newPath: string): Promise<void>;
  /** `table` (its `org_path` column) or `table.column`, in the order they are rewritten. */
  readonly targets: readonly string[];
}

const TARGET = /^([a-z_][a-z0-9_]*)(?:\.([a-z_][a-z0-9_]*))?$/;

/** The rewriter of `targets`: `'ticket'` rewrites `ticket.org_path`, `'wf_task.cand_org_path'` that column. */
export function orgPathRewriter(...targets: string[]): OrgPathRewriter {
  const statements = targets.map((target) => {
    const match = TARGET.exec(target);
    if (!match) throw new Error(`not a table or table.column: ${target}`);
    const [, table, column = 'org_path'] = match;
    return `UPDATE ${table} SET ${column} = $2 || substr(${column}, length($1) + 1) WHERE ${column} = $1 OR starts_with(${column}, $1 || '/')`;
  });
  const rewrite = async (tx: Queryable, oldPath: string, newPath: string): Promise<void> => {
    for (const sql of statements) await tx.query(sql, [oldPath, newPath]);
  };
  return Object.assign(rewrite, { targets: [...targets] });
}
