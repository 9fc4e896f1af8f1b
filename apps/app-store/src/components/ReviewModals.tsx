import { App, Form, Input, InputNumber, Modal, Radio, Select, Typography } from 'antd';
import type { ModuleFormat } from '@wb/contracts';
import type { ApproveRelease, RolloutScope } from '@wb/contracts/appstore';
import { useApproveVersion, useRejectVersion } from '../api/queries.ts';
import { useGuardedClose, useServerErrors } from '@wb/sdk/react';
import { POSTS } from '../labels.ts';
import { orgCodesRule } from './orgCodes.ts';

export interface ReviewTarget {
  appId: string;
  appName: string;
  version: string;
  /** Whether the app already has a current version (decides the safe default and what may be chosen). */
  hasCurrent: boolean;
  format: ModuleFormat;
}

interface RejectValues {
  reason: string;
}

/** 驳回: the reason is required (2–500 characters) and goes back to the publisher with the version. */
export function RejectModal({ target, onClose }: { target: ReviewTarget | null; onClose(): void }) {
  const [form] = Form.useForm<RejectValues>();
  const reject = useRejectVersion();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const close = () => {
    form.resetFields();
    onClose();
  };
  const guardedClose = useGuardedClose(form, close);
  const submit = async () => {
    if (!target) return;
    const { reason } = await form.validateFields();
    try {
      await reject.mutateAsync({ appId: target.appId, version: target.version, reason: reason.trim() });
      void message.success(`已驳回 ${target.appName} ${target.version}`);
      close();
    } catch (error) {
      showErrors(form, error);
    }
  };
  return (
    <Modal
      open={target !== null}
      title={target ? `驳回 ${target.appName} ${target.version}` : '驳回'}
      okText="驳回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={reject.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={guardedClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="驳回原因"
          rules={[
            { required: true, whitespace: true, message: '请填写驳回原因' },
            { min: 2, message: '驳回原因至少 2 个字' },
            { max: 500, message: '驳回原因最多 500 个字' },
          ]}
        >
          <Input.TextArea rows={4} placeholder="说明需要发布者修改的内容" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ApproveValues {
  release: ApproveRelease;
  orgUnitCodes: string[];
  postCodes: string[];
  percent: number;
  opinion?: string;
}

const RELEASE_TEXT: Record<ApproveRelease, { label: string; help: string }> = {
  published: { label: '仅发布，不设为当前版本', help: '用户仍使用当前版本；之后可在“灰度”中试点，或在版本列表中设为当前。' },
  pilot: { label: '灰度试点', help: '只有下面选中的单位、岗位或比例的用户使用该版本，其余用户仍使用当前版本。' },
  current: { label: '设为当前版本（所有可访问的用户）', help: '用户下次加载工作台即使用该版本。' },
};

/** The safe choice (server rule, ADR 0023): nothing changes for users when the app already has a current version. */
export function defaultRelease(target: Pick<ReviewTarget, 'hasCurrent'>): ApproveRelease {
  return target.hasCurrent ? 'published' : 'current';
}

function releaseOptions(target: ReviewTarget) {
  return (['published', 'pilot', 'current'] as const).map((value) => ({
    value,
    label: RELEASE_TEXT[value].label,
    // An app's first version has no current version to fall back on: only "current" serves it to anyone.
    disabled: !target.hasCurrent && value !== 'current',
  }));
}

/** Who the pilot reaches; the contract's rules (at least one of them) are checked by the server and shown here. */
function PilotFields() {
  return (
    <>
      <Form.Item name="orgUnitCodes" label="单位编码" extra="该单位及其下级单位的用户；编码见“平台信息”。" rules={[orgCodesRule]}>
        <Select mode="tags" placeholder="例如 3340101" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name="postCodes" label="岗位">
        <Select mode="multiple" allowClear placeholder="选择岗位" options={POSTS.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} />
      </Form.Item>
      <Form.Item name="percent" label="其余用户中的比例（%）">
        <InputNumber min={0} max={100} precision={0} />
      </Form.Item>
    </>
  );
}

function pilotOf(values: ApproveValues): RolloutScope | undefined {
  if (values.release !== 'pilot') return undefined;
  return { orgUnitCodes: values.orgUnitCodes, postCodes: values.postCodes, percent: values.percent };
}

/**
 * 通过: publishes the version and applies the reviewer's explicit choice — published only, a pilot (rollout)
 * or current for everyone (issue 11 item 6). Preselected is the safe choice; nothing is ticked for the reviewer.
 */
export function ApproveModal({ target, onClose }: { target: ReviewTarget | null; onClose(): void }) {
  const [form] = Form.useForm<ApproveValues>();
  const approve = useApproveVersion();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const release = Form.useWatch('release', form);
  const close = () => {
    form.resetFields();
    onClose();
  };
  const guardedClose = useGuardedClose(form, close);
  const submit = async () => {
    if (!target) return;
    const values = await form.validateFields();
    try {
      await approve.mutateAsync({ appId: target.appId, version: target.version, release: values.release, pilot: pilotOf(values), opinion: values.opinion?.trim() });
      void message.success(`已通过 ${target.appName} ${target.version}：${RELEASE_TEXT[values.release].label}`);
      close();
    } catch (error) {
      showErrors(form, error);
    }
  };
  return (
    <Modal
      open={target !== null}
      title={target ? `审核通过 ${target.appName} ${target.version}` : '审核通过'}
      okText="通过"
      cancelText="取消"
      confirmLoading={approve.isPending}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={guardedClose}
      destroyOnHidden
    >
      {target && (
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ release: defaultRelease(target), orgUnitCodes: [], postCodes: [], percent: 0 }}
        >
          <Typography.Paragraph type="secondary">通过后版本状态变为“已发布”，其声明的权限登记到权限目录，管理员即可授权。请选择通过后的发布方式：</Typography.Paragraph>
          <Form.Item name="release" label="发布方式" extra={release ? RELEASE_TEXT[release].help : undefined}>
            <Radio.Group options={releaseOptions(target)} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
          </Form.Item>
          {!target.hasCurrent && <Typography.Paragraph type="secondary">这是该应用的第一个版本，只能设为当前版本。</Typography.Paragraph>}
          {release === 'pilot' && <PilotFields />}
          <Form.Item name="opinion" label="审核意见" rules={[{ max: 500, message: '审核意见最多 500 个字' }]}>
            <Input.TextArea rows={2} placeholder="选填" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
