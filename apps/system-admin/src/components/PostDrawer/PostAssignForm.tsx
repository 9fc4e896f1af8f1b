import { App, Button, DatePicker, Form, Select, Space, Switch } from 'antd';
import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { iamKeys, usePosts, useIamClient } from '../../api/queries.ts';
import { useServerErrors } from '@wb/sdk/react';
import { OrgTreeSelect } from '../OrgTreeSelect/OrgTreeSelect.tsx';

interface AssignValues {
  postCode: string;
  orgUnitCode: string;
  validity?: [Dayjs | null, Dayjs | null] | null;
  acting?: boolean;
  concurrent?: boolean;
  primary?: boolean;
}

/** The picked range's end day is the last valid day; the contract's validTo is exclusive (the day after). */
function toRequest(values: AssignValues) {
  const [from, to] = values.validity ?? [null, null];
  return {
    postCode: values.postCode,
    orgUnitCode: values.orgUnitCode,
    validFrom: from ? from.format('YYYY-MM-DD') : null,
    validTo: to ? to.add(1, 'day').format('YYYY-MM-DD') : null,
    acting: values.acting ?? false,
    concurrent: values.concurrent ?? false,
    primary: values.primary ?? false,
  };
}

export function PostAssignForm({ userId, form }: { userId: string; form: FormInstance<AssignValues> }) {
  const posts = usePosts();
  const client = useIamClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const assign = useMutation({
    mutationFn: (values: AssignValues) => client.post(`/users/${encodeURIComponent(userId)}/posts`, toRequest(values)),
    onSuccess: async () => {
      void message.success('已新增岗位');
      form.resetFields();
      await queryClient.invalidateQueries({ queryKey: iamKeys.users });
    },
    onError: (error) => {
      const rest = showErrors(form, error);
      // validFrom / validTo belong to the one range picker.
      const range = rest['validTo'] ?? rest['validFrom'];
      if (range) form.setFields([{ name: 'validity', errors: [range] }]);
    },
  });
  return (
    <Form form={form} layout="vertical" onFinish={(values) => assign.mutate(values)}>
      <Form.Item name="postCode" label="岗位" rules={[{ required: true, message: '请选择岗位' }]}>
        <Select
          showSearch
          optionFilterProp="label"
          loading={posts.isLoading}
          options={(posts.data ?? []).map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
          placeholder="请选择岗位"
        />
      </Form.Item>
      <Form.Item name="orgUnitCode" label="任职单位" rules={[{ required: true, message: '请选择单位' }]}>
        <OrgTreeSelect />
      </Form.Item>
      <Form.Item name="validity" label="有效期" extra="不填表示长期有效">
        <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
      </Form.Item>
      <Space size="large">
        <Form.Item name="primary" label="主岗" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="concurrent" label="兼岗" valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name="acting" label="代岗" valuePropName="checked">
          <Switch />
        </Form.Item>
      </Space>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={assign.isPending}>
          新增岗位
        </Button>
      </Form.Item>
    </Form>
  );
}
