import { Alert, Button, Drawer, Form, Input, Space } from 'antd';
import { createUserRequestSchema } from '@wb/contracts';
import { iamKeys } from '../../api/queries.ts';
import { useFormDialog } from '../../formDialog.ts';
import { OrgTreeSelect } from '../OrgTreeSelect/OrgTreeSelect.tsx';

export function CreateUserDrawer({ open, onClose }: { open: boolean; onClose(): void }) {
  const dialog = useFormDialog({
    schema: createUserRequestSchema,
    submit: (body, client) => client.post('/users', body),
    successMessage: (_user, body) => `已创建用户 ${body.username}`,
    invalidate: iamKeys.users,
    onClose,
  });
  const { guardedClose } = dialog;
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
          <Button type="primary" loading={dialog.submitting} onClick={() => dialog.form.submit()}>
            创建
          </Button>
        </Space>
      }
    >
      <Form {...dialog.formProps} layout="vertical">
        <Form.Item label="用户名" {...dialog.field('username')}>
          <Input autoComplete="off" placeholder="小写字母开头，如 kf02" />
        </Form.Item>
        <Form.Item label="姓名" {...dialog.field('displayName')}>
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item label="所属单位" {...dialog.field('orgUnitCode')}>
          <OrgTreeSelect />
        </Form.Item>
        <Form.Item
          label="初始密码"
          {...dialog.field('initialPassword')}
          extra="须符合密码策略（长度与字符类别，不能是常见密码或包含用户名），不符合时会提示缺少什么；用户首次登录时必须修改此密码。"
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Alert type="info" showIcon title="请通过安全渠道将初始密码告知用户，首次登录后系统会要求其设置新密码。" />
      </Form>
    </Drawer>
  );
}
