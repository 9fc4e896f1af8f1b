/** 全局搜索 (issue 17, ADR 0066): the header palette's one route over the domains' ports. */
export { default as searchPlugin, SEARCH_PERMISSIONS, searchableKinds } from './plugin.ts';
export type { SearchPluginOptions } from './plugin.ts';
