import { createServiceClient } from '@wb/sdk';
import type { SearchResult } from '@wb/contracts/search';

/** `GET /api/search` (platform route, ADR 0066); a refusal rejects with the server's Chinese message. */
export type SearchFn = (q: string, signal: AbortSignal) => Promise<SearchResult>;

export function createSearchFn(): SearchFn {
  const client = createServiceClient('/api');
  return (q, signal) => client.get<SearchResult>('/search', { query: { q }, signal });
}
