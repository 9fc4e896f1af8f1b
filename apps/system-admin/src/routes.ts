export type AdminSection = 'orgs' | 'users' | 'roles' | 'audit' | 'processes';

export const SECTIONS: ReadonlyArray<{ key: AdminSection; label: string }> = [
  { key: 'orgs', label: '组织机构' },
  { key: 'users', label: '用户管理' },
  { key: 'roles', label: '角色授权' },
  { key: 'audit', label: '审计日志' },
  { key: 'processes', label: '流程定义' },
];

/** The section a path opens: `/app/system-admin` alone opens 用户管理; anything unknown is null (404). */
export function matchSection(pathname: string, basePath: string): AdminSection | null {
  if (!pathname.startsWith(basePath)) return null;
  const rest = pathname.slice(basePath.length).replace(/\/+$/, '');
  if (rest === '') return 'users';
  const found = SECTIONS.find((s) => rest === `/${s.key}`);
  return found ? found.key : null;
}
