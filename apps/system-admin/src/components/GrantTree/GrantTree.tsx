import { Space, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import type { PermissionNode } from '@wb/contracts';
import { useMemo } from 'react';
import { TYPE_LABELS, buildGrantTree, grantCheckState, toggleGrant } from '../../grantTree.ts';
import type { GrantTreeNode } from '../../grantTree.ts';

const ZONE_LABELS: Record<string, string> = { intranet: '内网', internet: '互联网' };

function NodeTitle({ permission }: { permission: PermissionNode }) {
  const type = TYPE_LABELS[permission.type];
  return (
    <Space size={4} wrap>
      {/* Neutral tags: the coloured filled ones fall below WCAG 1.4.3's 4.5:1 contrast. */}
      <Tag>{type.label}</Tag>
      <span>{permission.name}</span>
      <Typography.Text type="secondary" code>
        {permission.key}
      </Typography.Text>
      {permission.requiredPosts.length > 0 && <Tag>需岗位：{permission.requiredPosts.join('、')}</Tag>}
      {permission.zones && <Tag>仅{permission.zones.map((z) => ZONE_LABELS[z] ?? z).join('、')}</Tag>}
    </Space>
  );
}

function toTreeData(nodes: GrantTreeNode[]): TreeDataNode[] {
  return nodes.map((n) => ({
    key: n.key,
    checkable: n.checkable,
    title: n.permission ? <NodeTitle permission={n.permission} /> : <Typography.Text strong>{n.title}</Typography.Text>,
    children: toTreeData(n.children),
  }));
}

export interface GrantTreeProps {
  permissions: readonly PermissionNode[];
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
}

/**
 * Checkable grant tree that cascades (issue 20): checking an app (or its group) grants its menus, buttons and
 * APIs; unchecking a node takes it and what is below it away, and the nodes above show as partly granted.
 */
export function GrantTree({ permissions, value = [], onChange, disabled }: GrantTreeProps) {
  const tree = useMemo(() => buildGrantTree(permissions), [permissions]);
  const treeData = useMemo(() => toTreeData(tree), [tree]);
  const state = useMemo(() => grantCheckState(tree, value), [tree, value]);
  return (
    <Tree
      checkable
      checkStrictly
      disabled={disabled}
      selectable={false}
      defaultExpandAll
      treeData={treeData}
      checkedKeys={state}
      onCheck={(_checked, info) => onChange?.(toggleGrant(tree, value, String(info.node.key), info.checked))}
    />
  );
}
