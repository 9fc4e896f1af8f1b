import { App, Button, Form, Input, Select } from 'antd';
import type { OrgUnit } from '@wb/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { iamKeys, useIamClient } from '../../api/queries.ts';
import { useFormLeaveGuard, useServerErrors } from '@wb/sdk/react';
import { ORG_TYPE_LABELS } from '../../orgTree.ts';

interface OrgValues {
  code: string;
  name: string;
  type: OrgUnit['type'];
}

const TYPE_OPTIONS = (Object.keys(ORG_TYPE_LABELS) as OrgUnit['type'][]).map((value) => ({ value, label: ORG_TYPE_LABELS[value] }));

/** 新增下级单位 under `parent`. */
export function OrgUnitForm({ parent, onCreated }: { parent: OrgUnit; onCreated(code: string): void }) {
  const [form] = Form.useForm<OrgValues>();
  const client = useIamClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  // A half-entered unit asks before the page is left (docs/quality.md R5); a successful create resets the form.
  useFormLeaveGuard(form);
  const create = useMutation({
    mutationFn: (values: OrgValues) => client.post('/org-units', { ...values, parentCode: parent.code }),
    onSuccess: async (_unit, values) => {
      void message.success(`已新增单位 ${values.name}`);
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: iamKeys.orgUnits });
      onCreated(values.code);
    },
    onError: (error) => showErrors(form, error),
  });
  return (
    <Form form={form} layout="vertical" onFinish={(values) => create.mutate(values)} style={{ maxWidth: 420 }}>
      <Form.Item name="code" label="单位编码" rules={[{ required: true, message: '请输入单位编码' }]} extra={`以上级编码 ${parent.code} 开头`}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="name" label="单位名称" rules={[{ required: true, message: '请输入单位名称' }]}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item name="type" label="单位类型" rules={[{ required: true, message: '请选择单位类型' }]}>
        <Select options={TYPE_OPTIONS} placeholder="请选择" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={create.isPending}>
        新增下级单位
      </Button>
    </Form>
  );
}
