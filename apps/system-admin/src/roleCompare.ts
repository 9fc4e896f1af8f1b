import type { PermissionNode, Role } from '@wb/contracts';
import { scopeLabel } from './scopeLabels.ts';

export interface CompareRow {
  key: string;
  /** Kind of grant: 功能 (permission), 岗位 (conferring post), 数据范围 (per resource type). */
  kind: '功能' | '岗位' | '数据范围';
  name: string;
  /** What each role holds for this row ('' when it holds nothing). */
  left: string;
  right: string;
  same: boolean;
}

const scopeText = (rule: Role['dataScopes'][number] | undefined): string =>
  rule ? `${scopeLabel(rule.scopeType)}${rule.orgUnitCodes.length ? `：${rule.orgUnitCodes.join('、')}` : ''}` : '';

/** Two roles side by side: every permission, conferring post and data-scope rule either holds; differences first. */
export function compareRoles(left: Role, right: Role, permissions: readonly PermissionNode[]): CompareRow[] {
  const names = new Map(permissions.map((p) => [p.key, p.name]));
  const rows: CompareRow[] = [];
  for (const key of [...new Set([...left.permissions, ...right.permissions])].sort()) {
    const l = left.permissions.includes(key) ? '✓' : '';
    const r = right.permissions.includes(key) ? '✓' : '';
    rows.push({ key: `p:${key}`, kind: '功能', name: key === '*' ? '全部权限' : `${names.get(key) ?? key}（${key}）`, left: l, right: r, same: l === r });
  }
  for (const post of [...new Set([...left.conferredByPosts, ...right.conferredByPosts])].sort()) {
    const l = left.conferredByPosts.includes(post) ? '✓' : '';
    const r = right.conferredByPosts.includes(post) ? '✓' : '';
    rows.push({ key: `post:${post}`, kind: '岗位', name: post, left: l, right: r, same: l === r });
  }
  const types = [...new Set([...left.dataScopes, ...right.dataScopes].map((s) => s.resourceType))].sort();
  for (const type of types) {
    const l = scopeText(left.dataScopes.find((s) => s.resourceType === type));
    const r = scopeText(right.dataScopes.find((s) => s.resourceType === type));
    rows.push({ key: `scope:${type}`, kind: '数据范围', name: type, left: l, right: r, same: l === r });
  }
  return [...rows.filter((r) => !r.same), ...rows.filter((r) => r.same)];
}
