import { Form, Input, Modal } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { iamKeys } from '../../api/queries.ts';
import { useFormDialog } from '../../formDialog.ts';

interface RoleValues {
  key: string;
  name: string;
}

export function CreateRoleModal({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(key: string): void }) {
  const { form, client, queryClient, message, showErrors, close, guardedClose } = useFormDialog<RoleValues>(onClose);
  const create = useMutation({
    mutationFn: (values: RoleValues) => client.post('/roles', { ...values, appId: null }),
    onSuccess: async (_role, values) => {
      void message.success(`已新建角色 ${values.name}`);
      await queryClient.invalidateQueries({ queryKey: iamKeys.roles });
      close();
      onCreated(values.key);
    },
    onError: (error) => showErrors(form, error),
  });
  return (
    <Modal
      title="新建角色"
      open={open}
      onCancel={guardedClose}
      onOk={() => form.submit()}
      okText="创建"
      confirmLoading={create.isPending}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item name="key" label="角色标识" rules={[{ required: true, message: '请输入角色标识' }]} extra="大写字母、数字和下划线，如 KF_LEADER">
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="name" label="角色名称" rules={[{ required: true, message: '请输入角色名称' }]}>
          <Input autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
