import { inboxBoxSchema, slaStateSchema } from '@wb/contracts/workflow';
import type { InboxBox, SlaState } from '@wb/contracts/workflow';
import { INBOX_PATH } from '../routing/paths.ts';

export { INBOX_PATH };


/** What the inbox shows, kept in the URL (`/inbox?box=todo&processKey=…`) so that it survives reload and back. */
export interface InboxFilters {
  box: InboxBox;
  processKey?: string | undefined;
  slaState?: SlaState | undefined;
  orgUnitCode?: string | undefined;
  q?: string | undefined;
  page: number;
}

const text = (value: string | null): string | undefined => {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
};

/** Reads the filters from a query string; unknown or malformed values fall back to the defaults. */
export function parseInboxSearch(search: string): InboxFilters {
  const params = new URLSearchParams(search);
  const box = inboxBoxSchema.safeParse(params.get('box'));
  const sla = slaStateSchema.safeParse(params.get('slaState'));
  const page = Number(params.get('page'));
  return {
    box: box.success ? box.data : 'todo',
    processKey: text(params.get('processKey')),
    slaState: sla.success ? sla.data : undefined,
    orgUnitCode: text(params.get('orgUnitCode')),
    q: text(params.get('q')),
    page: Number.isInteger(page) && page >= 1 ? page : 1,
  };
}

/** The inbox URL of `filters` (defaults left out, in a stable order). */
export function inboxUrl(filters: InboxFilters): string {
  const params = new URLSearchParams();
  params.set('box', filters.box);
  if (filters.processKey) params.set('processKey', filters.processKey);
  if (filters.slaState) params.set('slaState', filters.slaState);
  if (filters.orgUnitCode) params.set('orgUnitCode', filters.orgUnitCode);
  if (filters.q) params.set('q', filters.q);
  if (filters.page > 1) params.set('page', String(filters.page));
  return `${INBOX_PATH}?${params.toString()}`;
}

/** The `GET /inbox` query of `filters` (inboxQuerySchema). */
export function inboxQuery(filters: InboxFilters, pageSize = 20): Record<string, string | number | undefined> {
  return {
    box: filters.box,
    processKey: filters.processKey,
    slaState: filters.slaState,
    orgUnitCode: filters.orgUnitCode,
    q: filters.q,
    page: filters.page,
    pageSize,
  };
}
