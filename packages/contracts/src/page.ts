/**
 * Lists (`GET /…?page=&pageSize=`): the two query parameters and the answer's envelope, one shape for every
 * service, so that a page is asked for and answered the same way everywhere.
 */
import { z } from 'zod';
import { intParam } from './text.ts';

/** `page` (from 1) and `pageSize` (up to `max`, `size` when absent) of a list query; spread into its schema. */
export function pageParams(size = 20, max = 100) {
  return {
    page: intParam(1, 10_000, '页码', { min: '页码从 1 开始' }).default(1),
    pageSize: intParam(1, max, '每页条数', { max: `每页最多 ${max} 条` }).default(size),
  };
}

/** One page of `item`: the items, every matching row counted (`total`) and the page that was asked for. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
