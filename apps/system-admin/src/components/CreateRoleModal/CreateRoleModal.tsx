import { Form, Input, Modal } from 'antd';
import { createRoleRequestSchema } from '@wb/contracts';
import { iamKeys } from '../../api/queries.ts';
import { useFormDialog } from '../../formDialog.ts';

export function CreateRoleModal({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(key: string): void }) {
  const dialog = useFormDialog({
    schema: createRoleRequestSchema,
    submit: (body, client) => client.post('/roles', body),
    successMessage: (_role, body) => `已新建角色 ${body.name}`,
    invalidate: iamKeys.roles,
    onClose,
    onSuccess: (_role, body) => onCreated(body.key),
  });
  const { guardedClose } = dialog;
  return (
    <Modal
      title="新建角色"
      open={open}
      onCancel={guardedClose}
      onOk={() => dialog.form.submit()}
      okText="创建"
      confirmLoading={dialog.submitting}
      destroyOnHidden
    >
      <Form {...dialog.formProps} layout="vertical">
        <Form.Item label="角色标识" {...dialog.field('key')} extra="大写字母、数字和下划线，如 KF_LEADER">
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="角色名称" {...dialog.field('name')}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
