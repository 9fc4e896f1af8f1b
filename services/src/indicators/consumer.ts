/**
 * The consumer of the domain-event stream (ADR 0047): `indicators.facts` on the workflow outbox. Each event names
 * business items — the engine's events their business key (业扩 application `YK…`, 95598 ticket), billing's fact
 * events (`BILLING_FACT_TOPICS`, ADR 0061) their units, months and 复电 orders — and the items are refreshed from
 * their owners' ports (sources.ts) in the dispatcher's transaction (store.ts). Idempotent: a repeated delivery re-reads the same state and adds nothing.
 * Billing's unit-months and units are only marked here and refreshed by the drainer, once per interval however many
 * events named them (coalesce.ts, ADR 0076); the 大屏's feed line is written at once.
 */
import { BILLING_FACT_TOPICS, BILLING_FACT_TOPIC_LIST } from '@wb/contracts/billing';
import type { Queryable } from '@wb/server-kit';
import { identityDirectory } from '../identity/index.ts';
import type { OutboxEvent, WorkflowEngine } from '../workflow/index.ts';
import { COALESCED_KINDS, RECEIVABLES_ONLY, markDirty, markDirtySql } from './coalesce.ts';
import type { SourceKind } from './sources.ts';
import { refresh } from './store.ts';

export const FACTS_CONSUMER = 'indicators.facts';
/**
 * Billing's events before ADR 0061 (payments and order completions only); still read so a backlog written by an
 * older version is not lost. Billing now writes the topics of `BILLING_FACT_TOPICS` (same payload).
 */
export const BILLING_CHANGED = 'billing.changed';
const BILLING_TOPICS = new Set<string>([BILLING_CHANGED, ...BILLING_FACT_TOPIC_LIST]);
/** Billing's events that change receivables but no reading: their months are refreshed from the receivables only. */
const RECEIVABLE_ONLY_TOPICS = new Set<string>([BILLING_FACT_TOPICS.paid, BILLING_FACT_TOPICS.reversed]);

export const FACT_TOPICS = [
  'instance.started',
  'instance.ended',
  'instance.suspended',
  'instance.resumed',
  'task.completed',
  'task.returned',
  'task.withdrawn',
  BILLING_CHANGED,
  ...BILLING_FACT_TOPIC_LIST,
] as const;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : []);

/** What an event asks to refresh, and the line the 大屏 shows for it (null: none). */
export function targetsOf(event: OutboxEvent): { yk: string[]; ticket: string[]; bill: string[]; order: string[]; unit: string[]; line: string | null } {
  const out = { yk: [] as string[], ticket: [] as string[], bill: [] as string[], order: [] as string[], unit: [] as string[], line: null as string | null };
  const p = event.payload;
  if (BILLING_TOPICS.has(event.topic)) {
    const org = typeof p.orgUnitCode === 'string' ? p.orgUnitCode : '';
    if (org) {
      out.bill = strings(p.yms).map((ym) => `${org}:${ym}`);
      out.unit = [org];
    }
    out.order = strings(p.orderIds);
    out.line = typeof p.text === 'string' ? p.text : null;
    return out;
  }
  const key = typeof p.businessKey === 'string' ? p.businessKey : '';
  const kind = /^YK[0-9]{13}$/.test(key) ? 'yk' : /^[0-9]{16}$/.test(key) ? 'ticket' : null;
  if (!kind) return out;
  out[kind] = [key];
  const what = kind === 'yk' ? '业扩申请' : '工单';
  if (event.topic === 'instance.started') out.line = `新受理${what} ${key}`;
  else if (event.topic === 'instance.ended') out.line = `${what} ${key} 办结`;
  else if (event.topic === 'instance.suspended') out.line = `${what} ${key} 暂停`;
  return out;
}

export function registerFactsConsumer(
  engine: Pick<WorkflowEngine, 'consume' | 'holidays'>,
  options: { now: () => Date; onChange: () => void; onMarked: () => void },
): () => void {
  return engine.consume(FACTS_CONSUMER, FACT_TOPICS, async (event, tx: Queryable) => {
    const t = targetsOf(event);
    const at = options.now();
    let changed = 0;
    const marks: Array<{ kind: SourceKind; key: string }> = [];
    for (const kind of ['yk', 'ticket', 'bill', 'order', 'unit'] as const) {
      if (!t[kind].length) continue;
      if (!COALESCED_KINDS.has(kind)) {
        changed += await refresh(tx, kind, t[kind], await engine.holidays(tx), at);
        continue;
      }
      // A payment or its 冲正 changed the months' receivables, never a reading (ADR 0090).
      const suffix = kind === 'bill' && RECEIVABLE_ONLY_TOPICS.has(event.topic) ? RECEIVABLES_ONLY : '';
      for (const key of new Set(t[kind])) marks.push({ kind, key: `${key}${suffix}` });
    }
    // The 大屏's feed shows what happens now: events replayed late (a backlog after a restart, backdated seeding) are
    // counted in the facts but not announced.
    const fresh = at.getTime() - Date.parse(event.createdAt) < 10 * 60_000;
    if (t.line && fresh) {
      const keyKind = t.yk.length ? 'yk' : t.ticket.length ? 'ticket' : t.unit.length ? 'unit' : null;
      const key = t.yk[0] ?? t.ticket[0] ?? t.unit[0] ?? '';
      const unit = t.unit[0] ? await identityDirectory.orgUnit(tx, t.unit[0]) : null;
      // The marks, the line (placed by its item's org path) and the feed trimmed to the last 200, in one statement
      // (ADR 0090). The marks' time is a parameter only when there are marks: PostgreSQL refuses a parameter the
      // statement does not name. The trim skips lines another delivery's transaction is trimming: two instances'
      // dispatchers trimmed the same oldest lines and the second waited for the first's commit (P11's most waiting
      // statement, ADR 0105); a line skipped now goes with a later trim.
      const params: unknown[] = [new Date(event.createdAt), keyKind, key, unit ? `${unit.name} ${t.line}` : t.line];
      if (marks.length) params.push(at);
      await tx.query(
        `WITH ${marks.length ? `marks AS (${markDirtySql(marks, params, '$5::timestamptz')}), ` : ''}feed_line AS (
           INSERT INTO ind_recent (at, org_path, text)
           VALUES ($1, COALESCE((SELECT org_path FROM ind_item WHERE kind = $2 AND item_key = $3), ''), $4) RETURNING id
         )
         DELETE FROM ind_recent WHERE id IN (SELECT id FROM ind_recent WHERE id < (SELECT id - 200 FROM feed_line) FOR UPDATE SKIP LOCKED)`,
        params,
      );
    } else if (marks.length) {
      await markDirty(tx, marks, at);
    }
    if (marks.length) options.onMarked();
    if (changed || (t.line && fresh)) options.onChange();
  });
}
