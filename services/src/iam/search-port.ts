/**
 * What 全局搜索 (services/src/search, ADR 0066) reads of the user administration: 用户管理's own match (用户名 or
 * 姓名 contained), for holders of the iam permission only (the caller checks it). Read-only.
 */
import type { AdminUser } from '@wb/contracts';
import type { Queryable } from '@wb/server-kit';
import { listUsers } from './user-queries.ts';

export async function usersForSearch(db: Queryable, text: string, now: Date, limit: number): Promise<{ items: AdminUser[]; total: number }> {
  return listUsers(db, { q: text, page: 1, pageSize: limit }, now);
}
