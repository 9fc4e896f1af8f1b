import type { Queryable, SqlConditions } from '@wb/server-kit';
import { identityDirectory } from '../identity/index.ts';

/**
 * Narrows `where` to the rows of an org unit's subtree (欠费台账, 解款, 催费 by unit; ADR 0114): the code is resolved
 * to the unit's path first, so the column's index serves the filter; an unknown code matches no row.
 */
export async function whereUnderUnit(q: Queryable, where: SqlConditions, column: string, orgUnitCode: string | undefined): Promise<void> {
  if (orgUnitCode) where.subtree(column, (await identityDirectory.orgUnit(q, orgUnitCode))?.path);
}
