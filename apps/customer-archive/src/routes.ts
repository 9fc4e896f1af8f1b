import { consNoSchema, searchFieldSchema } from '@wb/contracts';
import type { SearchField } from '@wb/contracts';

/** The search state, kept in the URL (`?q=&field=&page=`) so that reload and back/forward restore it. */
export interface SearchParams {
  q: string;
  field: SearchField;
  page: number;
}

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

export function matchRoute(pathname: string, search: URLSearchParams, basePath: string): ArchiveRoute {
  const rest = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : null;
  if (rest === null) return { kind: 'notFound' };
  const params = parseSearchParams(search);
  if (rest === '' || rest === '/') return { kind: 'search', params };
  const detail = /^\/customers\/([^/]+)\/?$/.exec(rest);
  if (detail?.[1] !== undefined) {
    const consNo = decodeURIComponent(detail[1]);
    return { kind: 'detail', consNo, valid: consNoSchema.safeParse(consNo).success, back: params };
  }
  return { kind: 'notFound' };
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
