/**
 * 工单时限配置 (ADR 0039): operators override the contract's default SLA limits per rule key in `ticket_sla_rule`
 * and may return a rule to its default. Each write takes If-Match on the rule's version (0 while the default
 * applies) and is answered with the rule as it now is. A change applies to tickets accepted afterwards; running
 * clocks keep the due times they started with (`clocks` on the ticket row).
 */
import { DEFAULT_SLA_RULES, type SlaRuleEntry, type SlaClockRule, type SlaRuleUpdate } from '@wb/contracts/ticket';
import { ErrorCode } from '@wb/contracts';
import { AppError, assertVersion, preconditionRequired } from '@wb/server-kit';
import type { Db, Queryable } from '@wb/server-kit';

interface SlaRuleRow {
  key: string;
  name: string;
  clocks: SlaClockRule[];
  verified: boolean;
  source: string;
  version: number;
  updated_at: Date | string;
  updated_by: string | null;
}

const defaultsOf = (key: string) => DEFAULT_SLA_RULES.find((d) => d.key === key) ?? null;

function toEntry(key: string, row: SlaRuleRow | undefined): SlaRuleEntry {
  const defaults = defaultsOf(key);
  if (!row) {
    if (!defaults) throw new AppError(404, ErrorCode.NotFound, '未找到该时限规则');
    return { ...defaults, overridden: false, version: 0, updatedAt: null, updatedBy: null, defaults };
  }
  return {
    key,
    name: row.name,
    clocks: row.clocks,
    verified: row.verified,
    source: row.source,
    overridden: true,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
    updatedBy: row.updated_by,
    defaults,
  };
}

/** Every rule in effect: the defaults in the contract's order, then keys only the table knows. */
export async function listSlaRuleEntries(q: Queryable): Promise<SlaRuleEntry[]> {
  const rows = await q.query<SlaRuleRow>('SELECT * FROM ticket_sla_rule ORDER BY key');
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const known = DEFAULT_SLA_RULES.map((d) => toEntry(d.key, byKey.get(d.key)));
  return [...known, ...rows.filter((r) => !defaultsOf(r.key)).map((r) => toEntry(r.key, r))];
}

/** The rule locked for a write: 404 for an unknown key, then If-Match (428 absent, 412 stale). */
async function lockRule(tx: Queryable, key: string, version: number | undefined): Promise<SlaRuleRow | undefined> {
  const [row] = await tx.query<SlaRuleRow>('SELECT * FROM ticket_sla_rule WHERE key = $1 FOR UPDATE', [key]);
  if (!row && !defaultsOf(key)) throw new AppError(404, ErrorCode.NotFound, '未找到该时限规则');
  if (version === undefined) throw preconditionRequired();
  assertVersion(version, row?.version ?? 0, '该时限规则已被他人修改，请刷新后重试');
  return row;
}

export interface SlaRuleWrite {
  before: SlaRuleEntry;
  after: SlaRuleEntry;
}

/** Overrides one rule's clocks (the name stays the contract's; an operator-set rule counts as verified by its source). */
export async function saveSlaRule(db: Db, key: string, input: SlaRuleUpdate & { source: string }, version: number | undefined, username: string, now: Date): Promise<SlaRuleWrite> {
  return db.transaction(async (tx) => {
    const row = await lockRule(tx, key, version);
    const before = toEntry(key, row);
    const [saved] = await tx.query<SlaRuleRow>(
      `INSERT INTO ticket_sla_rule (key, name, clocks, verified, source, updated_at, updated_by, version)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7, 1)
       ON CONFLICT (key) DO UPDATE SET clocks = EXCLUDED.clocks, verified = EXCLUDED.verified, source = EXCLUDED.source,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by, version = ticket_sla_rule.version + 1
       RETURNING *`,
      [key, before.name, JSON.stringify(input.clocks), input.source !== '', input.source, now, username],
    );
    return { before, after: toEntry(key, saved) };
  });
}

/** Returns a rule to the contract's default (deletes the override). */
export async function resetSlaRule(db: Db, key: string, version: number | undefined): Promise<SlaRuleWrite> {
  return db.transaction(async (tx) => {
    const row = await lockRule(tx, key, version);
    const before = toEntry(key, row);
    if (!defaultsOf(key)) throw new AppError(409, ErrorCode.Conflict, '该时限规则没有默认值，不能恢复默认');
    if (row) await tx.query('DELETE FROM ticket_sla_rule WHERE key = $1', [key]);
    return { before, after: toEntry(key, undefined) };
  });
}
