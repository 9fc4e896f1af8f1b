import { Form, Input, Modal } from 'antd';
import { resetPasswordRequestSchema } from '@wb/contracts';
import type { AdminUser } from '@wb/contracts';
import { iamKeys } from '../../api/queries.ts';
import { useFormDialog } from '../../formDialog.ts';

/** 重置密码: the user must change it at next login; the server also ends the user's sessions. */
export function ResetPasswordModal({ user, onClose }: { user: AdminUser | null; onClose(): void }) {
  const dialog = useFormDialog({
    schema: resetPasswordRequestSchema,
    submit: (body, client) => client.post(`/users/${encodeURIComponent(user?.id ?? '')}/password:reset`, body),
    successMessage: `已重置 ${user?.username ?? ''} 的密码`,
    invalidate: iamKeys.users,
    onClose,
  });
  const { guardedClose } = dialog;
  return (
    <Modal
      title={`重置密码：${user?.displayName ?? ''}（${user?.username ?? ''}）`}
      open={user !== null}
      onCancel={guardedClose}
      onOk={() => dialog.form.submit()}
      okText="重置"
      confirmLoading={dialog.submitting}
      destroyOnHidden
    >
      <Form {...dialog.formProps} layout="vertical">
        <Form.Item
          label="新密码"
          {...dialog.field('newPassword')}
          extra="用户下次登录时必须修改此密码，其当前会话将被结束。"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
