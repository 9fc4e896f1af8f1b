import { describe, expect, it } from 'vitest';
import type { PermissionNode } from '@wb/contracts';
import { buildGrantTree, grantCheckState, toggleGrant } from './grantTree.ts';

const node = (key: string, type: PermissionNode['type'], appId: string | null, parentKey: string | null): PermissionNode => ({
  key, name: key, type, appId, parentKey, requiredPosts: [], zones: null, channels: null, dependsOn: [],
});

describe('buildGrantTree', () => {
  it('nests app → menu → button → API by parentKey, the app node at the top', () => {
    const tree = buildGrantTree([
      node('kf:ticket:api', 'API', 'ticket', 'kf:ticket:dispatch'),
      node('kf:ticket:dispatch', 'BUTTON', 'ticket', 'kf:ticket:list'),
      node('kf:ticket:list', 'MENU', 'ticket', 'kf:ticket'),
      node('kf:ticket', 'APP', 'ticket', null),
      node('platform:health', 'API', null, null),
    ]);
    expect(tree.map((g) => [g.key, g.checkable])).toEqual([['kf:ticket', true], ['app:*', true]]);
    const app = tree[0]!;
    expect(app.key).toBe('kf:ticket');
    expect(app.children[0]?.key).toBe('kf:ticket:list');
    expect(app.children[0]?.children[0]?.children[0]?.key).toBe('kf:ticket:api');
    expect(tree[1]?.title).toBe('平台');
  });

  it('hangs a permission with an unknown parent on its app group', () => {
    const [group] = buildGrantTree([node('x:y:z', 'BUTTON', 'x', 'x:gone')]);
    expect(group?.children.map((c) => c.key)).toEqual(['x:y:z']);
    expect(group?.title).toBe('应用 x');
  });

  it('hangs menus and buttons without a parent under their app node, not beside it (the catalogue as seeded)', () => {
    const tree = buildGrantTree([
      node('yk:apply:accept', 'BUTTON', 'new-connection', null),
      node('yk:board:view', 'MENU', 'new-connection', null),
      node('yk:apply:view', 'APP', 'new-connection', null),
      node('store:app:review', 'BUTTON', 'app-store', 'store:app:manage'),
      node('store:app:manage', 'MENU', 'app-store', null),
      node('store:market:view', 'APP', 'app-store', null),
    ]);
    expect(tree.map((n) => n.key)).toEqual(['store:market:view', 'yk:apply:view']);
    expect(tree[1]!.children.map((n) => n.key)).toEqual(['yk:board:view', 'yk:apply:accept']);
    expect(tree[0]!.children[0]!.key).toBe('store:app:manage');
    expect(tree[0]!.children[0]!.children.map((n) => n.key)).toEqual(['store:app:review']);
  });

  it('groups an app with several APP permissions under one node named after them', () => {
    const tree = buildGrantTree([node('ops:ind:view', 'APP', 'ops', null), node('ops:kiosk:view', 'APP', 'ops', null), node('ops:ind:manage', 'BUTTON', 'ops', null)]);
    expect(tree.map((n) => [n.key, n.title])).toEqual([['app:ops', '应用 ops:ind:view、ops:kiosk:view']]);
    expect(tree[0]!.children.map((n) => n.key)).toEqual(['ops:ind:view', 'ops:kiosk:view', 'ops:ind:manage']);
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
    expect([full.checked.sort(), full.halfChecked]).toEqual([['kf:ticket', 'kf:ticket:close', 'kf:ticket:dispatch', 'kf:ticket:list'], []]);
    const partly = toggleGrant(tree, all, 'kf:ticket:close', false);
    expect(partly).toContain('kf:ticket');
    const state = grantCheckState(tree, partly);
    expect(state.halfChecked.sort()).toEqual(['kf:ticket', 'kf:ticket:list']);
    expect(state.checked).toEqual(['kf:ticket:dispatch']);
    // Checking the partly granted app again grants all of it; another app's node grants that app only.
    expect(toggleGrant(tree, partly, 'kf:ticket', true).sort()).toEqual(all.sort());
    expect(toggleGrant(tree, [], 'cust:view', true)).toEqual(['cust:view']);
    expect(toggleGrant(tree, all, 'kf:ticket', false)).toEqual([]);
  });
});
