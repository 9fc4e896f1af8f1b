import { Badge, Space, Table, Tag, Typography } from 'antd';
import type { AdminUser } from '@wb/contracts';
import type { Key } from 'react';
import { formatTime } from '../../format.ts';
import { UserActions } from './UserActions.tsx';
import type { UserActionsProps } from './UserActions.tsx';

export interface UserTableProps extends Omit<UserActionsProps, 'user'> {
  users: AdminUser[];
  total: number;
  page: number;
  pageSize: number;
  loading: boolean;
  onPage(page: number, pageSize: number): void;
  /** Ids of the rows ticked for a bulk action. */
  selected?: string[];
  onSelect?(ids: string[]): void;
}

function postsOf(user: AdminUser) {
  if (user.posts.length === 0) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Space size={4} wrap>
      {user.posts.map((p) => (
        <Tag key={p.id} color={p.primary ? 'blue' : undefined}>
          {p.postName}
        </Tag>
      ))}
    </Space>
  );
}

export function UserTable({ users, total, page, pageSize, loading, onPage, selected, onSelect, ...actions }: UserTableProps) {
  return (
    <Table<AdminUser>
      rowKey="id"
      loading={loading}
      dataSource={users}
      {...(onSelect ? { rowSelection: { selectedRowKeys: selected ?? [], preserveSelectedRowKeys: true, onChange: (keys: Key[]) => onSelect(keys.map(String)) } } : {})}
      pagination={{ current: page, pageSize, total, showTotal: (n) => `共 ${n} 条`, onChange: onPage }}
      columns={[
        // Widths for a 1440 px screen: names, states and times on one line; the actions take what is left.
        { title: '用户名', dataIndex: 'username', width: 110 },
        { title: '姓名', dataIndex: 'displayName', width: 110 },
        { title: '单位', dataIndex: 'orgUnitName', width: 150 },
        { title: '岗位', key: 'posts', width: 140, render: (_, u) => postsOf(u) },
        {
          title: '状态',
          key: 'status',
          width: 100,
          render: (_, u) => (
            <Space size={4} wrap>
              {/* A dot and plain text: white on antd's success green is 2:1 (WCAG 1.4.3 asks 4.5:1). */}
              {u.status === 'active' ? <Badge status="success" text="正常" /> : <Badge status="default" text="已停用" />}
              {u.mustChangePassword && <Badge status="warning" text="待改密" />}
            </Space>
          ),
        },
        {
          title: '最近登录',
          dataIndex: 'lastLoginAt',
          width: 150,
          render: (at: string | null) => (at ? formatTime(at) : '从未登录'),
        },
        { title: '在线会话', dataIndex: 'activeSessions', align: 'right', width: 90 },
        { title: '操作', key: 'actions', render: (_, u) => <UserActions user={u} {...actions} /> },
      ]}
    />
  );
}
