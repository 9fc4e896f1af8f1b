import { describe, expect, it } from 'vitest';
import { testMenu } from '../test/fixtures.ts';
import { buildMenuTree, findActiveMenu } from './menu-model.ts';

describe('buildMenuTree', () => {
  it('sorts top-level entries by order and keys them by app', () => {
    const tree = buildMenuTree([
      testMenu('b', 'late', { title: '乙', order: 20, path: '/app/b' }),
      testMenu('a', 'early', { title: '甲', order: 10, path: '/app/a' }),
    ]);
    expect(tree.map((node) => [node.key, node.label, node.path])).toEqual([
      ['a:early', '甲', '/app/a'],
      ['b:late', '乙', '/app/b'],
    ]);
  });

  it('groups entries under the entry their parent names, sorted inside the group', () => {
    const tree = buildMenuTree([
      testMenu('cust', 'root', { title: '客户服务', order: 5, path: '/app/cust' }),
      testMenu('cust', 'detail', { title: '客户详情', order: 2, parent: 'root', path: '/app/cust/detail' }),
      testMenu('cust', 'search', { title: '客户查询', order: 1, parent: 'root', path: '/app/cust/search' }),
      testMenu('other', 'x', { title: '其他', order: 50, path: '/app/other' }),
    ]);
    expect(tree).toHaveLength(2);
    expect(tree[0]).toMatchObject({ key: 'group:cust:root', label: '客户服务' });
    expect(tree[0]?.children?.map((child) => child.label)).toEqual(['客户查询', '客户详情']);
    expect(tree[1]?.label).toBe('其他');
  });

  it('uses a parent that names no entry as the group title', () => {
    const tree = buildMenuTree([
      testMenu('bill', 'a', { title: '电费查询', parent: '电费管理', order: 30, path: '/app/bill/a' }),
      testMenu('bill', 'b', { title: '电费发行', parent: '电费管理', order: 20, path: '/app/bill/b' }),
      testMenu('home', 'h', { title: '首页', order: 25, path: '/app/home' }),
    ]);
    expect(tree.map((node) => node.label)).toEqual(['电费管理', '首页']);
    expect(tree[0]?.children?.map((child) => child.label)).toEqual(['电费发行', '电费查询']);
  });
});

describe('findActiveMenu', () => {
  const menus = [
    testMenu('cust', 'search', { path: '/app/cust' }),
    testMenu('cust', 'detail', { path: '/app/cust/customers' }),
  ];

  it('selects the entry with the longest path prefixing the current path', () => {
    expect(findActiveMenu(menus, '/app/cust/customers/3340101')?.key).toBe('detail');
    expect(findActiveMenu(menus, '/app/cust/reports')?.key).toBe('search');
  });

  it('selects nothing outside every entry and for a mere string prefix', () => {
    expect(findActiveMenu(menus, '/')).toBeUndefined();
    expect(findActiveMenu(menus, '/app/customer')).toBeUndefined();
  });
});
