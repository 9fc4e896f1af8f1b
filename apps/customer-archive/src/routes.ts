import { consNoSchema, searchFieldSchema } from '@wb/contracts';
import type { SearchField } from '@wb/contracts';
import type { RouteMatch, RouteTable } from '@wb/sdk';

/** The search state, kept in the URL (`?q=&field=&page=`) so that reload and back/forward restore it. */
export interface SearchParams {
  q: string;
  field: SearchField;
  page: number;
}

/** Routes below the basePath (SDK `matchRoutes` patterns, ADR 0027). */
export const ROUTES = {
  search: '',
  detail: '/customers/:consNo',
} as const satisfies RouteTable<string>;

export type ArchiveRoute =
  | { kind: 'search'; params: SearchParams }
  /** `back` is the search the user came from, carried in the detail URL's query. */
  | { kind: 'detail'; consNo: string; valid: boolean; back: SearchParams }
  | { kind: 'notFound' };

const MAX_PAGE = 10_000;

export function parseSearchParams(search: URLSearchParams): SearchParams {
  const field = searchFieldSchema.safeParse(search.get('field') ?? 'auto');
  const page = Number(search.get('page') ?? '1');
  return {
    q: (search.get('q') ?? '').slice(0, 64),
    field: field.success ? field.data : 'auto',
    page: Number.isInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1,
  };
}

/** The page of a route match (the SDK's one result shape) with its typed, validated parameters. */
export function toArchiveRoute(match: RouteMatch<keyof typeof ROUTES> | null): ArchiveRoute {
  if (!match) return { kind: 'notFound' };
  const params = parseSearchParams(match.search);
  if (match.route === 'search') return { kind: 'search', params };
  const consNo = match.params['consNo'] ?? '';
  return { kind: 'detail', consNo, valid: consNoSchema.safeParse(consNo).success, back: params };
}

/** Query string of the search state, leaving out defaults so that URLs stay short. */
function toQueryString(params: SearchParams): string {
  const query = new URLSearchParams();
  if (params.q !== '') query.set('q', params.q);
  if (params.field !== 'auto') query.set('field', params.field);
  if (params.page !== 1) query.set('page', String(params.page));
  const text = query.toString();
  return text === '' ? '' : `?${text}`;
}

export function searchHref(basePath: string, params: SearchParams): string {
  return `${basePath}${toQueryString(params)}`;
}

export function detailHref(basePath: string, consNo: string, from: SearchParams): string {
  return `${basePath}/customers/${encodeURIComponent(consNo)}${toQueryString(from)}`;
}
