/**
 * What 全局搜索 (services/src/search, ADR 0066) reads of 95598: the ticket list's own text match (工单号, 户号,
 * 户名, 联系人, 地址, 内容 contained) over every view, within the caller's `ticket` scope, newest first. Phones
 * stay masked as in the list. Read-only.
 */
import type { TicketSummary } from '@wb/contracts/ticket';
import type { Queryable } from '@wb/server-kit';
import { listTickets, toSummary } from './repository.ts';
import type { TicketScope } from './scope.ts';

export async function ticketsForSearch(
  q: Queryable,
  text: string,
  scope: TicketScope | undefined,
  username: string,
  now: Date,
  limit: number,
): Promise<{ items: TicketSummary[]; total: number }> {
  const { rows, total } = await listTickets(q, { view: 'all', q: text, page: 1, pageSize: limit }, scope, username, now);
  return { items: rows.map((row) => toSummary(row, now)), total };
}
