import { Alert, App, Button, Drawer, Flex, Form, Input, Popconfirm, Select, Table, Typography } from 'antd';
import type { AdminUser } from '@wb/contracts';
import type { ExpiringAssignment } from '@wb/contracts/iam-admin';
import { bulkResultSchema } from '@wb/contracts/iam-admin';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { iamKeys, useExpiringAssignments, useIamClient, usePosts, useRoles, useUsers } from '../api/queries.ts';
import type { UserListParams } from '../api/queries.ts';
import { CreateUserDrawer } from '../components/CreateUserDrawer/CreateUserDrawer.tsx';
import { EffectivePermissionsDrawer } from '../components/EffectivePermissionsDrawer/EffectivePermissionsDrawer.tsx';
import { OrgTreeSelect } from '../components/OrgTreeSelect/OrgTreeSelect.tsx';
import { PostDrawer } from '../components/PostDrawer/PostDrawer.tsx';
import { ResetPasswordModal } from '../components/ResetPasswordModal/ResetPasswordModal.tsx';
import { UserTable } from '../components/UserTable/UserTable.tsx';
import { QueryError, useLocation, useServerErrors } from '@wb/sdk/react';
import { formatTime } from '../format.ts';

const LAST_LOGIN_OPTIONS = [
  { value: 'active:7', label: '7 天内登录过' },
  { value: 'idle:30', label: '30 天未登录' },
  { value: 'idle:90', label: '90 天未登录' },
  { value: 'never', label: '从未登录' },
];
const EXPIRY_DAYS = 30;

/** One filter of the user list: a labelled select, empty for all; `search` narrows a long list as the user types. */
function FilterSelect<V extends string = string>(props: {
  label: string;
  id: string;
  width: number;
  search?: boolean;
  value: V | undefined;
  onChange(value: V | undefined): void;
  options: ReadonlyArray<{ value: V; label: string }>;
}) {
  return (
    <Form.Item label={props.label} htmlFor={props.id}>
      <Select<V>
        id={props.id}
        allowClear
        showSearch={props.search}
        optionFilterProp={props.search ? 'label' : undefined}
        style={{ width: props.width }}
        value={props.value}
        onChange={(v?: V) => props.onChange(v)}
        options={[...props.options]}
      />
    </Form.Item>
  );
}

function ExpiringDrawer({ open, onClose, items }: { open: boolean; onClose(): void; items: ExpiringAssignment[] }) {
  return (
    <Drawer title={`${EXPIRY_DAYS} 天内到期的岗位任职`} open={open} onClose={onClose} size="large">
      <Table<ExpiringAssignment>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={items}
        columns={[
          { title: '用户', key: 'user', render: (_, a) => `${a.displayName}（${a.username}）` },
          { title: '岗位', dataIndex: 'postName' },
          { title: '任职单位', dataIndex: 'orgUnitName' },
          { title: '到期时间', dataIndex: 'endsAt', render: (at: string) => formatTime(at) },
        ]}
      />
    </Drawer>
  );
}

/** 用户管理: search and filters, create, bulk disable / end sessions, reset password, posts, 权限说明, upcoming expiries. */
export function UsersPage() {
  // `?q=<用户名>`: the link of the header's 全局搜索 (ADR 0066) opens the page searching for that user; a new link
  // while the page stays mounted (a kept tab) starts over with its search.
  const linked = (useLocation().search.get('q') ?? '').trim().slice(0, 64);
  return <UsersView key={linked} linked={linked} />;
}

