import { Button, Card, Col, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { usePermissions, useRoles } from '../api/queries.ts';
import type { VersionedRole } from '../api/queries.ts';
import { CreateRoleModal } from '../components/CreateRoleModal/CreateRoleModal.tsx';
import { GrantEditor } from '../components/GrantEditor/GrantEditor.tsx';
import { RoleCompare } from '../components/RoleCompare/RoleCompare.tsx';
import { QueryError } from '@wb/sdk/react';

const ROLE_TYPES = { SYSTEM: '系统角色', BUSINESS: '业务角色', APP_ADMIN: '应用角色' } as const;

/** 角色授权: role list; the selected role's grant tree, data scope and conferring posts. */
export function RolesPage() {
  const roles = useRoles();
  const permissions = usePermissions();
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [comparing, setComparing] = useState(false);
  const role = roles.data?.find((r) => r.key === selected) ?? null;
  const failed = roles.isError ? roles : permissions.isError ? permissions : null;
  if (failed) {
    return <QueryError query={failed} title="角色加载失败" />;
  }
  return (
    <Row gutter={16}>
      <Col span={7}>
        <Card title="角色" size="small" extra={
            <Space size={4}>
              <Button size="small" onClick={() => setComparing(true)}>
                对比
              </Button>
              <Button size="small" type="primary" onClick={() => setCreating(true)}>
                新建角色
              </Button>
            </Space>
          }>
          <Table<VersionedRole>
            rowKey="key"
            size="small"
            pagination={false}
            loading={roles.isLoading}
            dataSource={roles.data ?? []}
            rowSelection={{ type: 'radio', selectedRowKeys: selected ? [selected] : [], onChange: (keys) => setSelected(String(keys[0])) }}
            onRow={(r) => ({ onClick: () => setSelected(r.key), style: { cursor: 'pointer' } })}
            columns={[
              { title: '角色', key: 'name', render: (_, r) => <>{r.name}<br /><Typography.Text type="secondary">{r.key}</Typography.Text></> },
              { title: '类型', dataIndex: 'type', render: (t: VersionedRole['type']) => <Tag>{ROLE_TYPES[t]}</Tag> },
            ]}
          />
        </Card>
      </Col>
      <Col span={17}>
        {role && permissions.data ? (
          // Keyed by version: after a save or refresh the editor starts from the server's grants.
          <GrantEditor key={`${role.key}@${role.version}`} role={role} permissions={permissions.data} />
        ) : (
          <Card size="small">
            <Empty description="请在左侧选择一个角色" />
          </Card>
        )}
      </Col>
      {comparing && (
        <RoleCompare open onClose={() => setComparing(false)} roles={roles.data ?? []} permissions={permissions.data ?? []} initialLeft={selected} />
      )}
      <CreateRoleModal open={creating} onClose={() => setCreating(false)} onCreated={setSelected} />
    </Row>
  );
}
