import { Form, Input, Modal } from 'antd';
import type { AdminUser } from '@wb/contracts';
import { useMutation } from '@tanstack/react-query';
import { iamKeys } from '../../api/queries.ts';
import { useFormDialog } from '../../formDialog.ts';

/** 重置密码: the user must change it at next login; the server also ends the user's sessions. */
export function ResetPasswordModal({ user, onClose }: { user: AdminUser | null; onClose(): void }) {
  const { form, client, queryClient, message, showErrors, close, guardedClose } = useFormDialog<{ newPassword: string }>(onClose);
  const reset = useMutation({
    mutationFn: (values: { newPassword: string }) =>
      client.post(`/users/${encodeURIComponent(user?.id ?? '')}/password:reset`, values),
    onSuccess: async () => {
      void message.success(`已重置 ${user?.username ?? ''} 的密码`);
      await queryClient.invalidateQueries({ queryKey: iamKeys.users });
      close();
    },
    onError: (error) => showErrors(form, error),
  });
  return (
    <Modal
      title={`重置密码：${user?.displayName ?? ''}（${user?.username ?? ''}）`}
      open={user !== null}
      onCancel={guardedClose}
      onOk={() => form.submit()}
      okText="重置"
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => reset.mutate(values)}>
        <Form.Item
          name="newPassword"
          label="新密码"
          rules={[{ required: true, message: '请输入新密码' }]}
          extra="用户下次登录时必须修改此密码，其当前会话将被结束。"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