function UsersView({ linked }: { linked: string }) {
  const [params, setParams] = useState<UserListParams>({ q: linked, page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [postsOf, setPostsOf] = useState<AdminUser | null>(null);
  const [explaining, setExplaining] = useState<AdminUser | null>(null);
  const [selected, setSelected] = useState<string[]>([]);
  const [showExpiring, setShowExpiring] = useState(false);
  const users = useUsers(params);
  const posts = usePosts();
  const roles = useRoles();
  const expiring = useExpiringAssignments(EXPIRY_DAYS);
  const client = useIamClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const filter = (patch: Partial<UserListParams>) => {
    setParams((p) => ({ ...p, ...patch, page: 1 }));
  };
  const bulk = useMutation({
    mutationFn: (action: 'disable' | 'enable' | 'end') =>
      action === 'end'
        ? client.post('/users/bulk-end-sessions', { ids: selected }, { schema: bulkResultSchema })
        : client.post('/users/bulk-status', { ids: selected, status: action === 'disable' ? 'disabled' : 'active' }, { schema: bulkResultSchema }),
    onSuccess: async (result, action) => {
      const done = action === 'end' ? `已结束 ${result.changed} 个会话` : `已${action === 'disable' ? '停用' : '启用'} ${result.changed} 名用户`;
      const skipped = result.skipped.map((s) => `${s.username}：${s.reason}`).join('；');
      void message.success(skipped ? `${done}（跳过 ${skipped}）` : done);
      setSelected([]);
      await queryClient.invalidateQueries({ queryKey: iamKeys.users });
    },
    onError: (error) => showErrors(null, error),
  });
  const soon = expiring.data ?? [];
  return (
    <>
      {soon.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`${soon.length} 条岗位任职将在 ${EXPIRY_DAYS} 天内到期，到期时刻起相关权限立即失效。`}
          action={
            <Button size="small" onClick={() => setShowExpiring(true)}>
              查看
            </Button>
          }
        />
      )}
      <Flex justify="space-between" gap={16} style={{ marginBottom: 12 }} wrap>
        {/* Visible labels (issue 20): a placeholder is gone once a value is picked, and is no label for a screen reader.
            An empty filter means all; no grey placeholder text (antd's is below the 4.5:1 contrast of WCAG 1.4.3). */}
        <Form layout="inline" component="div" style={{ rowGap: 8 }}>
          <Form.Item label="搜索用户" htmlFor="users-filter-q">
            <Input.Search id="users-filter-q" defaultValue={linked} aria-label="搜索用户" placeholder="用户名或姓名" allowClear enterButton="查询" style={{ width: 260 }} onSearch={(q) => filter({ q: q.trim() })} />
          </Form.Item>
          <Form.Item label="单位（含下级）" htmlFor="users-filter-org">
            <div style={{ width: 200 }}>
              <OrgTreeSelect id="users-filter-org" placeholder="" value={params.orgUnitCode} onChange={(v) => filter({ orgUnitCode: (v as string | undefined) || undefined })} />
            </div>
          </Form.Item>
          <FilterSelect label="任职岗位" id="users-filter-post" width={150} search value={params.postCode} onChange={(v) => filter({ postCode: v })} options={(posts.data ?? []).map((p) => ({ value: p.code, label: p.name }))} />
          <FilterSelect label="角色" id="users-filter-role" width={150} search value={params.roleKey} onChange={(v) => filter({ roleKey: v })} options={(roles.data ?? []).map((r) => ({ value: r.key, label: r.name }))} />
          <FilterSelect<'active' | 'disabled'>
            label="状态"
            id="users-filter-status"
            width={100}
            value={params.status}
            onChange={(v) => filter({ status: v })}
            options={[
              { value: 'active', label: '正常' },
              { value: 'disabled', label: '已停用' },
            ]}
          />
          <FilterSelect label="最近登录" id="users-filter-login" width={130} value={params.lastLogin} onChange={(v) => filter({ lastLogin: v })} options={LAST_LOGIN_OPTIONS} />
        </Form>
        <Button type="primary" onClick={() => setCreating(true)}>
          新建用户
        </Button>
      </Flex>
      {selected.length > 0 && (
        <Flex align="center" gap={8} style={{ marginBottom: 12 }}>
          <Typography.Text>已选 {selected.length} 名用户</Typography.Text>
          <Popconfirm title={`停用选中的 ${selected.length} 名用户？`} description="停用后其会话立即结束，无法登录。" okText="停用" cancelText="取消" onConfirm={() => bulk.mutate('disable')}>
            <Button danger size="small" loading={bulk.isPending && bulk.variables === 'disable'}>
              批量停用
            </Button>
          </Popconfirm>
          <Button size="small" onClick={() => bulk.mutate('enable')} loading={bulk.isPending && bulk.variables === 'enable'}>
            批量启用
          </Button>
          <Popconfirm title={`强制选中的 ${selected.length} 名用户下线？`} okText="下线" cancelText="取消" onConfirm={() => bulk.mutate('end')}>
            <Button size="small" loading={bulk.isPending && bulk.variables === 'end'}>
              批量下线
            </Button>
          </Popconfirm>
          <Button type="link" size="small" onClick={() => setSelected([])}>
            取消选择
          </Button>
        </Flex>
      )}
      {users.isError ? (
        <QueryError query={users} title="用户列表加载失败" />
      ) : (
        <UserTable
          users={users.data?.items ?? []}
          total={users.data?.total ?? 0}
          page={params.page}
          pageSize={params.pageSize}
          loading={users.isFetching}
          onPage={(page, pageSize) => setParams((p) => ({ ...p, page, pageSize }))}
          selected={selected}
          onSelect={setSelected}
          onResetPassword={setResetting}
          onPosts={setPostsOf}
          onExplain={setExplaining}
        />
      )}
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <PostDrawer user={postsOf} onClose={() => setPostsOf(null)} />
      <EffectivePermissionsDrawer user={explaining} onClose={() => setExplaining(null)} />
      <ExpiringDrawer open={showExpiring} onClose={() => setShowExpiring(false)} items={soon} />
    </>
  );
}
