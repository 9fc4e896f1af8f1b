import { matchRoutes } from '@wb/sdk';
import type { RouteTable } from '@wb/sdk';

export type AdminSection = 'orgs' | 'users' | 'import' | 'roles' | 'audit' | 'processes' | 'outbox';

export const SECTIONS: ReadonlyArray<{ key: AdminSection; label: string }> = [
  { key: 'orgs', label: '组织机构' },
  { key: 'users', label: '用户管理' },
  { key: 'import', label: '批量导入' },
  { key: 'roles', label: '角色授权' },
  { key: 'audit', label: '审计日志' },
  { key: 'processes', label: '流程定义' },
  { key: 'outbox', label: '消息投递' },
];

/** The section a path opens: `/app/system-admin` alone opens 用户管理; anything unknown is null (404). */
export function matchSection(pathname: string, basePath: string): AdminSection | null {
  // The SDK's one matcher (ADR 0027): '' and '/<section>' for every section.
  const routes = Object.fromEntries([['', ''], ...SECTIONS.map((s) => [s.key, `/${s.key}`])]) as RouteTable<AdminSection | ''>;
  const match = matchRoutes(routes, { pathname, search: '' }, basePath);
  if (!match) return null;
  return match.route === '' ? 'users' : match.route;
}
