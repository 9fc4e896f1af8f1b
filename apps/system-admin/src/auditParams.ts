import type { AuditFilters } from './api/queries.ts';

const RESULTS = ['success', 'failure', 'denied'] as const;
const ZONES = ['intranet', 'internet'] as const;
const MAX_PAGE = 10_000;

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

function text(value: string | null): string | undefined {
  const trimmed = value?.trim().slice(0, 64);
  return trimmed ? trimmed : undefined;
}

function timestamp(value: string | null): string | undefined {
  return value && !Number.isNaN(Date.parse(value)) ? value : undefined;
}

/** The audit filters kept in the URL (`?actor=&action=&result=&zone=&from=&to=&page=`); bad values are dropped. */
export function parseAuditParams(search: URLSearchParams): AuditFilters {
  const page = Number(search.get('page') ?? '1');
  return {
    actor: text(search.get('actor')),
    action: text(search.get('action')),
    result: oneOf(RESULTS, search.get('result')),
    zone: oneOf(ZONES, search.get('zone')),
    from: timestamp(search.get('from')),
    to: timestamp(search.get('to')),
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

export function auditQueryString(filters: AuditFilters): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === undefined || (key === 'page' && value === 1)) continue;
    query.set(key, String(value));
  }
  const textValue = query.toString();
  return textValue === '' ? '' : `?${textValue}`;
}
