import { describe, expect, it } from 'vitest';
import type { PermissionNode } from '@wb/contracts';
import { buildGrantTree } from './grantTree.ts';

const node = (key: string, type: PermissionNode['type'], appId: string | null, parentKey: string | null): PermissionNode => ({
  key, name: key, type, appId, parentKey, requiredPosts: [], zones: null, channels: null, dependsOn: [],
});

describe('buildGrantTree', () => {
  it('groups by app and nests app → menu → button → API by parentKey', () => {
    const tree = buildGrantTree([
      node('kf:ticket:api', 'API', 'ticket', 'kf:ticket:dispatch'),
      node('kf:ticket:dispatch', 'BUTTON', 'ticket', 'kf:ticket:list'),
      node('kf:ticket:list', 'MENU', 'ticket', 'kf:ticket'),
      node('kf:ticket', 'APP', 'ticket', null),
      node('platform:health', 'API', null, null),
    ]);
    expect(tree.map((g) => [g.key, g.checkable])).toEqual([['app:ticket', false], ['app:*', false]]);
    const app = tree[0]!.children[0]!;
    expect(app.key).toBe('kf:ticket');
    expect(app.children[0]?.key).toBe('kf:ticket:list');
    expect(app.children[0]?.children[0]?.children[0]?.key).toBe('kf:ticket:api');
    expect(tree[1]?.title).toBe('平台');
  });

  it('hangs a permission with an unknown parent on its app group', () => {
    const [group] = buildGrantTree([node('x:y:z', 'BUTTON', 'x', 'x:gone')]);
    expect(group?.children.map((c) => c.key)).toEqual(['x:y:z']);
  });
});
