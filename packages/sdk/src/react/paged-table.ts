import type { TablePaginationConfig } from 'antd';
import type { ReactNode } from 'react';

/** One page of a list the service pages: its rows and how many rows the whole list has. */
export interface ServicePage<T> {
  items: T[];
  total: number;
}

/** What `pagedTable` reads of a TanStack query of such a page (`placeholderData: keepPreviousData` or not). */
export interface PagedQuery<T> {
  data?: ServicePage<T> | undefined;
  isPending: boolean;
  isPlaceholderData: boolean;
}

export interface PageOptions {
  /** The page the screen holds (1-based). */
  current: number;
  pageSize: number;
  onChange(page: number): void;
  /** The measure word of the total, 共 N 户: 户, 单, 件, 条. */
  unit: string;
}

/**
 * An antd `Table`'s rows, loading and pager for a list the service pages, one rule for every such list: the rows
 * of the page shown; loading while that is not yet the page asked for (the first load, or another page while the
 * previous one stays on screen), not while a poll or a retry refreshes it; a pager that counts the whole list
 * (共 N 户) and keeps the page size the screen asks the service for (no size changer).
 */
export function pagedTable<T>(query: PagedQuery<T>, page: PageOptions): { dataSource: T[]; loading: boolean; pagination: TablePaginationConfig } {
  const { unit, ...pager } = page;
  return {
    dataSource: query.data?.items ?? [],
    loading: query.isPending || query.isPlaceholderData,
    pagination: { ...pager, total: query.data?.total ?? 0, showSizeChanger: false, showTotal: (n) => `共 ${n} ${unit}` },
  };
}

/** What a part's table shows: compact, no pager, loading until the first answer, the part's words for nothing. */
export interface PartTableProps {
  size: 'small';
  loading: boolean;
  pagination: false;
  locale: { emptyText: ReactNode };
}

/**
 * An antd `Table`'s settings for a part's list of one customer's latest records (a 客户360 slot, ADR 0039), one rule
 * for every such list: compact; no pager, since the part asks the service for the latest few and says itself how
 * many there are; loading until the first answer only (a background refetch keeps the rows); `empty` when there
 * are none.
 */
export function partTable(query: { isPending: boolean }, empty: ReactNode): PartTableProps {
  return { size: 'small', loading: query.isPending, pagination: false, locale: { emptyText: empty } };
}
