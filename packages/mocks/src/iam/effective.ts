import type { AdminUser } from '@wb/contracts';
import type { EffectivePermissions } from '@wb/contracts/iam-admin';
import { validAt } from './context.ts';
import type { IamDataset } from './dataset.ts';

/**
 * A user's effective permissions explained, on the rules of services/src/iam/effective.ts over the mock's data: the
 * roles granted directly and conferred by the post the user works in by default (the primary valid one, else the
 * first), which role grants each permission, which come as dependencies, which are dropped for want of a post, and the
 * data-scope rules of those roles. What counts is what the intranet workbench (where 系统管理 runs) allows.
 */
export function explainPermissions(data: IamDataset, user: AdminUser, now: number): EffectivePermissions {
  const activePosts = user.posts
    .filter((p) => validAt(p, now) && data.posts.some((c) => c.code === p.postCode && c.status === 'active'))
    .sort((a, b) => Number(b.primary) - Number(a.primary) || a.postCode.localeCompare(b.postCode) || a.orgUnitCode.localeCompare(b.orgUnitCode));
  const post = activePosts[0];
  const activePost = post ? { code: post.postCode, name: post.postName, orgUnitCode: post.orgUnitCode, orgUnitName: post.orgUnitName } : null;
  const active = data.roles.filter((r) => r.status === 'active');
  const roles = [
    ...active.filter((r) => user.roles.includes(r.key)).map((r) => ({ role: r.key, roleName: r.name, source: 'direct' as const, postCode: null, expiresAt: null })),
    ...active.filter((r) => activePost && r.conferredByPosts.includes(activePost.code)).map((r) => ({ role: r.key, roleName: r.name, source: 'post' as const, postCode: activePost?.code ?? null, expiresAt: null })),
  ].sort((a, b) => a.role.localeCompare(b.role) || a.source.localeCompare(b.source));
  const roleKeys = new Set(roles.map((r) => r.role));
  const granting = active.filter((r) => roleKeys.has(r.key));

  const grantedBy = new Map<string, string[]>();
  for (const role of [...granting].sort((a, b) => a.key.localeCompare(b.key))) {
    for (const key of role.permissions) grantedBy.set(key, [...(grantedBy.get(key) ?? []), role.key]);
  }
  // Dependencies: breadth first, remembering which permission pulled each in.
  const catalogue = new Map(data.permissions.map((p) => [p.key, p]));
  const dependencyOf = new Map<string, Set<string>>();
  const seen = new Set(grantedBy.keys());
  for (let frontier = [...seen]; frontier.length > 0; ) {
    const next: string[] = [];
    for (const from of frontier) {
      for (const to of catalogue.get(from)?.dependsOn ?? []) {
        dependencyOf.set(to, (dependencyOf.get(to) ?? new Set()).add(from));
        if (!seen.has(to)) next.push(to);
        seen.add(to);
      }
    }
    frontier = next;
  }
  const permissions = [...seen]
    .flatMap((key) => {
      const node = catalogue.get(key);
      return node ? [node] : [];
    })
    .map((p) => {
      const needs = p.requiredPosts;
      const droppedBecause =
        needs.length > 0 && !(activePost && needs.includes(activePost.code)) ? `需在岗位 ${needs.join('、')} 上工作（当前${activePost ? `岗位 ${activePost.code}` : '没有岗位'}）` : null;
      return { key: p.key, name: p.name, grantedBy: grantedBy.get(p.key) ?? [], dependencyOf: [...(dependencyOf.get(p.key) ?? [])].sort(), droppedBecause, zones: p.zones };
    })
    .sort((a, b) => a.key.localeCompare(b.key));
  const usable = permissions.filter((p) => p.droppedBecause === null);
  const effective = usable.some((p) => p.key === '*') ? ['*'] : usable.filter((p) => !p.zones || p.zones.includes('intranet')).map((p) => p.key);
  const dataScopes = granting
    .flatMap((r) => r.dataScopes.map((s) => ({ resourceType: s.resourceType, role: r.key, scopeType: s.scopeType, orgUnits: [...s.orgUnitCodes].sort() })))
    .sort((a, b) => a.resourceType.localeCompare(b.resourceType) || a.role.localeCompare(b.role));
  return { username: user.username, activePost, roles, permissions, effective, dataScopes };
}
