import { App, Button, DatePicker, Form, Select, Space, Switch } from 'antd';
import type { FormInstance } from 'antd';
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import { fromBusinessDateTimeInput } from '@wb/sdk/react';
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

/**
 * The picker's wall-clock minutes read as Beijing time, whatever the browser's zone (ADR 0073): the start counts
 * from its minute, and from the end's minute the assignment no longer counts.
 */
const instant = (at: Dayjs | null): string | null => (at ? (fromBusinessDateTimeInput(at.format('YYYY-MM-DD[T]HH:mm')) ?? null) : null);

/** Time of day the pickers offer first: a start at 0:00, an end at 23:59 (the end of the day picked). */
const OPEN_TIMES: [Dayjs, Dayjs] = [dayjs('00:00', 'HH:mm'), dayjs('23:59', 'HH:mm')];

function toRequest(values: AssignValues) {
  const [from, to] = values.validity ?? [null, null];
  return {
    postCode: values.postCode,
    orgUnitCode: values.orgUnitCode,
    validFrom: instant(from),
    validTo: instant(to),
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
      <Form.Item name="validity" label="有效期（北京时间）" extra="精确到分钟：到结束时间的那一分钟起不再生效；不填表示即日起、长期有效">
        <DatePicker.RangePicker
          allowEmpty={[true, true]}
          showTime={{ format: 'HH:mm', defaultOpenValue: OPEN_TIMES }}
          format="YYYY-MM-DD HH:mm"
          placeholder={['开始时间', '结束时间']}
          style={{ width: '100%' }}
        />
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
