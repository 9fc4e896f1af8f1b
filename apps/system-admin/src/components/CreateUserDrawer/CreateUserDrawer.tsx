import { Alert, Button, Drawer, Form, Input, Space } from 'antd';
import { useMutation } from '@tanstack/react-query';
import { iamKeys } from '../../api/queries.ts';
import { useFormDialog } from '../../formDialog.ts';
import { OrgTreeSelect } from '../OrgTreeSelect/OrgTreeSelect.tsx';

interface CreateUserValues {
  username: string;
  displayName: string;
  orgUnitCode: string;
  initialPassword: string;
}

export function CreateUserDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const { form, client, queryClient, message, showErrors, close, guardedClose } = useFormDialog<CreateUserValues>(onClose);
  const create = useMutation({
    mutationFn: (values: CreateUserValues) => client.post('/users', values),
    onSuccess: async (_user, values) => {
      void message.success(`已创建用户 ${values.username}`);
      await queryClient.invalidateQueries({ queryKey: iamKeys.users });
      close();
    },
    onError: (error) => showErrors(form, error),
  });
  return (
    <Drawer
      title="新建用户"
      open={open}
      onClose={guardedClose}
      size="large"
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={guardedClose}>取消</Button>
          <Button type="primary" loading={create.isPending} onClick={() => form.submit()}>
            创建
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)}>
        <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
          <Input autoComplete="off" placeholder="小写字母开头，如 kf02" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, message: '请输入姓名' }]}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="orgUnitCode" label="所属单位" rules={[{ required: true, message: '请选择单位' }]}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          name="initialPassword"
          label="初始密码"
          rules={[{ required: true, message: '请输入初始密码' }]}
          extra="须符合密码策略（长度与字符类别，不能是常见密码或包含用户名），不符合时会提示缺少什么；用户首次登录时必须修改此密码。"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Alert type="info" showIcon title="请通过安全渠道将初始密码告知用户，首次登录后系统会要求其设置新密码。" />
      </Form>
    </Drawer>
  );
}
