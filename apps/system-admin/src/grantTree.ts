import type { PermissionNode } from '@wb/contracts';

export interface GrantTreeNode {
  key: string;
  permission: PermissionNode | null;
  /** Group nodes (one per app) hold the app's permissions: checking one grants all of them, it is no permission itself. */
  title: string;
  checkable: boolean;
  children: GrantTreeNode[];
}

const TYPE_ORDER: Record<PermissionNode['type'], number> = { APP: 0, MENU: 1, BUTTON: 2, API: 3, FIELD: 4 };

/**
 * The grant tree app → menu → button → API, as the nodes' parentKey says. An app with one APP permission is
 * that node at the top, and its permissions without a known parent hang under it (menus under the app, buttons
 * under their menu where the catalogue names one). An app declaring no APP permission, or several, gets a
 * group node (`app:<appId>`, checking it grants all of the app, it is no permission itself); platform
 * permissions without an app sit in the group 平台.
 */
export function buildGrantTree(permissions: readonly PermissionNode[]): GrantTreeNode[] {
  const sorted = [...permissions].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || a.key.localeCompare(b.key));
  const nodes = new Map<string, GrantTreeNode>();
  for (const p of sorted) nodes.set(p.key, { key: p.key, permission: p, title: p.name, checkable: true, children: [] });
  const appRoots = new Map<string, PermissionNode[]>();
  for (const p of sorted) if (p.appId && p.type === 'APP' && !(p.parentKey && nodes.has(p.parentKey))) appRoots.set(p.appId, [...(appRoots.get(p.appId) ?? []), p]);
  const soleRoot = (appId: string | null): GrantTreeNode | undefined => {
    const roots = appId ? appRoots.get(appId) : undefined;
    return roots?.length === 1 ? nodes.get(roots[0]!.key) : undefined;
  };
  const top: GrantTreeNode[] = [];
  const groups = new Map<string, GrantTreeNode>();
  const groupOf = (appId: string | null): GrantTreeNode => {
    const key = `app:${appId ?? '*'}`;
    let group = groups.get(key);
    if (!group) {
      const names = (appId ? appRoots.get(appId) : undefined)?.map((p) => p.name);
      group = { key, permission: null, title: !appId ? '平台' : names?.length ? `应用 ${names.join('、')}` : `应用 ${appId}`, checkable: true, children: [] };
      groups.set(key, group);
      top.push(group);
    }
    return group;
  };
  for (const p of sorted) {
    const node = nodes.get(p.key)!;
    const parent = p.parentKey ? nodes.get(p.parentKey) : undefined;
    if (parent) parent.children.push(node);
    else if (soleRoot(p.appId) === node) top.push(node);
    else (soleRoot(p.appId) ?? groupOf(p.appId)).children.push(node);
  }
  // Apps first in catalogue order, the platform group last.
  return [...top.filter((n) => n.key !== 'app:*'), ...top.filter((n) => n.key === 'app:*')];
}

export const TYPE_LABELS: Record<PermissionNode['type'], { label: string; color: string }> = {
  APP: { label: '应用', color: 'purple' },
  MENU: { label: '菜单', color: 'blue' },
  BUTTON: { label: '按钮', color: 'cyan' },
  API: { label: '接口', color: 'geekblue' },
  FIELD: { label: '字段', color: 'gold' },
};

/** The permission keys of `node` and everything below it (a group node is no permission itself). */
export function permissionKeysUnder(node: GrantTreeNode): string[] {
  return [...(node.permission ? [node.key] : []), ...node.children.flatMap(permissionKeysUnder)];
}

function find(nodes: readonly GrantTreeNode[], key: string): GrantTreeNode | undefined {
  for (const n of nodes) {
    if (n.key === key) return n;
    const below = find(n.children, key);
    if (below) return below;
  }
  return undefined;
}

/**
 * The cascade (issue 20): checking a node grants it and everything below it (app → menus → buttons → APIs);
 * unchecking takes it and everything below it away. Nodes above keep their own grant: unchecking one button
 * leaves the app granted, shown as partly granted.
 */
export function toggleGrant(tree: readonly GrantTreeNode[], granted: readonly string[], key: string, checked: boolean): string[] {
  const node = find(tree, key);
  if (!node) return [...granted];
  const keys = new Set(permissionKeysUnder(node));
  if (checked) return [...new Set([...granted, ...keys])];
  return granted.filter((k) => !keys.has(k));
}

/**
 * What the tree shows: a node is checked when it and everything below it is granted, half-checked (partly
 * granted) when some of it is.
 */
export function grantCheckState(tree: readonly GrantTreeNode[], granted: readonly string[]): { checked: string[]; halfChecked: string[] } {
  const has = new Set(granted);
  const checked: string[] = [];
  const halfChecked: string[] = [];
  const visit = (node: GrantTreeNode): { all: boolean; any: boolean } => {
    let all = node.permission ? has.has(node.key) : true;
    let any = node.permission ? has.has(node.key) : false;
    for (const child of node.children) {
      const c = visit(child);
      all &&= c.all;
      any ||= c.any;
    }
    if (!node.permission && node.children.length === 0) all = false;
    if (all) checked.push(node.key);
    else if (any) halfChecked.push(node.key);
    return { all, any };
  };
  tree.forEach(visit);
  return { checked, halfChecked };
}
