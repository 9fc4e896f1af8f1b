/**
 * The identity module's org tree for other modules' read models (ADR 0026, 0061): every active org unit in the
 * tree's display order. Runs in the caller's connection or transaction (`q`); read-only.
 */
import type { Queryable } from '@wb/server-kit';

export interface OrgTreeUnit {
  code: string;
  name: string;
  type: string;
  parentCode: string | null;
  path: string;
}

export async function activeOrgUnits(q: Queryable): Promise<OrgTreeUnit[]> {
  const rows = await q.query<{ code: string; name: string; type: string; parent_code: string | null; path: string }>(
    `SELECT code, name, type, parent_code, path FROM org_unit WHERE status = 'active' ORDER BY sort_no, code`,
  );
  return rows.map((r) => ({ code: r.code, name: r.name, type: r.type, parentCode: r.parent_code, path: r.path }));
}
