/**
 * 全局搜索 (issue 17, ADR 0066): one box in the workbench header (Ctrl+K) that finds customers (户号/户名),
 * 业扩 applications (申请编号), 95598 tickets (工单号) and people, each kind only for holders of that kind's
 * permission and within their data scope. `GET /api/search` (platform route; each kind answered by the
 * owning module's port).
 */
import { z } from 'zod';
import { intParam, text } from './text.ts';

/** The kinds, in the order the palette shows their groups. */
export const SEARCH_KINDS = ['customer', 'application', 'ticket', 'user'] as const;
export const searchKindSchema = z.enum(SEARCH_KINDS);
export type SearchKind = z.infer<typeof searchKindSchema>;

/** Fewer characters match too much to be useful (and cost a scan); more is not a search but a paste. */
export const SEARCH_MIN_CHARS = 2;
export const SEARCH_MAX_CHARS = 64;
/** Hits per kind: a default and a ceiling (the palette shows a handful; each app's own list pages further). */
export const SEARCH_DEFAULT_LIMIT = 5;
export const SEARCH_MAX_LIMIT = 10;

export const searchQuerySchema = z.strictObject({
  q: text({ label: '搜索内容', error: '请输入搜索内容' })
    .trim()
    .min(SEARCH_MIN_CHARS, `请至少输入 ${SEARCH_MIN_CHARS} 个字符`)
    .max(SEARCH_MAX_CHARS, `搜索内容不能超过 ${SEARCH_MAX_CHARS} 个字符`),
  limit: intParam(1, SEARCH_MAX_LIMIT, '每类条数').default(SEARCH_DEFAULT_LIMIT),
});
export type SearchQuery = z.input<typeof searchQuerySchema>;

/** One hit: `key` is what the owning app's page is opened with (户号, 申请编号, 工单号, 用户名). */
export const searchHitSchema = z.object({
  kind: searchKindSchema,
  key: z.string(),
  title: z.string(),
  /** One line of context (address, node, status, unit). */
  detail: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** The hits of one kind; `total` counts every match in scope (the items are the first `limit`). */
export const searchGroupSchema = z.object({
  kind: searchKindSchema,
  total: z.number().int().nonnegative(),
  items: z.array(searchHitSchema),
});
export type SearchGroup = z.infer<typeof searchGroupSchema>;

/** Only the kinds the caller may search appear, in `SEARCH_KINDS` order; a kind with no hit has empty items. */
export const searchResultSchema = z.object({
  q: z.string(),
  groups: z.array(searchGroupSchema),
});
export type SearchResult = z.infer<typeof searchResultSchema>;
