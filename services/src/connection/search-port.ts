/**
 * What 全局搜索 (services/src/search, ADR 0066) reads of 业扩: the application list's own text match
 * (申请编号, 户名, 地址, 手机, 户号 contained), within the caller's `yk_apply` scope, newest first. Read-only.
 */
import type { ApplicationSummary } from '@wb/contracts/connection';
import type { Queryable } from '@wb/server-kit';
import { listApplications, toSummary } from './repository.ts';
import type { ApplicationScope } from './scope.ts';

export async function applicationsForSearch(
  q: Queryable,
  text: string,
  scope: ApplicationScope | undefined,
  now: Date,
  limit: number,
): Promise<{ items: ApplicationSummary[]; total: number }> {
  const { rows, total } = await listApplications(q, { q: text, page: 1, pageSize: limit }, scope, now);
  return { items: rows.map(toSummary), total };
}
