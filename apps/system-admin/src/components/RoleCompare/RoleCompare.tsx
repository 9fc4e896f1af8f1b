import { Drawer, Empty, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { PermissionNode } from '@wb/contracts';
import { useMemo, useState } from 'react';
import type { VersionedRole } from '../../api/queries.ts';
import { compareRoles } from '../../roleCompare.ts';
import type { CompareRow } from '../../roleCompare.ts';

export interface RoleCompareProps {
  open: boolean;
  onClose(): void;
  roles: readonly VersionedRole[];
  permissions: readonly PermissionNode[];
  /** The role selected on the page: preset on the left. */
  initialLeft: string | null;
}

/** 角色对比: two roles' grants side by side (issue 20), differences first. */
export function RoleCompare({ open, onClose, roles, permissions, initialLeft }: RoleCompareProps) {
  const [left, setLeft] = useState<string | null>(initialLeft);
  const [right, setRight] = useState<string | null>(null);
  const [onlyDiff, setOnlyDiff] = useState(false);
  const options = roles.map((r) => ({ value: r.key, label: `${r.name}（${r.key}）` }));
  const a = roles.find((r) => r.key === left);
  const b = roles.find((r) => r.key === right);
  const rows = useMemo(() => (a && b ? compareRoles(a, b, permissions) : []), [a, b, permissions]);
  const shown = onlyDiff ? rows.filter((r) => !r.same) : rows;
  return (
    <Drawer title="角色对比" open={open} onClose={onClose} size="large" destroyOnHidden>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select aria-label="左侧角色" showSearch optionFilterProp="label" style={{ width: 260 }} placeholder="选择角色" options={options} value={left} onChange={setLeft} />
        <Typography.Text type="secondary">对比</Typography.Text>
        <Select aria-label="右侧角色" showSearch optionFilterProp="label" style={{ width: 260 }} placeholder="选择角色" options={options} value={right} onChange={setRight} />
        <Space>
          <Switch checked={onlyDiff} onChange={setOnlyDiff} aria-label="只看差异" />
          只看差异
        </Space>
      </Space>
      {a && b ? (
        <Table<CompareRow>
          size="small"
          rowKey="key"
          pagination={false}
          dataSource={shown}
          rowClassName={(r) => (r.same ? '' : 'role-compare-diff')}
          summary={() => (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={4}>
                <Typography.Text type="secondary">共 {rows.length} 项，其中 {rows.filter((r) => !r.same).length} 项不同</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          )}
          columns={[
            { title: '类别', dataIndex: 'kind', width: 90, render: (k: string) => <Tag>{k}</Tag> },
            { title: '授权项', dataIndex: 'name' },
            { title: a.name, dataIndex: 'left', width: 180, render: (v: string, r) => <Typography.Text type={r.same ? undefined : 'warning'}>{v || '—'}</Typography.Text> },
            { title: b.name, dataIndex: 'right', width: 180, render: (v: string, r) => <Typography.Text type={r.same ? undefined : 'warning'}>{v || '—'}</Typography.Text> },
          ]}
        />
      ) : (
        <Empty description="请选择两个角色" />
      )}
    </Drawer>
  );
}
