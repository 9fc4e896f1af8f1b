import { App, Button, Drawer, Form, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { AdminUser, PostAssignment } from '@wb/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { iamKeys, useUser, useIamClient } from '../../api/queries.ts';
import { useDialogClose, useServerErrors } from '@wb/sdk/react';
import { PostAssignForm } from './PostAssignForm.tsx';
import { validityText } from '../../format.ts';

function validity(p: PostAssignment): string {
  return validityText(p.validFrom, p.validTo);
}

function flags(p: PostAssignment) {
  return (
    <Space size={4}>
      {p.primary && <Tag color="blue">主岗</Tag>}
      {p.concurrent && <Tag>兼岗</Tag>}
      {p.acting && <Tag color="orange">代岗</Tag>}
    </Space>
  );
}

function Assignments({ user }: { user: AdminUser }) {
  const client = useIamClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const remove = useMutation({
    mutationFn: (id: string) => client.delete(`/users/${encodeURIComponent(user.id)}/posts/${encodeURIComponent(id)}`),
    onSuccess: async () => {
      void message.success('已移除岗位');
      await queryClient.invalidateQueries({ queryKey: iamKeys.users });
    },
    onError: (error) => showErrors(null, error),
  });
  return (
    <Table<PostAssignment>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={user.posts}
      locale={{ emptyText: '尚未分配岗位' }}
      columns={[
        { title: '岗位', dataIndex: 'postName' },
        { title: '单位', dataIndex: 'orgUnitName' },
        { title: '有效期', key: 'validity', render: (_, p) => validity(p) },
        { title: '类型', key: 'flags', render: (_, p) => flags(p) },
        {
          title: '操作',
          key: 'actions',
          render: (_, p) => (
            <Popconfirm title={`移除岗位「${p.postName}」？`} okText="移除" cancelText="取消" onConfirm={() => remove.mutate(p.id)}>
              <Button type="link" size="small" danger>
                移除
              </Button>
            </Popconfirm>
          ),
        },
      ]}
    />
  );
}

function Body({ userId }: { userId: string }) {
  const user = useUser(userId);
  if (!user.data) return <Typography.Text type="secondary">加载中…</Typography.Text>;
  return <Assignments user={user.data} />;
}

/** 岗位: the user's post assignments, with 新增岗位 and removal. */
export function PostDrawer({ user, onClose }: { user: AdminUser | null; onClose(): void }) {
  const [form] = Form.useForm();
  const { guardedClose } = useDialogClose(form, onClose);
  return (
    <Drawer
      title={user ? `岗位：${user.displayName}（${user.username}）` : '岗位'}
      open={user !== null}
      onClose={guardedClose}
      size="large"
      destroyOnHidden
    >
      {user && (
        <>
          <Body userId={user.id} />
          <Typography.Title level={5} style={{ marginTop: 24 }}>
            新增岗位
          </Typography.Title>
          <PostAssignForm userId={user.id} form={form} />
        </>
      )}
    </Drawer>
  );
}
