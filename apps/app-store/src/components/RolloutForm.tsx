import { Alert, Button, Col, Descriptions, Form, InputNumber, Popconfirm, Row, Select, Slider, Space, Tag, Typography } from 'antd';
import { setRolloutRequestSchema } from '@wb/contracts/appstore';
import type { StoreAppDetail } from '@wb/contracts/appstore';
import { usePromoteRollout, useSetRollout, useStopRollout } from '../api/queries.ts';
import { POSTS } from '../labels.ts';
import { useSettingsForm } from './useSettingsForm.ts';
import { orgCodesRule } from './orgCodes.ts';
import { formatTime } from '@wb/sdk/react';

export interface RolloutValues {
  version?: string;
  orgUnitCodes: string[];
  postCodes: string[];
  percent: number;
}

const postName = (code: string) => POSTS.find((p) => p.code === code)?.name ?? code;

/**
 * 灰度 tab: who gets a newer PUBLISHED version before everyone; stop it, or promote it to current.
 * `etag` is that of `detail`; every write sends it as If-Match (412 when someone changed the app meanwhile).
 */
export function RolloutForm({ detail, etag }: { detail: StoreAppDetail; etag: string | null }) {
  const { app, versions, rollout } = detail;
  const [form] = Form.useForm<RolloutValues>();
  const setRollout = useSetRollout(app.id);
  const stop = useStopRollout(app.id);
  const promote = usePromoteRollout(app.id);
  const candidates = versions.filter((v) => v.status === 'PUBLISHED' && !v.current);
  const initial: RolloutValues = rollout
    ? { version: rollout.version, orgUnitCodes: rollout.orgUnitCodes, postCodes: rollout.postCodes, percent: rollout.percent }
    : { version: undefined, orgUnitCodes: [], postCodes: [], percent: 0 };
  const settings = useSettingsForm(form, {
    appId: app.id,
    guardKey: 'rollout',
    saved: initial,
    etag,
    schema: setRolloutRequestSchema,
    // Every input is part of the body (an empty scope list is a choice); no version yet is the schema's message.
    prepare: (values) => ({ ...values, version: values['version'] ?? '' }),
    write: (body, ifMatch) => setRollout.mutateAsync({ body, ifMatch }),
    done: '灰度设置已保存',
  });
  const { dirty, stale, workbench } = settings;
  /** 停止灰度 / 全量发布 act on the rollout shown above, i.e. the latest detail. */
  const act = (run: () => Promise<unknown>, done: string) => settings.act(run, done);

  return (
    <>
      {rollout ? (
        <Descriptions size="small" bordered column={2} title="进行中的灰度" style={{ marginBottom: 16 }}
          extra={
            <Space>
              <Popconfirm title={`停止 ${rollout.version} 的灰度？`} description="所有用户恢复使用当前版本。" okText="停止" cancelText="取消"
                onConfirm={() => act(() => stop.mutateAsync({ ifMatch: etag }), '已停止灰度')}>
                <Button loading={stop.isPending}>停止灰度</Button>
              </Popconfirm>
              <Popconfirm title={`将 ${rollout.version} 全量发布？`} description="该版本成为当前版本，所有用户都将使用它。" okText="全量发布" cancelText="取消"
                onConfirm={() => act(() => promote.mutateAsync({ ifMatch: etag }), `${rollout.version} 已全量发布`)}>
                <Button type="primary" loading={promote.isPending}>全量发布</Button>
              </Popconfirm>
            </Space>
          }
        >
          <Descriptions.Item label="灰度版本">{rollout.version}</Descriptions.Item>
          <Descriptions.Item label="用户比例">{rollout.percent}%</Descriptions.Item>
          <Descriptions.Item label="单位">{rollout.orgUnitCodes.length > 0 ? rollout.orgUnitCodes.map((c) => <Tag key={c}>{c}</Tag>) : '—'}</Descriptions.Item>
          <Descriptions.Item label="岗位">{rollout.postCodes.length > 0 ? rollout.postCodes.map((c) => <Tag key={c}>{postName(c)}</Tag>) : '—'}</Descriptions.Item>
          <Descriptions.Item label="设置人">{rollout.updatedBy}</Descriptions.Item>
          <Descriptions.Item label="设置时间">{formatTime(rollout.updatedAt)}</Descriptions.Item>
        </Descriptions>
      ) : (
        <Typography.Paragraph type="secondary">
          当前没有灰度。选择一个已发布但不是当前的版本，指定单位、岗位或用户比例（按用户固定分配），命中的用户将先使用该版本，其他用户仍使用当前版本
          {app.currentVersion ? ` ${app.currentVersion}` : ''}。
        </Typography.Paragraph>
      )}
      {stale && dirty && (
        <Alert style={{ marginBottom: 16, maxWidth: 720 }} type="warning" showIcon title="灰度设置已被其他人修改"
          description="上方为最新的灰度设置；下方保留了您填写的内容，请核对后再保存，或点击“重置”改用最新设置。" />
      )}
      <Form<RolloutValues> {...workbench.formProps} form={form} layout="vertical" initialValues={initial} style={{ maxWidth: 720 }}>
        <Form.Item {...workbench.field('version')} label="灰度版本" rules={[{ required: true, message: '请选择灰度版本' }, ...workbench.rules('version')]}
          extra={candidates.length === 0 ? '没有可用于灰度的版本：需要一个已发布且不是当前的版本（审核通过时选择“仅发布”或“灰度试点”）。' : undefined}>
          <Select placeholder="选择已发布的版本" options={candidates.map((v) => ({ value: v.version, label: v.version }))} />
        </Form.Item>
        <Form.Item
          {...workbench.field('orgUnitCodes')}
          label="单位编码"
          extra="输入单位编码后回车，可输入多个；该单位及其下级单位的用户命中灰度。"
          rules={[orgCodesRule]}
        >
          <Select mode="tags" placeholder="例如 334010101" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
        </Form.Item>
        <Form.Item {...workbench.field('postCodes')} label="岗位">
          <Select mode="multiple" allowClear placeholder="选择岗位" options={POSTS.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} />
        </Form.Item>
        <Form.Item label="其他用户中按比例">
          <Row gutter={16} align="middle">
            <Col flex="auto">
              <Form.Item name="percent" noStyle>
                <Slider min={0} max={100} />
              </Form.Item>
            </Col>
            <Col>
              <Form.Item name="percent" noStyle>
                <InputNumber aria-label="用户比例" min={0} max={100} precision={0} />
              </Form.Item>
            </Col>
            <Col>%</Col>
          </Row>
        </Form.Item>
        <Space style={{ marginTop: 16, display: 'flex' }}>
          <Button type="primary" htmlType="submit" loading={workbench.submitting}>
            {rollout ? '更新灰度' : '开始灰度'}
          </Button>
          <Button onClick={settings.settle}>
            重置
          </Button>
        </Space>
      </Form>
    </>
  );
}
