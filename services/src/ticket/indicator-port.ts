/**
 * What 营销运营监测 reads of 95598 工单 (ADR 0026, 0061): a ticket's type, unit, times, 回访 outcome and clocks, by
 * ticket number or all of them (the rebuild). Runs in the caller's transaction; read-only.
 */
import type { Queryable } from '@wb/server-kit';

export interface TicketForIndicators {
  ticketNo: string;
  type: string;
  orgUnitCode: string;
  orgPath: string;
  acceptedAt: Date;
  closedAt: Date | null;
  revisitOutcome: string | null;
  clocks: Array<{ clock: string; dueAt: string; stoppedAt: string | null }>;
}

/** `ticketNos` null: every ticket. */
export async function ticketsForIndicators(q: Queryable, ticketNos: readonly string[] | null): Promise<TicketForIndicators[]> {
  const rows = await q.query<{
    ticket_no: string; type: string; org_unit_code: string; org_path: string; accepted_at: string | Date; closed_at: string | Date | null;
    revisit_outcome: string | null; clocks: TicketForIndicators['clocks'] | string;
  }>(
    `SELECT ticket_no, type, org_unit_code, org_path, accepted_at, closed_at, revisit_outcome, clocks FROM ticket
      ${ticketNos ? 'WHERE ticket_no = ANY($1::text[])' : ''}`,
    ticketNos ? [[...ticketNos]] : [],
  );
  return rows.map((r) => ({
    ticketNo: r.ticket_no, type: r.type, orgUnitCode: r.org_unit_code, orgPath: r.org_path, acceptedAt: new Date(r.accepted_at),
    closedAt: r.closed_at ? new Date(r.closed_at) : null, revisitOutcome: r.revisit_outcome,
    clocks: typeof r.clocks === 'string' ? (JSON.parse(r.clocks) as TicketForIndicators['clocks']) : r.clocks,
  }));
}
