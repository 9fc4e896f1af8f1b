import type { CustomerDetail, CustomerSearchQuery, CustomerSearchResult, CustomerSummary, SearchField } from '@wb/contracts';

/** What `auto` resolves to for one query string. */
export type ResolvedField = Exclude<SearchField, 'auto'> | 'nameOrAddress' | 'namePrefix';

/** Below this many characters the service cannot use its trigram indexes (services/src/customer/search-sql.ts). */
const TRIGRAM_MIN = 3;

/**
 * The customer service's search rules, mirrored for the mocks:
 * auto → up to 10 digits: 户号 prefix; 11 digits starting with 1: phone (exact); one or two other
 * characters: 户名 prefix; anything else: 户名 or 用电地址 contains. An explicit field searches that field
 * only (户号 prefix, phone exact, name/address contains; a one- or two-character name is a prefix).
 */
export function resolveSearchField(q: string, field: SearchField): ResolvedField {
  const short = [...q].length < TRIGRAM_MIN;
  if (field === 'name' && short) return 'namePrefix';
  if (field !== 'auto') return field;
  if (/^\d{1,10}$/.test(q)) return 'consNo';
  if (/^1\d{10}$/.test(q)) return 'phone';
  return short ? 'namePrefix' : 'nameOrAddress';
}

function matches(customer: CustomerDetail, q: string, field: ResolvedField): boolean {
  switch (field) {
    case 'consNo':
      return customer.consNo.startsWith(q);
    case 'phone':
      return customer.phone === q;
    case 'name':
      return customer.name.includes(q);
    case 'namePrefix':
      return customer.name.startsWith(q);
    case 'address':
      return customer.address.includes(q);
    case 'nameOrAddress':
      return customer.name.includes(q) || customer.address.includes(q);
  }
}

export function toSummary(customer: CustomerDetail): CustomerSummary {
  const { consNo, name, address, phone, elecType, elecTypeName, voltageCode, voltageName, status, orgUnitName } = customer;
  return { consNo, name, address, phone, elecType, elecTypeName, voltageCode, voltageName, status, orgUnitName };
}

/**
 * One page of matches, ordered by 户号. `totalCap` mimics the service's bounded count: beyond it the total
 * stops at the cap and `capped` is true. An empty query matches everyone.
 */
export function searchCustomers(
  customers: readonly CustomerDetail[],
  query: CustomerSearchQuery,
  totalCap = 10_000,
): CustomerSearchResult {
  const q = query.q.trim();
  const field = resolveSearchField(q, query.field);
  const found = q === '' ? [...customers] : customers.filter((c) => matches(c, q, field));
  found.sort((a, b) => a.consNo.localeCompare(b.consNo));
  const start = (query.page - 1) * query.pageSize;
  return {
    items: found.slice(start, start + query.pageSize).map(toSummary),
    page: query.page,
    pageSize: query.pageSize,
    total: Math.min(found.length, totalCap),
    capped: found.length > totalCap,
  };
}
