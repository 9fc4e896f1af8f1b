import { App, Button, Form, Select, Space, Typography } from 'antd';
import type { StoreAppDetail, Visibility } from '@wb/contracts/appstore';
import { useState } from 'react';
import { useSetVisibility } from '../api/queries.ts';
import { useServerErrors } from '@wb/sdk/react';
import { POSTS } from '../labels.ts';
import { useReportDirty } from '../leaveGuard.tsx';

const ORG_CODE = /^\d{5,11}$/;

/** 可见性 tab: administrator overrides that hide the app from org units or posts (they never grant access). */
export function VisibilityForm({ detail }: { detail: StoreAppDetail }) {
  const { app, visibility } = detail;
  const [form] = Form.useForm<Visibility>();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const save = useSetVisibility(app.id);
  const [dirty, setDirty] = useState(false);
  useReportDirty(`visibility:${app.id}`, dirty);
  const submit = async (values: Visibility) => {
    try {
      await save.mutateAsync({ hiddenOrgUnitCodes: values.hiddenOrgUnitCodes ?? [], hiddenPostCodes: values.hiddenPostCodes ?? [] });
      setDirty(false);
      void message.success('可见性设置已保存');
    } catch (error) {
      showErrors(form, error);
    }
  };
  return (
    <Form<Visibility>
      form={form}
      layout="vertical"
      initialValues={visibility}
      onValuesChange={() => setDirty(true)}
      onFinish={(v) => void submit(v)}
      style={{ maxWidth: 720 }}
    >
      <Typography.Paragraph type="secondary">
        应用清单中的角色、岗位、渠道和网络区域决定谁可以使用本应用；这里只能在此基础上对部分单位或岗位隐藏它，不能扩大使用范围。
      </Typography.Paragraph>
      <Form.Item
        name="hiddenOrgUnitCodes"
        label="对这些单位隐藏（含下级单位）"
        rules={[
          {
            validator: async (_, codes: string[] = []) => {
              const bad = codes.find((c) => !ORG_CODE.test(c));
              if (bad) throw new Error(`单位编码应为 5 到 11 位数字：${bad}`);
            },
          },
        ]}
      >
        <Select mode="tags" placeholder="输入单位编码后回车" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name="hiddenPostCodes" label="对这些岗位隐藏">
        <Select mode="multiple" allowClear placeholder="选择岗位" options={POSTS.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          保存
        </Button>
        <Button
          onClick={() => {
            form.resetFields();
            setDirty(false);
          }}
        >
          重置
        </Button>
      </Space>
    </Form>
  );
}
