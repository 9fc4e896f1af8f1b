import { Button, Flex, Input } from 'antd';
import type { AdminUser } from '@wb/contracts';
import { useState } from 'react';
import { useUsers } from '../api/queries.ts';
import { CreateUserDrawer } from '../components/CreateUserDrawer/CreateUserDrawer.tsx';
import { PostDrawer } from '../components/PostDrawer/PostDrawer.tsx';
import { ResetPasswordModal } from '../components/ResetPasswordModal/ResetPasswordModal.tsx';
import { UserTable } from '../components/UserTable/UserTable.tsx';
import { ServiceError } from '@wb/sdk/react';

/** 用户管理: search, create, disable/enable, reset password, end sessions, post assignments. */
export function UsersPage() {
  const [params, setParams] = useState({ q: '', page: 1, pageSize: 20 });
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const [postsOf, setPostsOf] = useState<AdminUser | null>(null);
  const users = useUsers(params);
  return (
    <>
      <Flex justify="space-between" gap={16} style={{ marginBottom: 16 }}>
        <Input.Search
          aria-label="搜索用户"
          placeholder="用户名或姓名"
          allowClear
          enterButton="查询"
          style={{ maxWidth: 360 }}
          onSearch={(q) => setParams((p) => ({ ...p, q: q.trim(), page: 1 }))}
        />
        <Button type="primary" onClick={() => setCreating(true)}>
          新建用户
        </Button>
      </Flex>
      {users.isError ? (
        <ServiceError error={users.error} title="用户列表加载失败" retrying={users.isFetching} onRetry={() => void users.refetch()} />
      ) : (
        <UserTable
          users={users.data?.items ?? []}
          total={users.data?.total ?? 0}
          page={params.page}
          pageSize={params.pageSize}
          loading={users.isFetching}
          onPage={(page, pageSize) => setParams((p) => ({ ...p, page, pageSize }))}
          onResetPassword={setResetting}
          onPosts={setPostsOf}
        />
      )}
      <CreateUserDrawer open={creating} onClose={() => setCreating(false)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
      <PostDrawer user={postsOf} onClose={() => setPostsOf(null)} />
    </>
  );
}
