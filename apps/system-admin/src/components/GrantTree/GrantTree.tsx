import { Space, Tag, Tree, Typography } from 'antd';
import type { TreeDataNode } from 'antd';
import type { PermissionNode } from '@wb/contracts';
import { useMemo } from 'react';
import { TYPE_LABELS, buildGrantTree } from '../../grantTree.ts';
import type { GrantTreeNode } from '../../grantTree.ts';

const ZONE_LABELS: Record<string, string> = { intranet: '内网', internet: '互联网' };

function NodeTitle({ permission }: { permission: PermissionNode }) {
  const type = TYPE_LABELS[permission.type];
  return (
    <Space size={4} wrap>
      <Tag color={type.color}>{type.label}</Tag>
      <span>{permission.name}</span>
      <Typography.Text type="secondary" code>
        {permission.key}
      </Typography.Text>
      {permission.requiredPosts.length > 0 && <Tag color="orange">需岗位：{permission.requiredPosts.join('、')}</Tag>}
      {permission.zones && <Tag color="red">仅{permission.zones.map((z) => ZONE_LABELS[z] ?? z).join('、')}</Tag>}
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
 * Checkable grant tree. Each node is granted on its own (checkStrictly): checking an app does not silently
 * grant every button and API under it, and a granted API stays granted when its menu is unchecked.
 */
export function GrantTree({ permissions, value = [], onChange, disabled }: GrantTreeProps) {
  const treeData = useMemo(() => toTreeData(buildGrantTree(permissions)), [permissions]);
  return (
    <Tree
      checkable
      checkStrictly
      disabled={disabled}
      selectable={false}
      defaultExpandAll
      treeData={treeData}
      checkedKeys={{ checked: value, halfChecked: [] }}
      onCheck={(checked) => {
        const keys = Array.isArray(checked) ? checked : checked.checked;
        onChange?.(keys.map(String));
      }}
    />
  );
}
