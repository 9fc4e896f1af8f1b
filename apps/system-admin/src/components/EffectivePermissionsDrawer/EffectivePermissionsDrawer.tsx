import { Alert, Descriptions, Drawer, Empty, Space, Table, Tag, Typography } from 'antd';
import type { AdminUser } from '@wb/contracts';
import type { EffectivePermissions } from '@wb/contracts/iam-admin';
import { QueryError } from '@wb/sdk/react';
import { useEffectivePermissions } from '../../api/queries.ts';
import { resourceTypeLabel, scopeLabel } from '../../scopeLabels.ts';

type PermissionRow = EffectivePermissions['permissions'][number];


/** 权限说明: what the user may do in their default post, and which role (direct or from which post) gives it. */
export function EffectivePermissionsDrawer({ user, onClose }: { user: AdminUser | null; onClose(): void }) {
  const explained = useEffectivePermissions(user?.id ?? null);
  const data = explained.data;
  const roleName = new Map((data?.roles ?? []).map((r) => [r.role, r.roleName]));
  return (
    <Drawer title={user ? `权限说明：${user.displayName}（${user.username}）` : ''} open={user !== null} onClose={onClose} size="large" destroyOnHidden>
      {explained.isError && <QueryError query={explained} title="权限说明加载失败" />}
      {data && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" bordered column={1}>
            <Descriptions.Item label="当前岗位">{data.activePost ? `${data.activePost.name} · ${data.activePost.orgUnitName}` : '无（仅直接授予的角色生效）'}</Descriptions.Item>
            <Descriptions.Item label="角色来源">
              {data.roles.length === 0 ? (
                <Typography.Text type="secondary">没有角色</Typography.Text>
              ) : (
                <Space size={4} wrap>
                  {data.roles.map((r) => (
                    <Tag key={`${r.role}-${r.source}`} color={r.source === 'direct' ? 'purple' : 'blue'}>
                      {r.roleName}：{r.source === 'direct' ? '直接授予' : `岗位 ${r.postCode} 授予`}
                      {r.expiresAt ? `（至 ${r.expiresAt.slice(0, 10)}）` : ''}
                    </Tag>
                  ))}
                </Space>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="生效权限">{data.effective.includes('*') ? '全部权限（平台管理员）' : `${data.effective.length} 项（内网工作台）`}</Descriptions.Item>
          </Descriptions>
          {data.permissions.some((p) => p.droppedBecause) && (
            <Alert type="warning" showIcon title="部分权限因岗位要求不生效" description="这些权限需要在特定岗位上工作，切换到该岗位后才可使用。" />
          )}
          <Table<PermissionRow>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={data.permissions}
            locale={{ emptyText: <Empty description="没有任何权限" /> }}
            columns={[
              { title: '权限', key: 'name', render: (_, p) => <>{p.name}<br /><Typography.Text type="secondary" code>{p.key}</Typography.Text></> },
              {
                title: '来源',
                key: 'source',
                render: (_, p) => (
                  <Space size={4} wrap>
                    {p.grantedBy.map((r) => <Tag key={r}>{roleName.get(r) ?? r}</Tag>)}
                    {p.dependencyOf.map((d) => <Tag key={d} color="geekblue">{`${d} 的依赖`}</Tag>)}
                  </Space>
                ),
              },
              {
                title: '状态',
                key: 'state',
                width: 200,
                render: (_, p) =>
                  p.droppedBecause ? <Typography.Text type="warning">{p.droppedBecause}</Typography.Text> : p.zones && !p.zones.includes('intranet') ? <Tag>仅{p.zones.join('、')}</Tag> : <Tag color="success">生效</Tag>,
              },
            ]}
          />
          <Typography.Title level={5}>数据范围</Typography.Title>
          <Table
            size="small"
            rowKey={(s) => `${s.resourceType}-${s.role}`}
            pagination={false}
            dataSource={data.dataScopes}
            locale={{ emptyText: '没有数据范围规则（看不到业务数据）' }}
            columns={[
              { title: '资源类型', dataIndex: 'resourceType', render: (type: string) => resourceTypeLabel(type) },
              { title: '范围', key: 'scope', render: (_, s) => `${scopeLabel(s.scopeType)}${s.orgUnits.length ? `：${s.orgUnits.join('、')}` : ''}` },
              { title: '来自角色', key: 'role', render: (_, s) => roleName.get(s.role) ?? s.role },
            ]}
          />
        </Space>
      )}
    </Drawer>
  );
}
