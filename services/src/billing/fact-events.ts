/**
 * Billing's domain events (ADR 0061, contract `BILLING_FACT_TOPICS` in @wb/contracts/billing): written to the workflow
 * outbox in the transaction that changes 应收, 实收, 欠费, 抄表 or 停复电, so a consumer (营销运营监测) learns of every
 * change exactly when it commits. Each event names the 供电所, the 应收年月 and the orders it changed.
 */
import { billingFactEventSchema, type BillingFactEvent, type BillingFactTopic } from '@wb/contracts/billing';
import type { Queryable } from '@wb/server-kit';
import { insertEvents } from '../workflow/index.ts';

/** The outbox rows of `events`: one per 供电所, naming its months and orders (events naming nothing are dropped). */
export function billingFactRows(topic: BillingFactTopic, events: readonly BillingFactEvent[]): Array<{ topic: BillingFactTopic; payload: Record<string, unknown> }> {
  const byOrg = new Map<string, { yms: Set<string>; orderIds: Set<string>; text: string | undefined }>();
  for (const event of events) {
    const e = billingFactEventSchema.parse(event);
    const entry = byOrg.get(e.orgUnitCode) ?? { yms: new Set<string>(), orderIds: new Set<string>(), text: e.text };
    for (const ym of e.yms) entry.yms.add(ym);
    for (const id of e.orderIds) entry.orderIds.add(id);
    byOrg.set(e.orgUnitCode, entry);
  }
  return [...byOrg]
    .filter(([, e]) => e.yms.size > 0 || e.orderIds.size > 0)
    .map(([orgUnitCode, e]) => ({
      topic,
      payload: { orgUnitCode, yms: [...e.yms].sort(), orderIds: [...e.orderIds].sort(), ...(e.text ? { text: e.text } : {}) },
    }));
}

/** Writes one event per 供电所 (events naming nothing are dropped). */
export async function emitBillingFacts(tx: Queryable, topic: BillingFactTopic, events: readonly BillingFactEvent[], at: Date): Promise<void> {
  await insertEvents(tx, billingFactRows(topic, events), at);
}

/** The event of receivables changed (by id): their 供电所 and 年月 are read back, in the same transaction. */
export async function emitReceivableFacts(tx: Queryable, topic: BillingFactTopic, receivableIds: readonly string[], at: Date, extra: { orderIds?: string[]; text?: string } = {}): Promise<void> {
  const rows = receivableIds.length
    ? await tx.query<{ org_unit_code: string; ym: string }>('SELECT DISTINCT org_unit_code, ym FROM billing_receivable WHERE id = ANY($1::bigint[])', [[...receivableIds]])
    : [];
  const events: BillingFactEvent[] = rows.map((r) => ({ orgUnitCode: r.org_unit_code, yms: [r.ym], ...(extra.text ? { text: extra.text } : {}) }));
  if (extra.orderIds?.length) {
    const orders = await tx.query<{ id: string; org_unit_code: string }>('SELECT id::text AS id, org_unit_code FROM billing_order WHERE id = ANY($1::bigint[])', [extra.orderIds]);
    for (const o of orders) events.push({ orgUnitCode: o.org_unit_code, orderIds: [o.id], ...(extra.text ? { text: extra.text } : {}) });
  }
  await emitBillingFacts(tx, topic, events, at);
}
