import { describe, expect, it } from 'vitest';
import type { PermissionNode } from '@wb/contracts';
import { buildGrantTree, grantCheckState, toggleGrant } from './grantTree.ts';

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
    expect(tree.map((g) => [g.key, g.checkable])).toEqual([['app:ticket', true], ['app:*', true]]);
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

  it('cascades: checking the app grants menus and buttons; unchecking one button shows the app partly granted', () => {
    const tree = buildGrantTree([
      node('kf:ticket', 'APP', 'ticket', null),
      node('kf:ticket:list', 'MENU', 'ticket', 'kf:ticket'),
      node('kf:ticket:dispatch', 'BUTTON', 'ticket', 'kf:ticket:list'),
      node('kf:ticket:close', 'BUTTON', 'ticket', 'kf:ticket:list'),
      node('cust:view', 'APP', 'customer', null),
    ]);
    const all = toggleGrant(tree, [], 'kf:ticket', true);
    expect(all.sort()).toEqual(['kf:ticket', 'kf:ticket:close', 'kf:ticket:dispatch', 'kf:ticket:list']);
    const full = grantCheckState(tree, all);
    expect([full.checked.sort(), full.halfChecked]).toEqual([['app:ticket', 'kf:ticket', 'kf:ticket:close', 'kf:ticket:dispatch', 'kf:ticket:list'], []]);
    const partly = toggleGrant(tree, all, 'kf:ticket:close', false);
    expect(partly).toContain('kf:ticket');
    const state = grantCheckState(tree, partly);
    expect(state.halfChecked.sort()).toEqual(['app:ticket', 'kf:ticket', 'kf:ticket:list']);
    expect(state.checked).toEqual(['kf:ticket:dispatch']);
    // Checking the partly granted app again grants all of it; the group of another app grants that app only.
    expect(toggleGrant(tree, partly, 'app:ticket', true).sort()).toEqual(all.sort());
    expect(toggleGrant(tree, [], 'app:customer', true)).toEqual(['cust:view']);
    expect(toggleGrant(tree, all, 'app:ticket', false)).toEqual([]);
  });
});
