import { Alert, Button, Form, Select, Space, Typography } from 'antd';
import { setVisibilityRequestSchema } from '@wb/contracts/appstore';
import type { StoreAppDetail, Visibility } from '@wb/contracts/appstore';
import { useSetVisibility } from '../api/queries.ts';
import { POSTS } from '../labels.ts';
import { useSettingsForm } from './useSettingsForm.ts';
import { orgCodesRule } from './orgCodes.ts';

const postName = (code: string) => POSTS.find((p) => p.code === code)?.name ?? code;
const listed = (items: readonly string[]) => (items.length > 0 ? items.join('、') : '无');

/**
 * 可见性 tab: administrator overrides that hide the app from org units or posts (they never grant access).
 * `etag` is that of `detail`; saving sends it as If-Match (412 when someone changed the app meanwhile).
 */
export function VisibilityForm({ detail, etag }: { detail: StoreAppDetail; etag: string | null }) {
  const { app, visibility } = detail;
  const [form] = Form.useForm<Visibility>();
  const save = useSetVisibility(app.id);
  const settings = useSettingsForm(form, {
    appId: app.id,
    guardKey: 'visibility',
    saved: visibility,
    etag,
    schema: setVisibilityRequestSchema,
    write: (body, ifMatch) => save.mutateAsync({ body, ifMatch }),
    done: '可见性设置已保存',
  });
  const { dirty, stale, workbench } = settings;
  return (
    <Form<Visibility> {...workbench.formProps} form={form} layout="vertical" initialValues={visibility} style={{ maxWidth: 720 }}>
      <Typography.Paragraph type="secondary">
        应用清单中的访问条件、渠道和网络区域决定谁可以使用本应用；这里只能在此基础上对部分单位或岗位隐藏它，不能扩大使用范围。
      </Typography.Paragraph>
      {stale && dirty && (
        <Alert
          style={{ marginBottom: 16 }}
          type="warning"
          showIcon
          title="可见性设置已被其他人修改"
          description={
            <>
              最新设置：对单位 {listed(visibility.hiddenOrgUnitCodes)} 隐藏；对岗位 {listed(visibility.hiddenPostCodes.map(postName))} 隐藏。
              下方保留了您填写的内容，请核对后再保存，或点击“重置”改用最新设置。
            </>
          }
        />
      )}
      <Form.Item {...workbench.field('hiddenOrgUnitCodes')} label="对这些单位隐藏（含下级单位）" rules={[orgCodesRule]}>
        <Select mode="tags" placeholder="输入单位编码后回车" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item {...workbench.field('hiddenPostCodes')} label="对这些岗位隐藏">
        <Select mode="multiple" allowClear placeholder="选择岗位" options={POSTS.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" loading={workbench.submitting}>
          保存
        </Button>
        <Button onClick={settings.settle}>
          重置
        </Button>
      </Space>
    </Form>
  );
}
