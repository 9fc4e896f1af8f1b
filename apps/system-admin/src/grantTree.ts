import type { PermissionNode } from '@wb/contracts';

export interface GrantTreeNode {
  key: string;
  permission: PermissionNode | null;
  /** Group nodes (one per app) only hold the app's permissions and cannot be granted themselves. */
  title: string;
  checkable: boolean;
  children: GrantTreeNode[];
}

const TYPE_ORDER: Record<PermissionNode['type'], number> = { APP: 0, MENU: 1, BUTTON: 2, API: 3, FIELD: 4 };

/**
 * The grant tree app → menu → button → API: one group per appId (platform permissions without an app under
 * 平台), each permission under its parentKey; a permission whose parent is unknown hangs on its app group.
 */
export function buildGrantTree(permissions: readonly PermissionNode[]): GrantTreeNode[] {
  const sorted = [...permissions].sort((a, b) => TYPE_ORDER[a.type] - TYPE_ORDER[b.type] || a.key.localeCompare(b.key));
  const nodes = new Map<string, GrantTreeNode>();
  for (const p of sorted) nodes.set(p.key, { key: p.key, permission: p, title: p.name, checkable: true, children: [] });
  const groups = new Map<string, GrantTreeNode>();
  const groupOf = (appId: string | null): GrantTreeNode => {
    const key = `app:${appId ?? '*'}`;
    let group = groups.get(key);
    if (!group) {
      group = { key, permission: null, title: appId ? `应用 ${appId}` : '平台', checkable: false, children: [] };
      groups.set(key, group);
    }
    return group;
  };
  for (const p of sorted) {
    const node = nodes.get(p.key)!;
    const parent = p.parentKey ? nodes.get(p.parentKey) : undefined;
    (parent ?? groupOf(p.appId)).children.push(node);
  }
  return [...groups.values()];
}

export const TYPE_LABELS: Record<PermissionNode['type'], { label: string; color: string }> = {
  APP: { label: '应用', color: 'purple' },
  MENU: { label: '菜单', color: 'blue' },
  BUTTON: { label: '按钮', color: 'cyan' },
  API: { label: '接口', color: 'geekblue' },
  FIELD: { label: '字段', color: 'gold' },
};
